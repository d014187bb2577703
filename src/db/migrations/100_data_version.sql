-- The public pages' data version (issue 15): one number that grows whenever something the public
-- pages show changes (a published notice, an AI system or version, a data source, the municipality).
-- Each portal instance reads it at most once a second to know when its rendered copies of the public
-- pages are stale, so a publish on one instance invalidates the cache of every other one.
create table if not exists portal.data_version (
  id boolean primary key default true check (id),
  version bigint not null,
  changed_at timestamptz not null
);
insert into portal.data_version (id, version, changed_at) values (true, 1, now()) on conflict do nothing;

-- Runs as the owner, so a writer (the portal's or the ingest role) needs no right on the table itself.
-- Row-level: an upsert that changes nothing (on conflict do nothing) does not bump the version.
create or replace function portal.bump_data_version() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
begin
  update portal.data_version set version = version + 1, changed_at = clock_timestamp() where id;
  return null;
end $$;

do $$
declare
  t text;
begin
  foreach t in array array['portal.notice', 'portal.notice_version', 'audit.ai_system',
                           'audit.ai_system_version', 'audit.data_source', 'audit.municipality'] loop
    execute format('drop trigger if exists bump_data_version on %s', t);
    execute format('create trigger bump_data_version after insert or update or delete on %s
                    for each row execute function portal.bump_data_version()', t);
  end loop;
end $$;

grant select on portal.data_version to indsigt_portal;
