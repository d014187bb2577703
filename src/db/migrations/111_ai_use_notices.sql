-- AI-use notices by Digital Post (issue 14, executive order §2 stk. 4): when an AI event is written to a
-- citizen's case through the ingest API or CLI, the citizen gets a letter — at most one per case per day,
-- never twice for the same event, and only for systems the municipality has turned notices on for.

-- Per AI system: whether citizens get a letter when it is used in their case. Events written before a
-- system was turned on get no letter.
create table portal.ai_notice_setting (
  system_id text primary key,
  enabled boolean not null,
  changed_by text not null,
  changed_at timestamptz not null default now()
);

-- Each AI event that a letter told the citizen about, with the letter: an event is told at most once.
create table portal.ai_notice_event (
  ai_event_id bigint primary key,
  case_id uuid not null,
  message_uuid uuid not null,
  noticed_at timestamptz not null default now()
);
create index ai_notice_event_case_idx on portal.ai_notice_event (case_id, noticed_at desc);

create trigger ai_notice_event_append_only before update or delete on portal.ai_notice_event
  for each row execute function audit.refuse_change();

-- The composer asks for AI events written recently; without this it would read every key ever written.
create index if not exists ingest_key_ai_event_written_idx on audit.ingest_key (written_at)
  where record_type = 'ai_event';

grant select, insert, update on portal.ai_notice_setting to indsigt_portal;
grant select, insert on portal.ai_notice_event to indsigt_portal;
grant select on audit.ingest_key to indsigt_portal;
