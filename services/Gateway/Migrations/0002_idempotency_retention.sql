-- The janitor forgets records by age.
create index if not exists idempotency_records_claimed_at on idempotency_records (claimed_at);
