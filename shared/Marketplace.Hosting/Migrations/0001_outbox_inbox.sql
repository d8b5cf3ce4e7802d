-- Transactional outbox: rows written in the same transaction as the state change they announce;
-- the relay publishes them in id order and stamps sent_at.
create table if not exists outbox (
    id           bigint generated always as identity primary key,
    message_id   uuid        not null unique,
    message_type text        not null,
    destination  text,                      -- null: publish; else the queue a command is sent to
    body         jsonb       not null,
    trace_parent text,
    created_at   timestamptz not null default now(),
    sent_at      timestamptz
);
create index if not exists outbox_unsent on outbox (id) where sent_at is null;

-- Inbox: a consumer that changes state records the message in the same transaction,
-- so a redelivery is recognised and skipped.
create table if not exists inbox (
    message_id   uuid        not null,
    consumer     text        not null,
    processed_at timestamptz not null default now(),
    primary key (message_id, consumer)
);
create index if not exists inbox_processed_at on inbox (processed_at);
