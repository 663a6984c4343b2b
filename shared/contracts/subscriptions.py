"""Who consumes which events: consumer service -> producer service -> event type names.

This table is the contract between services (it also feeds the ``receive`` operations of the
AsyncAPI documents). The contract tests check that every name exists in the catalog and that
reporting consumes every event of every other service, so a new event must be added here.
"""

from __future__ import annotations

from typing import Final

_INTAKE = "pcmd.intake.v1."
_INSPECTION = "pcmd.inspection.v1."
_CASE_SUPPORT = "pcmd.case_support.v1."
_ONLINE = "pcmd.online_monitoring.v1."


def _names(prefix: str, *names: str) -> tuple[str, ...]:
    return tuple(prefix + name for name in names)


SUBSCRIPTIONS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    # Intake closes the "matter handled" loop: these events carry source_tip_id (case support's
    # TipSupported carries the tip id alone: intake learns nothing about the client).
    "intake": {
        "inspection": _names(_INSPECTION, "InspectionCompleted"),
        "online_monitoring": _names(_ONLINE, "ItemRemoved", "ItemEscalated", "ItemClosed"),
        "case_support": _names(_CASE_SUPPORT, "TipSupported"),
    },
    # The services a tip can be routed to pick up their work (inspection also counts the tips and the
    # online items that name an establishment: a signal for its risk score and for hotspots).
    "inspection": {
        "intake": _names(_INTAKE, "TipReceived", "TipRouted"),
        "online_monitoring": _names(_ONLINE, "ItemReported"),
    },
    "online_monitoring": {"intake": _names(_INTAKE, "TipRouted")},
    "case_support": {"intake": _names(_INTAKE, "TipRouted")},
    # Reporting builds its read models from every event of every other service.
    "reporting": {
        "intake": _names(
            _INTAKE,
            "TipReceived",
            "TipVerified",
            "TipClassified",
            "TipRouted",
            "TipDeadlineExtended",
            "TipHandled",
            "TipOverdue",
            "TipDeadlineApproaching",
            "TipTransferred",
            "TipMerged",
            "TipReopened",
        ),
        "inspection": _names(
            _INSPECTION,
            "EstablishmentRegistered",
            "EstablishmentReviewed",
            "EstablishmentClosed",
            "EstablishmentReopened",
            "InspectionPlanned",
            "InspectionCompleted",
            "ViolationRecorded",
            "SanctionImposed",
            "HotspotFlagged",
            "HotspotCleared",
        ),
        "case_support": _names(
            _CASE_SUPPORT,
            "ClientEnrolled",
            "NeedsAssessed",
            "ReferralMade",
            "ReferralAccepted",
            "ReferralCompleted",
            "ServiceReceived",
            "CaseClosed",
            "CaseReopened",
            "ClientErased",
            "ConsentGranted",
            "ConsentWithdrawn",
            "TipSupported",
        ),
        "online_monitoring": _names(
            _ONLINE,
            "ItemReported",
            "ItemClassified",
            "TakedownRequested",
            "ItemRemoved",
            "ItemReappeared",
            "ItemEscalated",
            "ItemClosed",
        ),
    },
}


def consumed_by(consumer: str) -> dict[str, tuple[str, ...]]:
    """Producer -> event types that ``consumer`` consumes (empty if it consumes nothing)."""
    return dict(SUBSCRIPTIONS.get(consumer, {}))


def consumers_of(event_type: str) -> tuple[str, ...]:
    """Services that consume ``event_type``, in table order."""
    return tuple(
        consumer
        for consumer, producers in SUBSCRIPTIONS.items()
        if any(event_type in names for names in producers.values())
    )
