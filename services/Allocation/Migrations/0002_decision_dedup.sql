-- Rounds repeat every few seconds while bids wait; a losing bid's decision is recorded again only when its reason
-- changes, so round_decisions grows with what happens, not with time.
alter table bids add column last_reason text;
