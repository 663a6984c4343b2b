"""case_support domain events → contract messages (``proto/pcmd/case_support/v1``).

**What leaves the service.** Ids, the reporting pseudonym, kinds, outcomes and dates; never the case
workers' client code, a name, a phone, a contact, a note or a fact given for the code. Every message's
``client_code`` field carries the *reporting pseudonym*: the HMAC of the client code under the
client's own random reporting key (``repository.ReportingKeys``), which reporting cannot reverse and
case support destroys at erasure, so the events already published no longer lead to anyone.

Each domain event is mapped here on purpose: personal fields changed, the plan and follow-ups are
ward-internal and map to none; an unknown event fails the commit. An erasure says only whole or partial
and why (``ClientErased``, never which fields). A service received by the client of a routed tip also
tells intake, by ``TipSupported`` (the tip id alone). Domain values travel as themselves: each of the
domain's enumerations has its values in the contract (``tests`` check it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from google.protobuf.message import Message

from services.case_support.domain.case import Case
from services.case_support.domain.consent import ConsentGranted, ConsentWithdrawn
from services.case_support.domain.kinds import ReferralOutcome
from services.case_support.domain.plan import FollowUpDone, FollowUpScheduled, PlanSet
from services.case_support.domain.records import (
    Closed,
    Enrolled,
    Erased,
    NeedsAssessed,
    PersonalChanged,
    Reopened,
    ServiceRecorded,
)
from services.case_support.domain.referral import Referral, ReferralMade, ReferralStep, Stepped
from shared.contracts.pcmd.case_support.v1 import events_pb2 as ev
from shared.contracts.values import enum_name, local_midnight
from shared.uow import UnmappedEvent

INTERNAL = (PersonalChanged, PlanSet, FollowUpScheduled, FollowUpDone)


def _lifecycle(event: Closed | Reopened | Erased, common: dict[str, Any]) -> Message:
    """Closure, reopening and erasure (whole or partial, never which fields)."""
    if isinstance(event, Closed):
        return ev.CaseClosed(**common, occurred_at=event.at, reason=enum_name("CLOSURE_REASON", event.reason))
    if isinstance(event, Reopened):
        return ev.CaseReopened(**common, occurred_at=event.at)
    scope = "ERASURE_SCOPE_WHOLE" if event.whole else "ERASURE_SCOPE_PARTIAL"
    reason = enum_name("ERASURE_REASON", event.reason)
    return ev.ClientErased(**common, occurred_at=event.at, scope=scope, reason=reason)


def _case(c: Case, event: Any, pseudonym: str) -> Iterable[Message]:
    common: dict[str, Any] = {"case_id": str(c.id), "ward": c.ward, "client_code": pseudonym}
    match event:
        case Enrolled():
            return [
                ev.ClientEnrolled(
                    **common, occurred_at=event.at, eligible=event.eligible, has_needs=event.has_needs,
                    source=enum_name("ENROLMENT_SOURCE", c.source),
                    source_tip_id=str(c.source_tip_id or ""),
                )
            ]  # fmt: skip
        case NeedsAssessed(assessment=a):
            return [
                ev.NeedsAssessed(
                    **common, occurred_at=a.at, assessment_id=str(a.id),
                    needs=[enum_name("NEED_KIND", n) for n in a.needs], eligible=a.eligible,
                    has_needs=a.has_needs,
                )
            ]  # fmt: skip
        case ServiceRecorded(record=r):
            out: list[Message] = [
                ev.ServiceReceived(
                    service_record_id=str(r.id), **common, occurred_at=r.at,
                    service_kind=enum_name("SERVICE_KIND", r.kind),
                    service_category=enum_name("SERVICE_CATEGORY", r.category),
                    provider_id=r.provider_id, provider_kind=enum_name("PROVIDER_KIND", r.provider_kind),
                    referral_id=str(r.referral_id or ""), received_at=local_midnight(r.received_on),
                )
            ]  # fmt: skip
            if c.source_tip_id is not None:  # intake learns only that the tip's person was supported
                out.append(ev.TipSupported(source_tip_id=str(c.source_tip_id), ward=c.ward, occurred_at=r.at))
            return out
        case Closed() | Reopened() | Erased():
            return [_lifecycle(event, common)]
        case ConsentGranted() | ConsentWithdrawn():
            message = ev.ConsentGranted if isinstance(event, ConsentGranted) else ev.ConsentWithdrawn
            purpose = enum_name("CONSENT_PURPOSE", event.purpose)
            return [message(**common, occurred_at=event.at, purpose=purpose, provider_id=event.provider_id)]
        case _ if isinstance(event, INTERNAL):
            return []
    raise UnmappedEvent(f"Case recorded {type(event).__name__}, which maps to nothing")


def _referral(r: Referral, event: Any, pseudonym: str, ward: str) -> Iterable[Message]:
    common: dict[str, Any] = {
        "referral_id": str(r.id), "ward": ward, "case_id": str(r.case_id), "client_code": pseudonym,
        "service_kind": enum_name("SERVICE_KIND", r.kind), "provider_id": r.provider_id,
    }  # fmt: skip
    match event:
        case ReferralMade():
            return [
                ev.ReferralMade(
                    **common, occurred_at=event.at,
                    service_category=enum_name("SERVICE_CATEGORY", r.category),
                    provider_kind=enum_name("PROVIDER_KIND", r.provider_kind),
                )
            ]  # fmt: skip
        case Stepped(step=ReferralStep.ACCEPT):
            return [ev.ReferralAccepted(**common, occurred_at=event.at)]
        case Stepped():
            outcome = enum_name("REFERRAL_OUTCOME", event.outcome or ReferralOutcome.OTHER)
            cancel = enum_name("REFERRAL_CANCEL_REASON", event.cancel_reason)
            return [
                ev.ReferralCompleted(**common, occurred_at=event.at, outcome=outcome, cancel_reason=cancel)
            ]
    raise UnmappedEvent(f"Referral recorded {type(event).__name__}, which maps to nothing")


def to_messages(aggregate: Any, event: Any, pseudonym: str, ward: str) -> Iterable[Message]:
    """The messages announcing ``event``; ``pseudonym`` is the client's reporting pseudonym."""
    if isinstance(aggregate, Case):
        return _case(aggregate, event, pseudonym)
    if isinstance(aggregate, Referral):
        return _referral(aggregate, event, pseudonym, ward)
    raise UnmappedEvent(f"{type(aggregate).__name__} recorded {type(event).__name__}, which maps to nothing")
