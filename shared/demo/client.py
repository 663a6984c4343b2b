"""HTTP to the five services as the units' front ends call them, and the demo's JSON-lines log."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import httpx

from shared.auth import mint_token
from shared.settings import DEV_JWT_SECRET

SERVICES = ("intake", "inspection", "case_support", "online_monitoring", "reporting")
DEFAULT_PORTS = {name: 8001 + i for i, name in enumerate(SERVICES)}


class DemoError(Exception):
    """A failure the command reports in one clear sentence (Vietnamese first), with a non-zero exit."""


def default_urls(state_dir: Path) -> dict[str, str]:
    """The launcher's URLs: its ports file when it ran with free ports, else 8001-8005."""
    ports = dict(DEFAULT_PORTS)
    path = state_dir / "ports.json"
    if path.exists():
        with contextlib.suppress(OSError, ValueError):
            ports.update(json.loads(path.read_text()).get("ports", {}))
    return {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}


class DemoLog:
    """One JSON object per line: what was done, its ids, dates and the facts the indicators read."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.seq = 0
        self.clock: Callable[[], dt.datetime] | None = None  # the demo's simulated time, once it runs

    def write(self, action: str, **facts: Any) -> None:
        self.seq += 1
        line = {"seq": self.seq, "action": action, **facts}
        if self.clock is not None:
            line["sim_at"] = self.clock()  # when it happened in the demo's year
        self._stream.write(json.dumps(line, ensure_ascii=False, default=str, sort_keys=True) + "\n")
        self._stream.flush()


RETRY_STATUS = (500, 502, 503, 504)  # a service restarting, its database or its broker away
LOST = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadTimeout, httpx.WriteTimeout)


class Api:
    """Clients per service; each call carries a token of the acting unit and roles.

    A call is retried through a service's restart (connection refused, a dropped connection, 5xx)
    with a bounded backoff until ``patience`` seconds have passed, then fails with a clear error. Each
    logical POST carries one Idempotency-Key for all its attempts, derived from the seed and the
    call's place in the run (``demo-<seed>-<n>``), so an attempt whose answer was lost after its
    commit is replayed by the service, not applied twice. A transition (no key on the server) that
    answers 409 after such an attempt had been applied: the call returns ``reread`` (a GET) or ``{}``.
    ``pending``: answers that mean "not yet" (what the call needs arrives by an event) and are retried.
    """

    def __init__(
        self,
        urls: dict[str, str],
        ward: str,
        timeout: float = 30.0,
        *,
        seed: int = 0,
        patience: float = 180.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.urls, self.ward, self.seed, self.patience = urls, ward, seed, patience
        self._secret = os.environ.get("PCMD_JWT_SECRET", DEV_JWT_SECRET)
        self._http = httpx.Client(timeout=timeout, transport=transport)
        self._tokens: dict[tuple[str, str, str], str] = {}
        self.calls = 0  # answered HTTP calls
        self.posts = 0  # logical POSTs: the n of their keys
        self.retries = 0  # attempts repeated after a transport error or a 5xx
        self.lost = 0  # attempts whose answer was lost after the request was sent
        self.recovered = 0  # transitions found applied (409) after a lost answer
        self.before_write: Callable[[], object] | None = None  # called before each logical POST
        self.sleep: Callable[[float], None] = time.sleep
        self.clock: Callable[[], float] = time.monotonic

    def close(self) -> None:
        self._http.close()

    def token(self, unit: str, roles: str, ward: str | None = None) -> str:
        key = (ward or self.ward, unit, roles)
        if key not in self._tokens:
            self._tokens[key] = mint_token(
                self._secret,
                sub=f"demo-{unit}",
                ward=key[0],
                unit=unit,
                roles=roles.split(","),
                ttl=dt.timedelta(hours=8),
                name="Demo",
                title="Chuyên viên",
            )
        return self._tokens[key]

    def idempotency_key(self) -> str:
        if self.before_write is not None:
            self.before_write()
        self.posts += 1
        return f"demo-{self.seed}-{self.posts}"

    def call(
        self,
        service: str,
        method: str,
        path: str,
        as_: tuple[str, str] | None = ("vhxh", "officer"),
        *,
        json_body: Any = None,
        content: bytes | None = None,
        content_type: str | None = None,
        params: dict[str, Any] | None = None,
        ok: tuple[int, ...] = (200, 201, 202),
        reread: str | None = None,
        pending: tuple[int, ...] = (),
    ) -> Any:
        headers = {"Idempotency-Key": self.idempotency_key()} if method == "POST" else {}
        if as_ is not None:
            headers["Authorization"] = f"Bearer {self.token(*as_)}"
        if content_type:
            headers["Content-Type"] = content_type
        url = self.urls[service] + path
        deadline = self.clock() + self.patience
        delay, lost, attempt = 0.2, False, 0
        while True:
            attempt += 1
            failure = ""
            try:
                response = self._http.request(
                    method, url, json=json_body, content=content, params=params, headers=headers
                )
            except httpx.HTTPError as exc:
                if isinstance(exc, LOST):
                    lost = True
                    self.lost += 1
                failure = exc.__class__.__name__
            else:
                self.calls += 1
                if response.status_code in RETRY_STATUS or response.status_code in pending:
                    lost = lost or response.status_code == 500
                    failure = f"HTTP {response.status_code}"
                elif response.status_code in ok:
                    if attempt == 1 and response.headers.get("Idempotent-Replayed") == "true":
                        raise DemoError(
                            f"{service} đã nhận yêu cầu này ở lần chạy trước (seed {self.seed}); cần hệ "
                            f"thống mới (`make clean`) / {service} already took this request in an earlier "
                            f"run with seed {self.seed}: the demo fills a fresh system (`make clean` first)"
                        )
                    return _body(response)
                elif lost and method == "POST" and response.status_code == 409:
                    self.recovered += 1  # an attempt whose answer was lost moved the state already
                    return self.call(service, "GET", reread, as_) if reread else {}
                else:
                    raise DemoError(
                        f"{service} từ chối / refused {method} {path}: "
                        f"{response.status_code} {response.text[:400]}"
                    )
            if self.clock() + delay > deadline:
                raise DemoError(
                    f"không kết nối được dịch vụ {service} ({self.urls[service]}) sau {self.patience:.0f}s / "
                    f"cannot reach {service} at {self.urls[service]} within {self.patience:.0f}s "
                    f"({attempt} attempts, last: {failure})"
                )
            self.retries += 1
            self.sleep(delay)
            delay = min(delay * 2, 3.0)

    def ready(self, service: str) -> bool:
        try:
            return self._http.get(self.urls[service] + "/readyz", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False


def _body(response: httpx.Response) -> Any:
    if not response.content or not response.headers.get("content-type", "").startswith(
        ("application/json", "application/problem+json")
    ):
        return response.content
    return response.json()
