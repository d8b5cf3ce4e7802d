-- Rounds keep what is booked in memory and read only the bookings changed since their last read (OccupancyCache).
-- A row's changed_xid is the transaction that last wrote it; a reader that remembers the oldest transaction still
-- running when it last read (its snapshot's xmin) finds every change it has not seen among rows with
-- changed_xid >= that xmin, however late those transactions commit.
alter table bookings add column changed_xid xid8 not null default pg_current_xact_id();

create function bookings_stamp_change() returns trigger language plpgsql as $$
begin
    new.changed_xid := pg_current_xact_id();
    return new;
end $$;
create trigger bookings_change_stamp before update on bookings for each row execute function bookings_stamp_change();

create index bookings_changes on bookings (gpu_model, changed_xid);
