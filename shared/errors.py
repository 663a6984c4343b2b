"""RFC 9457 problem details: one mapping from platform and domain errors to responses."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
TYPE_BASE = "https://pcmd.lechan.haiphong.gov.vn/problems/"


class Problem(Exception):
    """Base of every error that leaves a service as problem+json; subclasses fix status and type."""

    status: ClassVar[int] = 400
    type_slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Yêu cầu không hợp lệ / Bad request"

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def headers(self) -> dict[str, str]:
        """Response headers the problem needs (e.g. ``Retry-After``)."""
        return {}


class NotFound(Problem):
    status, type_slug, title = 404, "not-found", "Không tìm thấy / Not found"


class Conflict(Problem):
    status, type_slug, title = 409, "conflict", "Xung đột trạng thái / Conflict"


class Unauthorized(Problem):
    status, type_slug, title = 401, "unauthorized", "Chưa xác thực / Unauthorized"


class Forbidden(Problem):
    status, type_slug, title = 403, "forbidden", "Không có quyền / Forbidden"


class Unavailable(Problem):
    status, type_slug, title = 503, "unavailable", "Dịch vụ chưa sẵn sàng / Service unavailable"


def problem_response(status: int, type_slug: str, title: str, detail: str = "", **extra: Any) -> JSONResponse:
    body = {"type": TYPE_BASE + type_slug, "title": title, "status": status, "detail": detail, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


async def _on_problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    response = problem_response(exc.status, exc.type_slug, exc.title, exc.detail, **exc.extra)
    response.headers.update(exc.headers())
    return response


async def _on_validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    return problem_response(
        422,
        "validation",
        "Dữ liệu không hợp lệ / Invalid data",
        "The request does not match the schema.",
        errors=errors,
    )


async def _on_http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    response = problem_response(exc.status_code, f"http-{exc.status_code}", str(exc.detail), str(exc.detail))
    response.headers.update(exc.headers or {})  # e.g. Allow on a 405
    return response


def internal_error() -> JSONResponse:
    return problem_response(
        500, "internal", "Lỗi hệ thống / Internal error", "Lỗi đã được ghi lại. / The error has been logged."
    )


async def _on_unexpected(_: Request, __: Exception) -> JSONResponse:
    log.exception("unhandled error")
    return internal_error()


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)
