create table bids (
    id                 uuid primary key,
    tenant_id          uuid          not null,
    gpu_model          text          not null,
    gpu_count          int           not null check (gpu_count between 1 and 100000),
    duration_hours     int           not null check (duration_hours between 1 and 4368),
    earliest_start     timestamptz   not null,
    latest_start       timestamptz   not null,
    regions            text[]        not null,
    interconnect_kind  text,
    min_gbps_per_node  int,
    max_price          numeric(10,4) not null check (max_price > 0 and max_price <= 1000),
    expires_at         timestamptz   not null,
    status             text          not null default 'open' check (status in ('open', 'won', 'cancelled', 'expired')),
    booking_id         uuid,
    price              numeric(10,4),
    created_at         timestamptz   not null default now(),
    updated_at         timestamptz   not null default now(),
    check (earliest_start <= latest_start),
    check ((status = 'won') = (booking_id is not null and price is not null))
);
create index bids_newest on bids (created_at desc, id desc);
create index bids_by_tenant on bids (tenant_id, created_at desc, id desc);
create index bids_open_deadline on bids (least(expires_at, latest_start)) where status = 'open';
create index bids_awarded on bids (updated_at) where status = 'won';

-- Every status change, for "what happened to my bid" and for audits.
create table bid_history (
    id        bigint generated always as identity primary key,
    bid_id    uuid        not null references bids (id),
    at        timestamptz not null default now(),
    status    text        not null,
    detail    text
);
create index bid_history_by_bid on bid_history (bid_id, id);
