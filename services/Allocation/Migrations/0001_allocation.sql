-- The allocation service's own view of capacity, kept current from inventory's listing events.
create table clusters (
    id                uuid primary key,
    provider_id       uuid          not null,
    gpu_model         text          not null,
    region            text          not null,
    interconnect_kind text          not null,
    gbps_per_node     int           not null,
    gpus_per_node     int           not null,
    node_count        int           not null,
    ask_price         numeric(10,4) not null,
    available_from    timestamptz   not null,
    available_until   timestamptz   not null,
    status            text          not null,
    version           timestamptz   not null  -- inventory's updated_at: older events are ignored
);
create index clusters_by_model on clusters (gpu_model) where status = 'active';

-- Its view of open bids, from bidding's events. status: open -> allocating (a booking is in flight) -> closed.
create table bids (
    id                uuid primary key,
    tenant_id         uuid          not null,
    gpu_model         text          not null,
    gpu_count         int           not null,
    duration_hours    int           not null,
    earliest_start    timestamptz   not null,
    latest_start      timestamptz   not null,
    regions           text[]        not null,
    interconnect_kind text,
    min_gbps_per_node int,
    max_price         numeric(10,4) not null,
    expires_at        timestamptz   not null,
    placed_at         timestamptz   not null,
    status            text          not null default 'open' check (status in ('open', 'allocating', 'closed'))
);
create index bids_open_by_model on bids (gpu_model) where status = 'open';

-- Events arrive on separate queues, so a bid's closing can overtake its placing: remember closings.
create table bid_closures (
    bid_id    uuid primary key,
    reason    text        not null,
    closed_at timestamptz not null default now()
);

create table rounds (
    id          bigint generated always as identity primary key,
    gpu_model   text        not null,
    started_at  timestamptz not null,
    finished_at timestamptz not null,
    open_bids   int         not null,
    wins        int         not null
);

-- Every decision with the round that made it: "why did my bid lose, and what set my price".
create table round_decisions (
    round_id      bigint        not null references rounds (id),
    bid_id        uuid          not null,
    rank          int           not null,
    won           boolean       not null,
    booking_id    uuid,
    cluster_id    uuid,
    starts_at     timestamptz,
    price         numeric(10,4),
    price_set_by  uuid,
    reason        text          not null,
    primary key (round_id, bid_id)
);
create index round_decisions_by_bid on round_decisions (bid_id);

-- Market data: what cleared, per round, model and region.
create table clearing_prices (
    round_id  bigint        not null references rounds (id),
    gpu_model text          not null,
    region    text          not null,
    at        timestamptz   not null,
    price     numeric(10,4) not null,  -- GPU-hour weighted mean of the round's winning prices
    gpu_hours numeric(14,2) not null,
    primary key (round_id, region)
);

-- Bookings and their workflow: holding -> awarding -> confirming -> confirmed, or void; confirmed -> cancelled.
create table bookings (
    id               uuid primary key,
    bid_id           uuid          not null,
    round_id         bigint        not null,
    tenant_id        uuid          not null,
    provider_id      uuid          not null,
    cluster_id       uuid          not null,
    gpu_model        text          not null,
    node_count       int           not null,
    gpu_count        int           not null,
    starts_at        timestamptz   not null,
    ends_at          timestamptz   not null,
    price            numeric(10,4) not null,
    total_price      numeric(14,4) not null,
    state            text          not null check (state in ('holding', 'awarding', 'confirming', 'confirmed', 'void', 'cancelled')),
    state_reason     text,
    node_indexes     int[],
    released_from    timestamptz,   -- capacity is free again from here on (cancellation)
    cancelled_at     timestamptz,
    cancelled_by     text,
    version          int           not null default 1,
    created_at       timestamptz   not null default now(),
    updated_at       timestamptz   not null default now()
);
-- A bid wins at most once: only one booking per bid that is not void.
create unique index bookings_one_per_bid on bookings (bid_id) where state <> 'void';
create index bookings_newest on bookings (created_at desc, id desc);
create index bookings_by_cluster on bookings (cluster_id, ends_at) where state <> 'void';
create index bookings_by_tenant on bookings (tenant_id, created_at desc);
create index bookings_by_provider on bookings (provider_id, created_at desc);
