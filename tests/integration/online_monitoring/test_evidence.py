"""Evidence over HTTP on a real PostgreSQL: files checked from their bytes, stored once and encrypted,
every view, download and hand-over on an append-only chain of custody whose check finds tampering
done directly in the database; near pictures on other items recognised; nothing written on refusal."""

from __future__ import annotations

import hashlib
import io
import random
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image, ImageDraw
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from services.online_monitoring.repository.evidence_tables import CustodyRow, EvidenceBlobRow, EvidenceRow
from shared.db import AuditRecord, OutboxRecord
from tests.helpers import auth_headers
from tests.integration.online_monitoring.conftest import Client

PROBLEM = "application/problem+json"


def picture(seed: int, fmt: str = "PNG", resize: tuple[int, int] | None = None, **options: Any) -> bytes:
    rnd, size = random.Random(seed), (480, 360)
    image = Image.new("RGB", size, tuple(rnd.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x, y = rnd.randrange(size[0]), rnd.randrange(size[1])
        draw.rectangle(
            (x, y, x + rnd.randrange(20, 200), y + rnd.randrange(20, 150)), fill=(rnd.randrange(256), 0, 90)
        )
    out = io.BytesIO()
    (image.resize(resize) if resize else image).save(out, fmt, **options)
    return out.getvalue()


def ca(ward: str, role: str = "officer") -> dict[str, str]:
    return auth_headers(ward, "ca", role)


async def new_item(c: httpx.AsyncClient, ward: str, post: int) -> str:
    url = f"https://www.facebook.com/groups/5550001/posts/{post}/"
    r = await c.post("/v1/items", json={"url": url}, headers=ca(ward))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def upload(
    c: httpx.AsyncClient,
    ward: str,
    item: str,
    data: bytes,
    name: str,
    kind: str = "image/png",
    unit: str = "ca",
) -> httpx.Response:
    return await c.post(
        "/v1/evidence",
        params={"item_id": item, "filename": name},
        content=data,
        headers={**auth_headers(ward, unit, "officer"), "Content-Type": kind},
    )


async def count(app: FastAPI, table: Any) -> int:
    async with app.state.runtime.session_factory() as s:
        return int(await s.scalar(select(func.count()).select_from(table)) or 0)


async def audit(app: FastAPI) -> list[tuple[str, str, str]]:
    async with app.state.runtime.session_factory() as s:
        rows = await s.execute(
            select(AuditRecord.action, AuditRecord.resource, AuditRecord.reason).order_by(AuditRecord.id)
        )
        return [(a, r, why) for a, r, why in rows.all() if r in ("evidence", "custody")]


async def tamper(app: FastAPI, statement: str) -> None:
    """What someone with the database owner's rights could do: switch the trigger off, change, on."""
    async with app.state.runtime.session_factory() as s, s.begin():
        await s.execute(text("ALTER TABLE evidence_custody DISABLE TRIGGER evidence_custody_append_only"))
        await s.execute(text(statement))
        await s.execute(text("ALTER TABLE evidence_custody ENABLE TRIGGER evidence_custody_append_only"))


async def test_evidence_is_captured_viewed_downloaded_handed_over_on_an_intact_chain(
    online: Client, ward: str
) -> None:
    app, c = online
    item = await new_item(c, ward, 1001)
    events_before = await count(app, OutboxRecord)
    data = picture(1)
    r = await upload(c, ward, item, data, "ảnh chụp Nguyễn Thị B.png")
    assert r.status_code == 201, r.text
    ev = r.json()
    assert ev["sha256"] == hashlib.sha256(data).hexdigest() and ev["media_type"] == "image/png"
    assert ev["size"] == len(data) and len(ev["perceptual_hash"]) == 16 and ev["created"]
    assert ev["possible_matches"] == [] and ev["captured_at"].endswith("+07:00")
    assert await count(app, OutboxRecord) == events_before  # evidence never goes into an event

    async with app.state.runtime.session_factory() as s:
        blob = (await s.execute(select(EvidenceBlobRow))).scalar_one()
        row = (await s.execute(select(EvidenceRow))).scalar_one()
    assert data[16:200] not in blob.ciphertext and "Nguyễn".encode() not in row.filename_ciphertext

    again = await upload(c, ward, item, data, "again.png")
    assert again.status_code == 200 and again.json()["id"] == ev["id"] and not again.json()["created"]
    assert await count(app, EvidenceRow) == 1 and await count(app, CustodyRow) == 1

    listed = await c.get(f"/v1/items/{item}/evidence", headers=ca(ward))
    assert [e["id"] for e in listed.json()["evidence"]] == [ev["id"]] and "filename" not in listed.json()[
        "evidence"
    ][0]
    seen = await c.get(f"/v1/evidence/{ev['id']}", headers=ca(ward))
    assert seen.json()["filename"] == "ảnh chụp Nguyễn Thị B.png" and seen.json()["custody_length"] == 2
    got = await c.post(
        f"/v1/evidence/{ev['id']}/download", json={"reason": "Hồ sơ vụ việc 12/2026"}, headers=ca(ward)
    )
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == "image/png" and got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["x-evidence-sha256"] == ev["sha256"]
    handed = await c.post(
        f"/v1/evidence/{ev['id']}/handover",
        json={"to": "Phòng An ninh mạng, Công an thành phố", "reference": "BB-15"},
        headers=ca(ward, "leader"),
    )
    assert handed.status_code == 200, handed.text
    assert handed.json()["action"] == "handed_over" and handed.json()["note"].endswith("(BB-15)")

    chain = (
        await c.get(f"/v1/evidence/{ev['id']}/custody", headers=auth_headers(ward, "ubnd", "leader"))
    ).json()
    assert [e["action"] for e in chain["entries"]] == ["captured", "viewed", "downloaded", "handed_over"]
    assert chain["intact"] and chain["break"] is None and chain["length"] == 4
    assert chain["entries"][2]["note"] == "Hồ sơ vụ việc 12/2026"
    assert chain["head_hash"] == chain["entries"][-1]["entry_hash"]
    assert all(e["actor"].startswith(("ca:", "ubnd:")) for e in chain["entries"])  # ids, never names
    assert await audit(app) == [
        ("capture", "evidence", ""),
        ("list", "evidence", ""),
        ("read_private", "evidence", ""),
        ("read_private", "evidence", "Hồ sơ vụ việc 12/2026"),
        ("hand_over", "evidence", "Phòng An ninh mạng, Công an thành phố (BB-15)"),
        ("read", "custody", ""),
    ]


async def test_tampering_in_the_database_is_found_where_it_happened(online: Client, ward: str) -> None:
    app, c = online
    item = await new_item(c, ward, 1002)
    ev = (await upload(c, ward, item, b"Em xinh 0912 345 678, inbox gia", "tin.txt", "text/plain")).json()
    for _ in range(3):
        assert (await c.get(f"/v1/evidence/{ev['id']}", headers=ca(ward))).status_code == 200
    check = f"/v1/evidence/{ev['id']}/custody"
    assert (await c.get(check, headers=ca(ward))).json()["intact"]

    async with app.state.runtime.session_factory() as s:  # the trigger refuses changes from anyone
        with pytest.raises(DBAPIError, match="append-only"):
            async with s.begin():
                await s.execute(text("UPDATE evidence_custody SET actor = 'ca:someone' WHERE sequence = 2"))
        with pytest.raises(DBAPIError, match="append-only"):
            async with s.begin():
                await s.execute(text("DELETE FROM evidence_custody WHERE sequence = 4"))

    await tamper(app, "UPDATE evidence_custody SET actor = 'ca:someone-else' WHERE sequence = 3")
    found = (await c.get(check, headers=ca(ward))).json()
    assert not found["intact"] and found["break"]["sequence"] == 3 and found["break"]["reason"] == "altered"
    assert " / " in found["break"]["message"]


async def test_a_removed_custody_entry_breaks_the_numbering(online: Client, ward: str) -> None:
    app, c = online
    item = await new_item(c, ward, 1003)
    ev = (
        await upload(c, ward, item, b"<html><body>Massage kin</body></html>", "trang.html", "text/html")
    ).json()
    for _ in range(3):
        await c.get(f"/v1/evidence/{ev['id']}", headers=ca(ward))
    await tamper(app, "DELETE FROM evidence_custody WHERE sequence = 2")
    found = (await c.get(f"/v1/evidence/{ev['id']}/custody", headers=ca(ward))).json()
    assert found["break"] == {"sequence": 3, "reason": "sequence", "message": found["break"]["message"]}
    assert found["length"] == 3
    # the next view is still recorded, after the break, which stays where it was
    assert (await c.get(f"/v1/evidence/{ev['id']}", headers=ca(ward))).status_code == 200
    again = (await c.get(f"/v1/evidence/{ev['id']}/custody", headers=ca(ward))).json()
    assert again["length"] == 4 and again["break"]["sequence"] == 3


async def test_a_near_picture_on_another_item_is_reported_as_a_possible_match(
    online: Client, ward: str
) -> None:
    _, c = online
    first, second, third = [await new_item(c, ward, n) for n in (2001, 2002, 2003)]
    original = (await upload(c, ward, first, picture(7), "a.png")).json()
    reposted = await upload(
        c, ward, second, picture(7, "JPEG", (400, 300), quality=40), "b.jpg", "image/jpeg"
    )
    assert reposted.status_code == 201, reposted.text
    (match,) = reposted.json()["possible_matches"]
    assert match["evidence_id"] == original["id"] and match["item_id"] == first and match["distance"] <= 10
    other = await upload(c, ward, third, picture(99), "c.png")
    assert other.json()["possible_matches"] == []
    same_file = await upload(c, ward, third, picture(7), "d.png")
    assert {m["item_id"] for m in same_file.json()["possible_matches"]} == {first, second}


@pytest.mark.parametrize(
    ("data", "name", "kind", "status", "slug"),
    [
        (picture(3), "anh.jpg", "image/jpeg", 422, "evidence-type-mismatch"),
        (picture(3)[:900], "anh.png", "image/png", 422, "evidence-undecodable-image"),
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(300),
            "a.exe",
            "application/x-msdownload",
            415,
            "evidence-type-not-allowed",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "a.svg",
            "image/svg+xml",
            415,
            "evidence-type-not-allowed",
        ),
        ("Tiếng Việt".encode("utf-16"), "a.txt", "text/plain", 422, "evidence-not-text"),
        (b"", "a.png", "image/png", 422, "evidence-empty"),
        (b"x" * (10 * 1024 * 1024 + 1), "a.txt", "text/plain", 413, "too-large"),
    ],
)
async def test_a_refused_file_writes_nothing(
    online: Client, ward: str, data: bytes, name: str, kind: str, status: int, slug: str
) -> None:
    app, c = online
    item = await new_item(c, ward, 3001)
    r = await upload(c, ward, item, data, name, kind)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM and r.json()["type"].endswith("/" + slug)
    assert " / " in r.json()["title"]
    for table in (EvidenceBlobRow, EvidenceRow, CustodyRow):
        assert await count(app, table) == 0
    assert await audit(app) == []


async def test_other_wards_units_and_unknown_ids(online: Client, ward: str) -> None:
    _, c = online
    item = await new_item(c, ward, 4001)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert (await upload(c, ward, unknown, picture(1), "a.png")).status_code == 404
    ev = (await upload(c, ward, item, picture(1), "a.png", unit="ttdv")).json()  # the public's desk files it
    assert ev["captured_unit"] == "ttdv"
    assert (
        await c.get(f"/v1/evidence/{ev['id']}", headers=auth_headers(ward, "ttdv", "officer"))
    ).status_code == 403
    assert (await c.get(f"/v1/evidence/{ev['id']}", headers=ca("otherward"))).status_code == 404
    assert (await c.get(f"/v1/evidence/{unknown}/custody", headers=ca(ward))).status_code == 404
    leader = auth_headers(ward, "ubnd", "leader")
    assert (
        await c.post(f"/v1/evidence/{ev['id']}/download", json={"reason": "x"}, headers=leader)
    ).status_code == 403
    blank = await c.post(f"/v1/evidence/{ev['id']}/download", json={"reason": " "}, headers=ca(ward))
    assert blank.status_code == 422 and blank.headers["content-type"] == PROBLEM
    handover = await c.post(
        f"/v1/evidence/{ev['id']}/handover", json={"to": "X"}, headers=auth_headers(ward, "vhxh", "officer")
    )
    assert handover.status_code == 403
    form = await c.post(
        "/v1/evidence",
        params={"item_id": item},
        files={"file": ("a.png", picture(2), "image/png")},
        headers=ca(ward),
    )
    assert form.status_code == 415 and form.json()["type"].endswith("/unsupported-upload")
    nul = await c.post(
        "/v1/evidence",
        params={"item_id": item, "filename": "a\x00.png"},
        content=picture(2),
        headers=ca(ward),
    )
    assert nul.status_code == 422
