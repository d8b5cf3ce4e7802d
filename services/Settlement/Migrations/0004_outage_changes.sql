-- What outages changed in a booking's money (BookingCredited, BookingMoved): a later cancellation refunds neither the
-- hours already credited nor, on behalf of the first provider, hours another provider now carries and is paid for.
create table outage_changes (
    booking_id    uuid          not null,
    outage_id     uuid          not null,
    kind          text          not null check (kind in ('moved', 'credited')),
    starts_at     timestamptz   not null,
    ends_at       timestamptz   not null,
    gpu_hours     numeric(14,2) not null,
    from_provider uuid          not null,
    to_provider   uuid,
    primary key (booking_id, outage_id, kind, starts_at)
);
