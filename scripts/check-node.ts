// Fails early, with a way out, when npm scripts run on a Node older than the project needs.
const [major = 0] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(
    `Indsigt needs Node 24 (found ${process.versions.node}). Run it through npm scripts after 'npm install'.`,
  );
  process.exit(1);
}
