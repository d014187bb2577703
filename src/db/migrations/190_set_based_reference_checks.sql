-- Bulk ingest at database speed (issue 15). The foreign keys of the chain tables (AI events, their
-- data sources, decisions) were checked row by row: one lookup and one row lock per reference, about
-- 40 % of the database's CPU in a bulk ingest (1.1 s of 1.75 s for 30,000 events). They are replaced
-- by the same rules checked once per statement: after an INSERT or COPY, one trigger looks up the
-- distinct references of all the rows it wrote and refuses the statement (SQLSTATE 23503, as a
-- foreign key would) if one is not stored. A parent that may change (a member of staff, a data
-- source, an AI system version) is locked FOR KEY SHARE as a foreign key would lock it, and refuses
-- to be deleted or renumbered while something refers to it. A case and an AI event need no lock:
-- neither is ever deleted nor given another id (refuse_change, refuse_case_move).
-- The checks run as the owner (security definer): the roles that write may not lock parents.

alter table audit.ai_event drop constraint if exists ai_event_case_id_fkey;
alter table audit.ai_event drop constraint if exists ai_event_staff_id_fkey;
alter table audit.ai_event drop constraint if exists ai_event_system_id_system_version_fkey;
alter table audit.ai_event_source drop constraint if exists ai_event_source_ai_event_id_fkey;
alter table audit.ai_event_source drop constraint if exists ai_event_source_data_source_id_fkey;
alter table audit.decision drop constraint if exists decision_case_id_fkey;
alter table audit.decision drop constraint if exists decision_decided_by_fkey;

-- Refuses the statement when fewer distinct references are stored than were written. The lookups
-- below go by index (= any over the distinct ids), whatever the size of the table looked in.
create function audit.refuse_missing(what text, wanted bigint, stored bigint) returns void
  language plpgsql as $$
begin
  if stored <> wanted then
    raise exception 'a record refers to % that is not stored', what using errcode = 'foreign_key_violation';
  end if;
end $$;

create function audit.check_event_references() returns trigger
  language plpgsql security definer set search_path = pg_catalog, audit as $$
declare
  case_ids uuid[];
  staff_ids text[];
  n bigint;
begin
  select array_agg(distinct case_id), array_agg(distinct staff_id) filter (where staff_id is not null)
    into case_ids, staff_ids from appended;
  select count(*) into n from audit."case" where id = any(case_ids);
  perform audit.refuse_missing('a case', coalesce(cardinality(case_ids), 0), n);
  select count(*) into n from (select 1 from audit.staff where id = any(staff_ids) for key share) s;
  perform audit.refuse_missing('a member of staff', coalesce(cardinality(staff_ids), 0), n);
  select count(*) into n from (
    select 1 from audit.ai_system_version v
    join (select distinct system_id, system_version from appended) a
      on v.system_id = a.system_id and v.version = a.system_version
    for key share of v) s;
  perform audit.refuse_missing('an AI system version',
    (select count(*) from (select distinct system_id, system_version from appended) d), n);
  return null;
end $$;

create function audit.check_event_source_references() returns trigger
  language plpgsql security definer set search_path = pg_catalog, audit as $$
declare
  event_ids bigint[];
  source_ids text[];
  n bigint;
begin
  select array_agg(distinct ai_event_id), array_agg(distinct data_source_id) into event_ids, source_ids
    from appended;
  select count(*) into n from audit.ai_event where id = any(event_ids);
  perform audit.refuse_missing('an AI event', coalesce(cardinality(event_ids), 0), n);
  select count(*) into n from (select 1 from audit.data_source where id = any(source_ids) for key share) s;
  perform audit.refuse_missing('a data source', coalesce(cardinality(source_ids), 0), n);
  return null;
end $$;

create function audit.check_decision_references() returns trigger
  language plpgsql security definer set search_path = pg_catalog, audit as $$
declare
  case_ids uuid[];
  staff_ids text[];
  n bigint;
begin
  select array_agg(distinct case_id), array_agg(distinct decided_by) filter (where decided_by is not null)
    into case_ids, staff_ids from appended;
  select count(*) into n from audit."case" where id = any(case_ids);
  perform audit.refuse_missing('a case', coalesce(cardinality(case_ids), 0), n);
  select count(*) into n from (select 1 from audit.staff where id = any(staff_ids) for key share) s;
  perform audit.refuse_missing('a member of staff', coalesce(cardinality(staff_ids), 0), n);
  return null;
end $$;

create trigger ai_event_references after insert on audit.ai_event
  referencing new table as appended for each statement execute function audit.check_event_references();
create trigger ai_event_source_references after insert on audit.ai_event_source
  referencing new table as appended for each statement execute function audit.check_event_source_references();
create trigger decision_references after insert on audit.decision
  referencing new table as appended for each statement execute function audit.check_decision_references();

-- The parent side: what a sealed record refers to is neither deleted nor renumbered (row by row: these
-- tables change rarely). The check runs after the row is locked, so it sees a writer that held the
-- FOR KEY SHARE lock above once that writer has committed.
create function audit.refuse_referenced_change() returns trigger
  language plpgsql security definer set search_path = pg_catalog, audit as $$
declare
  referenced boolean;
begin
  if tg_table_name = 'staff' then
    if tg_op = 'UPDATE' and new.id = old.id then
      return new;
    end if;
    referenced := exists (select 1 from audit.ai_event where staff_id = old.id)
      or exists (select 1 from audit.decision where decided_by = old.id);
  elsif tg_table_name = 'data_source' then
    if tg_op = 'UPDATE' and new.id = old.id then
      return new;
    end if;
    referenced := exists (select 1 from audit.ai_event_source where data_source_id = old.id);
  else
    if tg_op = 'UPDATE' and new.system_id = old.system_id and new.version = old.version then
      return new;
    end if;
    referenced := exists (select 1 from audit.ai_event where system_id = old.system_id
                          and system_version = old.version);
  end if;
  if referenced then
    raise exception 'a sealed record refers to this row' using errcode = 'foreign_key_violation';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;

create trigger staff_referenced before delete or update of id on audit.staff
  for each row execute function audit.refuse_referenced_change();
create trigger data_source_referenced before delete or update of id on audit.data_source
  for each row execute function audit.refuse_referenced_change();
create trigger ai_system_version_referenced before delete or update of system_id, version
  on audit.ai_system_version for each row execute function audit.refuse_referenced_change();
