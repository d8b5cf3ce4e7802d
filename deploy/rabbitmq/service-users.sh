#!/bin/sh
# Creates one RabbitMQ user per marketplace service, with no tags (no management UI, no administrator) and only the
# permissions its MassTransit topology needs on one virtual host. POSIX sh + curl, through the management API with an
# administrator's credentials, so the same script serves deploy/local/infra.sh, the compose init container and the
# Kubernetes Job. Safe to run again: users and permissions are overwritten (a changed password takes effect at once
# for new connections).
#
# Environment: RABBITMQ_API (default http://127.0.0.1:15672), RABBITMQ_ADMIN_USER / RABBITMQ_ADMIN_PASSWORD (an
# administrator, e.g. the operators' "marketplace" user), RABBITMQ_VHOST (default /), and per service
# RABBITMQ_PASSWORD_GATEWAY, _INVENTORY, _BIDDING, _ALLOCATION, _SETTLEMENT, _NOTIFICATIONS (default: marketplace-<service>, for a
# laptop only). Users are named marketplace-<service>.
#
# How the names arise (MassTransit 8, RabbitMQ transport; see docs/security.md):
#   - a consumer FooConsumer has queue and exchange "foo" (kebab-case), plus "foo_error"/"foo_skipped" on a fault;
#   - a message type has the fanout exchange "Namespace:Type", declared by whoever publishes or consumes it; a
#     consumer binds it (source, needs read) to its endpoint exchange (destination, needs write);
#   - a request is published to its type's exchange; the reply goes to the requester's own reply queue,
#     "<service>-bus-<id>" (BusSetup names it so), whose exchange the responder declares and writes to;
#   - the outbox relay sends commands to "exchange:<queue>" (declared by the sender);
#   - a fault of a message without a response address is published as "MassTransit:Fault--<type>--" and
#     "MassTransit:Fault".
# Regexes use [.] for a literal dot so they need no escaping in JSON or shell.
set -eu

api="${RABBITMQ_API:-http://127.0.0.1:15672}"
admin="${RABBITMQ_ADMIN_USER:-marketplace}:${RABBITMQ_ADMIN_PASSWORD:-marketplace}"
vhost="${RABBITMQ_VHOST:-/}"

C='Marketplace[.]Contracts[.]'
ENDPOINT_SUFFIX='(_error|_skipped)?'
FAULTS='MassTransit:Fault.*'

# --- what each service consumes (endpoints and the type exchanges bound to them), publishes, requests and sends ---
INVENTORY_ENDPOINTS='report-outage|list-outages|end-outage|move-booking|outage-move-effect|outage-credit-effect|hold-nodes|hold-nodes-batch|confirm-hold|confirm-hold-batch|release-nodes|list-holds|list-cluster|update-cluster|delist-cluster|get-calendar|get-cluster|list-clusters|get-cluster-snapshot'
INVENTORY_CONSUMES="${C}Allocation:(BookingMoved|BookingCredited)|${C}Inventory:(ReportOutage|ListOutages|EndOutage|MoveBooking|HoldNodes|HoldNodesBatch|ConfirmHold|ConfirmHoldBatch|ReleaseNodes|ListHolds|ListCluster|UpdateCluster|DelistCluster|GetCalendar|GetCluster|ListClusters|GetClusterSnapshot)"
INVENTORY_PUBLISHES="${C}Inventory:(OutageReported|OutageEnded|BookingNodesLost|BookingMoveAnswered|ClusterListed|ClusterUpdated|ClusterDelisted|NodesHeld|NodesUnavailable|HoldsAnswered|HoldConfirmed|HoldLost|ConfirmsAnswered|NodesReleased)"

BIDDING_ENDPOINTS='bids-decided|place-bid|place-bids|find-placement|get-bid|list-bids|cancel-bid|award-bid|award-bid-batch|list-awards'
BIDDING_CONSUMES="${C}Bidding:(PlaceBid|PlaceBids|FindPlacement|GetBid|ListBids|CancelBid|AwardBid|AwardBidBatch|ListAwards)|${C}Allocation:BidsDecided"
BIDDING_PUBLISHES="${C}Bidding:(BidPlaced|BidsPlaced|BidCancelled|BidExpired|BidsExpired|BidAwarded|BidAwardRefused|AwardsAnswered)"

ALLOCATION_ENDPOINTS='outage-reported|outage-ended|booking-nodes-lost|booking-move-answered|get-quote|get-plan|get-price-history|get-market-depth|get-booking|list-bookings|list-booking-records|cancel-booking|nodes-held|nodes-unavailable|holds-answered|hold-confirmed|hold-lost|confirms-answered|bid-awarded|bid-award-refused|awards-answered|bid-placed|bids-placed|bid-cancelled|bid-expired|bids-expired|cluster-listed|cluster-updated|cluster-delisted'
ALLOCATION_CONSUMES="${C}Allocation:(GetQuote|GetPlan|GetPriceHistory|GetMarketDepth|GetBooking|ListBookings|ListBookingRecords|CancelBooking)|${C}Inventory:(OutageReported|OutageEnded|BookingNodesLost|BookingMoveAnswered|NodesHeld|NodesUnavailable|HoldsAnswered|HoldConfirmed|HoldLost|ConfirmsAnswered|ClusterListed|ClusterUpdated|ClusterDelisted)|${C}Bidding:(BidAwarded|BidAwardRefused|AwardsAnswered|BidPlaced|BidsPlaced|BidCancelled|BidExpired|BidsExpired)"
ALLOCATION_PUBLISHES="${C}Allocation:(BookingMoved|BookingCredited|BookingConfirmed|BookingsConfirmed|BookingCancelled|BidsDecided)"
ALLOCATION_REQUESTS="${C}Inventory:GetClusterSnapshot"
ALLOCATION_SENDS='move-booking|hold-nodes|hold-nodes-batch|confirm-hold|confirm-hold-batch|release-nodes|award-bid|award-bid-batch'

SETTLEMENT_ENDPOINTS='outage-credit|outage-move-payout|list-ledger-entries|get-balance|report-usage|list-usage-reports|get-usage-report|start-reconciliation|get-reconciliation|list-reconciliations|resolve-discrepancy|booking-confirmed|bookings-confirmed|booking-cancelled'
SETTLEMENT_CONSUMES="${C}Settlement:(ListLedgerEntries|GetBalance|ReportUsage|ListUsageReports|GetUsageReport|StartReconciliation|GetReconciliation|ListReconciliations|ResolveDiscrepancy)|${C}Allocation:(BookingMoved|BookingCredited|BookingConfirmed|BookingsConfirmed|BookingCancelled)"
SETTLEMENT_REQUESTS="${C}Allocation:(CancelBooking|GetBooking|ListBookingRecords)|${C}Inventory:ListHolds|${C}Bidding:ListAwards"
SETTLEMENT_SENDS='release-nodes'
SETTLEMENT_PUBLISHES="${C}Settlement:(ReconciliationCompleted|DiscrepancyFound)"

# Notifications consumes facts under notify-… endpoints of its own (never sharing another service's queue) and answers
# the gateway; it publishes nothing.
NOTIFICATIONS_ENDPOINTS='list-events|create-webhook|list-webhooks|delete-webhook|list-webhook-deliveries|notify-awards-answered|notify-bid-awarded|notify-bid-expired|notify-bids-expired|notify-booking-confirmed|notify-bookings-confirmed|notify-booking-cancelled|notify-booking-moved|notify-booking-credited|notify-reconciliation-completed|notify-discrepancy-found'
NOTIFICATIONS_CONSUMES="${C}Notifications:(ListEvents|CreateWebhook|ListWebhooks|DeleteWebhook|ListWebhookDeliveries)|${C}Bidding:(AwardsAnswered|BidAwarded|BidExpired|BidsExpired)|${C}Allocation:(BookingConfirmed|BookingsConfirmed|BookingCancelled|BookingMoved|BookingCredited)|${C}Settlement:(ReconciliationCompleted|DiscrepancyFound)"

GATEWAY_REQUESTS="${C}Inventory:(ReportOutage|ListOutages|EndOutage|ListCluster|GetCluster|ListClusters|UpdateCluster|DelistCluster|GetCalendar)|${C}Bidding:(PlaceBid|PlaceBids|FindPlacement|GetBid|ListBids|CancelBid)|${C}Allocation:(GetQuote|GetPlan|GetPriceHistory|GetMarketDepth|GetBooking|ListBookings|CancelBooking)|${C}Settlement:(ListLedgerEntries|GetBalance|ReportUsage|ListUsageReports|GetUsageReport|StartReconciliation|GetReconciliation|ListReconciliations|ResolveDiscrepancy)|${C}Notifications:(ListEvents|CreateWebhook|ListWebhooks|DeleteWebhook|ListWebhookDeliveries)"

# Whose reply queues each service answers into (the requesters of what it consumes).
INVENTORY_ANSWERS='(gateway|allocation|settlement)-bus-.*'
BIDDING_ANSWERS='(gateway|settlement)-bus-.*'
ALLOCATION_ANSWERS='(gateway|settlement)-bus-.*'
SETTLEMENT_ANSWERS='gateway-bus-.*'
NOTIFICATIONS_ANSWERS='gateway-bus-.*'

# configure: everything the service declares; write: what it publishes or sends to, and binding destinations;
# read: what it consumes, and binding sources.
permissions() { # service configure write read
  printf '{"configure":"^(%s)$","write":"^(%s)$","read":"^(%s)$"}' "$2" "$3" "$4"
}

service_permissions() {
  case "$1" in
    gateway)
      permissions gateway \
        "$GATEWAY_REQUESTS|gateway-bus-.*" \
        "$GATEWAY_REQUESTS|gateway-bus-.*" \
        "gateway-bus-.*" ;;
    inventory)
      permissions inventory \
        "($INVENTORY_ENDPOINTS)$ENDPOINT_SUFFIX|$INVENTORY_CONSUMES|$INVENTORY_PUBLISHES|inventory-bus-.*|$INVENTORY_ANSWERS|$FAULTS" \
        "($INVENTORY_ENDPOINTS)$ENDPOINT_SUFFIX|$INVENTORY_PUBLISHES|inventory-bus-.*|$INVENTORY_ANSWERS|$FAULTS" \
        "($INVENTORY_ENDPOINTS)$ENDPOINT_SUFFIX|$INVENTORY_CONSUMES|inventory-bus-.*|$FAULTS" ;;
    bidding)
      permissions bidding \
        "($BIDDING_ENDPOINTS)$ENDPOINT_SUFFIX|$BIDDING_CONSUMES|$BIDDING_PUBLISHES|bidding-bus-.*|$BIDDING_ANSWERS|$FAULTS" \
        "($BIDDING_ENDPOINTS)$ENDPOINT_SUFFIX|$BIDDING_PUBLISHES|bidding-bus-.*|$BIDDING_ANSWERS|$FAULTS" \
        "($BIDDING_ENDPOINTS)$ENDPOINT_SUFFIX|$BIDDING_CONSUMES|bidding-bus-.*|$FAULTS" ;;
    allocation)
      permissions allocation \
        "($ALLOCATION_ENDPOINTS)$ENDPOINT_SUFFIX|$ALLOCATION_CONSUMES|$ALLOCATION_PUBLISHES|$ALLOCATION_REQUESTS|$ALLOCATION_SENDS|allocation-bus-.*|$ALLOCATION_ANSWERS|$FAULTS" \
        "($ALLOCATION_ENDPOINTS)$ENDPOINT_SUFFIX|$ALLOCATION_PUBLISHES|$ALLOCATION_REQUESTS|$ALLOCATION_SENDS|allocation-bus-.*|$ALLOCATION_ANSWERS|$FAULTS" \
        "($ALLOCATION_ENDPOINTS)$ENDPOINT_SUFFIX|$ALLOCATION_CONSUMES|allocation-bus-.*|$FAULTS" ;;
    settlement)
      permissions settlement \
        "($SETTLEMENT_ENDPOINTS)$ENDPOINT_SUFFIX|$SETTLEMENT_CONSUMES|$SETTLEMENT_PUBLISHES|$SETTLEMENT_REQUESTS|$SETTLEMENT_SENDS|settlement-bus-.*|$SETTLEMENT_ANSWERS|$FAULTS" \
        "($SETTLEMENT_ENDPOINTS)$ENDPOINT_SUFFIX|$SETTLEMENT_PUBLISHES|$SETTLEMENT_REQUESTS|$SETTLEMENT_SENDS|settlement-bus-.*|$SETTLEMENT_ANSWERS|$FAULTS" \
        "($SETTLEMENT_ENDPOINTS)$ENDPOINT_SUFFIX|$SETTLEMENT_CONSUMES|settlement-bus-.*|$FAULTS" ;;
    notifications)
      permissions notifications \
        "($NOTIFICATIONS_ENDPOINTS)$ENDPOINT_SUFFIX|$NOTIFICATIONS_CONSUMES|notifications-bus-.*|$NOTIFICATIONS_ANSWERS|$FAULTS" \
        "($NOTIFICATIONS_ENDPOINTS)$ENDPOINT_SUFFIX|notifications-bus-.*|$NOTIFICATIONS_ANSWERS|$FAULTS" \
        "($NOTIFICATIONS_ENDPOINTS)$ENDPOINT_SUFFIX|$NOTIFICATIONS_CONSUMES|notifications-bus-.*|$FAULTS" ;;
  esac
}

password_of() {
  case "$1" in
    gateway) echo "${RABBITMQ_PASSWORD_GATEWAY:-marketplace-gateway}" ;;
    inventory) echo "${RABBITMQ_PASSWORD_INVENTORY:-marketplace-inventory}" ;;
    bidding) echo "${RABBITMQ_PASSWORD_BIDDING:-marketplace-bidding}" ;;
    allocation) echo "${RABBITMQ_PASSWORD_ALLOCATION:-marketplace-allocation}" ;;
    settlement) echo "${RABBITMQ_PASSWORD_SETTLEMENT:-marketplace-settlement}" ;;
    notifications) echo "${RABBITMQ_PASSWORD_NOTIFICATIONS:-marketplace-notifications}" ;;
  esac
}

# "/" is "%2F" in the management API's paths.
vhost_path=$(printf '%s' "$vhost" | sed 's|/|%2F|g')

if [ "${1:-}" = --print ]; then
  for service in gateway inventory bidding allocation settlement notifications; do echo "marketplace-$service $(service_permissions "$service")"; done
  exit 0
fi

for service in gateway inventory bidding allocation settlement notifications; do
  user="marketplace-$service"
  password=$(password_of "$service")
  # Passwords are expected to be JSON-safe (no quotes or backslashes): generate them with e.g. openssl rand -hex 24.
  curl -fsS -u "$admin" -X PUT -H 'content-type: application/json' \
    -d "{\"password\":\"$password\",\"tags\":\"\"}" "$api/api/users/$user" >/dev/null
  curl -fsS -u "$admin" -X PUT -H 'content-type: application/json' \
    -d "$(service_permissions "$service")" "$api/api/permissions/$vhost_path/$user" >/dev/null
  echo "RabbitMQ user $user: permissions on vhost $vhost set"
done
