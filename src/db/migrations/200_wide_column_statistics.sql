-- Bulk load (issue 15): the seed's closing ANALYZE spent most of its time on columns no query
-- filters, joins or sorts on: the sealed texts, JSON and hashes of AI events, decisions and case
-- headers (each one read, detoasted and sorted for its statistics). Statistics target 0 leaves them out
-- of every ANALYZE (also autovacuum's); the planner then uses its default width for them.
alter table audit.ai_event
  alter column output set statistics 0,
  alter column purpose_note set statistics 0,
  alter column explanation set statistics 0,
  alter column en set statistics 0,
  alter column system_name set statistics 0,
  alter column staff_name set statistics 0,
  alter column staff_title set statistics 0,
  alter column staff_unit set statistics 0,
  alter column prev_hash set statistics 0,
  alter column hash set statistics 0;
alter table audit.decision
  alter column outcome set statistics 0,
  alter column reasons set statistics 0,
  alter column departure_reason set statistics 0,
  alter column en set statistics 0,
  alter column decided_by_name set statistics 0,
  alter column decided_by_title set statistics 0,
  alter column decided_by_unit set statistics 0,
  alter column prev_hash set statistics 0,
  alter column hash set statistics 0;
alter table audit.case_seal
  alter column title set statistics 0,
  alter column title_en set statistics 0,
  alter column prev_hash set statistics 0,
  alter column hash set statistics 0;
alter table audit.case_head
  alter column hash set statistics 0,
  alter column seal_hash set statistics 0;
alter table audit.ai_event_source
  alter column source_name set statistics 0,
  alter column source_owner set statistics 0;
