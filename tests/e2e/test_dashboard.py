"""The reporting dashboard in a real browser: headless Chromium against the real service over HTTP.

The reporting service runs in-process under uvicorn on 127.0.0.1, on the test's PostgreSQL and NATS.
Intake events with known answers go through JetStream into its read model; Chromium then loads the
page with a token in the URL fragment (driven over the DevTools protocol, ``tests/e2e/browser.py``).
The test reads the rendered DOM, checks the page with axe-core, uses the period selector from the
keyboard, and keeps screenshots in ``tests/artifacts/`` for a person to look at.

Needs Debian's ``chromium``: without it the test is skipped with the reason, unless
``PCMD_REQUIRE_BROWSER=1`` (set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import nats
import pytest

from services.reporting.main import build_app
from services.reporting.settings import OrgUnitSetting, ReportingSettings
from shared.auth import mint_token
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.messaging.envelope import envelope
from shared.settings import DEV_JWT_SECRET
from tests.e2e.browser import Page, axe_failures, axe_source_or_skip, chromium_or_skip, launch, serve
from tests.integration.harness import eventually, settings_for

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
INDICATORS = {
    "PLAN_YEARLY", "COMM_REGULAR", "HR_ACCESS", "TIPS_TIMELY", "ONLINE_HANDLED",
    "IT_REPORTING", "DIRECTIVES_TIMELY", "ESTAB_MANAGED", "STAFF_TRAINED", "HOTSPOTS",
}  # fmt: skip
RATIOS = INDICATORS - {"PLAN_YEARLY", "HOTSPOTS"}
VN = dt.timezone(dt.timedelta(hours=7))
DESKTOP = {"width": 1280, "height": 800}
# axe-core rules tolerated on this page, each with its reason. Serious and critical ones never are.
AXE_ACCEPTED: dict[str, str] = {}


# ---------------------------------------------------------------- data with known answers


@dataclass(frozen=True)
class Tip:
    received: dt.datetime
    due: dt.datetime
    handled: dt.datetime

    @property
    def on_time(self) -> bool:
        return self.handled <= self.due


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, 0, tzinfo=VN)


# Q3 2026: four tips fall due, three handled by their deadline -> TIPS_TIMELY 3/4 = 75,0%, not met.
# August alone: one tip, on time -> 1/1 = 100,0%, met. July: 1/2. September: 1/1.
TIPS = (
    Tip(received=at(7, 1), due=at(7, 10), handled=at(7, 5)),
    Tip(received=at(7, 15), due=at(7, 25), handled=at(7, 30)),
    Tip(received=at(8, 3), due=at(8, 13), handled=at(8, 12)),
    Tip(received=at(9, 2), due=at(9, 12), handled=at(9, 4)),
)


def tip_events(ward: str, tip: Tip) -> list[Any]:
    """What intake publishes when a tip is received and, later, handled."""
    tip_id = str(uuid.uuid4())
    received = intake.TipReceived(
        tip_id=tip_id,
        ward=ward,
        kind=intake.TIP_KIND_REPORT,
        channel=intake.CHANNEL_HOTLINE,
        residential_group="tdp-1",
        receiving_unit_code="ca",
    )
    received.occurred_at.FromDatetime(tip.received)
    received.due_at.FromDatetime(tip.due)
    handled = intake.TipHandled(
        tip_id=tip_id,
        ward=ward,
        outcome=intake.HANDLING_OUTCOME_ADMINISTRATIVE_SANCTION,
        on_time=tip.on_time,
        kind=intake.TIP_KIND_REPORT,
        unit_code="ca",
    )
    handled.occurred_at.FromDatetime(tip.handled)
    handled.handled_at.FromDatetime(tip.handled)
    handled.due_at.FromDatetime(tip.due)
    handled.received_at.FromDatetime(tip.received)
    return [received, handled]


async def publish_as_intake(nats_url: str, ward: str, events: list[Any]) -> None:
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        for event in events:
            out = envelope(event, service="intake", ward=ward)
            await js.publish(out.subject, out.payload, headers=out.headers)
    finally:
        await nc.close()


# ---------------------------------------------------------------- reading the DOM


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> list[Node]:
        found = [self]
        for c in self.children:
            if isinstance(c, Node):
                found.extend(c.walk())
        return found

    def find_all(self, tag: str | None = None, **attrs: str | None) -> list[Node]:
        """Elements with this tag and these attributes (a value None: the attribute is present)."""
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
        return [
            n
            for n in self.walk()
            if (tag is None or n.tag == tag)
            and all(k in n.attrs and (v is None or n.attrs[k] == v) for k, v in wanted.items())
        ]

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()


VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class TreeBuilder(HTMLParser):
    """Just enough of a DOM from Chromium's serialisation to query elements and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_dom(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def cards(dom: Node) -> dict[str, Node]:
    return {n.attrs["data-indicator"]: n for n in dom.find_all("article", data_indicator=None)}


def shown_value(card: Node) -> str:
    [value] = [n for n in card.find_all("p") if n.has_class("value")]
    return value.text().strip()


# ---------------------------------------------------------------- looking at the page


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two computed CSS colours (``rgb(r, g, b)``)."""
    la, lb = (luminance(tuple(float(x) for x in c[c.index("(") + 1 : -1].split(",")[:3])) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


async def open_dashboard(page: Page, url: str) -> None:
    await page.goto(url)
    await page.wait_for(
        "['ready', 'auth', 'error'].includes(document.body.dataset.status)", what="the dashboard to load"
    )


async def focus_ring(page: Page, selector: str) -> dict[str, Any]:
    """The outline of a keyboard-focused element and the background just outside it."""
    ring: dict[str, Any] = await page.evaluate(
        f"""(() => {{
            const e = document.querySelector({selector!r});
            e.focus();
            const style = getComputedStyle(e);
            let around = e.parentElement;
            while (around && getComputedStyle(around).backgroundColor === "rgba(0, 0, 0, 0)") {{
                around = around.parentElement;
            }}
            return {{visible: e.matches(":focus-visible"), style: style.outlineStyle,
                     width: parseFloat(style.outlineWidth), color: style.outlineColor,
                     background: around ? getComputedStyle(around).backgroundColor : "rgb(255, 255, 255)"}};
        }})()"""
    )
    return ring


# ---------------------------------------------------------------- the test


@pytest.mark.timeout(420)
async def test_dashboard_shows_indicators_trends_and_snapshots_in_a_browser(
    service_db: Any, nats_url: str, ward: str, tmp_path: Path
) -> None:
    browser_path = chromium_or_skip()
    axe = axe_source_or_skip()
    units = (
        OrgUnitSetting(
            code="haiphong", name_vi="Thành phố Hải Phòng", name_en="Hai Phong city", level="city"
        ),
        OrgUnitSetting(
            code=ward, name_vi="Phường Thử nghiệm", name_en="Test ward", level="ward", parent="haiphong"
        ),
    )
    settings = settings_for(
        ReportingSettings,
        database_url=await service_db("reporting"),
        nats_url=nats_url,
        ward=ward,
        org_units=units,
    )
    token = mint_token(DEV_JWT_SECRET, sub="e2e-dashboard", ward=ward, unit="vhxh", roles=["officer"])
    auth = {"Authorization": f"Bearer {token}"}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    async with (
        serve(build_app(settings)) as service,
        httpx.AsyncClient(base_url=service.url, headers=auth, timeout=10) as api,
        launch(browser_path, tmp_path / "chromium") as browser,
    ):
        page = await api.get("/dashboard", headers={"Authorization": ""})
        assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
        csp = page.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "img-src 'self' data:" in csp and "unsafe-inline" not in csp
        assert (
            (await api.get("/dashboard/assets/dashboard.js"))
            .headers["content-type"]
            .startswith("text/javascript")
        )
        assert (await api.get("/dashboard/assets/dashboard.py")).status_code == 404

        await publish_as_intake(nats_url, ward, [e for tip in TIPS for e in tip_events(ward, tip)])

        async def tips_timely_q3() -> dict[str, Any] | None:
            r = await api.get("/v1/indicators/values", params={"scope": ward, "period": "2026-Q3"})
            r.raise_for_status()
            value = next(v for v in r.json()["indicators"] if v["code"] == "TIPS_TIMELY")
            return value if (value["numerator"], value["denominator"]) == (3, 4) else None

        expected = await eventually(tips_timely_q3, timeout=60, interval=0.3)
        assert expected is not None and expected["value"] == 7500 and expected["met"] is False

        # One rounding on the page as in every channel: targets of 2/3 and of exactly 12.25 %.
        leader = mint_token(DEV_JWT_SECRET, sub="e2e-leader", ward=ward, unit="ubnd", roles=["leader"])
        for code, target in (("ONLINE_HANDLED", 6666), ("DIRECTIVES_TIMELY", 1225)):
            r = await api.put(
                f"/v1/indicators/{code}/target",
                json={"scope": ward, "year": 2026, "target": target, "reason": "kiểm thử làm tròn"},
                headers={"Authorization": f"Bearer {leader}"},
            )
            assert r.status_code == 200, r.text

        prepared = await api.post("/v1/snapshots", json={"scope": ward, "period": "2026-Q3"})
        assert prepared.status_code == 201, prepared.text
        snapshot_id = prepared.json()["id"]

        quarter = await browser.new_page(**DESKTOP)
        await open_dashboard(quarter, f"{service.url}/dashboard?scope={ward}&period=2026-Q3#token={token}")
        dom_text = await quarter.html()
        (ARTIFACTS / "dashboard.html").write_text(dom_text, encoding="utf-8")
        await quarter.screenshot(ARTIFACTS / "dashboard.png", full_page=True)
        await quarter.screenshot(ARTIFACTS / "dashboard-1280x800.png")
        violations = axe_failures(await quarter.axe(axe), AXE_ACCEPTED)

        # Scrolled down to the charts, the filter bar leaves most of the screen to them: on a
        # 1280×800 and a 1366×768 screen, and on both at 200% zoom.
        for width, height in ((1280, 800), (1366, 768), (640, 400), (683, 384)):
            await quarter.resize(width, height)
            await quarter.evaluate("document.getElementById('trends').scrollIntoView()")
            covered = await quarter.evaluate(
                """(() => {
                    const r = document.getElementById("selector").getBoundingClientRect();
                    return Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0)) / innerHeight;
                })()"""
            )
            assert covered <= 0.15, f"the filter bar covers {covered:.0%} of a {width}×{height} screen"
            if width == 640:
                await quarter.screenshot(ARTIFACTS / "dashboard-scrolled-640x400.png")
        await quarter.resize(**DESKTOP)
        await quarter.evaluate("document.getElementById('trends').scrollIntoView()")
        await quarter.screenshot(ARTIFACTS / "dashboard-scrolled-1280x800.png")

        # A keyboard focus ring that stands out (3:1) from what is around it, here and on the header.
        rings = {s: await focus_ring(quarter, s) for s in ("#period", "#forget")}
        for selector, ring in rings.items():
            assert ring["visible"] and ring["style"] == "solid" and ring["width"] >= 2, (selector, ring)
            ratio = contrast(ring["color"], ring["background"])
            assert ratio >= 3, f"focus ring of {selector} is {ratio:.2f}:1 on its background {ring}"

        # Arrowing through the periods loads the figures once, for the period the keys stop on,
        # and announces it once; the cards themselves are not a live region.
        loads = sum(r.startswith("/v1/indicators/values?") for r in service.requests)
        await quarter.focus("#period")
        for _ in range(3):
            await quarter.press("ArrowDown")
        await quarter.wait_for(
            "document.body.dataset.status === 'ready' && location.search.includes('period=2027-Q2')",
            what="the figures of the period the keys stopped on",
        )
        assert sum(r.startswith("/v1/indicators/values?") for r in service.requests) == loads + 1
        assert [r for r in service.requests if r.startswith("/v1/indicators/values?")][-1].endswith(
            f"scope={ward}&period=2027-Q2"
        )
        # 2027-Q2 has not ended (nor begun): its figures say "as of" when, and its months draw no point.
        open_period = parse_dom(await quarter.html())
        [computed] = open_period.find_all(id="computed")
        assert "Tính đến / As of" in computed.text() and "kỳ chưa kết thúc" in computed.text()
        open_chart = open_period.find_all("svg", data_trend="TIPS_TIMELY")[0]
        assert not open_chart.find_all("circle") and "chưa đến / not yet begun" in open_chart.text()
        live = await quarter.evaluate(
            "[...document.querySelectorAll('[aria-live]')].map((e) => [e.id, e.textContent.trim()])"
        )
        assert ["announce", "Đã tải số liệu: Quý 2/2027 / Figures loaded: Q2 2027"] in live, live
        assert all(element != "cards" for element, _ in live)
        quarter_problems = quarter.problems

        month = await browser.new_page(**DESKTOP)
        await open_dashboard(month, f"{service.url}/dashboard?scope={ward}&period=2026-08#token={token}")
        month_dom_text = await month.html()

        refused = await browser.new_page(**DESKTOP)
        await open_dashboard(refused, f"{service.url}/dashboard?scope={ward}&period=2026-Q3#token=not-valid")
        refused_dom_text = await refused.html()
        violations += axe_failures(await refused.axe(axe), AXE_ACCEPTED)

        # The export links, resolved as the browser resolves them, are the API's downloads: they
        # answer with the token the page's fetch sends, and refuse a plain navigation without it.
        dom = parse_dom(dom_text)
        [body] = dom.find_all("body")
        assert body.attrs.get("data-status") == "ready", f"page did not finish loading: {body.attrs}"
        rows = dom.find_all("tr", data_snapshot=snapshot_id)
        assert len(rows) == 1, "the prepared snapshot is listed"
        assert "Đã lập / Prepared" in rows[0].text()
        assert "Phòng Văn hóa - Xã hội" in rows[0].text() and "vhxh:" not in rows[0].text(), (
            "a name, not an id"
        )
        links = {a.attrs["data-export"]: a.attrs["href"] for a in rows[0].find_all("a", data_export=None)}
        assert sorted(links) == ["csv", "docx", "xlsx"]
        for href in links.values():
            url = urljoin(f"{service.url}/dashboard", href)
            assert (await api.get(url)).status_code == 200, url
            assert (await api.get(url, headers={"Authorization": ""})).status_code == 401, url

    assert quarter_problems == [], "the page logged errors or CSP refusals"
    assert month.problems == [] and refused.problems == []
    assert violations == [], "axe-core found accessibility problems"

    by_code = cards(dom)
    assert set(by_code) == INDICATORS, f"cards shown: {sorted(by_code)}"
    for code, card in by_code.items():
        assert card.attrs["data-state"] in {"met", "not-met", "no-data"}, code
    timely = by_code["TIPS_TIMELY"]
    assert timely.attrs["data-state"] == "not-met"
    assert shown_value(timely) == "75,0%"
    assert "Chưa đạt / Not met" in timely.text()
    assert [n.text() for n in timely.find_all("dd")][:2] == ["3", "4"], "numerator and denominator"
    assert "≥ 100%" in timely.text(), "target with its comparison"
    assert "≥ 66,7%" in by_code["ONLINE_HANDLED"].text(), "2/3: half up to one decimal, decimal comma"
    assert "≥ 12,3%" in by_code["DIRECTIVES_TIMELY"].text(), "12.25 %, exactly on the half: up"
    [computed] = dom.find_all(id="computed")
    assert "Tính đến" not in computed.text(), "Q3 2026 has ended: counted whole, no 'as of'"
    assert by_code["HOTSPOTS"].attrs["data-state"] == "met" and shown_value(by_code["HOTSPOTS"]) == "0"

    charts = {n.attrs["data-trend"]: n for n in dom.find_all("svg", data_trend=None)}
    assert set(charts) == RATIOS | {"HOTSPOTS"}
    for code, chart in charts.items():
        assert chart.find_all("title"), f"trend chart {code} has no <title>"
    # Three months in the quarter; July 1/2 is below target (hollow), August and September meet it.
    points = charts["TIPS_TIMELY"].find_all("circle")
    assert [p.attrs["class"] for p in points] == ["point not-met", "point met", "point met"]
    assert len(charts["HOTSPOTS"].find_all("rect")) == 3

    [scope_select] = dom.find_all("select", id="scope")
    assert [o.attrs["value"] for o in scope_select.find_all("option")] == [ward]
    assert token not in dom_text, "the token is never written into the page"
    assert all(token not in r for r in service.requests), "the token never reaches the server in a URL"
    assert any(r.startswith("/v1/indicators/trend?") for r in service.requests)

    month_dom = parse_dom(month_dom_text)
    assert month_dom.find_all("body")[0].attrs.get("data-status") == "ready"
    august_card = cards(month_dom)["TIPS_TIMELY"]
    assert august_card.attrs["data-state"] == "met" and shown_value(august_card) == "100,0%"
    assert "Đạt / Met" in august_card.text()
    month_chart = month_dom.find_all("svg", data_trend="TIPS_TIMELY")[0]
    assert len(month_chart.find_all("circle")) == 3, "a month shows its year: the three months with tips due"
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 10_000

    # A token the service refuses: the page says so in both languages and asks for another one.
    refused_page = parse_dom(refused_dom_text)
    assert refused_page.find_all("body")[0].attrs.get("data-status") == "auth"
    [message] = refused_page.find_all("div", id="message")
    assert "hidden" not in message.attrs and "Mã truy cập không hợp lệ" in message.text()
    assert "The access token is invalid" in message.text()
    assert "hidden" not in refused_page.find_all("section", id="auth")[0].attrs
    assert not refused_page.find_all("article", data_indicator=None)
