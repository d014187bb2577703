// The framework-free baseline for `npm run bench` (issue 15): node:http and the store doing the same
// work as the portal's logged-in case page — the same session read, the same three case queries —
// and a template-literal render of the same facts. No Astro, no i18next, no zod. The ratio of the
// portal's throughput to this server's is the figure the benchmark holds to its goal.
//
//   node bench/baseline-server.ts --port 4581      (store from DATABASE_URL, else the embedded one)
//
// It answers GET /mine-sager/<id> for the session cookie's citizen, 303 to /log-ind without one,
// 404 for a case that is not the citizen's, and /healthz. Prints "ready <port>" when listening.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { cookieNames } from '../src/auth/index.ts';
import { getConfig } from '../src/config.ts';
import { CASE_SQL, DECISIONS_SQL, EVENTS_SQL } from '../src/db/cases.ts';
import type { Row } from '../src/db/db.ts';
import { openStore } from '../src/db/open.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4581' } } });
const port = Number(values.port);
const config = getConfig();
const db = await openStore(config.store);
const sessionCookie = cookieNames(config).session;
const SESSION_SQL = 'select data, last_seen_at, expires_at from portal.session where id = $1';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (value: unknown): string =>
  (typeof value === 'string' || typeof value === 'number' ? String(value) : '').replace(
    /[&<>"']/g,
    (c) => ESCAPES[c] ?? c,
  );
const day = new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeZone: 'Europe/Copenhagen' });
const time = new Intl.DateTimeFormat('da-DK', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Copenhagen',
});

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

interface Staff {
  name: string;
  title: string;
  unit: string;
}
interface Source {
  name: string;
  ownerAuthority: string;
  categories: string[];
}

function renderEvent(e: Row): string {
  const staff = e['staff'] as Staff | null;
  const sources = e['sources'] as Source[];
  return `<li class="timeline-entry entry-ai" id="punkt-${esc(e['seq'])}"><h3>${esc(e['seq'])}. AI: ${esc(e['system_name'])}</h3>
<dl><dt>Hvornår</dt><dd>${time.format(e['occurred_at'] as Date)}</dd>
<dt>System</dt><dd>${esc(e['system_name'])} (version ${esc(e['system_version'])}) · <a href="/ai-systemer/${esc(e['system_id'])}">Læs om systemet</a></dd>
<dt>Hvad gjorde det</dt><dd>${esc(e['kind'])}</dd><dt>Hvorfor</dt><dd>${esc(e['purpose_note'] ?? e['purpose_code'])}</dd>
<dt>Det så sagsbehandleren</dt><dd><q lang="da">${esc(e['output'])}</q></dd>
<dt>Oplysninger</dt><dd><ul class="sources">${sources
    .map(
      (s) =>
        `<li><strong>${esc(s.name)}</strong>: ${s.categories.map(esc).join(', ')}. <span class="muted">Ejer: ${esc(s.ownerAuthority)}</span></li>`,
    )
    .join('')}</ul></dd>
<dt>Hvem</dt><dd>${staff ? `${esc(staff.name)}, ${esc(staff.title)}, ${esc(staff.unit)}` : 'Ingen'}</dd></dl>
${e['data_reused'] ? '<p class="note">Genbrugt</p>' : ''}${e['used_for_training'] ? '<p class="note">Træning</p>' : ''}</li>`;
}

function renderDecision(d: Row): string {
  const by = d['decided_by'] as Staff | null;
  const seqs = d['considered_event_seqs'] as number[];
  return `<li class="timeline-entry entry-decision" id="punkt-${esc(d['seq'])}"><h3>${esc(d['seq'])}. Afgørelse</h3>
<dl><dt>Hvornår</dt><dd>${time.format(d['decided_at'] as Date)}</dd><dt>Afgjort</dt><dd lang="da">${esc(d['outcome'])}</dd>
<dt>Begrundelse</dt><dd lang="da">${esc(d['reasons'])}</dd>
<dt>Hvem</dt><dd>${by ? `${esc(by.name)}, ${esc(by.title)}, ${esc(by.unit)}` : '<strong>Ingen</strong>'}</dd>
<dt>AI foran</dt><dd><ul>${seqs.map((s) => `<li><a href="#punkt-${s}">AI-brug ${s}</a></li>`).join('')}</ul></dd></dl>
<p class="assessment assessment-${esc(d['ai_assessment'])}">${esc(d['ai_assessment'])}</p>
${d['departure_reason'] ? `<h4>Hvorfor afveg</h4><p lang="da">${esc(d['departure_reason'])}</p>` : ''}
<h4>Klage</h4><p>Du kan klage til ${esc(d['appeal_body'])} inden ${esc(d['appeal_deadline_weeks'])} uger.</p></li>`;
}

function renderCase(name: string, c: Row, events: Row[], decisions: Row[]): string {
  const entries = [
    ...events.map((e) => ({ seq: e['seq'] as number, html: renderEvent(e) })),
    ...decisions.map((d) => ({ seq: d['seq'] as number, html: renderDecision(d) })),
  ].sort((a, b) => a.seq - b.seq);
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sag: ${esc(c['title'])} · Indsigt</title><link rel="stylesheet" href="/_astro/site.css"></head><body>
<a class="skipnav" href="#main">Gå til indhold</a><header class="header"><a class="brand" href="/">Indsigt</a>
<span>Logget ind som ${esc(name)}</span><form method="post" action="/log-ud"><button type="submit">Log ud</button></form></header>
<main id="main"><article class="case-view"><h1>Sag: ${esc(c['title'])}</h1>
<dl class="facts-list"><div><dt>Sagsnummer</dt><dd>${esc(c['case_number'])}</dd></div><div><dt>Område</dt><dd>${esc(c['area'])}</dd></div>
<div><dt>Status</dt><dd>${esc(c['status'])}</dd></div><div><dt>Åbnet</dt><dd>${day.format(new Date(`${String(c['opened_on'])}T12:00:00Z`))}</dd></div></dl>
<p class="lead">${events.length > 0 ? `AI blev brugt ${events.length} gange i denne sag.` : 'Der blev ikke brugt AI i denne sag.'}</p>
<h2>Tidslinje</h2><ol class="timeline">${entries.map((e) => e.html).join('')}</ol>
<p>Kontakt ${esc(c['municipality_name'])}: ${esc(c['contact_email'])}, ${esc(c['contact_phone'])}</p></article></main>
<footer class="footer"><p>Indsigt</p></footer></body></html>`;
}

async function caseAnswer(req: http.IncomingMessage, caseId: string): Promise<[number, string]> {
  const token = cookie(req.headers.cookie, sessionCookie);
  if (!token) return [303, ''];
  const session = await db.query(SESSION_SQL, [createHash('sha256').update(token).digest('hex')]);
  const row = session.rows[0];
  const data = row?.['data'] as { kind?: string; cpr?: string; name?: string } | undefined;
  if (!row || data?.kind !== 'citizen' || (row['expires_at'] as Date) <= new Date()) return [303, ''];
  const found = (await db.query(CASE_SQL, [caseId, data.cpr])).rows[0];
  if (!found) return [404, '<!doctype html><title>Ikke fundet</title>'];
  const events = await db.query(EVENTS_SQL, [caseId]);
  const decisions = await db.query(DECISIONS_SQL, [caseId]);
  return [200, renderCase(data.name ?? '', found, events.rows, decisions.rows)];
}

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  const match = /^\/mine-sager\/([0-9a-f-]{36})$/.exec(url);
  if (url === '/healthz') {
    res.end('ok');
    return;
  }
  if (!match?.[1]) {
    res.writeHead(404).end();
    return;
  }
  caseAnswer(req, match[1]).then(
    ([status, body]) => {
      if (status === 303) res.writeHead(303, { Location: '/log-ind' }).end();
      else
        res
          .writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
          .end(body);
    },
    (error: unknown) => {
      process.stderr.write(`baseline: ${String(error)}\n`);
      res.writeHead(500).end();
    },
  );
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${port}\n`);
});
const stop = (): void => {
  server.close();
  void db.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
