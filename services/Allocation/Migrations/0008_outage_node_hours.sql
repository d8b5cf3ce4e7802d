-- The exact node-hours an outage took from a booking before and from movable_from (its rows on the failed nodes may
-- cover different periods per node); null for losses announced before inventory sent them (nodes_lost × the period).
alter table outage_losses add column past_node_hours numeric(14,2);
alter table outage_losses add column future_node_hours numeric(14,2);
