-- A bid's status moves only out of 'open' (to won, cancelled or expired), and a won bid keeps its booking and price.
-- The consumers decide under a row lock; this makes any other path (a bug, a hand-written fix) fail loudly instead
-- of reopening a bid that the market already settled.
create function bids_guard_status() returns trigger language plpgsql as $$
begin
    if new.status is distinct from old.status and old.status <> 'open' then
        raise exception 'bid % cannot move from % to %', old.id, old.status, new.status using errcode = 'check_violation';
    end if;
    if old.status = 'won' and (new.booking_id is distinct from old.booking_id or new.price is distinct from old.price) then
        raise exception 'bid % won booking % and keeps it', old.id, old.booking_id using errcode = 'check_violation';
    end if;
    return new;
end $$;

create trigger bids_guard_status before update on bids for each row execute function bids_guard_status();

-- The sweeper's "deadline passed" is least(expires_at, latest_start) <= now(), the same as the consumers' check.
drop index bids_open_deadline;
create index bids_open_deadline on bids (least(expires_at, latest_start), id) where status = 'open';
