-- The portal's own tables: who looked whom up, citizens' requests, public notices, sessions.
create schema if not exists portal;

-- Every staff look-up of a citizen, with its purpose; the citizen sees these (§2 stk. 2).
create table portal.access_record (
  id bigint generated always as identity primary key,
  citizen_cpr char(10) not null,
  staff_id text not null,
  staff_name text not null,
  staff_title text not null,
  staff_unit text not null,
  purpose text not null check (purpose in ('desk', 'phone', 'written', 'other')),
  purpose_text text,
  accessed_at timestamptz not null default now(),
  check (purpose <> 'other' or purpose_text is not null)
);
create index access_record_citizen_idx on portal.access_record (citizen_cpr, accessed_at desc);

create table portal.citizen_request (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null,
  citizen_cpr char(10) not null,
  kind text not null check (kind in ('explanation', 'reassessment', 'objection')),
  message text not null,
  status text not null default 'received' check (status in ('received', 'in_progress', 'answered')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index citizen_request_citizen_idx on portal.citizen_request (citizen_cpr, created_at desc);

-- The public notice of an AI system, and its immutable published versions.
create table portal.notice (
  id uuid primary key default gen_random_uuid(),
  system_id text not null unique,
  slug text not null unique check (slug ~ '^[a-z0-9-]+$'),
  draft jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table portal.notice_version (
  notice_id uuid not null references portal.notice,
  version integer not null check (version > 0),
  content jsonb not null,
  change_summary text not null,
  published_at timestamptz not null default now(),
  published_by text not null,
  primary key (notice_id, version)
);

-- Server-side sessions, shared by every portal instance. The id stored is a hash of the cookie's.
create table portal.session (
  id char(64) primary key,
  kind text not null check (kind in ('citizen', 'staff')),
  data jsonb not null,
  idp_sid text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index session_idp_sid_idx on portal.session (idp_sid) where idp_sid is not null;
create index session_expires_idx on portal.session (expires_at);
