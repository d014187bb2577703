-- Bulk load (issue 15): an AI event's explanation is the one value large enough to be compressed
-- (about a quarter of them, 1.4 kB as text), and pglz was the seed's largest single cost in the
-- database. lz4 compresses several times faster; values already stored keep pglz and read as before.
-- A server built without lz4 keeps pglz.
do $$
begin
  alter table audit.ai_event alter column explanation set compression lz4;
exception when feature_not_supported or invalid_parameter_value then
  null;
end $$;
