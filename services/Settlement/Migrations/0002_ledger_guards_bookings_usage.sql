-- The ledger is append-only: a correction is a new transaction, never an edit. The database refuses the rest.
create function ledger_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'the ledger is append-only: % on % refused', tg_op, tg_table_name using errcode = 'restrict_violation';
end
$$;
create trigger ledger_transactions_append_only before update or delete on ledger_transactions
    for each row execute function ledger_refuse_change();
create trigger ledger_entries_append_only before update or delete on ledger_entries
    for each row execute function ledger_refuse_change();
create trigger ledger_transactions_no_truncate before truncate on ledger_transactions
    for each statement execute function ledger_refuse_change();
create trigger ledger_entries_no_truncate before truncate on ledger_entries
    for each statement execute function ledger_refuse_change();

-- Double entry: at commit, the entries of every transaction touched must sum to zero (the code checks first; this is the guarantee).
create function ledger_check_balanced() returns trigger language plpgsql as $$
declare
    total numeric;
begin
    select sum(amount) into total from ledger_entries where transaction_id = new.transaction_id;
    if total <> 0 then
        raise exception 'ledger transaction % does not balance: its entries sum to %', new.transaction_id, total using errcode = 'check_violation';
    end if;
    return null;
end
$$;
create constraint trigger ledger_entries_balanced after insert on ledger_entries
    deferrable initially deferred for each row execute function ledger_check_balanced();

create index ledger_entries_by_transaction on ledger_entries (transaction_id);
create index ledger_transactions_by_booking on ledger_transactions (booking_id);

-- Settlement's own copy of confirmed bookings (from BookingConfirmed, and BookingCancelled for the cancellation terms):
-- what charges, refunds and usage reports are checked against, without asking allocation.
create table bookings (
    id              uuid primary key,
    bid_id          uuid          not null,
    tenant_id       uuid          not null,
    provider_id     uuid          not null,
    cluster_id      uuid          not null,
    gpu_model       text          not null,
    node_count      int           not null,
    gpu_count       int           not null,
    starts_at       timestamptz   not null,
    ends_at         timestamptz   not null,
    price           numeric(10,4) not null,
    total_price     numeric(14,4) not null,
    -- The fee rate of the charge: refunds and credits split back in the same proportions even if the rate changes later.
    fee_rate        numeric(6,4)  not null,
    booked_at       timestamptz   not null,
    confirmed_at    timestamptz   not null default now(),
    cancelled_at    timestamptz,
    cancelled_by    text,
    refund_from     timestamptz,
    refund_fraction numeric(5,4),
    check (starts_at < ends_at)
);
create index bookings_by_period on bookings (starts_at, ends_at);
create index bookings_by_provider on bookings (provider_id);

create extension if not exists btree_gist;

-- Delivered usage per period; one booking's reports never overlap (a database guarantee, like inventory's holds).
create table usage_reports (
    id                  uuid primary key,
    booking_id          uuid          not null references bookings (id),
    provider_id         uuid          not null,
    period              tstzrange     not null check (not isempty(period) and lower_inc(period) and not upper_inc(period)),
    booked_gpu_hours    numeric(14,4) not null,
    delivered_gpu_hours numeric(14,4) not null check (delivered_gpu_hours >= 0 and delivered_gpu_hours <= booked_gpu_hours),
    note                text,
    created_at          timestamptz   not null default now(),
    constraint usage_reports_no_overlap exclude using gist (booking_id with =, period with &&)
);
