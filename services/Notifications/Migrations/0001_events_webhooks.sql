-- Events: what each organization (or every admin) is told, in the order the feed serves them (seq). source_key names the
-- fact and its recipient, so a redelivered or re-published fact stores each event once.
create table events (
    seq             bigint generated always as identity primary key,
    id              uuid        not null unique,
    organization_id uuid,
    audience        text        not null check (audience in ('org', 'admin')),
    type            text        not null,
    at              timestamptz not null,
    data            jsonb       not null,
    source_key      text        not null unique,
    created_at      timestamptz not null default now(),
    check ((audience = 'org') = (organization_id is not null))
);
create index events_of_organization on events (organization_id, seq) where audience = 'org';
create index events_of_admins on events (seq) where audience = 'admin';

-- Webhooks. The secret is a signing key the service needs in clear to sign each POST (not a password to verify).
create table webhooks (
    id              uuid primary key,
    organization_id uuid        not null,
    audience        text        not null check (audience in ('org', 'admin')),
    url             text        not null,
    events          text[]      not null check (cardinality(events) > 0),
    secret          text        not null,
    created_at      timestamptz not null default now()
);
create index webhooks_of_organization on webhooks (organization_id, created_at);

-- One delivery per (event, webhook), written in the event's transaction; its state moves only through
-- Deliveries.TransitionAsync (and migration 0002's trigger): pending -> delivering -> succeeded | pending | failed.
create table deliveries (
    id               uuid primary key,
    webhook_id       uuid        not null references webhooks (id) on delete cascade,
    event_seq        bigint      not null references events (seq),
    state            text        not null default 'pending' check (state in ('pending', 'delivering', 'succeeded', 'failed')),
    attempts         int         not null default 0,
    next_attempt_at  timestamptz not null default now(),
    first_attempt_at timestamptz,
    lease_until      timestamptz,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    unique (event_seq, webhook_id)
);
create index deliveries_due on deliveries (next_attempt_at) where state = 'pending';
create index deliveries_stuck on deliveries (lease_until) where state = 'delivering';

-- Every attempt, as the deliveries endpoint lists it (newest first).
create table delivery_attempts (
    id              uuid primary key,
    delivery_id     uuid        not null references deliveries (id) on delete cascade,
    webhook_id      uuid        not null,
    event_id        uuid        not null,
    event_type      text        not null,
    attempt         int         not null,
    status          text        not null check (status in ('succeeded', 'retrying', 'failed')),
    response_status int,
    error           text,
    at              timestamptz not null default now(),
    unique (delivery_id, attempt)
);
create index delivery_attempts_of_webhook on delivery_attempts (webhook_id, at desc, id desc);
