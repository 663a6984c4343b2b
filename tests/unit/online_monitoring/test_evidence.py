"""Evidence is judged from its bytes; pictures re-posted after small changes are recognised."""

from __future__ import annotations

import hashlib
import io
import random
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

from services.online_monitoring.domain.evidence import (
    DEFAULT_LIMITS,
    NEAR,
    EvidenceFacts,
    EvidenceLimits,
    EvidenceRejected,
    distance,
    examine,
    near,
)


def picture(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A made-up screenshot: coloured blocks and lines of text, different for every seed."""
    rnd = random.Random(seed)
    image = Image.new("RGB", size, tuple(rnd.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x0, y0 = rnd.randrange(size[0]), rnd.randrange(size[1])
        box = (x0, y0, x0 + rnd.randrange(20, 300), y0 + rnd.randrange(20, 200))
        shape = draw.rectangle if rnd.randrange(2) else draw.ellipse
        shape(box, fill=tuple(rnd.randrange(256) for _ in range(3)))
    for _ in range(5):
        draw.text((rnd.randrange(500), rnd.randrange(440)), "em xinh 0912 345 678", fill=(0, 0, 0))
    return image


def encoded(image: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def phash_of(image: Image.Image, fmt: str = "PNG", name: str = "a.png", **options: object) -> str:
    facts = examine(encoded(image, fmt, **options), name)
    assert facts.perceptual_hash is not None
    return facts.perceptual_hash


def rejected(
    data: bytes, name: str, declared: str | None = None, limits: EvidenceLimits = DEFAULT_LIMITS
) -> str:
    with pytest.raises(EvidenceRejected) as caught:
        examine(data, name, declared, limits)
    assert " / " in str(caught.value)  # Vietnamese, then English
    return caught.value.reason


# ------------------------------------------------------------------ facts


def test_the_facts_of_a_png_screenshot() -> None:
    data = encoded(picture(1))
    facts = examine(data, "chup-man-hinh.png", "image/png")
    assert facts.sha256 == hashlib.sha256(data).hexdigest()
    assert (facts.media_type, facts.size) == ("image/png", len(data))
    assert facts.perceptual_hash is not None and len(facts.perceptual_hash) == 16
    int(facts.perceptual_hash, 16)


@pytest.mark.parametrize(
    ("fmt", "name", "declared", "media_type"),
    [
        ("JPEG", "anh.jpg", "image/jpeg", "image/jpeg"),
        ("JPEG", "anh.JPEG", "image/jpg", "image/jpeg"),  # an alias browsers send
        ("JPEG", "anh.jfif", None, "image/jpeg"),
        ("WEBP", "anh.webp", "image/webp", "image/webp"),
        ("GIF", "anh.gif", "image/gif", "image/gif"),
        ("PNG", "chụp màn hình 2026.12.04", "application/octet-stream", "image/png"),  # ".04" claims nothing
        ("PNG", "anh", None, "image/png"),
        ("PNG", "anh.png", "image/png; charset=binary", "image/png"),
    ],
)
def test_image_types_come_from_the_content(
    fmt: str, name: str, declared: str | None, media_type: str
) -> None:
    facts = examine(encoded(picture(2), fmt), name, declared)
    assert facts.media_type == media_type
    assert facts.perceptual_hash is not None


def test_a_transparent_png_hashes_like_the_same_picture_on_white() -> None:
    base = picture(3).convert("RGBA")
    holed = base.copy()
    holed.putalpha(255)
    pixels = holed.load()
    assert pixels is not None
    for x in range(0, 40):
        for y in range(0, 40):
            pixels[x, y] = (0, 0, 0, 0)  # transparent black
    white = base.copy()
    ImageDraw.Draw(white).rectangle((0, 0, 39, 39), fill=(255, 255, 255, 255))
    assert distance(phash_of(holed), phash_of(white)) <= 2


@pytest.mark.parametrize(
    ("data", "name", "media_type"),
    [
        (b"<!DOCTYPE html><html><body>Massage 0912</body></html>", "trang.html", "text/html"),
        (b"\xef\xbb\xbf  <html lang='vi'><head></head></html>", "trang.htm", "text/html"),
        (b"<?xml version='1.0'?>\n<!-- saved -->\n<html xmlns='x'></html>", "trang.xhtml", "text/html"),
        ("<body>Em xinh, gọi 09xx</body>".encode(), "trang", "text/html"),
        ("Em gái xinh, phục vụ tận tình, inbox giá.\nLH 0912 345 678".encode(), "tin.txt", "text/plain"),
        (b"id,text\n1,massage\n", "bang.csv", "text/plain"),  # plain text named as csv
        ("Tin nhắn: <b>không phải trang</b>".encode(), "tin.txt", "text/plain"),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "ban.pdf", "application/pdf"),
    ],
)
def test_text_html_and_pdf(data: bytes, name: str, media_type: str) -> None:
    facts = examine(data, name)
    assert (facts.media_type, facts.perceptual_hash, facts.size) == (media_type, None, len(data))


# ------------------------------------------------------------------ refusals


def test_empty_and_too_large() -> None:
    assert rejected(b"", "a.png") == "empty"
    limit = DEFAULT_LIMITS.max_bytes
    assert limit == 10 * 1024 * 1024
    assert rejected(b"a" * (limit + 1), "a.txt") == "too_large"
    assert examine(b"a" * limit, "a.txt").size == limit  # exactly the limit is fine


def test_a_png_named_jpg_is_a_mismatch() -> None:
    data = encoded(picture(4))
    assert rejected(data, "anh.jpg") == "type_mismatch"
    assert rejected(data, "anh.png", "image/jpeg") == "type_mismatch"
    assert rejected(data, "anh.exe") == "type_mismatch"
    assert rejected(b"<html><body>x</body></html>", "tin.txt") == "type_mismatch"
    assert rejected(b"plain words", "trang.html") == "type_mismatch"
    assert rejected(b"plain words", "anh.png") == "type_mismatch"


def test_a_truncated_or_corrupt_image_is_undecodable() -> None:
    data = encoded(picture(5))
    assert rejected(data[: len(data) // 2], "anh.png") == "undecodable_image"
    jpeg = encoded(picture(5), "JPEG")
    assert rejected(jpeg[:200], "anh.jpg") == "undecodable_image"
    broken = bytearray(data)
    broken[40:60] = bytes(20)  # damage the image data (the CRC no longer matches)
    assert rejected(bytes(broken), "anh.png") == "undecodable_image"


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture (a decompression bomb's first bytes)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height"), [(10_000, 10_000), (40_000, 40_000), (100_000, 100_000)])
def test_a_decompression_bomb_is_refused_before_decoding(width: int, height: int) -> None:
    assert rejected(_png_header_only(width, height), "bom.png") == "too_large"


def test_the_pixel_limit_is_a_limit() -> None:
    data = encoded(picture(6, (100, 50)))
    assert rejected(data, "a.png", limits=EvidenceLimits(max_pixels=4_999)) == "too_large"
    assert examine(data, "a.png", limits=EvidenceLimits(max_pixels=5_000)).media_type == "image/png"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "anh.svg"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "anh.png"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(300), "setup.exe"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(300), "anh.png"),
        (b"\x7fELF\x02\x01\x01" + bytes(300), "a"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(100), "bang.zip"),
        (bytes(range(256)) * 4, "du-lieu.bin"),
    ],
)
def test_svg_executables_and_unknown_binaries_are_refused(data: bytes, name: str) -> None:
    assert rejected(data, name) == "type_not_allowed"


def test_a_type_left_out_of_the_limits_is_refused() -> None:
    only_images = EvidenceLimits(media_types=frozenset({"image/png"}))
    assert rejected(b"%PDF-1.4\n%%EOF", "a.pdf", limits=only_images) == "type_not_allowed"
    assert examine(encoded(picture(7)), "a.png", limits=only_images).media_type == "image/png"


@pytest.mark.parametrize(
    ("data", "name", "declared"),
    [
        ("Tiếng Việt".encode("utf-16"), "tin.txt", None),
        ("Cà phê".encode("latin-1", "replace"), "tin.txt", None),
        (b"text with a \x00 NUL", "tin.txt", None),
        (b"\xff\xfe\x00\x00garbage", "trang.html", None),
        (bytes(range(128, 256)), "tin", "text/plain"),
    ],
)
def test_text_that_is_not_utf8_text(data: bytes, name: str, declared: str | None) -> None:
    assert rejected(data, name, declared) == "not_text"


def test_the_reason_carries_a_detail() -> None:
    with pytest.raises(EvidenceRejected) as caught:
        examine(encoded(picture(8)), "anh.jpg")
    assert "image/png" in str(caught.value) and "image/jpeg" in str(caught.value)
    assert caught.value.detail == "image/png ≠ image/jpeg"


# ------------------------------------------------------------------ perceptual hashes


def test_the_same_picture_after_reposting_is_near() -> None:
    for seed in range(4):
        image = picture(seed)
        original = phash_of(image)
        width, height = image.size
        variants = [
            phash_of(image, "JPEG", "a.jpg", quality=30),
            phash_of(image, "JPEG", "a.jpg", quality=85),
            phash_of(image.resize((320, 240))),
            phash_of(image.resize((1280, 960)), "WEBP", "a.webp"),
            phash_of(image.crop((width // 50, height // 50, width - width // 50, height - height // 50))),
            phash_of(ImageEnhance.Brightness(image).enhance(1.2)),
            phash_of(image.filter(ImageFilter.GaussianBlur(1))),
        ]
        assert all(near(original, v) for v in variants), [distance(original, v) for v in variants]


def test_different_pictures_are_not_near() -> None:
    hashes = [phash_of(picture(seed)) for seed in range(100, 120)]
    for i, a in enumerate(hashes):
        for b in hashes[i + 1 :]:
            assert not near(a, b), distance(a, b)


def test_distance_and_threshold() -> None:
    assert distance("0000000000000000", "0000000000000000") == 0
    assert distance("0000000000000000", "ffffffffffffffff") == 64
    assert distance("8000000000000001", "0000000000000000") == 2
    assert near("0000000000000000", "00000000000003ff")  # 10 bits
    assert not near("0000000000000000", "00000000000007ff")  # 11 bits
    assert near("0000000000000000", "00000000000007ff", threshold=11)
    assert not near("0000000000000000", "0000000000000003", threshold=1)
    assert NEAR == 10
    with pytest.raises(ValueError, match="lengths"):
        distance("00", "000")
    with pytest.raises(ValueError, match="lengths"):
        distance("000", "00")


@given(st.integers(0, 2**64 - 1), st.integers(0, 2**64 - 1))
def test_distance_is_a_metric(a: int, b: int) -> None:
    x, y = f"{a:016x}", f"{b:016x}"
    assert distance(x, y) == distance(y, x) == bin(a ^ b).count("1")
    assert (distance(x, y) == 0) == (a == b)
    assert near(x, y) == (distance(x, y) <= NEAR)


def test_facts_are_values() -> None:
    data = b"hello"
    assert examine(data, "a.txt") == EvidenceFacts(hashlib.sha256(data).hexdigest(), "text/plain", 5, None)


def test_a_declared_type_is_checked_like_the_name() -> None:
    assert rejected(b"plain words", "tin", "text/html") == "type_mismatch"
    assert rejected(b"<html><body>x</body></html>", "trang", "text/plain") == "type_mismatch"
    assert examine(b"plain words", "tin", "text/markdown").media_type == "text/plain"


def test_only_the_first_4_kib_say_whether_text_is_svg() -> None:
    inside = b"a" * 4091 + b"<svg>"  # ends at byte 4096
    assert rejected(inside, "tin.txt") == "type_not_allowed"
    beyond = b"a" * 4092 + b"<svg>"  # its ">" is byte 4097
    assert examine(beyond, "tin.txt").media_type == "text/plain"


def test_a_transparent_gif_hashes_like_the_same_picture_on_white() -> None:
    base = picture(9).convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    holed = base.copy()
    palette = base.getpalette() or []
    colours = [sum(palette[i : i + 3]) for i in range(0, len(palette), 3)]
    index = colours.index(min(colours))  # the darkest colour becomes transparent: it is read as white
    holed.paste(index, (0, 0, 320, 240))
    out = io.BytesIO()
    holed.save(out, "GIF", transparency=index)
    white = picture(9)
    ImageDraw.Draw(white).rectangle((0, 0, 319, 239), fill=(255, 255, 255))
    gif = examine(out.getvalue(), "a.gif").perceptual_hash
    assert gif is not None and distance(gif, phash_of(white)) <= 2


def test_flattening_puts_transparent_pixels_on_pure_white() -> None:
    from services.online_monitoring.domain.evidence import _flattened

    clear = Image.new("RGBA", (4, 4), (10, 20, 30, 0))
    assert _flattened(clear).getpixel((1, 1)) == (255, 255, 255)
    keyed = Image.new("RGB", (4, 4), (10, 20, 30))
    keyed.info["transparency"] = (10, 20, 30)  # a PNG's tRNS colour key
    assert _flattened(keyed).getpixel((1, 1)) == (255, 255, 255)
    grey = Image.new("LA", (4, 4), (0, 0))
    assert _flattened(grey).getpixel((1, 1)) == (255, 255, 255)
    assert _flattened(Image.new("RGB", (4, 4), (10, 20, 30))).getpixel((1, 1)) == (10, 20, 30)


def test_the_default_limits_and_facts_are_values() -> None:
    import dataclasses

    assert DEFAULT_LIMITS.max_pixels == 50_000_000
    assert DEFAULT_LIMITS.media_types == {
        "image/png", "image/jpeg", "image/webp", "image/gif", "text/html", "text/plain", "application/pdf"
    }  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_LIMITS.max_bytes = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        examine(b"x", "a.txt").size = 2  # type: ignore[misc]


def test_only_plain_text_is_lenient_about_text_names() -> None:
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(100)
    videos = EvidenceLimits(media_types=frozenset({"video/mp4"}))
    assert rejected(mp4, "clip.txt", limits=videos) == "type_mismatch"
    assert examine(mp4, "clip", limits=videos).media_type == "video/mp4"
