"""Anonymous endpoints under /v1/public: the page, sending a tip, following it with the receipt code."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from services.intake.api.deps import DepsDep, Uow, uow_for
from services.intake.api.schemas import (
    PublicStatus,
    PublicTipCreate,
    Receipt,
    ReceiptAddition,
    ReceiptCode,
    ResidentialGroup,
    private_details,
)
from services.intake.domain import Channel, TipKind
from services.intake.handlers import public as use
from services.intake.handlers.commands import ReceiveTip
from services.intake.handlers.deps import IntakeDeps
from shared.errors import NotFound
from shared.idempotency import IdempotencyKey
from shared.ratelimit import client_network, keyed

public = APIRouter(prefix="/v1/public", tags=["public"])
PUBLIC_PAGE = (Path(__file__).parent.parent / "static" / "public.html").read_text(encoding="utf-8")


def inline_hashes(page: str, tag: str) -> str:
    """CSP sources allowing exactly the page's inline ``<tag>`` blocks, by their SHA-256."""
    blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.DOTALL)
    if not blocks:
        return "'none'"
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in blocks
    )


# No 'unsafe-inline': the page's one script and one style are allowed by their hashes, computed
# from the file at start-up (the residential groups are filled in outside them).
PAGE_HEADERS = {
    "Content-Security-Policy": f"default-src 'none'; script-src {inline_hashes(PUBLIC_PAGE, 'script')}; "
    f"style-src {inline_hashes(PUBLIC_PAGE, 'style')}; connect-src 'self'; img-src 'self'; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


GROUP_OPTIONS = "<!-- residential groups -->"


@lru_cache(maxsize=4)
def render_page(groups: tuple[tuple[str, str], ...]) -> str:
    """The page with the ward's residential groups offered by name (escaped; rendered once)."""
    options = "\n".join(
        f'    <option value="{escape(code)}">{escape(name)}</option>' for code, name in groups
    )
    return PUBLIC_PAGE.replace(GROUP_OPTIONS, options)


def ward_of(request: Request, d: IntakeDeps, asked: str | None) -> str:
    """The ward an anonymous request is for (its host name, or the ward it names); 422 if unknown."""
    return use.resolve_ward(
        d, request.app.state.runtime.settings.ward, request.headers.get("host", ""), asked
    )


def groups_of(request: Request, d: IntakeDeps, ward: str) -> dict[str, str]:
    return use.served_wards(d, request.app.state.runtime.settings.ward)[ward]


WardQuery = Query(None, pattern=r"^[a-z0-9_]{2,32}$", description="the ward (default: by host name)")


@public.get("", response_class=HTMLResponse, include_in_schema=False)
async def public_page(request: Request, d: DepsDep, ward: str | None = WardQuery) -> HTMLResponse:
    """Trang gửi tin ẩn danh và tra cứu / the public page to report anonymously and follow a report."""
    try:
        chosen = ward_of(request, d, ward)
    except use.UnknownWard as exc:
        raise NotFound(str(exc)) from None
    return HTMLResponse(render_page(tuple(groups_of(request, d, chosen).items())), headers=PAGE_HEADERS)


@public.get(
    "/residential-groups",
    response_model=list[ResidentialGroup],
    summary="Các tổ dân phố của phường / The ward's residential groups (code and name)",
)
async def residential_groups(request: Request, d: DepsDep, ward: str | None = WardQuery) -> Any:
    groups = groups_of(request, d, ward_of(request, d, ward))
    return [ResidentialGroup(code=code, name=name) for code, name in groups.items()]


def client_address(request: Request, d: IntakeDeps) -> str:
    """A keyed hash of the caller's network (X-Forwarded-For believed only from trusted proxies)."""
    peer = request.client.host if request.client else None
    network = client_network(peer, request.headers.getlist("x-forwarded-for"), d.trusted_proxies)
    return keyed(network, d.receipt_keys.derived("rate-limit"))


@public.post(
    "/tips",
    status_code=201,
    response_model=Receipt,
    summary="Gửi tin ẩn danh / Send an anonymous tip (no login)",
)
async def submit_public(
    body: PublicTipCreate, request: Request, d: DepsDep, idempotency_key: IdempotencyKey = None
) -> Any:
    await d.submit_limit.hit(client_address(request, d))
    uow = uow_for(request, ward_of(request, d, body.ward))
    cmd = ReceiveTip(
        TipKind(body.kind),
        Channel.WEB_FORM,
        body.subject.type,
        body.residential_group,
        body.subject.establishment_id,
        private_details(body),
    )
    stored, replayed = await use.submit_anonymous(uow, d, cmd, idempotency_key)
    if replayed:
        stored.body["message"] = (
            "Tin này đã được gửi trước đó. / This tip was already sent."
            if stored.body["receipt_code"] is None
            else "Tin này đã được nhận trước đó; đây là mã biên nhận của tin. / This tip was received "
            "before; this is its receipt code."
        )
    return JSONResponse(Receipt(**stored.body).model_dump(), status_code=stored.status_code)


@public.post(
    "/receipts/status",
    response_model=PublicStatus,
    summary="Tra cứu tình trạng bằng mã biên nhận / Follow a tip with its receipt code",
)
async def receipt_status(body: ReceiptCode, request: Request, uow: Uow, d: DepsDep) -> Any:
    await d.lookup_limit.hit(client_address(request, d))
    status = await use.public_status(uow, d, body.code)
    if status is None:
        raise NotFound("Không có tin với mã này / no tip has this code")
    return status


@public.post(
    "/receipts/information",
    status_code=202,
    summary="Bổ sung thông tin bằng mã biên nhận / Add information with the receipt code",
    description=(
        "Gửi lại cùng `Idempotency-Key` thì nhận lại câu trả lời đầu, không lưu thêm; cùng nội dung cho "
        "cùng tin trong vòng 10 phút chỉ được lưu một lần. / A retry with the same `Idempotency-Key` "
        "gets the first answer (`Idempotent-Replayed: true`) and stores nothing; the key with another "
        "text is refused (422). With or without a key, the same text for the same tip within about "
        "10 minutes (at most 20) is stored once: it is compared through a keyed hash, never kept in "
        "clear outside its encrypted field."
    ),
)
async def receipt_information(
    body: ReceiptAddition,
    request: Request,
    uow: Uow,
    d: DepsDep,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    await d.lookup_limit.hit(client_address(request, d))
    added = await use.add_information(uow, d, body.code, body.text, idempotency_key)
    if added is None:
        raise NotFound("Không có tin với mã này / no tip has this code")
    stored, replayed = added
    return stored.response(replayed)
