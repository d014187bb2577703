// npm run check: the static checks, as many side by side as the machine has cores (each of them runs
// on one). One after another they took 2.5 minutes on the 2-core machine, typed ESLint alone 1.4 of them.
// Each check's output is printed whole when it ends; exit 1 if any of them failed.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Longest first, so the others fill the remaining cores meanwhile. */
const CHECKS: readonly (readonly string[])[] = [
  ['eslint', '.', '--max-warnings', '0'],
  ['astro', 'check'],
  ['tsc', '--noEmit'],
  ['prettier', '--check', '.'],
  ['node', 'scripts/openapi-lint.ts'],
];

function run(command: readonly string[]): Promise<boolean> {
  const [name = '', ...args] = command;
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(name, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    let ended = false;
    // Once per check: a check that could not start reports 'error' and may report 'close' as well.
    const end = (passed: boolean, verdict: string): void => {
      if (ended) return;
      ended = true;
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      process.stdout.write(`\n── ${command.join(' ')}: ${verdict} in ${seconds} s\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(passed);
    };
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => {
      end(false, `FAILED (${error.message})`);
    });
    child.on('close', (code) => {
      end(code === 0, code === 0 ? 'passed' : `FAILED (exit ${String(code)})`);
    });
  });
}

const queue = [...CHECKS];
const results: boolean[] = [];
await Promise.all(
  Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) results.push(await run(next));
  }),
);
if (results.some((passed) => !passed)) process.exit(1);
