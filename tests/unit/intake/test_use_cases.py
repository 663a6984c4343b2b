"""Intake's use cases through the fake unit of work: what each one stores and which contract messages
its commit publishes, in order. Only the I/O is fake; the events are collected and mapped by the
real ``IntakeUnitOfWork.collect_messages`` and ``services.intake.events.to_messages``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import pytest

from services.intake.domain import (
    Action,
    Category,
    Channel,
    Outcome,
    RoutingTarget,
    Severity,
    SubjectType,
    TipKind,
    TipStatus,
    TransferDestination,
    TransitionNotAllowed,
    VerificationOutcome,
)
from services.intake.domain.deadlines import DeadlineRules
from services.intake.events import MAPPERS
from services.intake.handlers import public, tips
from services.intake.handlers.commands import (
    ClassifyTip,
    CloseByService,
    ExtendDeadline,
    HandleTip,
    MergeTip,
    PrivateDetails,
    ReceiveTip,
    ReopenTip,
    RouteTip,
    StartVerification,
    StepCommand,
    TransferTip,
    VerifyTip,
)
from services.intake.handlers.deps import IntakeDeps
from services.intake.repository import IntakeUnitOfWork, TipFilter
from shared.auth import Principal
from shared.idempotency import IdempotencyKeyReused
from shared.uow import UnitOfWork
from tests.unit.intake.fakes import FakeIntakeUnitOfWork

WARD = "lechan"
V1 = "pcmd.intake.v1."
START = dt.datetime(2026, 3, 10, 2, 30, tzinfo=dt.UTC)
OFFICER = Principal("officer-1", WARD, "ca", frozenset({"officer"}))
LEADER = Principal("leader-1", WARD, "ca", frozenset({"leader"}))
TIP = ReceiveTip(
    kind=TipKind.DENUNCIATION,
    channel=Channel.HOTLINE,
    subject_type=SubjectType.PLACE,
    residential_group="tdp-07",
    private=PrivateDetails(description="nửa đêm", reporter_name="Hoa", reporter_phone="0912 345 678"),
)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def deps(clock: Clock) -> IntakeDeps:
    return IntakeDeps(rules=DeadlineRules(), receipt_salt=b"unit-test-salt-0123", clock=clock)


@pytest.fixture
def uow() -> FakeIntakeUnitOfWork:
    return FakeIntakeUnitOfWork(ward=WARD)


def v1(*names: str) -> list[str]:
    return [V1 + n for n in names]


async def received(uow: FakeIntakeUnitOfWork, deps: IntakeDeps, cmd: ReceiveTip = TIP) -> uuid.UUID:
    stored, _ = await tips.receive_tip(uow, deps, cmd, OFFICER, None)
    return uuid.UUID(stored.body["id"])


async def step(uow: FakeIntakeUnitOfWork, deps: IntakeDeps, cmd: StepCommand) -> list[str]:
    """Take one step; the full names of the messages its commit published."""
    before = len(uow.published)
    await tips.take_step(uow, deps, cmd, OFFICER)
    return uow.names()[before:]


async def routed(uow: FakeIntakeUnitOfWork, deps: IntakeDeps, target: RoutingTarget) -> uuid.UUID:
    tip_id = await received(uow, deps)
    await step(uow, deps, StartVerification(tip_id))
    await step(uow, deps, VerifyTip(tip_id, VerificationOutcome.FOUNDED))
    await step(uow, deps, ClassifyTip(tip_id, Category.BROKERING, Severity.HIGH, "ca"))
    await step(uow, deps, RouteTip(tip_id, target, "unit-1"))
    return tip_id


def label(message: Any, field: str) -> str:
    """The name of an enum field's value (protobuf stores the number)."""
    enum = message.DESCRIPTOR.fields_by_name[field].enum_type
    return str(enum.values_by_number[getattr(message, field)].name)


def stored(uow: FakeIntakeUnitOfWork, tip_id: uuid.UUID) -> Any:
    return uow.tables["tips"][tip_id]


# ------------------------------------------------------------------------------- receiving


async def test_receiving_a_tip_stores_it_with_its_private_fields_and_publishes_tip_received(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    response, replayed = await tips.receive_tip(uow, deps, TIP, OFFICER, None)
    assert (response.status_code, replayed) == (201, False)
    assert uow.names() == v1("TipReceived")
    tip_id = uuid.UUID(response.body["id"])
    assert stored(uow, tip_id).status is TipStatus.RECEIVED and stored(uow, tip_id).ward == WARD
    message = uow.published[0]
    assert (message.tip_id, message.ward, message.receiving_unit_code) == (str(tip_id), WARD, "ca")
    fields = {r["field"]: r["value"] for r in uow.tables["private"] if r["tip_id"] == tip_id}
    assert fields["reporter_phone"] == "+84912345678" and fields["description"] == "nửa đêm"
    assert "nửa đêm" not in str(message) and "Hoa" not in str(message), "no free text in events"


async def test_a_retry_with_the_same_key_publishes_one_tip_received_and_replays_the_answer(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    first, replayed_first = await tips.receive_tip(uow, deps, TIP, OFFICER, "key-1")
    again, replayed_again = await tips.receive_tip(uow, deps, TIP, OFFICER, "key-1")
    assert (replayed_first, replayed_again) == (False, True)
    assert again.body == first.body
    assert uow.names() == v1("TipReceived")
    assert len(uow.tables["tips"]) == 1
    other = dataclasses.replace(TIP, residential_group="tdp-08")
    with pytest.raises(IdempotencyKeyReused):
        await tips.receive_tip(uow, deps, other, OFFICER, "key-1")
    assert uow.names() == v1("TipReceived") and len(uow.tables["tips"]) == 1


# ------------------------------------------------------------------- one step, its messages


async def test_starting_verification_is_internal_and_publishes_nothing(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    tip_id = await received(uow, deps)
    assert await step(uow, deps, StartVerification(tip_id)) == []
    assert stored(uow, tip_id).status is TipStatus.VERIFYING, "stored even without a message"
    assert uow.committed


async def test_verifying_founded_publishes_tip_verified(uow: FakeIntakeUnitOfWork, deps: IntakeDeps) -> None:
    tip_id = await received(uow, deps)
    await step(uow, deps, StartVerification(tip_id))
    assert await step(uow, deps, VerifyTip(tip_id, VerificationOutcome.FOUNDED)) == v1("TipVerified")
    assert label(uow.published[-1], "outcome") == "VERIFICATION_OUTCOME_FOUNDED"


async def test_verifying_unfounded_publishes_tip_verified_then_tip_handled(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    tip_id = await received(uow, deps)
    await step(uow, deps, StartVerification(tip_id))
    names = await step(uow, deps, VerifyTip(tip_id, VerificationOutcome.UNFOUNDED))
    assert names == v1("TipVerified", "TipHandled")
    assert label(uow.published[-1], "outcome") == "HANDLING_OUTCOME_UNFOUNDED"
    assert stored(uow, tip_id).status is TipStatus.UNFOUNDED


async def test_classify_route_and_handle_each_publish_their_message(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    tip_id = await received(uow, deps)
    await step(uow, deps, StartVerification(tip_id))
    await step(uow, deps, VerifyTip(tip_id, VerificationOutcome.FOUNDED))
    classify = ClassifyTip(tip_id, Category.BROKERING, Severity.HIGH, "ca")
    assert await step(uow, deps, classify) == v1("TipClassified")
    assert label(uow.published[-1], "category") == "TIP_CATEGORY_BROKERING"
    assert await step(uow, deps, RouteTip(tip_id, RoutingTarget.INSPECTION, "vhxh")) == v1("TipRouted")
    assert label(uow.published[-1], "target") == "ROUTING_TARGET_INSPECTION"
    handle = HandleTip(tip_id, Outcome.ADMINISTRATIVE_SANCTION)
    assert await step(uow, deps, handle) == v1("TipHandled")
    assert label(uow.published[-1], "outcome") == "HANDLING_OUTCOME_ADMINISTRATIVE_SANCTION"
    assert stored(uow, tip_id).status is TipStatus.HANDLED
    assert uow.names() == v1("TipReceived", "TipVerified", "TipClassified", "TipRouted", "TipHandled")


async def test_transfer_publishes_tip_transferred(uow: FakeIntakeUnitOfWork, deps: IntakeDeps) -> None:
    tip_id = await received(uow, deps)
    cmd = TransferTip(tip_id, TransferDestination.INVESTIGATING_BODY, "cqdt-1")
    assert await step(uow, deps, cmd) == v1("TipTransferred")
    assert label(uow.published[-1], "reason") == "TRANSFER_REASON_CRIMINAL_MATTER"


async def test_merge_publishes_tip_merged_for_the_duplicate_only(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    survivor = await received(uow, deps)
    duplicate = await received(uow, deps)
    assert await step(uow, deps, MergeTip(duplicate, survivor)) == v1("TipMerged")
    message = uow.published[-1]
    assert (message.tip_id, message.into_tip_id) == (str(duplicate), str(survivor))
    assert label(message, "reason") == "MERGE_REASON_DUPLICATE"
    assert stored(uow, survivor).status is TipStatus.RECEIVED


async def test_reopen_publishes_tip_reopened(uow: FakeIntakeUnitOfWork, deps: IntakeDeps) -> None:
    tip_id = await routed(uow, deps, RoutingTarget.POLICE_INVESTIGATION)
    await step(uow, deps, HandleTip(tip_id, Outcome.NO_PROCEEDINGS))
    assert await step(uow, deps, ReopenTip(tip_id)) == v1("TipReopened")
    message = uow.published[-1]
    assert label(message, "previous_outcome") == "HANDLING_OUTCOME_NO_PROCEEDINGS"
    assert label(message, "reason") == "REOPEN_REASON_NEW_INFORMATION"
    assert stored(uow, tip_id).status is TipStatus.VERIFYING


async def test_extend_publishes_tip_deadline_extended(uow: FakeIntakeUnitOfWork, deps: IntakeDeps) -> None:
    tip_id = await received(uow, deps)
    due = stored(uow, tip_id).due_at
    cmd = ExtendDeadline(tip_id, due + dt.timedelta(days=10), reason_code="awaiting_information")
    assert await step(uow, deps, cmd) == v1("TipDeadlineExtended")
    message = uow.published[-1]
    assert (
        message.extension_number == 1 and label(message, "reason") == "EXTENSION_REASON_AWAITING_INFORMATION"
    )
    assert stored(uow, tip_id).due_at == due + dt.timedelta(days=10)


def test_every_action_has_a_mapping() -> None:
    assert set(MAPPERS) == set(Action)


# ------------------------------------------------------------------------- refused steps


async def test_a_forbidden_step_raises_and_changes_and_publishes_nothing(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    tip_id = await received(uow, deps)
    before = stored(uow, tip_id)
    with pytest.raises(TransitionNotAllowed):
        await tips.take_step(uow, deps, RouteTip(tip_id, RoutingTarget.INSPECTION, "vhxh"), OFFICER)
    assert uow.names() == v1("TipReceived")
    assert stored(uow, tip_id) is before and before.status is TipStatus.RECEIVED
    assert not uow.committed


async def test_a_tip_of_another_ward_or_of_a_kind_the_unit_does_not_handle_is_not_found(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    tip_id = await received(uow, deps)
    elsewhere = dataclasses.replace(OFFICER, ward="other-ward")
    social = Principal("s-1", WARD, "vhxh", frozenset({"officer"}))
    for principal in (elsewhere, social):
        with pytest.raises(tips.TipNotFound):
            await tips.take_step(uow, deps, StartVerification(tip_id), principal)
        with pytest.raises(tips.TipNotFound):
            await tips.get_tip(uow, deps, tip_id, principal)
    assert uow.names() == v1("TipReceived")


async def test_leaving_the_unit_of_work_without_commit_discards_the_change_and_its_events(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    tip_id = await received(uow, deps)
    async with uow:
        tip = await uow.tips.get(tip_id, WARD)
        assert tip is not None
        tip.start_verification(tips.actor_of(OFFICER), deps.clock())
        await uow.audit.record(OFFICER, "read_private", "tip", str(tip_id))
    assert stored(uow, tip_id).status is TipStatus.RECEIVED
    assert uow.names() == v1("TipReceived") and uow.audit.records == []


# ------------------------------------------------------------ events from other services


async def test_close_by_service_handles_a_tip_routed_there_with_resolved_by(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    tip_id = await routed(uow, deps, RoutingTarget.INSPECTION)
    at = START + dt.timedelta(days=2)
    wrong = CloseByService(str(tip_id), WARD, Outcome.SUPPORT_PROVIDED, RoutingTarget.CASE_SUPPORT, at)
    right = CloseByService(str(tip_id), WARD, Outcome.NO_VIOLATION, RoutingTarget.INSPECTION, at)
    before = len(uow.published)
    async with uow:
        assert not await tips.close_by_service(uow, wrong)  # not routed to case support
        assert not await tips.close_by_service(uow, dataclasses.replace(right, ward="other-ward"))
        assert not await tips.close_by_service(uow, dataclasses.replace(right, tip_id="not-a-uuid"))
        await uow.commit()
    assert len(uow.published) == before
    async with uow:
        assert await tips.close_by_service(uow, right)
        await uow.commit()
    assert uow.names()[before:] == v1("TipHandled")
    message = uow.published[-1]
    assert label(message, "resolved_by") == "ROUTING_TARGET_INSPECTION" and message.unit_code == "system"
    assert label(message, "outcome") == "HANDLING_OUTCOME_NO_VIOLATION"
    async with uow:  # the same event again: already handled, nothing happens
        assert not await tips.close_by_service(uow, right)
        await uow.commit()
    assert uow.names()[before:] == v1("TipHandled")


async def test_deadlines_are_announced_once_per_deadline_value(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps, clock: Clock
) -> None:
    tip_id = await received(uow, deps)
    due = stored(uow, tip_id).due_at
    assert await tips.announce_deadlines(uow, deps) == 0
    clock.now = due - dt.timedelta(days=1)
    assert await tips.announce_deadlines(uow, deps) == 1
    assert await tips.announce_deadlines(uow, deps) == 0
    assert uow.names() == v1("TipReceived", "TipDeadlineApproaching")
    assert uow.published[-1].hours_remaining == 24
    clock.now = due + dt.timedelta(hours=1)
    assert await tips.announce_deadlines(uow, deps) == 1
    assert await tips.announce_deadlines(uow, deps) == 0
    assert uow.names() == v1("TipReceived", "TipDeadlineApproaching", "TipOverdue")
    assert stored(uow, tip_id).overdue_notified_due == due
    assert [s.action for s in stored(uow, tip_id).history] == [Action.RECEIVE], "notices are not steps"


async def test_a_new_deadline_value_is_announced_again(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps, clock: Clock
) -> None:
    tip_id = await received(uow, deps)
    due = stored(uow, tip_id).due_at
    clock.now = due - dt.timedelta(days=6)
    await step(uow, deps, ExtendDeadline(tip_id, due + dt.timedelta(days=10)))
    clock.now = due - dt.timedelta(days=1)
    assert await tips.announce_deadlines(uow, deps) == 0, "the extended deadline is further away"
    clock.now = due + dt.timedelta(days=9)
    assert await tips.announce_deadlines(uow, deps) == 1
    assert uow.names()[-1] == V1 + "TipDeadlineApproaching"


# ------------------------------------------------------------------------------- reading


async def test_reading_private_fields_is_audited_and_publishes_nothing(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    tip_id = await received(uow, deps)
    with pytest.raises(tips.ReasonRequired):  # the reporter's identity needs a stated reason
        await tips.read_private(uow, tip_id, LEADER, tips.REPORTER_FIELDS, reason="  ")
    assert uow.audit.records == []
    values = await tips.read_private(uow, tip_id, LEADER, tips.REPORTER_FIELDS, reason="gọi lại xác minh")
    assert {v["field"]: v["value"] for v in values} == {
        "reporter_name": "Hoa",
        "reporter_phone": "+84912345678",
    }
    assert uow.names() == v1("TipReceived")
    assert uow.audit.records == [
        {
            "actor": "ca:leader-1",
            "unit": "ca",
            "ward": WARD,
            "action": "read_private",
            "resource": "tip",
            "resource_id": str(tip_id),
            "fields": sorted(tips.REPORTER_FIELDS),
            "reason": "gọi lại xác minh",
        }
    ]


async def test_views_history_list_and_export(uow: FakeIntakeUnitOfWork, deps: IntakeDeps) -> None:
    tip_id = await received(uow, deps)
    await step(uow, deps, StartVerification(tip_id, reason="gọi lại"))
    view = await tips.get_tip(uow, deps, tip_id, OFFICER)
    assert (view["id"], view["status"], view["overdue"]) == (str(tip_id), "verifying", False)
    history = await tips.get_history(uow, tip_id, OFFICER, with_reasons=True)
    assert [h["action"] for h in history] == ["receive", "start_verification"]
    assert history[1]["reason"] == "gọi lại" and history[1]["actor"] == "ca:officer-1"
    page = await tips.list_tips(uow, deps, OFFICER, TipFilter(), page=1, size=10)
    assert (page["total"], [i["id"] for i in page["items"]]) == (1, [str(tip_id)])
    assert (
        await tips.list_tips(uow, deps, OFFICER, TipFilter(statuses=(TipStatus.ROUTED,)), page=1, size=10)
    )["total"] == 0
    social = Principal("s-1", WARD, "vhxh", frozenset({"officer"}))
    assert (await tips.list_tips(uow, deps, social, TipFilter(), page=1, size=10))["total"] == 0
    name, text = await tips.export_csv(uow, deps, OFFICER, TipFilter())
    assert name == "tin-bao-2026-03-10.csv" and text.startswith("\ufeff")
    assert str(tip_id) in text and "nửa đêm" not in text and "Hoa" not in text
    assert uow.names() == v1("TipReceived")
    # Every read, list and export of tips is audited: who, in which ward, which tips.
    audited = [(r["action"], r["resource_id"], r["fields"], r["ward"]) for r in uow.audit.records]
    assert audited == [
        ("read", str(tip_id), [], WARD),
        ("read_history", str(tip_id), ["reason"], WARD),  # the steps' reasons are personal data
        ("list", "1 of 1", [str(tip_id)], WARD),
        ("list", "0 of 0", [], WARD),
        ("list", "0 of 0", [], WARD),  # the social office's list: complaints only, none here
        ("export", "1 of 1", [str(tip_id)], WARD),
    ]


async def test_typed_reasons_are_given_and_audited_only_to_who_may_read_private_fields(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    tip_id = await received(uow, deps)
    await step(uow, deps, StartVerification(tip_id, reason="bà Hoa, số 5 hẻm 3"))
    shown = await tips.get_history(uow, tip_id, OFFICER, with_reasons=True)
    withheld = await tips.get_history(uow, tip_id, Principal("c-1", WARD, "ubnd", frozenset({"leader"})))
    assert shown[1]["reason"] == "bà Hoa, số 5 hẻm 3"
    assert [h["reason"] for h in withheld] == ["", ""], "by default, and for the ward leadership"
    assert {k: v for k, v in withheld[1].items() if k != "reason"} == {
        k: v for k, v in shown[1].items() if k != "reason"
    }
    audited = [(r["action"], r["unit"], r["fields"]) for r in uow.audit.records]
    assert audited == [("read_history", "ca", ["reason"]), ("read_history", "ubnd", [])]


async def test_no_event_carries_a_typed_reason(uow: FakeIntakeUnitOfWork, deps: IntakeDeps) -> None:
    secret = "ông Tư, 0987 654 321"
    duplicate = await received(uow, deps)
    survivor = await received(uow, deps)
    await step(uow, deps, MergeTip(duplicate, survivor, reason=secret))
    tip_id = await received(uow, deps)
    for cmd in (
        StartVerification(tip_id, reason=secret),
        VerifyTip(tip_id, VerificationOutcome.FOUNDED, reason=secret),
        ClassifyTip(tip_id, Category.BROKERING, Severity.HIGH, "ca", reason=secret),
        RouteTip(tip_id, RoutingTarget.POLICE_INVESTIGATION, "unit-1", reason=secret),
        HandleTip(tip_id, Outcome.NO_PROCEEDINGS, reason=secret),
        ReopenTip(tip_id, reason=secret),
        ExtendDeadline(tip_id, START + dt.timedelta(days=40), reason=secret),
        TransferTip(tip_id, TransferDestination.PROCURACY, "vks-1", reason=secret),
    ):
        await step(uow, deps, cmd)
    assert len(uow.published) >= 9 and all(s.reason == secret for s in stored(uow, tip_id).history[1:])
    assert not [m for m in uow.published if secret.encode() in m.SerializeToString()]


# ---------------------------------------------------------------------- the public form


async def test_an_anonymous_tip_gets_a_receipt_to_follow_it_and_add_information(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    cmd = dataclasses.replace(TIP, channel=Channel.WEB_FORM)
    response, replayed = await public.submit_anonymous(uow, deps, cmd, "k")
    assert (response.status_code, replayed) == (201, False)
    code = response.body["receipt_code"]
    assert uow.names() == v1("TipReceived") and uow.published[0].anonymous
    (tip_id,) = uow.tables["tips"]
    assert {r["field"] for r in uow.tables["private"]} == {"description"}, "no reporter identity kept"
    assert code not in str(uow.tables["receipts"])
    again, replayed = await public.submit_anonymous(uow, deps, cmd, "k")
    assert (again.status_code, again.body["receipt_code"], replayed) == (200, code, True)
    assert len(uow.tables["tips"]) == 1 and uow.names() == v1("TipReceived")

    status = await public.public_status(uow, deps, code.lower())
    assert status == {"status": "received", "received_on": "2026-03-10", "updated_on": "2026-03-10"}
    assert await public.public_status(uow, deps, "0000-0000-0000-0000") is None
    assert await public.add_information(uow, deps, code, "biển số 29A")
    assert not await public.add_information(uow, deps, "0000-0000-0000-0000", "x")
    added = [r for r in uow.tables["private"] if r["field"] == "additional_information"]
    assert [(r["tip_id"], r["value"], r["source"]) for r in added] == [(tip_id, "biển số 29A", "anonymous")]
    assert uow.names() == v1("TipReceived")


# --------------------------------------------- the unit of work does the emitting, not the use case


async def test_a_use_case_that_changes_a_tip_and_commits_publishes_its_event_without_emitting(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    """A hand-written use case with no emit call: the unit of work still publishes what the tip recorded."""
    tip_id = await received(uow, deps)

    async def transfer_without_emitting(u: IntakeUnitOfWork, tip_id: uuid.UUID) -> None:
        async with u:
            tip = await u.tips.get(tip_id, WARD, for_update=True)
            assert tip is not None
            tip.transfer(tips.actor_of(OFFICER), deps.clock(), TransferDestination.PROCURACY, "vks-1")
            await u.commit()

    await transfer_without_emitting(uow, tip_id)
    assert uow.names() == v1("TipReceived", "TipTransferred")
    assert stored(uow, tip_id).status is TipStatus.TRANSFERRED


async def test_an_event_with_no_mapping_fails_the_commit_and_publishes_nothing(
    uow: FakeIntakeUnitOfWork, deps: IntakeDeps
) -> None:
    tip_id = await received(uow, deps)

    class Unmapped:
        """A domain event nobody wrote a contract message for."""

    with pytest.raises(LookupError):  # shared.uow.UnmappedEvent (or a KeyError of the mapping)
        async with uow:
            tip = await uow.tips.get(tip_id, WARD)
            assert tip is not None
            tip.start_verification(tips.actor_of(OFFICER), deps.clock())
            tip.new.append(Unmapped())  # type: ignore[arg-type]
            await uow.commit()
    assert uow.names() == v1("TipReceived")
    assert stored(uow, tip_id).status is TipStatus.RECEIVED, "nothing of the failed commit is kept"


def test_the_fake_uses_the_real_collection_and_mapping() -> None:
    fake = FakeIntakeUnitOfWork()
    assert isinstance(fake, IntakeUnitOfWork)
    assert type(fake).collect_messages is UnitOfWork.collect_messages
    assert fake._to_messages is IntakeUnitOfWork(None, ward="w", cipher=None)._to_messages  # type: ignore[arg-type]
