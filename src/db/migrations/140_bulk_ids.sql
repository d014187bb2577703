-- Bulk writes (src/db/chain-inserts.ts) COPY AI events with ids drawn beforehand from the table's
-- identity sequence, so their data sources can point at them without reading the events back.
grant usage on sequence audit.ai_event_id_seq to indsigt_ingest;
