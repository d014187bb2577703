-- The front desk's rate limit counts a member of staff's recent look-ups on every request, in every
-- portal instance: the count reads this index, not the whole table.
create index if not exists access_record_staff_idx on portal.access_record (staff_id, accessed_at desc);
