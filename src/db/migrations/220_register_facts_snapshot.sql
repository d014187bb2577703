-- The register's facts, computed off the request path (issue 15). Counting a year of AI events takes
-- seconds on a big store, beyond the portal's statement timeout, so no request computes them: one
-- portal instance at a time (an advisory lock) recounts them on a timer and after a publish or an
-- ingest, and stores the result here, already suppressed (counts under 10 only as "fewer than 10").
-- Requests read the one row by its key.
create table if not exists portal.register_facts (
  id boolean primary key default true check (id),
  -- The period counted: [period_start, period_end).
  period_start timestamptz not null,
  period_end timestamptz not null,
  computed_at timestamptz not null,
  -- {"<system id>": {"casesTouched": {...}, "decisionsWithOutput": {...}, "departures": {...}}}
  facts jsonb not null
);

-- New facts are news for every instance's public page cache (migration 100's data version). Only a
-- change of the counts: the period moves with every recount, and a copy expires on its own anyway.
drop trigger if exists bump_data_version on portal.register_facts;
create trigger bump_data_version after insert or delete on portal.register_facts
  for each row execute function portal.bump_data_version();
drop trigger if exists bump_data_version_on_change on portal.register_facts;
create trigger bump_data_version_on_change after update on portal.register_facts
  for each row when (old.facts is distinct from new.facts) execute function portal.bump_data_version();

grant select, insert, update on portal.register_facts to indsigt_portal;
