-- Bookings whose nodes were released (voided, cancelled, or released by an admin's resolution), ever. Allocation never
-- asks again for the nodes of such a booking, but a copy of an earlier ConfirmHold can still arrive after the release
-- (a cancellation while the booking was confirming: the two commands travel on different queues). Finding no hold, the
-- confirmation would take the nodes again, permanently, for a booking nobody pays for. It reads this table first and
-- answers HoldLost instead.
create table booking_releases (
    booking_id  uuid primary key,
    released_at timestamptz not null default now()
);
