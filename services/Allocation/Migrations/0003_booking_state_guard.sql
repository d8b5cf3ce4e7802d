-- The booking state machine's database guard (BookingStates.AllowedFrom in code says the same): any other move of a
-- booking's state is a bug, refused here rather than silently rewriting a booking that was charged or voided.
create function bookings_guard_state() returns trigger language plpgsql as $$
begin
    if new.state is distinct from old.state and not (
           (new.state = 'awarding'   and old.state = 'holding')
        or (new.state = 'confirming' and old.state = 'awarding')
        or (new.state = 'confirmed'  and old.state = 'confirming')
        or (new.state = 'void'       and old.state in ('holding', 'awarding'))
        or (new.state = 'cancelled'  and old.state in ('confirming', 'confirmed'))) then
        raise exception 'booking % cannot move from % to %', old.id, old.state, new.state using errcode = 'P0001';
    end if;
    return new;
end $$;
create trigger bookings_state_guard before update of state on bookings for each row execute function bookings_guard_state();
