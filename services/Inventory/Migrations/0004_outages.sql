-- Outages (API.md "Outages, events and webhooks"): nodes out of the market from starts_at to ends_at (null: no end
-- yet). An outage ended at its very start has ends_at = starts_at and took nothing.
create table outages (
    id           uuid primary key,
    cluster_id   uuid        not null references clusters (id),
    node_indexes int[]       not null,
    starts_at    timestamptz not null,
    ends_at      timestamptz check (ends_at >= starts_at),
    reason       text        not null,
    reported_by  uuid        not null,
    created_at   timestamptz not null default now(),
    ended_at     timestamptz
);
create index outages_by_cluster on outages (cluster_id, created_at desc, id desc);

-- What the outage did to each booking, as allocation reports it (BookingMoved / BookingCredited): once per action and period.
create table outage_effects (
    outage_id     uuid          not null references outages (id),
    booking_id    uuid          not null,
    action        text          not null check (action in ('moved', 'credited')),
    gpu_hours     numeric(14,2) not null,
    amount        numeric(14,4) not null,
    to_cluster_id uuid,
    starts_at     timestamptz   not null,  -- an outage may credit a booking twice: the hours gone, then those no cluster took
    at            timestamptz   not null,
    primary key (outage_id, booking_id, action, starts_at)
);

-- An outage occupies its nodes in node_holds, so the exclusion constraint keeps every hold off them (and two outages
-- off the same node-hour): a node is either held by one booking, or out, or free. Outage rows have no booking.
alter table node_holds alter column booking_id drop not null;
alter table node_holds add column outage_id uuid references outages (id);
alter table node_holds drop constraint node_holds_status_check;
alter table node_holds add constraint node_holds_status_check check (status in ('held', 'booked', 'outage'));
alter table node_holds add constraint node_holds_one_owner
    check (case when status = 'outage' then outage_id is not null and booking_id is null
                else booking_id is not null and outage_id is null end);
create index node_holds_by_outage on node_holds (outage_id) where outage_id is not null;
