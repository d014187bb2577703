-- Issue 13: the scoring model of a profiling or prediction system as the municipality publishes it
-- on the register page: factors and global weights, bands, measured accuracy and a bias audit by age
-- group, gender and origin, with the date. One row per system: the model in use now. The document's
-- shape is src/domain/published-model.ts, checked when read.
create table audit.ai_system_model (
  system_id text primary key references audit.ai_system,
  model jsonb not null check (jsonb_typeof(model) = 'object'),
  published_at timestamptz not null default now()
);

grant select on audit.ai_system_model to indsigt_portal;
grant select, insert, update on audit.ai_system_model to indsigt_ingest;
