-- Retention is counted from the key's first use, never from a claim or a release (a release after a 5xx set
-- claimed_at to -infinity, and the janitor then purged the record while its outcome was still unknown, so the
-- client's retry created a second resource). first_used_at is written once, by the insert, and never updated.
alter table idempotency_records add column first_used_at timestamptz not null default now();
update idempotency_records set first_used_at = claimed_at where claimed_at > '-infinity';
drop index if exists idempotency_records_claimed_at;
create index idempotency_records_first_used_at on idempotency_records (first_used_at);
