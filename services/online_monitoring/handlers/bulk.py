"""A batch of reports (an external crawler's output, a patrol's list): NDJSON or a JSON array of up
to 10,000 entries. Every line is checked on its own; a broken line is reported with its number and
why, the good ones are taken. Lines with the same content, within the batch or with an existing item,
fold into reports of one item. Nothing is fetched from the URLs. A dry run checks and counts, and
changes nothing. A batch written with an ``Idempotency-Key`` is written once: its retry gets the
first report back."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from services.online_monitoring.domain.item import Content, Item, Report, ReportSource
from services.online_monitoring.domain.kinds import ContentSpace, Platform
from services.online_monitoring.domain.urls import InvalidUrl, canonicalise
from services.online_monitoring.handlers.deps import OnlineMonitoringDeps
from services.online_monitoring.repository import OnlineMonitoringUnitOfWork
from shared.auth import Principal
from shared.idempotency import StoredResponse, request_fingerprint

FIELDS = frozenset({"url", "platform", "space", "source", "text", "establishment_id"})
MAX_TEXT = 5000
NOT_IN_BATCH = frozenset({ReportSource.TIP})  # a tip's item is reported one by one, from the tip


NOT_JSON = object()  # what a line that does not decode becomes


class UnreadableBatch(ValueError):
    """The body is neither NDJSON nor a JSON array of objects, or it is too long."""


@dataclass(frozen=True)
class Line:
    number: int
    content: Content
    source: ReportSource
    text: str
    establishment_id: uuid.UUID | None


def parse(data: bytes, *, ndjson: bool, limit: int) -> list[tuple[int, Any]]:
    """(line number, decoded value) for every entry; a line that is not JSON decodes to ``NOT_JSON``."""
    try:
        body = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableBatch("Tệp không phải UTF-8. / The body is not UTF-8.") from exc
    entries: list[tuple[int, Any]] = []
    if ndjson:
        for n, raw in enumerate(body.splitlines(), start=1):
            if raw.strip():
                try:
                    entries.append((n, json.loads(raw)))
                except json.JSONDecodeError:
                    entries.append((n, NOT_JSON))
    else:
        try:
            values = json.loads(body)
        except json.JSONDecodeError as exc:
            raise UnreadableBatch(f"JSON không hợp lệ: {exc.msg}. / Invalid JSON: {exc.msg}.") from exc
        if not isinstance(values, list):
            raise UnreadableBatch("Cần một mảng JSON. / Send a JSON array.")
        entries = list(enumerate(values, start=1))
    if not entries:
        raise UnreadableBatch("Lô trống. / The batch is empty.")
    if len(entries) > limit:
        raise UnreadableBatch(f"Lô quá {limit} mục. / The batch has more than {limit} entries.")
    return entries


def _enum(kind: type[Any], value: Any, name: str, errors: list[dict[str, str]]) -> Any:
    try:
        return kind(value)
    except ValueError:
        errors.append(
            {"field": name, "reason": f"invalid_{name}", "detail": f"'{value}' không hợp lệ / invalid"}
        )
        return None


def check(number: int, value: Any, default: ReportSource) -> tuple[Line | None, list[dict[str, str]]]:
    """One entry checked: the line, or what is wrong with it (every problem, not only the first)."""
    if value is NOT_JSON:
        return None, [{"field": "", "reason": "not_json", "detail": "Không phải JSON / not JSON"}]
    if not isinstance(value, dict):
        return None, [
            {
                "field": "",
                "reason": "not_an_object",
                "detail": "Không phải đối tượng JSON / not a JSON object",
            }
        ]
    errors: list[dict[str, str]] = [
        {"field": k, "reason": "unknown_field", "detail": "Trường không hỗ trợ / unknown field"}
        for k in value
        if k not in FIELDS
    ]
    url = value.get("url")
    found = None
    if not isinstance(url, str):
        errors.append({"field": "url", "reason": "missing", "detail": "Thiếu đường dẫn / the URL is missing"})
    else:
        try:
            found = canonicalise(url)
        except InvalidUrl as exc:
            errors.append({"field": "url", "reason": exc.reason, "detail": str(exc)})
    platform = _enum(Platform, value["platform"], "platform", errors) if "platform" in value else None
    space = _enum(ContentSpace, value.get("space", "other"), "space", errors)
    source = _enum(ReportSource, value.get("source", default), "source", errors)
    if source in NOT_IN_BATCH:
        errors.append(
            {
                "field": "source",
                "reason": "invalid_source",
                "detail": "Đơn báo nhập từng tin / report tips one by one",
            }
        )
    text = value.get("text", "")
    if not isinstance(text, str) or len(text) > MAX_TEXT or "\x00" in text:
        errors.append(
            {
                "field": "text",
                "reason": "invalid_text",
                "detail": f"Tối đa {MAX_TEXT} ký tự / at most {MAX_TEXT} characters",
            }
        )
    establishment = None
    if value.get("establishment_id") is not None:
        try:
            establishment = uuid.UUID(str(value["establishment_id"]))
        except ValueError:
            errors.append(
                {
                    "field": "establishment_id",
                    "reason": "invalid_establishment_id",
                    "detail": "Không phải UUID / not a UUID",
                }
            )
    if errors or found is None:
        return None, errors
    content = Content(found.url, platform or found.platform, space, found.key, found.content_hash)
    return Line(number, content, source, text, establishment), []


def check_all(
    entries: list[tuple[int, Any]],
    default_source: ReportSource,
    on_progress: Callable[[str, int], None] | None = None,
) -> tuple[list[Line], list[dict[str, Any]]]:
    """Every entry checked: the good lines, and the broken ones with their number and faults."""
    good: list[Line] = []
    rejected: list[dict[str, Any]] = []
    for n, (number, value) in enumerate(entries, start=1):
        line, errors = check(number, value, default_source)
        if line is None:
            rejected.append({"line": number, "errors": errors})
        else:
            good.append(line)
        if on_progress and n % 1000 == 0:
            on_progress("checked", n)
    return good, rejected


def batch_fingerprint(data: bytes, *, ndjson: bool, source: ReportSource) -> str:
    """What identifies a batch for its Idempotency-Key: its bytes, their format and the default source
    (not how the answer is asked for, so a retry may ask for JSON what was streamed, or the reverse)."""
    digest = hashlib.sha256(data).hexdigest()
    return request_fingerprint({"body": digest, "ndjson": ndjson, "source": source.value})


async def _apply(
    uow: OnlineMonitoringUnitOfWork, deps: OnlineMonitoringDeps, principal: Principal, good: list[Line]
) -> tuple[dict[str, int], dict[uuid.UUID, str], int]:
    """The good lines as reports, in the open transaction: counts, the texts to store, the items."""
    now = deps.clock()
    counts = {"created": 0, "added": 0, "reappeared": 0}
    items: dict[str, Item] = {}
    existing = await uow.items.by_keys(principal.ward, sorted({line.content.key for line in good}))
    texts: dict[uuid.UUID, str] = {}
    for line in good:
        report = Report(uuid.uuid4(), line.source, now, principal.unit, line.content.url)
        key = line.content.key
        item = items.get(key) or existing.get(key)
        if item is None:
            item = Item.report(
                uuid.uuid4(),
                ward=principal.ward,
                content=line.content,
                report=report,
                due_at=now + deps.handling,
                establishment_id=line.establishment_id,
            )
            uow.items.add(item)
            counts["created"] += 1
        else:
            counts["reappeared" if item.add_report(report, deps.handling) else "added"] += 1
        items[key] = item
        if line.text and item.id not in texts:
            texts[item.id] = line.text
    return counts, texts, len(items)


def _answer(
    entries: list[tuple[int, Any]],
    good: list[Line],
    rejected: list[dict[str, Any]],
    counts: dict[str, int],
    items: int,
    *,
    dry_run: bool,
) -> dict[str, Any]:
    return {
        "dry_run": dry_run,
        "lines": len(entries),
        "accepted": len(good),
        "rejected_count": len(rejected),
        "items": items,
        **counts,
        "rejected": rejected,
    }


async def import_batch_once(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    principal: Principal,
    entries: list[tuple[int, Any]],
    *,
    dry_run: bool,
    default_source: ReportSource = ReportSource.EXTERNAL_CRAWLER,
    on_progress: Callable[[str, int], None] | None = None,
    idempotency_key: str | None = None,
    fingerprint: str = "",
) -> tuple[StoredResponse, bool]:
    """Check every line, then (unless a dry run) write the good ones in one transaction, with the
    batch's Idempotency-Key when it has one: a retry of the same batch gets the first report back
    (``True``), checks and writes nothing, so it streams no progress; the key with another batch is
    refused (422). Two first runs of one key racing: the second waits on the key's row until the
    first commits, then replays it. A dry run writes nothing, so it neither uses nor claims the key.

    No deduplication by content beyond the item's key: lines of one content (within the batch or
    with an existing item) are reports of one item, as a report one by one is, and a report of
    content once removed reopens it; a retry is recognised by its key, not by its content."""
    if dry_run:
        good, rejected = check_all(entries, default_source, on_progress)
        async with uow:  # read only: rolled back on leaving
            counts, _, items = await _apply(uow, deps, principal, good)
        return StoredResponse(200, _answer(entries, good, rejected, counts, items, dry_run=True)), False
    checked: list[tuple[list[Line], list[dict[str, Any]]]] = []

    async def write() -> dict[str, Any]:
        # checked once the key is claimed (a replay checks nothing); no SQL before it without a key
        if not checked:
            checked.append(check_all(entries, default_source, on_progress))
        good, rejected = checked[0]
        counts, texts, items = await _apply(uow, deps, principal, good)
        await uow.items.flush()
        known = await uow.items.with_text(list(texts))
        await uow.items.set_texts({i: t for i, t in texts.items() if i not in known})
        return _answer(entries, good, rejected, counts, items, dry_run=False)

    for attempt in (1, 2):
        try:
            stored, replayed = await uow.create_once(
                caller=principal.key,
                key=idempotency_key,
                fingerprint=fingerprint,
                create=write,
                status_code=200,
            )
            break
        except IntegrityError:  # a first report of one of its contents committed meanwhile: run again
            if attempt == 2:
                raise
    if on_progress and not replayed:
        on_progress("written", len(checked[0][0]))
    return stored, replayed
