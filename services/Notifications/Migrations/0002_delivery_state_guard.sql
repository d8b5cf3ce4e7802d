-- The delivery state machine's database guard (DeliveryStates.AllowedFrom in code says the same): any other move is a
-- bug, refused here rather than, say, sending a succeeded delivery again.
create function deliveries_guard_state() returns trigger language plpgsql as $$
begin
    if new.state is distinct from old.state and not (
           (new.state = 'delivering' and old.state = 'pending')
        or (new.state = 'succeeded'  and old.state = 'delivering')
        or (new.state = 'pending'    and old.state = 'delivering')
        or (new.state = 'failed'     and old.state = 'delivering')) then
        raise exception 'delivery % cannot move from % to %', old.id, old.state, new.state using errcode = 'P0001';
    end if;
    return new;
end $$;
create trigger deliveries_state_guard before update of state on deliveries for each row execute function deliveries_guard_state();
