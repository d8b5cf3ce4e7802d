-- prefix: the first characters of a key, shown in key lists so an admin can tell keys apart; never enough to use.
-- seeded: the key came from MARKETPLACE_ADMIN_KEY, so the next start with another value revokes it.
alter table api_keys add column prefix text;
alter table api_keys add column seeded boolean not null default false;

-- Before this migration the seeder was the only writer of the administrators' organization by default, and it never
-- revoked anything: treat its keys as seeded, so the next start revokes whichever no longer matches the variable.
-- (An admin key created through the API for that organization is revoked too; creating it again is the remedy,
-- while an old default key left alive forever is the risk this closes.)
update api_keys set seeded = true where organization_id = '00000000-0000-0000-0000-00000000a0a0';

create index api_keys_of_organization on api_keys (organization_id, created_at desc, id desc);
