-- API.md: a bid's regions are empty (any) or 1-20 regions of 1-64 a-z 0-9 -. The validation's regex once ended in
-- "$", which also matches before a final newline, so "east\n" got in; the database now refuses it whatever the code
-- does. A CHECK cannot hold a subquery, hence the immutable function over the array.
-- NOT VALID: bids stored before are not re-checked here (a failing check would stop the service from starting); list
-- them with  select id, regions from bids where not bid_regions_are_valid(regions)  and, once fixed, run:
--   alter table bids validate constraint bids_regions_format;
create function bid_regions_are_valid(regions text[]) returns boolean language sql immutable as $$
    select cardinality(regions) <= 20 and coalesce(bool_and(r ~ '^[a-z0-9-]{1,64}$'), true) from unnest(regions) r
$$;

alter table bids add constraint bids_regions_format check (bid_regions_are_valid(regions)) not valid;
