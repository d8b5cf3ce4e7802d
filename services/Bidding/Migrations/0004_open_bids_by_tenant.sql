-- The open-bids quota counts a tenant's open bids on every placement.
create index bids_open_by_tenant on bids (tenant_id) where status = 'open';
