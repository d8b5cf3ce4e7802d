-- The active-clusters quota counts a provider's active clusters on every listing.
create index clusters_active_by_provider on clusters (provider_id) where status = 'active';
