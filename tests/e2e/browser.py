"""Headless Chromium driven over the DevTools protocol, shared by the browser tests.

One browser process per test, one isolated browser context per page. A page can be navigated,
typed into, clicked, pressed keys in, read (``evaluate``), photographed, have its requests answered
by the test (``intercept``), and be checked by axe-core (``axe``), the vendored build in
``tests/e2e/vendor/axe-core``.

Needs Debian's ``chromium``. Without it (or without the axe-core file) the browser tests are skipped
with the reason, unless ``PCMD_REQUIRE_BROWSER=1`` (set by ``.ci/run``) says they must run: then the
missing piece fails them.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import itertools
import json
import os
import shutil
import signal
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest
import uvicorn

from tests.integration.harness import eventually

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
# WCAG 2.1 A and AA, plus axe's best practices: what both pages must pass.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")
REQUIRE_VARIABLE = "PCMD_REQUIRE_BROWSER"
START_SECONDS = 30
CALL_SECONDS = 30


# ---------------------------------------------------------------- what the tests need


def _missing(reason: str) -> None:
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{reason} ({REQUIRE_VARIABLE}=1: the browser tests must run here)", pytrace=False)
    pytest.skip(f"browser test skipped: {reason}; set {REQUIRE_VARIABLE}=1 to make this a failure")


def chromium_or_skip() -> str:
    """The browser to drive: skips the test without one, or fails it when the browser is required."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None
    )
    if not found:
        _missing("Chromium not found (install Debian's `chromium` package, as .ci/run does)")
    assert found is not None
    return found


def axe_source_or_skip() -> str:
    """axe-core's script, checked against the hash of the vendored version."""
    if not AXE.is_file():
        _missing(f"axe-core {AXE_VERSION} not found at {AXE.relative_to(AXE.parents[3])}")
    data = AXE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == AXE_SHA256, f"{AXE.name} is not axe-core {AXE_VERSION} (sha256 {digest})"
    return data.decode("utf-8")


# ---------------------------------------------------------------- the service the browser talks to


@dataclass
class Service:
    url: str
    requests: list[str] = field(default_factory=list)  # every path and query the server received


@contextlib.asynccontextmanager
async def serve(app: Any) -> AsyncIterator[Service]:
    """A real service app under uvicorn on a free port of 127.0.0.1, lifespan included, until ready."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # the port is ours from here on: no race with another process
    service = Service(f"http://127.0.0.1:{sock.getsockname()[1]}")

    async def recording(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            service.requests.append(f"{scope['path']}?{scope['query_string'].decode('latin-1')}")
        await app(scope, receive, send)

    server = uvicorn.Server(uvicorn.Config(recording, lifespan="on", log_level="warning", access_log=False))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with httpx.AsyncClient(base_url=service.url, timeout=5) as client:

            async def ready() -> bool:
                if task.done():
                    task.result()  # start-up failed: raise its error here
                with contextlib.suppress(httpx.TransportError):
                    return (await client.get("/readyz")).status_code == 200
                return False

            await eventually(ready, timeout=60, interval=0.2)
        yield service
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=30)
        sock.close()


# ---------------------------------------------------------------- the browser


class BrowserError(AssertionError):
    pass


@dataclass
class Chromium:
    """A running headless Chromium and its DevTools WebSocket (browser-level, flat sessions)."""

    ws: aiohttp.ClientWebSocketResponse
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    pending: dict[int, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        call_id = next(self.ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[call_id] = future
        message: dict[str, Any] = {"id": call_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        await self.ws.send_str(json.dumps(message))
        try:
            reply = await asyncio.wait_for(future, CALL_SECONDS)
        finally:
            self.pending.pop(call_id, None)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    async def read(self) -> None:
        async for msg in self.ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            if "id" in data:
                future = self.pending.get(data["id"])
                if future is not None and not future.done():
                    future.set_result(data)
            elif (page := self.pages.get(data.get("sessionId", ""))) is not None:
                page.on_event(data["method"], data.get("params", {}))
        for future in self.pending.values():
            if not future.done():
                future.set_exception(BrowserError("the browser closed its DevTools connection"))

    async def new_page(self, width: int, height: int, *, mobile: bool = False, scale: float = 1) -> Page:
        """A tab in a fresh browser context (own storage), at this viewport size."""
        context = (await self.send("Target.createBrowserContext"))["browserContextId"]
        target = await self.send("Target.createTarget", url="about:blank", browserContextId=context)
        session = (await self.send("Target.attachToTarget", targetId=target["targetId"], flatten=True))[
            "sessionId"
        ]
        page = Page(self, session, context)
        self.pages[session] = page
        for domain in ("Page", "Runtime", "Log", "Network"):
            await page.send(f"{domain}.enable")
        await page.resize(width, height, mobile=mobile, scale=scale)
        if mobile:
            await page.send("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=5)
        return page


@contextlib.asynccontextmanager
async def launch(executable: str, profile: Path) -> AsyncIterator[Chromium]:
    """Headless Chromium with a fresh profile; its own session, so it is killed with all it forked."""
    profile.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - once, before the browser starts
    log = (profile / "chromium.log").open("wb")
    args = [
        executable,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--metrics-recording-only",
        "--hide-scrollbars",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
        "about:blank",
    ]
    proc = await asyncio.create_subprocess_exec(
        *args,
        stdout=log,
        stderr=log,
        start_new_session=True,
        env={**os.environ, "HOME": str(profile)},  # nothing written to the real home
    )
    port_file = profile / "DevToolsActivePort"  # Chromium writes its port and path here
    try:
        deadline = time.monotonic() + START_SECONDS
        while not (port_file.is_file() and len(port_file.read_text().split()) >= 2):
            if proc.returncode is not None or time.monotonic() > deadline:
                tail = (profile / "chromium.log").read_text(errors="replace")[-3000:]
                raise BrowserError(f"chromium did not start (exit {proc.returncode}):\n{tail}")
            await asyncio.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0) as ws,
        ):
            browser = Chromium(ws)
            reader = asyncio.create_task(browser.read())
            try:
                yield browser
            finally:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(browser.send("Browser.close"), 5)
                reader.cancel()
                for task in browser.tasks:
                    task.cancel()
    finally:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError, TimeoutError):
                await asyncio.wait_for(proc.wait(), 10)
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
        log.close()


# ---------------------------------------------------------------- a page


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


KEYS = {  # key: (code, Windows virtual key code)
    "ArrowDown": ("ArrowDown", 40),
    "ArrowUp": ("ArrowUp", 38),
    "Tab": ("Tab", 9),
    "Enter": ("Enter", 13),
    "Delete": ("Delete", 46),
    "Escape": ("Escape", 27),
}


@dataclass(frozen=True)
class Answer:
    """What ``intercept`` answers a request with instead of the server (``status`` 0: network failure)."""

    status: int
    body: str = ""
    content_type: str = "application/problem+json"
    headers: tuple[tuple[str, str], ...] = ()


Responder = Callable[[dict[str, Any]], Awaitable[Answer | None]]


@dataclass
class Page:
    browser: Chromium
    session: str
    context: str
    problems: list[str] = field(default_factory=list)  # script errors, CSP refusals, invalid markup
    waiters: list[tuple[str, asyncio.Future[dict[str, Any]]]] = field(default_factory=list)
    responder: Responder | None = None

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        return await self.browser.send(method, self.session, **params)

    def on_event(self, method: str, params: dict[str, Any]) -> None:
        for waiter in [w for w in self.waiters if w[0] == method]:
            self.waiters.remove(waiter)
            if not waiter[1].done():
                waiter[1].set_result(params)
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.problems.append(details.get("exception", {}).get("description") or details["text"])
        elif method == "Runtime.consoleAPICalled" and params["type"] in {"error", "assert"}:
            self.problems.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
        elif method == "Log.entryAdded":
            entry = params["entry"]
            # A refused request is logged as an error by the network source: the tests cause those.
            if entry["level"] == "error" and entry["source"] != "network":
                self.problems.append(f"{entry['source']}: {entry['text']}")
        elif method == "Fetch.requestPaused":
            task = asyncio.create_task(self._answer(params))
            self.browser.tasks.add(task)
            task.add_done_callback(self.browser.tasks.discard)

    def expect(self, method: str) -> asyncio.Future[dict[str, Any]]:
        """A future for the next event of this kind; ask for it before causing the event."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiters.append((method, future))
        return future

    async def resize(self, width: int, height: int, *, mobile: bool = False, scale: float = 1) -> None:
        """The viewport in CSS pixels (a 1280×800 screen at 200% zoom is 640×400)."""
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=scale,
            mobile=mobile,
        )

    async def goto(self, url: str) -> None:
        loaded = self.expect("Page.loadEventFired")
        result = await self.send("Page.navigate", url=url)
        if result.get("errorText"):
            raise BrowserError(f"{url}: {result['errorText']}")
        await asyncio.wait_for(loaded, CALL_SECONDS)

    async def evaluate(self, expression: str, *, await_promise: bool = True) -> Any:
        """The value of a JavaScript expression in the page (JSON-like values only)."""
        result = await self.send(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=await_promise,
            returnByValue=True,
            userGesture=True,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"{expression[:200]!r} raised {text}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, *, timeout: float = 15, what: str = "") -> Any:
        """Polls a JavaScript expression until it is truthy, and returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                state = await self.evaluate("document.body && document.body.outerHTML.slice(0, 4000)")
                raise BrowserError(f"timed out waiting for {what or expression}; page:\n{state}")
            await asyncio.sleep(0.05)

    async def html(self) -> str:
        return str(await self.evaluate("document.documentElement.outerHTML"))

    async def focus(self, selector: str) -> None:
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")

    async def type(self, selector: str, text: str, *, clear: bool = True) -> None:
        """Focuses a field and types into it as a keyboard would (input events included)."""
        await self.focus(selector)
        if clear:
            await self.evaluate(f"document.querySelector({json.dumps(selector)}).select()")
            await self.press("Delete")
        if text:
            await self.send("Input.insertText", text=text)

    async def click(self, selector: str) -> None:
        """A real mouse click at the middle of the element, scrolled into view first."""
        box = await self.evaluate(
            f"""(() => {{
                const e = document.querySelector({json.dumps(selector)});
                e.scrollIntoView({{block: "center"}});
                const r = e.getBoundingClientRect();
                return {{x: r.left + r.width / 2, y: r.top + r.height / 2}};
            }})()"""
        )
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            await self.send(
                "Input.dispatchMouseEvent", type=kind, x=box["x"], y=box["y"], button="left", clickCount=1
            )

    async def press(self, key: str) -> None:
        code, vk = KEYS[key]
        common = {"key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}
        if key == "Enter":
            common["text"] = "\r"
        down = "keyDown" if key == "Enter" else "rawKeyDown"
        await self.send("Input.dispatchKeyEvent", type=down, **common)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **common)

    async def screenshot(self, path: Path, *, full_page: bool = False) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            metrics = await self.send("Page.getLayoutMetrics")
            size = metrics["cssContentSize"]
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        data = (await self.send("Page.captureScreenshot", **params))["data"]
        await asyncio.to_thread(_write, path, base64.b64decode(data))

    async def grant_clipboard(self, origin: str) -> None:
        """Lets the page write and read the clipboard, as after a person's consent."""
        await self.browser.send(
            "Browser.grantPermissions",
            permissions=["clipboardReadWrite", "clipboardSanitizedWrite"],
            origin=origin,
            browserContextId=self.context,
        )
        await self.send("Emulation.setFocusEmulationEnabled", enabled=True)  # the clipboard needs focus

    # ------------------------------------------------------------ answering requests in the test

    async def intercept(self, url_pattern: str, responder: Responder) -> None:
        """Requests matching the pattern go to ``responder``: an ``Answer``, or None to let them through."""
        self.responder = responder
        await self.send("Fetch.enable", patterns=[{"urlPattern": url_pattern, "requestStage": "Request"}])

    async def _answer(self, params: dict[str, Any]) -> None:
        request_id = params["requestId"]
        answer = await self.responder(params["request"]) if self.responder else None
        if answer is None:
            await self.send("Fetch.continueRequest", requestId=request_id)
        elif answer.status == 0:
            await self.send("Fetch.failRequest", requestId=request_id, errorReason="ConnectionReset")
        else:
            headers = [{"name": "Content-Type", "value": answer.content_type}]
            headers += [{"name": k, "value": v} for k, v in answer.headers]
            await self.send(
                "Fetch.fulfillRequest",
                requestId=request_id,
                responseCode=answer.status,
                responseHeaders=headers,
                body=base64.b64encode(answer.body.encode()).decode(),
            )

    # ------------------------------------------------------------ accessibility

    async def axe(self, source: str) -> list[dict[str, Any]]:
        """axe-core's violations of ``AXE_TAGS`` on the page as it is now."""
        if not await self.evaluate("typeof window.axe === 'object'"):
            await self.evaluate(source, await_promise=False)  # DevTools evaluation is not subject to CSP
        options = json.dumps(
            {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
        )
        violations: list[dict[str, Any]] = await self.evaluate(
            f"""axe.run(document, {options}).then((r) => r.violations.map((v) => ({{
                id: v.id, impact: v.impact, help: v.help, tags: v.tags,
                nodes: v.nodes.map((n) => ({{target: n.target.join(" "), summary: n.failureSummary}})),
            }})))"""
        )
        return violations


def axe_failures(violations: list[dict[str, Any]], accepted: dict[str, str]) -> list[str]:
    """The violations a test fails on: serious or critical ones always; others unless accepted with a reason.

    ``accepted`` maps a rule id to the reason it is tolerated; an entry for a serious or critical
    rule is ignored, so it cannot hide one.
    """
    failures = []
    for v in violations:
        if v["impact"] in {"serious", "critical"} or v["id"] not in accepted:
            nodes = "; ".join(f"{n['target']}: {n['summary']}" for n in v["nodes"][:5])
            failures.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes) {v['help']} — {nodes}")
    return failures
