-- Citizens' requests reach a caseworker and are answered within the legal deadline (issue 11).
-- GDPR art. 12(3) (one month, extendable by two), art. 16 (rectification), art. 21 (objection),
-- art. 22(3) and the executive order's §1 stk. 6 (a human decides), AI Act art. 86 (explanation).

-- The request: what the citizen asked, about which case and which AI use(s), and the state it is in
-- now. The state columns (status, deadline, unit, step_count) are a cache for the caseworker's inbox;
-- the truth is the sealed steps below, and the portal checks the cache against them.
alter table portal.citizen_request drop constraint if exists citizen_request_kind_check;
alter table portal.citizen_request add constraint citizen_request_kind_check
  check (kind in ('explanation', 'reassessment', 'objection', 'correction'));
alter table portal.citizen_request drop constraint if exists citizen_request_status_check;
alter table portal.citizen_request add constraint citizen_request_status_check
  check (status in ('received', 'in_progress', 'forwarded', 'answered', 'refused'));

create sequence portal.citizen_request_reference_seq;

alter table portal.citizen_request
  add column reference text unique,
  add column event_seqs integer[] not null default '{}',   -- the AI use(s) on the case it concerns
  add column data_source_id text,                           -- correction: the data source to correct
  add column unit text,                                     -- the unit that answers it
  add column deadline date,                                 -- the deadline now (Danish date)
  add column extended boolean not null default false,       -- the deadline was extended (only once)
  add column step_count integer not null default 0;         -- sealed steps written; detects a lost tail

-- Requests made before this migration: a reference, the first deadline, and the unit of whoever made
-- the case's latest decision (else its latest AI event), the same rule new requests follow.
update portal.citizen_request r set
  reference = 'ANM-' || to_char(r.created_at at time zone 'Europe/Copenhagen', 'YYYY') || '-'
    || lpad(nextval('portal.citizen_request_reference_seq')::text, 6, '0'),
  deadline = ((r.created_at at time zone 'Europe/Copenhagen')::date + interval '1 month')::date,
  unit = coalesce(
    (select st.unit from audit.decision d join audit.staff st on st.id = d.decided_by
      where d.case_id = r.case_id order by d.seq desc limit 1),
    (select st.unit from audit.ai_event e join audit.staff st on st.id = e.staff_id
      where e.case_id = r.case_id order by e.seq desc limit 1),
    'Borgerservice')
where reference is null;

alter table portal.citizen_request
  alter column reference set not null,
  alter column unit set not null,
  alter column deadline set not null,
  add constraint citizen_request_correction_source check ((kind = 'correction') = (data_source_id is not null));

-- The caseworker's inbox: a unit's requests by deadline.
create index citizen_request_unit_idx on portal.citizen_request (unit, deadline, created_at);

-- Every step of a request: who (a snapshot of the member of staff as they were), when, what. Append-only
-- and hash-chained per request with the same function as the case chain (src/domain/chain.ts,
-- type 'request_step'); the citizen sees each step with an integrity verdict.
create table portal.citizen_request_step (
  request_id uuid not null references portal.citizen_request,
  seq integer not null check (seq > 0),
  action text not null check (action in ('received', 'taken', 'extended', 'forwarded', 'answered', 'refused')),
  occurred_at timestamptz not null,
  actor_staff_id text,
  actor_name text,
  actor_title text,
  actor_unit text,
  details jsonb not null,
  prev_hash char(64),
  hash char(64) not null,
  primary key (request_id, seq),
  check ((action = 'received') = (actor_staff_id is null))
);

create trigger citizen_request_step_append_only before update or delete on portal.citizen_request_step
  for each row execute function audit.refuse_change();

-- The portal writes steps and never changes or removes one (§2 stk. 2).
grant select, insert on portal.citizen_request_step to indsigt_portal;
grant usage on sequence portal.citizen_request_reference_seq to indsigt_portal;
