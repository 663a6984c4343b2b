"""The anonymous web form in a real browser, on a 360×740 phone, against the real intake service.

Intake runs in-process under uvicorn on the test's PostgreSQL and NATS; headless Chromium is driven
over the DevTools protocol (``tests/e2e/browser.py``). The tests type and click as a citizen would,
check the page with axe-core in each state (empty, after an error, after success), and keep
screenshots in ``tests/artifacts/`` for a person to look at.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.intake.main import build_app
from services.intake.settings import IntakeSettings
from tests.e2e.browser import (
    Answer,
    Page,
    Service,
    axe_failures,
    axe_source_or_skip,
    chromium_or_skip,
    launch,
    serve,
)
from tests.helpers import auth_headers
from tests.integration.harness import settings_for

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
PHONE = {"width": 360, "height": 740, "mobile": True, "scale": 2}
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")
# axe-core rules tolerated on this page, each with its reason. Serious and critical ones never are.
AXE_ACCEPTED: dict[str, str] = {}
TIPS = "/v1/public/tips"


@contextlib.asynccontextmanager
async def public_form(
    service_db: Any, nats_url: str, ward: str, tmp_path: Path
) -> AsyncIterator[tuple[Service, Page, str]]:
    """Intake over HTTP and a phone-sized page showing its form; also the axe-core script."""
    browser_path = chromium_or_skip()
    axe = axe_source_or_skip()
    settings = settings_for(
        IntakeSettings,
        database_url=await service_db("intake"),
        nats_url=nats_url,
        ward=ward,
        public_submissions_per_hour=100,  # every submission here comes from 127.0.0.1
    )
    async with serve(build_app(settings)) as service, launch(browser_path, tmp_path / "chromium") as browser:
        page = await browser.new_page(**PHONE)
        await page.goto(f"{service.url}/v1/public")
        yield service, page, axe


def posts(service: Service) -> int:
    return sum(r.startswith(f"{TIPS}?") for r in service.requests)


async def visible(page: Page, element_id: str) -> bool:
    return bool(await page.evaluate(f"!document.getElementById({json.dumps(element_id)}).hidden"))


async def text(page: Page, element_id: str) -> str:
    return str(await page.evaluate(f"document.getElementById({json.dumps(element_id)}).innerText")).strip()


async def field_state(page: Page, field: str) -> dict[str, Any]:
    """aria-invalid, the texts the field is described by, and its visible error."""
    state: dict[str, Any] = await page.evaluate(
        f"""(() => {{
            const f = document.getElementById({json.dumps(field)});
            const ids = (f.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
            const error = document.getElementById({json.dumps(field + "-error")});
            return {{
                invalid: f.getAttribute("aria-invalid"),
                described_by: ids,
                error: error.hidden ? null : error.innerText.trim(),
            }};
        }})()"""
    )
    return state


async def settled(page: Page) -> None:
    """The submission in flight has been answered (the button is usable again)."""
    await page.wait_for(
        "!document.getElementById('send').hasAttribute('aria-disabled') && ("
        "!document.getElementById('report-problem').hidden || !document.getElementById('receipt').hidden)",
        what="the answer to the submission",
    )


async def hand_checks(page: Page) -> list[str]:
    """What axe-core does not check: English marked as English, required fields marked in words."""
    found: list[str] = await page.evaluate(
        """(() => {
            const out = [];
            for (const e of document.querySelectorAll(".en")) {
                if (e.closest("[lang]").lang !== "en") out.push("no lang=en: " + e.textContent.trim());
            }
            for (const f of document.querySelectorAll("[required]")) {
                const label = document.querySelector(`label[for="${f.id}"]`);
                if (!label || !label.textContent.includes("(bắt buộc)")) out.push("unmarked: " + f.id);
            }
            for (const f of document.querySelectorAll("input, select, textarea")) {
                if (f.getBoundingClientRect().height < 44) out.push("smaller than 44 px: " + f.id);
                if (parseFloat(getComputedStyle(f).fontSize) < 16) out.push("font under 16 px: " + f.id);
            }
            if (document.documentElement.scrollWidth > innerWidth) out.push("the page scrolls sideways");
            return out;
        })()"""
    )
    return found


async def fill_report(page: Page, group: str, description: str, url: str = "") -> None:
    await page.focus("#group")  # a select: chosen as a keyboard or a tap would, then "change" fires
    await page.evaluate(
        f"(() => {{ const g = document.getElementById('group'); g.value = {json.dumps(group)};"
        " g.dispatchEvent(new Event('change', {bubbles: true})); })()"
    )
    await page.type("#url", url)
    await page.type("#description", description)


@pytest.mark.timeout(300)
async def test_a_refused_then_corrected_report_shows_the_code_focused_and_passes_axe(
    service_db: Any, nats_url: str, ward: str, tmp_path: Path
) -> None:
    axe_found: dict[str, list[str]] = {}
    async with public_form(service_db, nats_url, ward, tmp_path) as (service, page, axe):
        # Empty: the form as a citizen first sees it.
        # The residential group is chosen by name from the ward's list (no code to know or type).
        group = await page.evaluate(
            "(() => { const g = document.getElementById('group'); return {tag: g.tagName,"
            " options: [...g.options].map(o => [o.value, o.textContent])}; })()"
        )
        assert group["tag"] == "SELECT" and group["options"][0][0] == ""
        assert ["tdp-12", "Tổ dân phố số 12"] in group["options"]
        await page.screenshot(ARTIFACTS / "public-empty.png")
        axe_found["empty"] = axe_failures(await page.axe(axe), AXE_ACCEPTED) + await hand_checks(page)

        # An empty submission: lasting error texts next to the fields and in a summary; nothing sent.
        await page.click("#send")
        await page.wait_for("!document.getElementById('report-problem').hidden", what="the error summary")
        assert await page.evaluate("document.activeElement.id") == "report-problem"
        for field in ("group", "description"):
            state = await field_state(page, field)
            assert state["invalid"] == "true" and f"{field}-error" in state["described_by"], state
            assert state["error"] and state["error"].startswith("Lỗi: Hãy"), state
        assert "Tổ dân phố: Hãy chọn tổ dân phố" in await text(page, "report-problem-list")
        assert posts(service) == 0
        await page.screenshot(ARTIFACTS / "public-empty-submit.png")
        axe_found["empty submit"] = axe_failures(await page.axe(axe), AXE_ACCEPTED) + await hand_checks(page)

        # Tổ dân phố số 12 chosen, and a link without its scheme: the server refuses the link, and the
        # page names that field, in Vietnamese, next to it.
        await fill_report(
            page,
            "tdp-12",
            "Quán karaoke mở cửa đến 2 giờ sáng, có người môi giới.",
            url="www.karaoke-x.example/phong-vip",
        )
        await page.click("#send")
        await settled(page)
        assert posts(service) == 1
        assert await visible(page, "report-problem") and not await visible(page, "receipt")
        assert await page.evaluate("document.getElementById('group').value") == "tdp-12"
        assert (await field_state(page, "group"))["invalid"] is None
        url = await field_state(page, "url")
        assert url["invalid"] == "true" and "url-error" in url["described_by"]
        assert url["error"].startswith("Lỗi: Đường dẫn chưa đúng"), url
        summary = await text(page, "report-problem")
        assert "Đường dẫn: Đường dẫn chưa đúng" in summary and "schema" not in summary
        assert await page.evaluate("document.activeElement.id") == "report-problem"
        await page.screenshot(ARTIFACTS / "public-error.png")
        await page.screenshot(ARTIFACTS / "public-error-full.png", full_page=True)
        axe_found["error"] = axe_failures(await page.axe(axe), AXE_ACCEPTED) + await hand_checks(page)
        await page.evaluate("document.getElementById('url').scrollIntoView({block: 'center'})")
        await page.screenshot(ARTIFACTS / "public-error-field.png")

        # Corrected: the code is shown, focused, in view, on one line, below "shown only once".
        await page.type("#url", "https://www.karaoke-x.example/phong-vip")
        await page.click("#send")
        await settled(page)
        assert posts(service) == 2
        assert await visible(page, "receipt") and not await visible(page, "report-problem")
        code = await text(page, "code")
        assert CODE.match(code), code
        assert await page.evaluate("document.activeElement.id") == "code"
        layout = await page.evaluate(
            """(() => {
                const code = document.getElementById("code");
                const c = code.getBoundingClientRect();
                const once = document.getElementById("receipt-once").getBoundingClientRect();
                const text = document.createRange();
                text.selectNodeContents(code);
                const lines = new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size;
                return {inView: c.top >= 0 && c.bottom <= innerHeight && c.left >= 0 && c.right <= innerWidth,
                        onceAbove: once.bottom <= c.top, lines,
                        clipped: code.scrollWidth > code.clientWidth,
                        invalid: document.querySelectorAll("[aria-invalid]").length,
                        description: document.getElementById("description").value};
            })()"""
        )
        assert layout == {
            "inView": True,
            "onceAbove": True,
            "lines": 1,
            "clipped": False,
            "invalid": 0,
            "description": "",
        }
        assert "chỉ hiện một lần" in await text(page, "receipt-once")
        await page.screenshot(ARTIFACTS / "public-success.png")
        axe_found["success"] = axe_failures(await page.axe(axe), AXE_ACCEPTED) + await hand_checks(page)

        # The copy button puts the code on the clipboard.
        await page.grant_clipboard(service.url)
        await page.click("#copy")
        await page.wait_for("document.getElementById('copy-status').textContent", what="the copy result")
        assert (await text(page, "copy-status")).startswith("Đã sao chép mã")
        assert await page.evaluate("navigator.clipboard.readText()") == code

        # The code works: typed in lowercase with spaces around it, it finds the report, and
        # information added with it is confirmed as received.
        await page.type("#fcode", f"  {code.lower()} ")
        await page.type("#more", "Tối thứ bảy có nhiều người ra vào hơn.")
        await page.click("#look-up")
        await page.wait_for("document.getElementById('status').textContent", what="the report's status")
        assert (await text(page, "status")).startswith("Đã nhận thông tin bổ sung của bạn.")
        assert "Tình trạng: Đã tiếp nhận." in await text(page, "status")
        async with httpx.AsyncClient(base_url=service.url) as client:
            status = await client.post("/v1/public/receipts/status", json={"code": code})
        assert status.status_code == 200 and status.json()["status"] == "received"

        assert page.problems == [], "the page logged errors"
    assert {state: found for state, found in axe_found.items() if found} == {}


# Every kind of refusal a server, a proxy or the network can give instead of a receipt.
ERROR_ANSWERS = (
    Answer(
        422,
        json.dumps(
            {
                "title": "Dữ liệu không hợp lệ / Invalid data",
                "status": 422,
                "detail": "The request does not match the schema.",
                "errors": [
                    {"loc": ["body", "residential_group"], "msg": "bad", "type": "string_pattern_mismatch"}
                ],
            }
        ),
    ),
    Answer(
        422, json.dumps({"status": 422, "errors": [{"loc": ["body", "reporter"], "type": "extra_forbidden"}]})
    ),
    Answer(422, json.dumps({"title": "Dữ liệu không hợp lệ / Invalid data", "status": 422})),
    Answer(400, json.dumps({"title": "Yêu cầu không hợp lệ / Bad request", "status": 400})),
    Answer(404, "<html><body>Not Found</body></html>", content_type="text/html"),
    Answer(409, json.dumps({"title": "Xung đột trạng thái / Conflict", "status": 409})),
    Answer(413, "Request Entity Too Large", content_type="text/plain"),
    Answer(429, json.dumps({"title": "Quá nhiều yêu cầu / Too many requests", "retry_after": 1800})),
    Answer(500, json.dumps({"title": "Lỗi hệ thống / Internal error", "status": 500})),
    Answer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html"),
    Answer(503, ""),
    Answer(200, json.dumps({"receipt_code": None, "received_at": "2026-07-01T09:00:00+07:00"})),
    Answer(0),  # the connection drops
)


@pytest.mark.timeout(300)
async def test_no_error_answer_keeps_the_next_receipt_code_from_showing(
    service_db: Any, nats_url: str, ward: str, tmp_path: Path
) -> None:
    """After any error answer, the next accepted tip's code is shown and focused; earlier codes stay."""
    async with public_form(service_db, nats_url, ward, tmp_path) as (service, page, _):
        pending: list[Answer] = []

        async def answer(_request: dict[str, Any]) -> Answer | None:
            return pending.pop(0) if pending else None  # None: on to the real server

        await page.intercept(f"*{TIPS}", answer)
        codes: list[str] = []
        for n, refusal in enumerate(ERROR_ANSWERS):
            await fill_report(page, f"tdp-{n + 1}", f"Tin thứ {n}: quán có dấu hiệu môi giới mại dâm.")
            pending.append(refusal)
            await page.click("#send")
            await settled(page)
            assert pending == [], "the refusal was given"
            assert await visible(page, "report-problem"), refusal
            message = await text(page, "report-problem")
            assert message.startswith("Chưa gửi được tin"), (refusal, message)
            assert await page.evaluate("document.activeElement.id") == "report-problem"
            assert await text(page, "code") == (codes[-1] if codes else ""), (
                "an error never touches the receipt"
            )
            assert await page.evaluate("document.getElementById('description').value"), "the text is kept"
            if refusal.status in {0, 429, 500}:
                await page.screenshot(ARTIFACTS / f"public-refused-{refusal.status}.png")

            posted = posts(service)
            await page.click("#send")
            await settled(page)
            assert posts(service) == posted + 1
            code = await text(page, "code")
            assert CODE.match(code) and code not in codes, (refusal, code)
            assert not await visible(page, "report-problem"), refusal
            assert await page.evaluate("document.activeElement.id") == "code", refusal
            assert await page.evaluate("document.querySelectorAll('[aria-invalid]').length") == 0
            codes.append(code)
            earlier = await page.evaluate(
                "[...document.querySelectorAll('#earlier-list .code-small')].map((e) => e.textContent)"
            )
            assert earlier == codes[-2::-1], "every earlier code of this page is still listed"

        assert page.problems == [], "the page logged errors"
        await page.screenshot(ARTIFACTS / "public-after-refusals.png", full_page=True)
        async with httpx.AsyncClient(base_url=service.url) as client:
            for code in codes:
                r = await client.post("/v1/public/receipts/status", json={"code": code})
                assert r.status_code == 200, code


@pytest.mark.timeout(300)
async def test_information_sent_again_after_a_lost_answer_is_stored_once(
    service_db: Any, nats_url: str, ward: str, tmp_path: Path
) -> None:
    """The page sends added information with an Idempotency-Key of its own, the same while it sends
    the same code and text again: an answer lost after the server stored it costs no second copy."""
    async with public_form(service_db, nats_url, ward, tmp_path) as (service, page, _):
        async with httpx.AsyncClient(base_url=service.url) as client:
            tip = await client.post(TIPS, json={"kind": "report", "residential_group": "tdp-1",
                                                "subject": {"type": "place", "place_address": "hẻm 3"},
                                                "description": "Có dấu hiệu môi giới."})  # fmt: skip
            assert tip.status_code == 201, tip.text
            code = tip.json()["receipt_code"]
            sent: list[tuple[str, str]] = []  # (Idempotency-Key, text) of every request the page made

            async def lose_the_first_answer(request: dict[str, Any]) -> Answer | None:
                headers = {k.lower(): v for k, v in request["headers"].items()}
                sent.append((headers.get("idempotency-key", ""), json.loads(request["postData"])["text"]))
                if len(sent) > 1:
                    return None  # on to the server
                stored = await client.post(  # the server takes it, then the answer is lost
                    "/v1/public/receipts/information",
                    content=request["postData"],
                    headers={"Content-Type": "application/json", "Idempotency-Key": sent[0][0]},
                )
                assert stored.status_code == 202, stored.text
                return Answer(0)

            await page.intercept("*/v1/public/receipts/information", lose_the_first_answer)
            await page.type("#fcode", code)
            await page.type("#more", "Tối thứ bảy có nhiều người ra vào hơn.")
            await page.click("#look-up")
            await page.wait_for("!document.getElementById('follow-problem').hidden", what="the network error")
            assert "Không kết nối được máy chủ" in await text(page, "follow-problem")
            await page.click("#look-up")  # sent again, as the page asks
            await page.wait_for("document.getElementById('status').textContent", what="the report's status")
            assert (await text(page, "status")).startswith("Đã nhận thông tin bổ sung của bạn.")
            await page.type("#more", "Có thêm hai xe máy lạ.")
            await page.click("#look-up")
            await page.wait_for("document.getElementById('more').value === ''", what="the second text sent")

            (key, first), (again, _), (other, _) = sent
            assert re.fullmatch(r"[0-9a-f]{32}", key) and again == key, "one key for one text"
            assert other != key and first == "Tối thứ bảy có nhiều người ra vào hơn."
            staff = auth_headers(ward)
            (listed,) = (await client.get("/v1/tips", headers=staff)).json()["items"]
            private = (await client.get(f"/v1/tips/{listed['id']}/private", headers=staff)).json()
            added = [v["value"] for v in private if v["field"] == "additional_information"]
            assert sorted(added) == sorted([first, "Có thêm hai xe máy lạ."]), "each text stored once"
        assert page.problems == [], "the page logged errors"


@pytest.mark.timeout(300)
async def test_a_tip_sent_again_after_a_lost_answer_is_filed_once_with_its_code_shown(
    service_db: Any, nats_url: str, ward: str, tmp_path: Path
) -> None:
    """The page sends a tip with an Idempotency-Key, the same while it sends the same tip again: when
    the server filed it and the answer was lost, sending again files nothing new and shows the code of
    the tip filed (sealed in the stored answer for its retries)."""
    async with public_form(service_db, nats_url, ward, tmp_path) as (service, page, axe):
        async with httpx.AsyncClient(base_url=service.url) as client:
            sent: list[str] = []  # the Idempotency-Key of every tip the page sent
            filed: list[str] = []  # the receipt code of the tip the server filed

            async def lose_the_first_answer(request: dict[str, Any]) -> Answer | None:
                sent.append({k.lower(): v for k, v in request["headers"].items()}.get("idempotency-key", ""))
                if len(sent) > 1:
                    return None  # on to the server
                stored = await client.post(  # the server takes it, then the answer is lost
                    TIPS, content=request["postData"],
                    headers={"Content-Type": "application/json", "Idempotency-Key": sent[0]},
                )  # fmt: skip
                assert stored.status_code == 201, stored.text
                filed.append(stored.json()["receipt_code"])
                return Answer(0)

            await page.intercept(f"*{TIPS}", lose_the_first_answer)
            await fill_report(page, "tdp-2", "Quán karaoke có dấu hiệu môi giới mại dâm.")
            await page.click("#send")
            await settled(page)
            assert "Không kết nối được máy chủ" in await text(page, "report-problem")
            await page.click("#send")  # sent again, as the page asks
            await settled(page)
            assert await text(page, "code") == filed[0], "the code of the tip the server filed"
            assert await page.evaluate("document.activeElement.id") == "code"
            assert axe_failures(await page.axe(axe), AXE_ACCEPTED) == []
            await page.screenshot(ARTIFACTS / "public-resent-after-lost-answer.png")
            await fill_report(page, "tdp-3", "Nhà nghỉ cuối hẻm có người đứng mời khách.")
            await page.click("#send")
            await settled(page)
            third = await text(page, "code")

            first, again, other = sent
            assert re.fullmatch(r"[0-9a-f]{32}", first) and again == first, "one key for one tip"
            assert other != first and CODE.match(third) and third != filed[0]
            listed = (await client.get("/v1/tips", headers=auth_headers(ward))).json()["items"]
            assert len(listed) == 2, "the tip sent twice is filed once"
        assert page.problems == [], "the page logged errors"
