-- Issue 13 after the sealed layout (ADR 0011, migration 050): the case's English title is one of the
-- facts the case page shows, so it is sealed in the case header like the Danish title (an optional
-- fact: a header without it hashes as before). 050 limited the ingest role's updates of a case to its
-- own facts, column by column; the English title is one of them (each change appends a new header).
alter table audit.case_seal add column title_en text;
grant update (title_en) on audit."case" to indsigt_ingest;
