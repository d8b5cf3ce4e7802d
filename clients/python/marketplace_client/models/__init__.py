""" Contains all the data models used in inputs/outputs """

from .api_key_created import ApiKeyCreated
from .api_key_page import ApiKeyPage
from .api_key_view import ApiKeyView
from .balance_view import BalanceView
from .bid_decision import BidDecision
from .bid_page import BidPage
from .bid_terms import BidTerms
from .bid_view import BidView
from .bid_view_status import BidViewStatus
from .booking_change import BookingChange
from .booking_page import BookingPage
from .booking_view import BookingView
from .booking_view_status import BookingViewStatus
from .cluster_calendar import ClusterCalendar
from .cluster_page import ClusterPage
from .cluster_view import ClusterView
from .cluster_view_status import ClusterViewStatus
from .create_cluster_request import CreateClusterRequest
from .create_organization_request import CreateOrganizationRequest
from .create_organization_request_role import CreateOrganizationRequestRole
from .create_webhook_request import CreateWebhookRequest
from .created_organization import CreatedOrganization
from .created_organization_role import CreatedOrganizationRole
from .created_webhook import CreatedWebhook
from .delivery_attempt_page import DeliveryAttemptPage
from .delivery_attempt_view import DeliveryAttemptView
from .demand_level_view import DemandLevelView
from .discrepancy_view import DiscrepancyView
from .discrepancy_view_kind import DiscrepancyViewKind
from .discrepancy_view_status import DiscrepancyViewStatus
from .end_outage_request import EndOutageRequest
from .event_page import EventPage
from .event_view import EventView
from .get_market_prices_interval import GetMarketPricesInterval
from .gpu_model import GpuModel
from .hold_slot import HoldSlot
from .http_validation_problem_details import HttpValidationProblemDetails
from .http_validation_problem_details_errors import HttpValidationProblemDetailsErrors
from .interconnect import Interconnect
from .interconnect_kind import InterconnectKind
from .interconnect_request import InterconnectRequest
from .interconnect_request_kind import InterconnectRequestKind
from .interconnect_requirement import InterconnectRequirement
from .interconnect_requirement_kind import InterconnectRequirementKind
from .interconnect_requirement_request import InterconnectRequirementRequest
from .interconnect_requirement_request_kind import InterconnectRequirementRequestKind
from .ledger_entry_view import LedgerEntryView
from .ledger_entry_view_kind import LedgerEntryViewKind
from .ledger_page import LedgerPage
from .list_bids_status import ListBidsStatus
from .list_bookings_status import ListBookingsStatus
from .list_clusters_status import ListClustersStatus
from .market_depth_view import MarketDepthView
from .me import Me
from .me_role import MeRole
from .node_calendar import NodeCalendar
from .organization_page import OrganizationPage
from .organization_view import OrganizationView
from .organization_view_role import OrganizationViewRole
from .outage_effect import OutageEffect
from .outage_page import OutagePage
from .outage_slot import OutageSlot
from .outage_view import OutageView
from .place_bid_request import PlaceBidRequest
from .plan_option_view import PlanOptionView
from .plan_option_view_price_source import PlanOptionViewPriceSource
from .plan_request import PlanRequest
from .plan_view import PlanView
from .price_history_view import PriceHistoryView
from .price_history_view_interval import PriceHistoryViewInterval
from .price_point_view import PricePointView
from .problem_details import ProblemDetails
from .quote_alternative_view import QuoteAlternativeView
from .quote_alternative_view_change import QuoteAlternativeViewChange
from .quote_view import QuoteView
from .reconciliation_counts import ReconciliationCounts
from .reconciliation_page import ReconciliationPage
from .reconciliation_started import ReconciliationStarted
from .reconciliation_started_status import ReconciliationStartedStatus
from .reconciliation_summary import ReconciliationSummary
from .reconciliation_summary_status import ReconciliationSummaryStatus
from .reconciliation_view import ReconciliationView
from .reconciliation_view_status import ReconciliationViewStatus
from .report_outage_request import ReportOutageRequest
from .resolution_view import ResolutionView
from .resolution_view_action import ResolutionViewAction
from .resolve_discrepancy_request import ResolveDiscrepancyRequest
from .resolve_discrepancy_request_action import ResolveDiscrepancyRequestAction
from .start_reconciliation_request import StartReconciliationRequest
from .supply_level_view import SupplyLevelView
from .update_cluster_request import UpdateClusterRequest
from .usage_report_list import UsageReportList
from .usage_report_request import UsageReportRequest
from .usage_report_view import UsageReportView
from .webhook_list import WebhookList
from .webhook_view import WebhookView

__all__ = (
    "ApiKeyCreated",
    "ApiKeyPage",
    "ApiKeyView",
    "BalanceView",
    "BidDecision",
    "BidPage",
    "BidTerms",
    "BidView",
    "BidViewStatus",
    "BookingChange",
    "BookingPage",
    "BookingView",
    "BookingViewStatus",
    "ClusterCalendar",
    "ClusterPage",
    "ClusterView",
    "ClusterViewStatus",
    "CreateClusterRequest",
    "CreatedOrganization",
    "CreatedOrganizationRole",
    "CreatedWebhook",
    "CreateOrganizationRequest",
    "CreateOrganizationRequestRole",
    "CreateWebhookRequest",
    "DeliveryAttemptPage",
    "DeliveryAttemptView",
    "DemandLevelView",
    "DiscrepancyView",
    "DiscrepancyViewKind",
    "DiscrepancyViewStatus",
    "EndOutageRequest",
    "EventPage",
    "EventView",
    "GetMarketPricesInterval",
    "GpuModel",
    "HoldSlot",
    "HttpValidationProblemDetails",
    "HttpValidationProblemDetailsErrors",
    "Interconnect",
    "InterconnectKind",
    "InterconnectRequest",
    "InterconnectRequestKind",
    "InterconnectRequirement",
    "InterconnectRequirementKind",
    "InterconnectRequirementRequest",
    "InterconnectRequirementRequestKind",
    "LedgerEntryView",
    "LedgerEntryViewKind",
    "LedgerPage",
    "ListBidsStatus",
    "ListBookingsStatus",
    "ListClustersStatus",
    "MarketDepthView",
    "Me",
    "MeRole",
    "NodeCalendar",
    "OrganizationPage",
    "OrganizationView",
    "OrganizationViewRole",
    "OutageEffect",
    "OutagePage",
    "OutageSlot",
    "OutageView",
    "PlaceBidRequest",
    "PlanOptionView",
    "PlanOptionViewPriceSource",
    "PlanRequest",
    "PlanView",
    "PriceHistoryView",
    "PriceHistoryViewInterval",
    "PricePointView",
    "ProblemDetails",
    "QuoteAlternativeView",
    "QuoteAlternativeViewChange",
    "QuoteView",
    "ReconciliationCounts",
    "ReconciliationPage",
    "ReconciliationStarted",
    "ReconciliationStartedStatus",
    "ReconciliationSummary",
    "ReconciliationSummaryStatus",
    "ReconciliationView",
    "ReconciliationViewStatus",
    "ReportOutageRequest",
    "ResolutionView",
    "ResolutionViewAction",
    "ResolveDiscrepancyRequest",
    "ResolveDiscrepancyRequestAction",
    "StartReconciliationRequest",
    "SupplyLevelView",
    "UpdateClusterRequest",
    "UsageReportList",
    "UsageReportRequest",
    "UsageReportView",
    "WebhookList",
    "WebhookView",
)
