-- The write side of the audit store (issue 7): idempotency keys of every record a case system sent,
-- signed checkpoints of all chain heads, and the least-privilege role the writers run as.

-- Every record a writer sent, by its idempotency key, with a hash of its canonical payload: a re-send of
-- the same record is answered "duplicate", the same key with a different payload is refused.
create table audit.ingest_key (
  key text primary key check (length(key) between 1 and 200),
  record_type text not null check (record_type in
    ('data_source', 'ai_system', 'staff', 'case', 'ai_event', 'decision')),
  payload_hash char(64) not null,
  case_id uuid,                            -- for chain records: where it landed
  seq integer,
  written_by text not null,                -- the machine client (token subject, certificate subject, cli)
  written_at timestamptz not null default now(),
  check ((record_type in ('ai_event', 'decision')) = (seq is not null))
);
-- A decision names the events in front of the decision-maker by their keys: key -> (case, seq).
create index ingest_key_case_idx on audit.ingest_key (case_id, seq) where case_id is not null;

-- A signed checkpoint: the chain head of every case that had records, hashed in case-id order into one
-- root and signed with the municipality's Ed25519 key. The watermarks are the largest event and decision
-- ids when it was taken (no writer was in flight), so a verifier can find each case's head at that time.
create table audit.checkpoint (
  id bigint generated always as identity primary key,
  created_at timestamptz not null,
  event_watermark bigint not null,
  decision_watermark bigint not null,
  case_count bigint not null,
  record_count bigint not null,
  root char(64) not null,
  key_id char(64) not null,                -- SHA-256 of the public key (SPKI DER)
  signature text not null                  -- base64 Ed25519 signature of the canonical statement
);

create trigger ingest_key_append_only before update or delete on audit.ingest_key
  for each row execute function audit.refuse_change();
create trigger checkpoint_append_only before update or delete on audit.checkpoint
  for each row execute function audit.refuse_change();

-- The role case systems and the ingest CLI write as: it appends to the chain and maintains the reference
-- data records point at, and reads only what the writer must check (keys, heads, references).
do $$
begin
  create role indsigt_ingest nologin;
exception
  when duplicate_object or unique_violation then null; -- roles are per cluster: another database made it
end $$;

grant usage on schema audit to indsigt_ingest;
grant select on audit.municipality to indsigt_ingest;
grant select, insert, update on audit.data_source, audit.ai_system, audit.staff, audit.citizen, audit."case"
  to indsigt_ingest;
grant select, insert on audit.ai_system_version, audit.ai_event, audit.ai_event_source, audit.decision,
  audit.ingest_key to indsigt_ingest;
grant select on audit.checkpoint to indsigt_ingest;

-- The portal publishes checkpoints (/api/v1/checkpoints); 003 granted it only the tables that existed then.
grant select on audit.checkpoint to indsigt_portal;
