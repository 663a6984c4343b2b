"""HTTP to the five services as the units' front ends call them, and the demo's JSON-lines log."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
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

    def write(self, action: str, **facts: Any) -> None:
        self.seq += 1
        line = {"seq": self.seq, "action": action, **facts}
        self._stream.write(json.dumps(line, ensure_ascii=False, default=str, sort_keys=True) + "\n")
        self._stream.flush()


class Api:
    """Clients per service; each call carries a token of the acting unit and roles."""

    def __init__(self, urls: dict[str, str], ward: str, timeout: float = 30.0) -> None:
        self.urls, self.ward = urls, ward
        self._secret = os.environ.get("PCMD_JWT_SECRET", DEV_JWT_SECRET)
        self._http = httpx.Client(timeout=timeout)
        self._tokens: dict[tuple[str, str, str], str] = {}
        self.calls = 0

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
    ) -> Any:
        headers = {"Idempotency-Key": str(uuid.uuid4())} if method == "POST" else {}
        if as_ is not None:
            headers["Authorization"] = f"Bearer {self.token(*as_)}"
        if content_type:
            headers["Content-Type"] = content_type
        url = self.urls[service] + path
        try:
            response = self._http.request(
                method, url, json=json_body, content=content, params=params, headers=headers
            )
        except httpx.HTTPError as exc:
            raise DemoError(
                f"không kết nối được dịch vụ {service} ({self.urls[service]}) / "
                f"cannot reach {service} at {self.urls[service]}: {exc.__class__.__name__}"
            ) from None
        self.calls += 1
        if response.status_code not in ok:
            raise DemoError(
                f"{service} từ chối / refused {method} {path}: {response.status_code} {response.text[:400]}"
            )
        if not response.content or not response.headers.get("content-type", "").startswith(
            ("application/json", "application/problem+json")
        ):
            return response.content
        return response.json()

    def ready(self, service: str) -> bool:
        try:
            return self._http.get(self.urls[service] + "/readyz", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False
