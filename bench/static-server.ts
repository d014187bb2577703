// Bare node:http serving fixed responses from memory: the ceiling the portal's public pages are
// measured against in `npm run bench` (issue 15). --responses names a JSON file of
// [{ path, status, headers, body (base64) }], captured from the portal in the same run.
//
//   node bench/static-server.ts --port 4582 --responses /tmp/responses.json
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';

interface Captured {
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

const { values } = parseArgs({
  options: { port: { type: 'string', default: '4582' }, responses: { type: 'string' } },
});
const file = values.responses;
if (!file) throw new Error('--responses: the captured responses file');
const responses = new Map(
  (JSON.parse(readFileSync(file, 'utf8')) as Captured[]).map((r) => {
    const headers = { ...r.headers };
    // node:http writes these itself.
    delete headers['date'];
    delete headers['connection'];
    delete headers['keep-alive'];
    delete headers['transfer-encoding'];
    return [r.path, { status: r.status, headers, body: Buffer.from(r.body, 'base64') }];
  }),
);

http
  .createServer((req, res) => {
    const found = responses.get(req.url ?? '');
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(found.status, { ...found.headers, 'content-length': String(found.body.length) });
    res.end(found.body);
  })
  .listen(Number(values.port), '127.0.0.1', () => {
    process.stdout.write(`ready ${values.port}\n`);
  });
process.once('SIGTERM', () => process.exit(0));
