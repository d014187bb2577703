// Part of npm run check: writes the OpenAPI document the portal serves to a temporary file and lints it
// with Redocly's recommended rules (redocly.yaml), offline: no telemetry, no update check. Prints each
// problem and exits 1 if there is any, a warning as much as an error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '../src/server/openapi.ts';

const dir = mkdtempSync(join(tmpdir(), 'indsigt-openapi-'));
const file = join(dir, 'openapi.json');
try {
  writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
  const result = spawnSync(
    'npx',
    ['--no-install', 'redocly', 'lint', file, '--config', 'redocly.yaml', '--format', 'json'],
    {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  const report = JSON.parse(result.stdout || '{}') as {
    problems?: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[];
  };
  if (!report.problems) {
    console.error(`The OpenAPI linter did not run:\n${result.stderr}`);
    process.exitCode = 1;
  } else {
    for (const p of report.problems)
      console.error(`${p.severity} ${p.ruleId}: ${p.message} (${p.location?.[0]?.pointer ?? ''})`);
    console.log(`OpenAPI lint: ${String(report.problems.length)} problems`);
    process.exitCode = report.problems.length > 0 ? 1 : 0;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
