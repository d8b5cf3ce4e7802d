-- Clusters whose nodes inventory just refused to hold for a bid (ADR 0009): the rounds treat them as full for that
-- bid until refused_until, so the bid goes to another cluster instead of being offered the same hole every round.
alter table bids add column refused_clusters uuid[];
alter table bids add column refused_until timestamptz;
