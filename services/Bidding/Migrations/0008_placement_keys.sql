-- A placement's Idempotency-Key, kept with the bid it placed (docs/decisions/0014). The gateway kept these in its own
-- database, with a claim and an answer written around every placement: two of the five commits per bid. Here the key is
-- written in the placement's own transaction, under the tenant's placement lock, so a retry finds it or finds nothing
-- was placed. request_hash is the gateway's hash of the request (method, path, canonical body): the same key with
-- another hash is refused (422). Keys are forgotten 24 h after first use (PlacementKeyJanitor), as the gateway's were.
create table placement_keys (
    tenant_id     uuid        not null,
    key           text        not null,
    request_hash  bytea       not null,
    bid_id        uuid        not null,
    first_used_at timestamptz not null default now(),
    primary key (tenant_id, key)
);
create index placement_keys_first_used on placement_keys (first_used_at);
