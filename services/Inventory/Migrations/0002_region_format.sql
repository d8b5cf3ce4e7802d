-- API.md: a region is 1-64 of a-z 0-9 -. The validation's regex once ended in "$", which also matches before a final
-- newline, so "east\n" got in; the database now refuses such a region whatever the code does. (In PostgreSQL "$"
-- matches only at the very end of the string.) NOT VALID: rows stored before are not re-checked here, since a
-- failing check would stop the service from starting; list them with
--   select id, region from clusters where region !~ '^[a-z0-9-]{1,64}$'
-- and, once fixed, run: alter table clusters validate constraint clusters_region_format;
alter table clusters add constraint clusters_region_format check (region ~ '^[a-z0-9-]{1,64}$') not valid;
