// Summarises V8 CPU profiles (node --cpu-prof) for `npm run bench -- --profile DIR` (issue 15): the
// functions with the most self time, and the project's own functions by total (inclusive) time,
// which is how "formatDate takes 21%" is meant.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

const top = (
  map: Map<string, number>,
  total: number,
  limit: number,
  keep: (key: string) => boolean,
): string =>
  [...map.entries()]
    .filter(([key]) => keep(key))
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, micros]) => `  ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`)
    .join('\n');

/** Self time (top `limit` functions) and total time (the project's and i18next's functions). */
export function summariseProfiles(dir: string, limit: number): string {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const deltas = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const node = byId.get(id);
      if (!node || node.callFrame.functionName === '(idle)') return;
      const micros = Math.max(0, deltas[i] ?? 0);
      total += micros;
      self.set(label(node), (self.get(label(node)) ?? 0) + micros);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const n = byId.get(at);
        if (!n) break;
        const key = label(n);
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
      }
    });
  }
  const ours = (key: string): boolean =>
    /(src\/|dist\/server\/|i18next|writev|_writev|stat|DateTimeFormat|format )/.test(key) &&
    !/^\(root\)/.test(key);
  return [
    `Self time, top ${String(limit)} (of ${(total / 1e6).toFixed(1)} s busy):`,
    top(self, total, limit, () => true),
    `\nTotal time, project code, i18next, Intl, writes and stat calls (top ${String(limit)}):`,
    top(inclusive, total, limit, ours),
  ].join('\n');
}
