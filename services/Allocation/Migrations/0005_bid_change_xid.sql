-- Rounds keep the open bids in memory too and read only the bids changed since their last read (OpenBidCache), by
-- the same rule as bookings (0004): changed_xid is the transaction that last wrote the row.
alter table bids add column changed_xid xid8 not null default pg_current_xact_id();

create function bids_stamp_change() returns trigger language plpgsql as $$
begin
    new.changed_xid := pg_current_xact_id();
    return new;
end $$;
create trigger bids_change_stamp before update on bids for each row execute function bids_stamp_change();

create index bids_changes on bids (gpu_model, changed_xid);
