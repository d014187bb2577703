-- Bulk load (issue 15): ai_event_system_idx (system_id, occurred_at) has the same key as
-- ai_event_system_case_idx from migration 020, which also carries (case_id, seq); every query the
-- first could serve the second serves as well. Each AI event written kept both up to date.
drop index if exists audit.ai_event_system_idx;
