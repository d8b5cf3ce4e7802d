-- The open-bids quota is checked on every placement. Counting a tenant's open bids read each of them (its index entry
-- and, on a table this busy, its heap page to see it): up to the quota, 1,000, per placement, growing with the tenant's
-- open bids; in the accept-path benchmark the placement statement read 6,240 pages a call (issue 11). A count per
-- tenant is kept with the rows instead. Bids only ever leave 'open' (0002's guard) and are never deleted, so a bid
-- placed open adds one and a move out of 'open' takes one away. Statement-level triggers change each tenant's count
-- once per statement and take the counts in tenant order, so a batch of placements (which lock their tenants in that
-- order too) and a sweep of expiries or a round's awards cannot deadlock on two tenants' counts.
lock table bids in share row exclusive mode;

create table open_bid_counts (
    tenant_id uuid primary key,
    open_count integer not null check (open_count >= 0)
);

create function open_bid_counts_placed() returns trigger language plpgsql as $$
begin
    insert into open_bid_counts (tenant_id, open_count)
    select tenant_id, count(*) from placed where status = 'open' group by tenant_id order by tenant_id
    on conflict (tenant_id) do update set open_count = open_bid_counts.open_count + excluded.open_count;
    return null;
end $$;

-- The counts are locked in tenant order first, then lowered (an UPDATE ... FROM locks in whatever order its join
-- runs). A tenant whose bid leaves 'open' has its row since that bid was placed (or since this migration counted it);
-- the check above fails loudly if the counts and the rows ever disagree.
create function open_bid_counts_left() returns trigger language plpgsql as $$
begin
    perform 1 from open_bid_counts
    where tenant_id in (select b.tenant_id from before_rows b join after_rows a on a.id = b.id where b.status = 'open' and a.status <> 'open')
    order by tenant_id for update;
    update open_bid_counts c set open_count = c.open_count - l.n
    from (select b.tenant_id, count(*) as n from before_rows b join after_rows a on a.id = b.id
          where b.status = 'open' and a.status <> 'open' group by b.tenant_id) l
    where c.tenant_id = l.tenant_id;
    return null;
end $$;

create trigger bids_count_placed after insert on bids referencing new table as placed
    for each statement execute function open_bid_counts_placed();
create trigger bids_count_left after update on bids referencing old table as before_rows new table as after_rows
    for each statement execute function open_bid_counts_left();

insert into open_bid_counts (tenant_id, open_count)
select tenant_id, count(*) from bids where status = 'open' group by tenant_id;
