"""What an uploaded piece of evidence is, judged from its bytes, never from its name alone.

``examine`` takes the bytes of a screenshot, a saved page or a text and returns its facts (SHA-256,
media type, size and, for an image, a perceptual hash), or ``EvidenceRejected`` with a stable reason:

- the **type comes from the content**: ``filetype`` reads the magic numbers of images and PDF;
  anything else must be UTF-8 text, HTML when it looks like a page (a doctype, ``<html>``,
  ``<head>`` or ``<body>``), plain text otherwise. SVG is refused (it can carry scripts), so is
  every executable, archive or media type not in ``EvidenceLimits.media_types``;
- the file name's extension and the type the browser declared must agree with the content
  (``type_mismatch``); a name with no extension, and the declared ``application/octet-stream`` of a
  browser that does not know, claim nothing;
- an image is **decoded in full** with Pillow (a truncated or corrupt one is ``undecodable_image``),
  after its pixel count is checked against ``EvidenceLimits.max_pixels`` and with Pillow's
  decompression-bomb warning turned into an error, so a small file cannot expand into gigabytes.

The perceptual hash is **pHash** (imagehash, 64 bits as 16 hex digits): the image in grey, shrunk
to 32×32, its discrete cosine transform, and one bit per low frequency above the median. It keeps
the picture's structure and drops what re-posting changes: measured on generated pictures,
re-encoding as JPEG at quality 30, halving or doubling the size and blurring move it by ≤ 2 bits,
brightening by 20% by ≤ 6, cropping 2% of each edge by ≤ 8, while different pictures stay ≥ 18 bits
apart. ``NEAR`` = 10 bits is therefore the threshold (the usual one for 64-bit pHash): a re-upload
that was recompressed, resized, brightened or slightly cropped is near, another picture is not.
(A difference hash or average hash moved more under brightening and cropping relative to the gap
between different pictures; combining hashes did not widen the gap enough to be worth a second hash.)
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass, field

import filetype  # type: ignore[import-untyped]
import imagehash
from PIL import Image

NEAR = 10  # bits of 64: see the module's documentation
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})
TEXT_TYPES = frozenset({"text/html", "text/plain"})

REASONS_VI: dict[str, str] = {
    "empty": "Tệp rỗng / The file is empty",
    "too_large": "Tệp quá lớn / The file is too large",
    "type_not_allowed": "Loại tệp không được nhận (chỉ ảnh PNG, JPEG, WebP, GIF, HTML, văn bản, PDF) "
    "/ This type of file is not accepted (only PNG, JPEG, WebP, GIF images, HTML, text and PDF)",
    "type_mismatch": "Nội dung tệp không đúng với tên hoặc loại đã khai / "
    "The content is not what the file name or declared type says",
    "undecodable_image": "Không đọc được ảnh (hỏng hoặc bị cắt cụt) / The image cannot be decoded",
    "not_text": "Tệp văn bản không phải văn bản UTF-8 hợp lệ / The text is not valid UTF-8 text",
}

# What an extension claims; any other extension claims a type this service does not take.
_EXTENSIONS: dict[str, str] = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "jpe": "image/jpeg",
    "jfif": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",
    "html": "text/html",
    "htm": "text/html",
    "xhtml": "text/html",
    "txt": "text/plain",
    "text": "text/plain",
    "log": "text/plain",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "md": "text/markdown",
    "pdf": "application/pdf",
}
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png"}
_CLAIMS_NOTHING = frozenset({"", "application/octet-stream", "binary/octet-stream"})
_EXTENSION = re.compile(r"\.([A-Za-z][A-Za-z0-9]{0,7})$")
_HTML = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_SVG = re.compile(rb"<svg[\s>]", re.I)
_BOMBS = (Image.DecompressionBombError, Image.DecompressionBombWarning)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")  # not tab, newlines, form feed, escape


@dataclass(frozen=True)
class EvidenceLimits:
    max_bytes: int = 10 * 1024 * 1024
    media_types: frozenset[str] = field(
        default_factory=lambda: IMAGE_TYPES | TEXT_TYPES | {"application/pdf"}
    )
    max_pixels: int = 50_000_000  # a long scrolling screenshot (1440 × 30,000) fits; a bomb does not


DEFAULT_LIMITS = EvidenceLimits()


class EvidenceRejected(ValueError):
    """The upload is refused; ``reason`` is a stable code, the message Vietnamese then English."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(REASONS_VI[reason] + (f" ({detail})" if detail else ""))


@dataclass(frozen=True)
class EvidenceFacts:
    sha256: str
    media_type: str
    size: int
    perceptual_hash: str | None  # 16 hex digits (pHash), images only


def examine(
    data: bytes, filename: str, declared_type: str | None = None, limits: EvidenceLimits = DEFAULT_LIMITS
) -> EvidenceFacts:
    if not data:
        raise EvidenceRejected("empty")
    if len(data) > limits.max_bytes:
        raise EvidenceRejected("too_large", f"{len(data)} > {limits.max_bytes} bytes")
    claims = _claims(filename, declared_type)
    media_type = _detect(data, claims)
    if media_type not in limits.media_types:
        raise EvidenceRejected("type_not_allowed", media_type)
    if any(not _agrees(media_type, claim) for claim in claims):
        raise EvidenceRejected("type_mismatch", f"{media_type} ≠ {', '.join(sorted(set(claims)))}")
    phash = _perceptual_hash(data, limits) if media_type in IMAGE_TYPES else None
    return EvidenceFacts(hashlib.sha256(data).hexdigest(), media_type, len(data), phash)


def distance(a: str, b: str) -> int:
    """The Hamming distance between two perceptual hashes of the same length."""
    if len(a) != len(b):
        raise ValueError("perceptual hashes of different lengths cannot be compared")
    return (int(a, 16) ^ int(b, 16)).bit_count()


def near(a: str, b: str, threshold: int = NEAR) -> bool:
    """Whether two perceptual hashes are of the same picture (re-encoded, resized, retouched)."""
    return distance(a, b) <= threshold


def _claims(filename: str, declared_type: str | None) -> list[str]:
    """The types the name's extension and the declared type claim (none when they claim nothing)."""
    claims = []
    extension = _EXTENSION.search(filename.strip())
    if extension:
        claims.append(_EXTENSIONS.get(extension[1].lower(), f"(.{extension[1].lower()})"))
    declared = (declared_type or "").split(";")[0].strip().lower()
    if declared not in _CLAIMS_NOTHING:
        claims.append(_ALIASES.get(declared, declared))
    return claims


def _agrees(media_type: str, claim: str) -> bool:
    if media_type == "text/plain":  # a .csv or text/markdown is plain text too; a page is not
        return claim.startswith("text/") and claim != "text/html"
    return claim == media_type


def _detect(data: bytes, claims: list[str]) -> str:
    kind = filetype.guess(data)
    if kind is not None:
        return str(_ALIASES.get(kind.mime, kind.mime))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or _CONTROL.search(text):
        if any(claim.startswith("text/") for claim in claims):
            raise EvidenceRejected("not_text")
        raise EvidenceRejected("type_not_allowed", "application/octet-stream")
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    if _SVG.search(head) and not _HTML.match(head):
        return "image/svg+xml"
    return "text/html" if _HTML.match(head) else "text/plain"


def _perceptual_hash(data: bytes, limits: EvidenceLimits) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > limits.max_pixels:
                    raise EvidenceRejected("too_large", f"{image.width} × {image.height} pixels")
                image.load()  # decodes every pixel: a truncated or corrupt file fails here
                return str(imagehash.phash(_flattened(image)))
    except EvidenceRejected:
        raise
    except Exception as exc:
        if isinstance(exc, _BOMBS):
            raise EvidenceRejected("too_large", "decompression bomb") from exc
        raise EvidenceRejected("undecodable_image", type(exc).__name__) from exc


def _flattened(image: Image.Image) -> Image.Image:
    """The picture on white, so transparent pixels (whatever colour they hold) hash the same."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:  # a palette's or a PNG's tRNS
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")
