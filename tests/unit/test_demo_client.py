"""The demo's client through a service's restart: retries with one Idempotency-Key per logical call, a
bounded backoff and a clear error after its patience; a lost answer is replayed, not applied twice.

The service here is a stand-in behind httpx's transport that keeps its records by Idempotency-Key as
shared/idempotency.py does (the real ones are exercised by tests/fault/test_suite.py)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from shared.demo.client import Api, DemoError

URL = "http://intake.test"


class Service:
    """Creates a record per new key (replaying the first answer for a key seen before), and runs a
    transition once (409 after); ``faults`` says what each attempt meets before the service."""

    def __init__(self, faults: list[str] | None = None) -> None:
        self.faults = list(faults or [])
        self.records: dict[str, dict[str, str]] = {}
        self.keys: list[str | None] = []
        self.handled = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.keys.append(request.headers.get("Idempotency-Key"))
        fault = self.faults.pop(0) if self.faults else ""
        if fault == "refused":
            raise httpx.ConnectError("connection refused", request=request)
        if fault in ("503", "502", "504", "404"):
            return httpx.Response(int(fault), json={"status": int(fault)})
        response = self._serve(request)
        if fault == "lost":  # applied and committed; the process dies before it answers
            raise httpx.RemoteProtocolError("server disconnected without sending a response", request=request)
        return response

    def _serve(self, request: httpx.Request) -> httpx.Response:
        key = request.headers.get("Idempotency-Key") or ""
        if request.url.path == "/v1/tips":
            if key in self.records:
                return httpx.Response(201, json=self.records[key], headers={"Idempotent-Replayed": "true"})
            self.records[key] = {"id": f"tip-{len(self.records) + 1}"}
            return httpx.Response(201, json=self.records[key])
        if request.url.path == "/v1/tips/t1/handle":
            if self.handled:
                return httpx.Response(409, json={"title": "Conflict"})
            self.handled = True
            return httpx.Response(200, json={"id": "t1", "status": "handled"})
        if request.url.path == "/v1/tips/t1":
            return httpx.Response(200, json={"id": "t1", "status": "handled" if self.handled else "open"})
        return httpx.Response(422, json={"title": "Invalid"})


def api_for(service: Callable[[httpx.Request], httpx.Response], seed: int = 7, patience: float = 60) -> Api:
    api = Api({"intake": URL}, "lechan", seed=seed, patience=patience, transport=httpx.MockTransport(service))
    api.sleep = lambda _: None
    return api


def test_an_answer_lost_after_the_commit_is_replayed_with_the_same_key_not_applied_twice() -> None:
    service = Service(["lost", "refused", "503"])
    api = api_for(service)
    made = api.call("intake", "POST", "/v1/tips", json_body={"kind": "report"})
    assert made == {"id": "tip-1"}
    assert len(service.records) == 1, "one record for the logical call"
    assert len(service.keys) == 4 and len(set(service.keys)) == 1, service.keys
    assert (api.retries, api.lost) == (3, 1)
    api.call("intake", "POST", "/v1/tips", json_body={"kind": "report"})
    assert len(service.records) == 2 and service.keys[-1] != service.keys[0], "the next call, a new key"


def test_keys_follow_the_seed_and_the_calls_place_in_the_run() -> None:
    def keys(seed: int) -> list[str | None]:
        service = Service()
        api = api_for(service, seed=seed)
        for _ in range(3):
            api.call("intake", "POST", "/v1/tips", json_body={})
        return service.keys

    assert keys(7) == keys(7) == ["demo-7-1", "demo-7-2", "demo-7-3"]
    assert set(keys(8)).isdisjoint(keys(7))


def test_a_transition_applied_by_an_attempt_whose_answer_was_lost_is_read_back() -> None:
    service = Service(["lost"])
    api = api_for(service)
    done = api.call("intake", "POST", "/v1/tips/t1/handle", json_body={}, reread="/v1/tips/t1")
    assert done == {"id": "t1", "status": "handled"} and api.recovered == 1
    with pytest.raises(DemoError, match="409"):  # a conflict without a lost answer is a refusal
        api.call("intake", "POST", "/v1/tips/t1/handle", json_body={}, reread="/v1/tips/t1")


def test_a_not_found_the_call_waits_for_is_retried_until_the_event_has_arrived() -> None:
    service = Service(["404", "404"])
    api = api_for(service)
    assert api.call("intake", "POST", "/v1/tips", json_body={}, pending=(404,)) == {"id": "tip-1"}
    assert api.retries == 2 and len(set(service.keys)) == 1
    with pytest.raises(DemoError, match="404"):  # elsewhere a 404 is a refusal
        api_for(Service(["404"])).call("intake", "POST", "/v1/tips", json_body={})


def test_a_refusal_is_not_retried() -> None:
    service = Service()
    api = api_for(service)
    with pytest.raises(DemoError, match="422"):
        api.call("intake", "POST", "/v1/unknown", json_body={})
    assert len(service.keys) == 1 and api.retries == 0


def test_a_service_that_stays_away_fails_clearly_after_the_patience_with_a_bounded_backoff() -> None:
    service = Service(["refused"] * 1000)
    api = api_for(service, patience=60)
    now = [0.0]
    delays: list[float] = []
    api.clock = lambda: now[0]

    def sleep(d: float) -> None:
        delays.append(d)
        now[0] += d

    api.sleep = sleep
    with pytest.raises(DemoError, match=r"cannot reach intake .* within 60s") as failed:
        api.call("intake", "POST", "/v1/tips", json_body={})
    assert "Traceback" not in str(failed.value) and "ConnectError" in str(failed.value)
    assert delays == sorted(delays) and max(delays) == 3.0 and delays[0] < 1
    assert sum(delays) <= 60 and len(service.keys) == len(delays) + 1 and len(set(service.keys)) == 1


def test_a_request_an_earlier_run_with_the_seed_made_is_refused_as_a_used_system() -> None:
    service = Service()
    first = api_for(service)
    first.call("intake", "POST", "/v1/tips", json_body={})
    again = api_for(service)  # the same seed on the same system: its first key is already taken
    with pytest.raises(DemoError, match="make clean"):
        again.call("intake", "POST", "/v1/tips", json_body={})
