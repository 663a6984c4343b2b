"""The dashboard's forecast, budget and difficulties panels in a real browser, and the forecast API.

Tips with known months go through JetStream into reporting's read model; the Economic-Infrastructure
Office records a budget line, an allocation and a spend; the police record a difficulty. The forecast
API is checked against an independent moving average over the same months (each held-out month
predicted from the months before its origin only), and the page is checked to draw the forecast
apart from the counts (dashed, over a band, titled "Dự báo / Forecast", with a text alternative), to
show budget and difficulties to the office, and to hide them, without an error, from the city, which
may not see them. Screenshots go to ``tests/artifacts/`` for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.reporting.main import build_app
from services.reporting.settings import OrgUnitSetting, ReportingSettings
from shared.auth import mint_token
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.settings import DEV_JWT_SECRET
from tests.e2e.browser import axe_failures, axe_source_or_skip, chromium_or_skip, launch, serve
from tests.e2e.test_dashboard import AXE_ACCEPTED, DESKTOP, VN, open_dashboard, parse_dom, publish_as_intake
from tests.integration.harness import eventually, settings_for

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
REPORT, DENUNCIATION = intake.TIP_KIND_REPORT, intake.TIP_KIND_DENUNCIATION
# (month of 2026, kind, how many): a quiet spring, a summer peak, an autumn tail
TIPS = [
    (2, REPORT, 1), (4, REPORT, 2), (6, REPORT, 1), (7, REPORT, 3), (7, DENUNCIATION, 1),
    (8, REPORT, 2), (9, REPORT, 1), (10, REPORT, 2), (10, DENUNCIATION, 1), (11, REPORT, 1),
]  # fmt: skip


def received(ward: str, month: int, kind: int) -> intake.TipReceived:
    event = intake.TipReceived(
        tip_id=str(uuid.uuid4()),
        ward=ward,
        kind=kind,
        channel=intake.CHANNEL_HOTLINE,
        residential_group="tdp-2",
        receiving_unit_code="ca",
    )
    event.occurred_at.FromDatetime(dt.datetime(2026, month, 10, 9, 0, tzinfo=VN))
    event.due_at.FromDatetime(dt.datetime(2026, month, 28, 9, 0, tzinfo=VN))
    return event


def tenths(value: Fraction) -> int:
    return int(
        (Decimal(value.numerator) * 10 / Decimal(value.denominator)).quantize(Decimal(1), ROUND_HALF_UP)
    )


def moving_average_mae(history: list[int], held_out: int, step: int) -> Fraction:
    """The oracle: each of the last ``held_out`` months from the three months before its origin."""
    errors = []
    for t in range(len(history) - held_out, len(history)):
        seen = history[: t - step + 1]  # nothing from the month itself or after the origin
        errors.append(abs(Fraction(sum(seen[-3:]), 3) - history[t]))
    return Fraction(sum(errors), len(errors))


def expected_months(now: dt.datetime) -> list[str]:
    """The plan's complete months before the month of ``now`` (Vietnam time)."""
    local = now.astimezone(VN)
    out, y, m = [], 2026, 1
    while (y, m) < (local.year, local.month):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out[-36:]


@pytest.mark.timeout(420)
async def test_forecast_budget_and_difficulties_on_the_dashboard(
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

    def bearer(unit: str, role: str, of: str = ward) -> dict[str, str]:
        token = mint_token(DEV_JWT_SECRET, sub=f"e2e-{unit}", ward=of, unit=unit, roles=[role])
        return {"Authorization": f"Bearer {token}"}

    office = mint_token(DEV_JWT_SECRET, sub="e2e-plan", ward=ward, unit="vhxh", roles=["officer"])
    city = mint_token(DEV_JWT_SECRET, sub="e2e-city", ward="haiphong", unit="city", roles=["leader"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    async with (
        serve(build_app(settings)) as service,
        httpx.AsyncClient(
            base_url=service.url, headers={"Authorization": f"Bearer {office}"}, timeout=30
        ) as api,
        launch(browser_path, tmp_path / "chromium") as browser,
    ):
        await publish_as_intake(nats_url, ward, [received(ward, m, k) for m, k, n in TIPS for _ in range(n)])
        total = sum(n for _, _, n in TIPS)

        async def all_tips() -> bool:
            r = await api.get("/v1/tips/counts")
            return r.status_code == 200 and r.json()["received"] == total

        assert await eventually(all_tips, timeout=60, interval=0.3)

        # ---------------------------------------------------------------- the API
        r = await api.get("/v1/tips/forecast", params={"scope": ward, "months": 3})
        assert r.status_code == 200, r.text
        answer = r.json()
        now = dt.datetime.fromisoformat(answer["computed_at"])
        series = {s["kind"]: s for s in answer["series"]}
        assert list(series)[:5] == [
            "all",
            "denunciation",
            "report",
            "complaint",
            "recommendation_to_prosecute",
        ]
        every = series["all"]
        months = expected_months(now)
        assert [m["period"] for m in every["history"]] == months, (
            "complete months only, the current one is not data"
        )
        by_month = {f"2026-{m:02d}": 0 for m in range(1, 13)}
        for m, _, n in TIPS:
            by_month[f"2026-{m:02d}"] += n
        history = [by_month.get(p, 0) for p in months]
        assert [m["value"] for m in every["history"]] == history
        assert [m["value"] for m in series["denunciation"]["history"]] == [
            sum(n for m, k, n in TIPS if k == DENUNCIATION and f"2026-{m:02d}" == p) for p in months
        ]
        local = now.astimezone(VN)
        assert every["months"][0]["period"] == f"{local.year}-{local.month:02d}", "the forecast starts now"
        assert [m["ahead"] for m in every["months"]] == [1, 2, 3]
        # every held-out check saw only the months before its origin
        assert every["checks"] and all(c["fitted_through"] < c["period"] for c in every["checks"])
        for c in every["checks"]:
            origin = months.index(c["period"]) - c["ahead"] + 1
            assert c["fitted_through"] == months[origin - 1]
        if every["method"] == "moving_average":
            held = every["held_out_months"]
            assert held == min(6, len(history) - 5)
            steps = [moving_average_mae(history, held, s) for s in (1, 2, 3)]
            assert [m["mae_tenths"] for m in every["months"]] == [tenths(e) for e in steps]
            assert every["mae_tenths"] == tenths(sum(steps, Fraction(0)) / 3)
            next_value = Fraction(sum(history[-3:]), 3)
            assert all(m["value_tenths"] == tenths(next_value) for m in every["months"])
            assert every["months"][0]["value_vi"] == f"{tenths(next_value) // 10},{tenths(next_value) % 10}"
        for m in every["months"]:
            assert m["low_tenths"] <= m["value_tenths"] <= m["high_tenths"] and m["low_tenths"] >= 0

        hotspots = await api.get("/v1/indicators/HOTSPOTS/forecast", params={"scope": ward})
        assert hotspots.status_code == 200, hotspots.text
        assert [m["value"] for m in hotspots.json()["history"]] == [0] * len(months)
        assert [m["value_vi"] for m in hotspots.json()["months"]] == ["0,0"] * 3
        ratio = await api.get("/v1/indicators/TIPS_TIMELY/forecast", params={"scope": ward})
        assert ratio.status_code == 422 and ratio.json()["type"].endswith("not-forecastable"), ratio.text
        unknown = await api.get("/v1/indicators/NO_SUCH/forecast", params={"scope": ward})
        assert unknown.status_code == 404
        too_far = await api.get("/v1/tips/forecast", params={"scope": ward, "months": 13})
        assert too_far.status_code == 422

        # ---------------------------------------------------------------- budget and a difficulty
        ktht = bearer("ktht", "officer")
        line = await api.post("/v1/budget/lines", headers=ktht, json={
            "year": 2026, "unit_code": "vhxh", "activity_kind": "communication", "source": "state_budget",
            "title": "Tuyên truyền phòng, chống mại dâm", "estimate": 50_000_000,
            "document_code": "12/QĐ-UBND",
        })  # fmt: skip
        assert line.status_code == 201, line.text
        line_id = line.json()["line_id"]
        allocated = await api.post("/v1/budget/allocations", headers=ktht, json={
            "line_id": line_id, "amount": 30_000_000, "allocated_on": "2026-02-01",
            "document_code": "15/QĐ-UBND",
        })  # fmt: skip
        assert allocated.status_code == 201, allocated.text
        spent = await api.post("/v1/budget/spending", headers=ktht, json={
            "line_id": line_id, "amount": 12_345_678, "spent_on": "2026-03-05", "document_code": "PC-0012",
        })  # fmt: skip
        assert spent.status_code == 201, spent.text
        difficulty = await api.post("/v1/difficulties", headers=bearer("ca", "officer"), json={
            "kind": "difficulty", "area": "inspection", "title": "Thiếu lực lượng kiểm tra ban đêm",
            "detail": "Đội chỉ có 3 người trực ca đêm dịp Tết.", "raised_on": "2026-02-10",
        })  # fmt: skip
        assert difficulty.status_code == 201, difficulty.text
        execution = (await api.get("/v1/budget/execution", params={"period": "2026"})).json()

        # ---------------------------------------------------------------- the office's page
        page = await browser.new_page(**DESKTOP)
        await open_dashboard(page, f"{service.url}/dashboard?scope={ward}&period=2026-Q3#token={office}")
        await page.evaluate("document.getElementById('forecast-heading').scrollIntoView()")
        await page.screenshot(ARTIFACTS / "dashboard-forecast-1280x800.png")
        await page.evaluate("document.getElementById('plan-heading').scrollIntoView()")
        await page.screenshot(ARTIFACTS / "dashboard-budget-1280x800.png")
        await page.screenshot(ARTIFACTS / "dashboard-plan.png", full_page=True)
        styles = await page.evaluate(
            """(() => {
                const line = document.querySelector('svg[data-forecast="tips-all"] path.forecast');
                const counted = document.querySelector('svg[data-forecast="tips-all"] path.series');
                return {dash: getComputedStyle(line).strokeDasharray,
                        solid: getComputedStyle(counted).strokeDasharray};
            })()"""
        )
        violations = axe_failures(await page.axe(axe), AXE_ACCEPTED)
        dom = parse_dom(await page.html())
        office_problems = page.problems

        # ---------------------------------------------------------------- the city's page
        city_page = await browser.new_page(**DESKTOP)
        await open_dashboard(city_page, f"{service.url}/dashboard?scope={ward}&period=2026-Q3#token={city}")
        city_dom = parse_dom(await city_page.html())
        violations += axe_failures(await city_page.axe(axe), AXE_ACCEPTED)
        city_problems = city_page.problems

    assert violations == [], "axe-core found accessibility problems"
    assert dom.find_all("body")[0].attrs.get("data-status") == "ready"
    figures = {f.attrs["data-forecast-series"]: f for f in dom.find_all("figure", data_forecast_series=None)}
    # HOTSPOTS (the count-type indicator), every tip, and the two kinds received; no empty kind
    assert set(figures) == {"HOTSPOTS", "tips-all", "tips-report", "tips-denunciation"}
    chart = figures["tips-all"].find_all("svg", data_forecast="tips-all")[0]
    assert chart.attrs["role"] == "img" and chart.attrs["aria-labelledby"]
    [title] = [n for n in chart.find_all("title") if n.attrs.get("id") == "forecast-tips-all-title"]
    assert title.text().startswith("Dự báo / Forecast")
    [desc] = chart.find_all("desc")
    assert "Dự báo, không phải số liệu / Forecast, not data" in desc.text()
    assert every["months"][0]["label_vi"] in desc.text() and f"MAE) {every['mae_vi']}" in desc.text()
    assert len(chart.find_all("polygon")) == 1, "the band"
    assert len([c for c in chart.find_all("circle") if c.has_class("forecast")]) == 3
    assert "Dự báo / Forecast" in " ".join(t.text() for t in chart.find_all("text"))
    assert styles["dash"] not in ("none", "") and styles["solid"] == "none", styles
    facts = figures["tips-all"].find_all("p", data_mae=None)[0]
    assert facts.attrs["data-mae"] == every["mae_vi"] and "held-out months" in facts.text()
    rows = figures["tips-all"].find_all("table")[0].find_all("tr")[1:]
    assert [r.find_all("td")[0].text() for r in rows] == [m["value_vi"] for m in every["months"]]

    budget = dom.find_all("table", id="budget-table")[0]
    total_row = next(r for r in budget.find_all("tr") if r.has_class("total"))
    assert "50.000.000" in total_row.text() and "12.345.678" in total_row.text()
    # 12 345 678 of 50 000 000: 2469 basis points (floored), written 24,7% as in every channel
    assert execution["total"]["spent_of_estimate_vi"] == "24,7%" and "24,7%" in total_row.text()
    text = dom.find_all("section", id="difficulties-panel")[0].text()
    assert "Thiếu lực lượng kiểm tra ban đêm" in text and "CA" in text and "1 đang mở" in text

    # the city may not see the ward's budget or difficulties: the panels are hidden, the page is ready
    assert city_dom.find_all("body")[0].attrs.get("data-status") == "ready"
    assert "hidden" in city_dom.find_all("section", id="plan-panels")[0].attrs
    assert "hidden" in city_dom.find_all("div", id="message")[0].attrs, "a refusal there is not an error"
    assert city_dom.find_all("figure", data_forecast_series="tips-all"), "the forecast is the city's to see"
    assert office_problems == [] and city_problems == []
