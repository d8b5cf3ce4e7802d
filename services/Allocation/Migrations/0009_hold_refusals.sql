-- Holds inventory refused (ADR 0009): rounds count free nodes per hour, a hold needs the same nodes for the whole
-- period, so a hole left on different nodes can look free to every round. For a short while the refused hours count as
-- taken on that cluster (OccupancyCache), so the next rounds place bids elsewhere instead of offering the hole again.
create table hold_refusals (
    booking_id       uuid primary key,
    cluster_id       uuid        not null,
    gpu_model        text        not null,
    starts_at        timestamptz not null,
    ends_at          timestamptz not null,
    node_count       int         not null,
    remembered_until timestamptz not null
);
create index hold_refusals_by_model on hold_refusals (gpu_model, remembered_until);
