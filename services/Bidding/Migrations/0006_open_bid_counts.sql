-- The open-bids quota is checked on every placement. Counting a tenant's open bids read each of them (its index entry
-- and, on a table this busy, its heap page to see it): up to the quota, 1,000, per placement, growing with the tenant's
-- open bids; in the accept-path benchmark the placement statement read 900 to 6,240 pages a call (issue 11). A count
-- per tenant is kept with the rows instead: a bid inserted open adds one, a bid that leaves 'open' takes one away, and
-- one put back to 'open' (0002's guard forbids it, but an operator's repair may disable the guard) adds one again.
-- Statement-level triggers change each tenant's count once per statement, taking the counts in tenant order (an
-- INSERT ... ON CONFLICT locks rows in the order it is given them), so a batch of placements (which lock their tenants
-- in that order too), a sweep of expiries and a round's awards cannot deadlock on two tenants' counts. No CHECK on the
-- count: a count gone wrong must cost at most one tenant's quota, never stop every expiry.
lock table bids in share row exclusive mode;

create table open_bid_counts (
    tenant_id uuid primary key,
    open_count integer not null
);

create function open_bid_counts_inserted() returns trigger language plpgsql as $$
begin
    insert into open_bid_counts (tenant_id, open_count)
    select tenant_id, count(*) from inserted where status = 'open' group by tenant_id order by tenant_id
    on conflict (tenant_id) do update set open_count = open_bid_counts.open_count + excluded.open_count;
    return null;
end $$;

create function open_bid_counts_updated() returns trigger language plpgsql as $$
begin
    insert into open_bid_counts (tenant_id, open_count)
    select a.tenant_id, sum(case when a.status = 'open' then 1 else -1 end)
    from before_rows b join after_rows a on a.id = b.id
    where (b.status = 'open') <> (a.status = 'open')
    group by a.tenant_id order by a.tenant_id
    on conflict (tenant_id) do update set open_count = open_bid_counts.open_count + excluded.open_count;
    return null;
end $$;

create function open_bid_counts_deleted() returns trigger language plpgsql as $$
begin
    insert into open_bid_counts (tenant_id, open_count)
    select tenant_id, -count(*) from deleted where status = 'open' group by tenant_id order by tenant_id
    on conflict (tenant_id) do update set open_count = open_bid_counts.open_count + excluded.open_count;
    return null;
end $$;

create function open_bid_counts_truncated() returns trigger language plpgsql as $$
begin
    delete from open_bid_counts;
    return null;
end $$;

create trigger bids_count_inserted after insert on bids referencing new table as inserted
    for each statement execute function open_bid_counts_inserted();
create trigger bids_count_updated after update on bids referencing old table as before_rows new table as after_rows
    for each statement execute function open_bid_counts_updated();
create trigger bids_count_deleted after delete on bids referencing old table as deleted
    for each statement execute function open_bid_counts_deleted();
create trigger bids_count_truncated after truncate on bids
    for each statement execute function open_bid_counts_truncated();

insert into open_bid_counts (tenant_id, open_count)
select tenant_id, count(*) from bids where status = 'open' group by tenant_id;
