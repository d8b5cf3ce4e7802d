-- Reconciliation runs. A run is claimed by the worker with FOR UPDATE SKIP LOCKED and done in that transaction:
-- a crash rolls it back and the row, still 'running', is picked up again by any instance.
create table reconciliations (
    id                  uuid primary key,
    period_from         timestamptz not null,
    period_to           timestamptz not null,
    status              text        not null default 'running' check (status in ('running', 'completed', 'failed')),
    requested_by        uuid        not null,
    created_at          timestamptz not null default now(),
    attempts            int         not null default 0,
    next_attempt_at     timestamptz not null default now(),
    last_error          text,
    completed_at        timestamptz,
    bookings            int         not null default 0,
    holds               int         not null default 0,
    awards              int         not null default 0,
    ledger_transactions int         not null default 0,
    usage_reports       int         not null default 0,
    check (period_from < period_to)
);
create index reconciliations_due on reconciliations (next_attempt_at) where status = 'running';
create index reconciliations_newest on reconciliations (created_at desc, id desc);

-- What a run found. Rows are never changed: a discrepancy is resolved when a resolution exists for its (kind, booking).
create table discrepancies (
    id                uuid primary key,
    reconciliation_id uuid          not null references reconciliations (id),
    kind              text          not null check (kind in ('hold-without-booking', 'booking-without-hold', 'award-without-booking',
                                                             'booking-without-award', 'amount-mismatch', 'missing-charge', 'under-delivery')),
    booking_id        uuid          not null,
    details           text          not null,
    -- What issue-credit without an amount would credit (null: nothing computable).
    suggested_credit  numeric(16,4),
    tenant_id         uuid,
    provider_id       uuid,
    seq               int           not null,
    created_at        timestamptz   not null default now(),
    unique (reconciliation_id, kind, booking_id)
);
create index discrepancies_by_run on discrepancies (reconciliation_id, seq);
create index discrepancies_by_key on discrepancies (kind, booking_id);

-- The audit of who resolved what, how, and with what effect. One resolution per (kind, booking): resolving twice is refused,
-- and later runs do not report a resolved (kind, booking) again.
create table discrepancy_resolutions (
    id                    uuid primary key,
    discrepancy_id        uuid          not null references discrepancies (id),
    kind                  text          not null,
    booking_id            uuid          not null,
    action                text          not null check (action in ('release-hold', 'cancel-booking', 'issue-credit', 'post-charge', 'accept')),
    amount                numeric(16,4),
    note                  text,
    resolved_by           uuid          not null,
    resolved_at           timestamptz   not null default now(),
    ledger_transaction_id uuid references ledger_transactions (id),
    outcome               text          not null,
    unique (kind, booking_id)
);
