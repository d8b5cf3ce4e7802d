-- Gateways remember the keys that matched (Identity/KnownKeys.cs) for as long as they listen on this channel: any change
-- to a key or an organization, by the API or by hand, tells every gateway to forget them all when it commits.
create function notify_api_keys_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('api_keys_changed', '');
    return null;
end $$;

create trigger api_keys_changed after update or delete or truncate on api_keys
    for each statement execute function notify_api_keys_changed();
create trigger organizations_changed after update or delete or truncate on organizations
    for each statement execute function notify_api_keys_changed();
