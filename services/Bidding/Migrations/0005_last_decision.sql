-- API.md lastDecision: the latest market round's reason for a bid, from allocation's BidsDecided events. Kept only when
-- newer than the stored one (events may arrive late or twice); the status guard does not look at these columns.
alter table bids add column last_decision_at timestamptz, add column last_decision_reason text;
