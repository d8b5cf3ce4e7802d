-- The watchdog looks for in-flight bookings that stopped moving every StalledWorkflowCheck (10 s). Without an index it
-- read every booking ever made to find the few in flight (a sequential scan that grows with history: 376 pages a pass
-- at 14,000 bookings). Only bookings in flight are in this index, so it stays as small as the workflows in progress.
-- The predicate is BookingStates.InFlight; WorkflowWatchdog writes the same list into its query so the planner can use
-- the index, and a test checks the plan.
create index bookings_in_flight on bookings (updated_at) where state in ('holding', 'awarding', 'confirming');
