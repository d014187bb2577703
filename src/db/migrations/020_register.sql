-- The public AI register (issue 5): change summaries in both languages, and an index for its facts.

-- What changed, in English beside the Danish change_summary. Nullable for rows written before.
alter table portal.notice_version add column change_summary_en text;

-- Who changed the draft last, so a publisher sees whose work in progress they are editing.
alter table portal.notice add column draft_updated_by text;

-- The register's facts per system over the last 12 months ("which cases did this system touch, and
-- which decisions weighed its output") read (case_id, seq) for a system's events in a time range:
-- with them in the index that is an index-only scan instead of a heap visit per event.
create index ai_event_system_case_idx on audit.ai_event (system_id, occurred_at) include (case_id, seq);
