-- Double-entry, append-only ledger: entries are never updated or deleted; each transaction's entries sum to zero.
create table ledger_transactions (
    id          uuid primary key,
    kind        text        not null,
    booking_id  uuid,
    -- What made the transaction: one per booking charge, per cancellation, per resolution. Makes redelivery harmless.
    cause       text        not null unique,
    at          timestamptz not null default now()
);

create table ledger_entries (
    id              uuid primary key,
    transaction_id  uuid          not null references ledger_transactions (id),
    at              timestamptz   not null default now(),
    account         text          not null,
    organization_id uuid,
    booking_id      uuid,
    kind            text          not null check (kind in ('charge', 'payout', 'fee', 'refund', 'credit')),
    amount          numeric(16,4) not null
);
create index ledger_entries_by_org on ledger_entries (organization_id, at desc, id desc);
create index ledger_entries_by_booking on ledger_entries (booking_id);
create index ledger_entries_newest on ledger_entries (at desc, id desc);
