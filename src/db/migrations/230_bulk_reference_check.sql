-- Bulk load (issue 15): the per-statement reference checks of migration 190 look up each COPY's
-- references in the tables loaded so far. In a bulk seed those tables have no keys until the load is
-- in (src/db/seed.ts builds them afterwards), so each batch scanned everything loaded before it: the
-- checks grew with the square of the load. A bulk seed turns the three triggers off for its own
-- transaction and calls this function once at the end instead: the same rules (a case, a member of
-- staff, an AI system version, an AI event, a data source must be stored; the parents that may
-- change are locked FOR KEY SHARE as migration 190 locks them), checked over whole tables with one
-- join each.
create function audit.check_all_references() returns void
  language plpgsql security definer set search_path = pg_catalog, audit as $$
declare
  missing record;
begin
  -- The parents that may change are few (staff, AI system versions, data sources): all of them are
  -- locked, a superset of those referred to, so none is deleted or renumbered before the load commits.
  perform 1 from audit.staff for key share;
  perform 1 from audit.ai_system_version for key share;
  perform 1 from audit.data_source for key share;
  -- One pass over each table (the AI events are the bulk of the data: they are read once, and their
  -- ids kept for the data sources' check).
  with event as materialized (
    select e.id, c.id is null as no_case, e.staff_id is not null and s.id is null as no_staff,
           v.system_id is null as no_version
    from audit.ai_event e
    left join audit."case" c on c.id = e.case_id
    left join audit.staff s on s.id = e.staff_id
    left join audit.ai_system_version v on v.system_id = e.system_id and v.version = e.system_version)
  select
    (select count(*) from event where no_case)
      + (select count(*) from audit.decision d where not exists (select 1 from audit."case" c where c.id = d.case_id))
      as no_case,
    (select count(*) from event where no_staff)
      + (select count(*) from audit.decision d
         where d.decided_by is not null and not exists (select 1 from audit.staff s where s.id = d.decided_by))
      as no_staff,
    (select count(*) from event where no_version) as no_version,
    (select count(*) from audit.ai_event_source es where not exists (select 1 from event where event.id = es.ai_event_id))
      as no_event,
    (select count(*) from audit.ai_event_source es
     where not exists (select 1 from audit.data_source d where d.id = es.data_source_id)) as no_source
  into missing;
  perform audit.refuse_missing('a case', 0, missing.no_case);
  perform audit.refuse_missing('a member of staff', 0, missing.no_staff);
  perform audit.refuse_missing('an AI system version', 0, missing.no_version);
  perform audit.refuse_missing('an AI event', 0, missing.no_event);
  perform audit.refuse_missing('a data source', 0, missing.no_source);
end $$;

-- Only the store's owner (the seed) runs it.
revoke execute on function audit.check_all_references() from public;
