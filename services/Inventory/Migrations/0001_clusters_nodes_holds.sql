create extension if not exists btree_gist;

create table clusters (
    id                uuid primary key,
    provider_id       uuid          not null,
    name              text          not null,
    region            text          not null,
    gpu_model         text          not null,
    gpus_per_node     int           not null check (gpus_per_node between 1 and 16),
    node_count        int           not null check (node_count between 1 and 10000),
    interconnect_kind text          not null check (interconnect_kind in ('infiniband', 'roce', 'ethernet')),
    gbps_per_node     int           not null check (gbps_per_node between 1 and 100000),
    ask_price         numeric(10,4) not null check (ask_price > 0 and ask_price <= 1000),
    available_from    timestamptz   not null,
    available_until   timestamptz   not null,
    status            text          not null default 'active' check (status in ('active', 'delisted')),
    created_at        timestamptz   not null default now(),
    updated_at        timestamptz   not null default now(),
    check (available_from < available_until)
);
create index clusters_newest on clusters (created_at desc, id desc);
create index clusters_by_provider on clusters (provider_id, created_at desc, id desc);

create table nodes (
    cluster_id uuid not null references clusters (id),
    node_index int  not null,
    primary key (cluster_id, node_index)
);

-- No node is ever held twice for overlapping hours: a database guarantee, whatever the callers do.
-- 'held' rows await ConfirmHold until expires_at; 'booked' rows belong to a confirmed booking.
create table node_holds (
    id         bigint generated always as identity primary key,
    booking_id uuid        not null,
    cluster_id uuid        not null,
    node_index int         not null,
    period     tstzrange   not null check (not isempty(period) and lower_inc(period) and not upper_inc(period)),
    status     text        not null check (status in ('held', 'booked')),
    expires_at timestamptz,
    created_at timestamptz not null default now(),
    foreign key (cluster_id, node_index) references nodes (cluster_id, node_index),
    constraint node_holds_no_overlap exclude using gist (cluster_id with =, node_index with =, period with &&)
);
create index node_holds_by_booking on node_holds (booking_id);
create index node_holds_expiring on node_holds (expires_at) where status = 'held';
