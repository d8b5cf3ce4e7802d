-- Outages as inventory announces them: their nodes count as occupied in rounds, quotes and depth.
create table outages (
    id         uuid primary key,
    cluster_id uuid        not null,
    gpu_model  text        not null,
    node_count int         not null,
    starts_at  timestamptz not null,
    ends_at    timestamptz            -- null: no end yet
);
create index outages_by_model on outages (gpu_model, ends_at);

-- What outages changed in a booking (API.md "changes"), oldest first; null when nothing did. Rounds and reconciliation
-- derive where its nodes are from this (Domain BookingSegments). Providers other than the first that carry it see it too.
alter table bookings add column changes jsonb;
alter table bookings add column other_providers uuid[] not null default '{}';
create index bookings_other_providers on bookings using gin (other_providers);

-- One booking hit by one outage, and the workflow that moves or credits it:
-- pending -> moving (another cluster asked) -> done, pending -> done, pending -> dropped (the booking was void).
create table outage_losses (
    outage_id            uuid        not null,
    booking_id           uuid        not null,
    cluster_id           uuid        not null,
    provider_id          uuid        not null,
    nodes_lost           int         not null,
    gpus_per_node        int         not null,
    lost_from            timestamptz not null,
    movable_from         timestamptz not null,
    movable_until        timestamptz not null,
    moved_within_cluster boolean     not null,
    state                text        not null default 'pending' check (state in ('pending', 'moving', 'done', 'dropped')),
    outcome              text,
    version              int         not null default 1,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    primary key (outage_id, booking_id)
);
create index outage_losses_open on outage_losses (updated_at) where state in ('pending', 'moving');
create index outage_losses_by_booking on outage_losses (booking_id);

-- OutageLossStates.AllowedFrom in code says the same.
create function outage_losses_guard_state() returns trigger language plpgsql as $$
begin
    if new.state is distinct from old.state and not (
           (new.state = 'moving'  and old.state = 'pending')
        or (new.state = 'done'    and old.state in ('pending', 'moving'))
        or (new.state = 'dropped' and old.state = 'pending')) then
        raise exception 'outage loss %/% cannot move from % to %', old.outage_id, old.booking_id, old.state, new.state using errcode = 'P0001';
    end if;
    return new;
end $$;
create trigger outage_losses_state_guard before update of state on outage_losses for each row execute function outage_losses_guard_state();
