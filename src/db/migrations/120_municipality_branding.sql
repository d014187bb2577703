-- Municipality branding (issue 12, design system): the page header and footer name the municipality
-- with its CVR number and a link to its own website, from the store (or the MUNICIPALITY_* settings,
-- which override it). Empty until a municipality fills them in.
alter table audit.municipality add column if not exists cvr text not null default ''
  check (cvr = '' or cvr ~ '^[0-9]{8}$');
alter table audit.municipality add column if not exists website_url text not null default ''
  check (website_url = '' or website_url ~ '^https?://');
