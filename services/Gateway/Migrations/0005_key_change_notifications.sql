-- Gateways remember the keys that matched (Identity/KnownKeys.cs) for as long as they listen on this channel: any change
-- to a key or an organization, by the API or by hand, tells every gateway to forget them all when it commits. Row-level
-- for updates and deletes, so an insert ... on conflict do update that changed nothing (creating an organization or a
-- key) does not flush every gateway's memory; truncate can only be statement-level.
create function notify_api_keys_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('api_keys_changed', '');
    return null;
end $$;

create trigger api_keys_changed after update or delete on api_keys
    for each row execute function notify_api_keys_changed();
create trigger api_keys_truncated after truncate on api_keys
    for each statement execute function notify_api_keys_changed();
create trigger organizations_changed after update or delete on organizations
    for each row execute function notify_api_keys_changed();
create trigger organizations_truncated after truncate on organizations
    for each statement execute function notify_api_keys_changed();
