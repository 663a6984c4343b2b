"""Anonymous endpoints under /v1/public: the page, sending a tip, following it with the receipt code."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from services.intake.api.deps import DepsDep, Uow
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
from shared.errors import NotFound
from shared.idempotency import IdempotencyKey

public = APIRouter(prefix="/v1/public", tags=["public"])
PUBLIC_PAGE = (Path(__file__).parent.parent / "static" / "public.html").read_text(encoding="utf-8")
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
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


@public.get("", response_class=HTMLResponse, include_in_schema=False)
async def public_page(d: DepsDep) -> HTMLResponse:
    """Trang gửi tin ẩn danh và tra cứu / the public page to report anonymously and follow a report."""
    return HTMLResponse(render_page(tuple(d.residential_groups.items())), headers=PAGE_HEADERS)


@public.get(
    "/residential-groups",
    response_model=list[ResidentialGroup],
    summary="Các tổ dân phố của phường / The ward's residential groups (code and name)",
)
async def residential_groups(d: DepsDep) -> Any:
    return [ResidentialGroup(code=code, name=name) for code, name in d.residential_groups.items()]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@public.post(
    "/tips",
    status_code=201,
    response_model=Receipt,
    summary="Gửi tin ẩn danh / Send an anonymous tip (no login)",
)
async def submit_public(
    body: PublicTipCreate, request: Request, uow: Uow, d: DepsDep, idempotency_key: IdempotencyKey = None
) -> Any:
    client = client_address(request)
    d.submit_limit.check(client)
    cmd = ReceiveTip(
        TipKind(body.kind),
        Channel.WEB_FORM,
        body.subject.type,
        body.residential_group,
        body.subject.establishment_id,
        private_details(body),
    )
    stored, _ = await use.submit_anonymous(uow, d, cmd, client, idempotency_key)
    if stored.body["receipt_code"] is None:
        stored.body["message"] = "Tin này đã được gửi trước đó. / This tip was already sent."
    return JSONResponse(Receipt(**stored.body).model_dump(), status_code=stored.status_code)


@public.post(
    "/receipts/status",
    response_model=PublicStatus,
    summary="Tra cứu tình trạng bằng mã biên nhận / Follow a tip with its receipt code",
)
async def receipt_status(body: ReceiptCode, request: Request, uow: Uow, d: DepsDep) -> Any:
    d.lookup_limit.check(client_address(request))
    status = await use.public_status(uow, d, body.code)
    if status is None:
        raise NotFound("Không có tin với mã này / no tip has this code")
    return status


@public.post(
    "/receipts/information",
    status_code=202,
    summary="Bổ sung thông tin bằng mã biên nhận / Add information with the receipt code",
)
async def receipt_information(body: ReceiptAddition, request: Request, uow: Uow, d: DepsDep) -> Any:
    d.lookup_limit.check(client_address(request))
    if not await use.add_information(uow, d, body.code, body.text):
        raise NotFound("Không có tin với mã này / no tip has this code")
    return {"message": "Đã nhận thông tin bổ sung. / Information received."}
