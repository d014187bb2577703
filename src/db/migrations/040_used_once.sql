-- Things that may be used only once, across every portal instance: a login transaction (its
-- state) and a back-channel logout token (its jti). A row lives until the thing it stands for has
-- expired anyway; after that a replay is refused by its own expiry. The key is a SHA-256 hash.
create table portal.used_once (
  purpose text not null check (purpose in ('login_transaction', 'logout_token')),
  key_hash char(64) not null,
  expires_at timestamptz not null,
  primary key (purpose, key_hash)
);
create index used_once_expires_idx on portal.used_once (expires_at);

grant select, insert, delete on portal.used_once to indsigt_portal;
