create table organizations (
    id         uuid primary key,
    name       text        not null,
    role       text        not null check (role in ('admin', 'provider', 'tenant')),
    created_at timestamptz not null default now()
);
create index organizations_newest on organizations (created_at desc, id desc);

-- Keys are stored as SHA-256 of the secret: they are 256-bit random, so a fast hash is enough,
-- and a leaked table yields no usable key.
create table api_keys (
    id              uuid primary key,
    organization_id uuid        not null references organizations (id),
    key_hash        bytea       not null unique,
    created_at      timestamptz not null default now(),
    revoked_at      timestamptz
);

-- One row per (organization, Idempotency-Key). resource_id is chosen before the owning service is asked,
-- so a retry after a crash asks again with the same id and the service's create-by-id absorbs it.
create table idempotency_records (
    organization_id uuid        not null,
    key             text        not null,
    request_hash    bytea       not null,
    resource_id     uuid        not null,
    claimed_at      timestamptz not null default now(),
    status_code     int,
    response_body   text,
    location        text,
    completed_at    timestamptz,
    primary key (organization_id, key)
);
