-- The least-privilege role the portal runs as (§2 stk. 2, GDPR art. 25): it reads the audit store
-- and writes only its own tables. A login user for the portal is made a member of it (README).
do $$
begin
  create role indsigt_portal nologin;
exception
  when duplicate_object or unique_violation then null; -- roles are per cluster: another database made it
end $$;

grant usage on schema audit, portal to indsigt_portal;
grant select on all tables in schema audit to indsigt_portal;
grant select, insert on portal.access_record to indsigt_portal;
grant select, insert, update on portal.citizen_request to indsigt_portal;
grant select, insert, update on portal.notice to indsigt_portal;
grant select, insert on portal.notice_version to indsigt_portal;
grant select, insert, update, delete on portal.session to indsigt_portal;
