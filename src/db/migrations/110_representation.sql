-- What representatives (Digital Fuldmagt) did on someone's behalf: every page of the grantor's data
-- they read and every request they filed, shown in the grantor's own log (/min-log). Append-only.
create table portal.representative_action (
  id bigint generated always as identity primary key,
  grantor_cpr char(10) not null,
  actor_name text not null,
  actor_pseudonym text not null,
  action text not null check (action in ('start', 'read', 'write')),
  path text not null check (length(path) <= 300),
  acted_at timestamptz not null default now()
);
create index representative_action_grantor_idx on portal.representative_action (grantor_cpr, acted_at desc);

create trigger representative_action_append_only before update or delete on portal.representative_action
  for each row execute function audit.refuse_change();

grant select, insert on portal.representative_action to indsigt_portal;
