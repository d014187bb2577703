-- Digital Post (issue 11): the transactional outbox of letters to citizens, and the one view the open
-- numbers on the register read requests through.

-- A letter waiting for, or done with, Digital Post. It is written in the same transaction as the step
-- that causes it (a request's receipt, an extension, an answer; later an AI-use notice, issue 14), so a
-- step is never recorded without its letter, nor a letter sent for a step that was rolled back.
-- message_uuid is the MeMo MessageUUID: the same on every retry, so the transports and the development
-- inbox deliver a letter once however often a worker sends it.
create table portal.outbox_message (
  message_uuid uuid primary key,
  kind text not null check (kind in ('request_receipt', 'deadline_extension', 'request_answer', 'ai_use_notice')),
  recipient_cpr char(10) not null check (recipient_cpr ~ '^[0-9]{10}$'),
  sender_cvr char(8) not null check (sender_cvr ~ '^[0-9]{8}$'),
  label text not null check (length(label) between 1 and 200),
  memo_xml text not null,                  -- exactly what is sent, kept as it was sent
  case_id uuid,                            -- what the letter is about, for staff and the case page
  request_id uuid,
  -- A caller's key for "at most one such letter" (e.g. one AI-use notice per case per day, issue 14).
  idempotency_key text unique check (length(idempotency_key) between 1 and 200),
  status text not null default 'pending' check (status in ('pending', 'sent', 'dead')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  -- A worker's claim: until then no other worker takes the letter. A worker that dies mid-send leaves
  -- the claim to run out, and the next worker sends the letter again under the same MessageUUID.
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  check ((status = 'sent') = (sent_at is not null))
);
-- The worker's question: which pending letters are due?
create index outbox_message_due_idx on portal.outbox_message (next_attempt_at) where status = 'pending';
-- The staff page lists dead letters first; the case and request pages ask which letters went out.
create index outbox_message_status_idx on portal.outbox_message (status, created_at desc);
create index outbox_message_case_idx on portal.outbox_message (case_id, created_at) where case_id is not null;
create index outbox_message_request_idx on portal.outbox_message (request_id) where request_id is not null;

grant select, insert, update on portal.outbox_message to indsigt_portal;

-- The open numbers (issue 11) read requests only through this view, so that the request loop can change
-- its tables (sealed request steps) and re-point the view without touching the statistics.
-- One row per request: the municipality, its type, when it was received, when it was answered (null
-- while it is not), its deadline as a date in Danish time (one calendar month from receipt, GDPR art.
-- 12(3): 31 January -> 28/29 February), and for a re-assessment whether the decision was changed
-- (null where not known: today's table does not record it).
create view portal.request_outcome as
select
  c.municipality_code,
  r.kind as type,
  r.created_at as received_at,
  case when r.status = 'answered' then r.updated_at end as answered_at,
  ((r.created_at at time zone 'Europe/Copenhagen') + interval '1 month')::date as deadline,
  null::boolean as changed_decision
from portal.citizen_request r
join audit."case" c on c.id = r.case_id;

grant select on portal.request_outcome to indsigt_portal;
