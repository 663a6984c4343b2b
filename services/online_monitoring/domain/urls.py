"""One canonical form per piece of online content, so the same post reported twice is one item.

``canonicalise(raw)`` never fetches anything: it works on the text alone, in two steps.

1. **Generic** (w3lib's ``canonicalize_url`` and the standard library): http/https only; scheme and
   host in lower case; internationalised domain names in their ASCII (IDNA) form; default ports,
   user names, fragments and a trailing ``/`` dropped; percent-encoding normalised (``%7e`` → ``~``,
   ``%c3`` → ``%C3``), dot segments resolved; tracking parameters (``utm_*``, ``fbclid``,
   ``gclid``, ``igshid``, ``si``, ``mibextid``, ``__cft__``, ``__tn__``, ``ref``, ``zarsrc``...)
   removed and the rest sorted. ``www.``/``m.``/``mobile.`` variants are one host everywhere;
   ``mbasic.``, ``web.`` and ``touch.`` only on the platforms' own domains (on any other site
   ``web.`` may well be another site).
2. **Per platform** (``_platforms``): the platform's own host, only the query parameters that say
   which content it is, and an identity ``key`` that two URLs of the same content share, e.g.
   ``facebook:post:<id>`` for ``/story.php?story_fbid=<id>&id=<page>`` and ``/<page>/posts/<id>``.
   A short link (``fb.watch``, ``vm.tiktok.com``, Facebook's ``/share/``) cannot be resolved
   without the network, so it is an identity of its own.

For a website the key is its canonical URL over https: sites serve the same page over http and
https, and reporters drop or add the ``s``; the ``url`` keeps the scheme given, to be opened.

``content_hash`` is the SHA-256 of the key: events carry it instead of the URL.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass
from encodings import idna
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from services.online_monitoring.domain.kinds import Platform
from services.online_monitoring.domain.platform_urls import identify

MAX_LENGTH = 2048  # what browsers and platforms accept in practice; a canonical URL never grows past it

REASONS_VI: dict[str, str] = {
    "empty": "Chưa nhập địa chỉ (URL) / No URL given",
    "not_a_url": "Không phải là một địa chỉ web (URL) / Not a URL",
    "scheme": "Chỉ nhận địa chỉ http hoặc https / Only http and https URLs are accepted",
    "no_host": "Địa chỉ không có tên miền hợp lệ / The URL has no valid host",
    "too_long": f"Địa chỉ dài quá {MAX_LENGTH} ký tự / The URL is longer than {MAX_LENGTH} characters",
}

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")
_DOTS = re.compile("[.\u3002\uff0e\uff61]")
_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_EVERYWHERE = ("www.", "m.", "mobile.")
_ON_PLATFORMS = (*_EVERYWHERE, "mbasic.", "web.", "touch.")

_TRACKING = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "igsh", "si", "mibextid", "ref", "ref_src", "ref_url", "refsrc", "zarsrc",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "sfnsn", "rdid", "share_url",
        "paipv", "eav", "_rdr", "_rdc", "hc_ref", "hc_location", "fref", "notif_id", "notif_t",
        "acontext", "__xts__", "spm", "is_from_webapp", "sender_device", "sender_web_id",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "__cft__", "__tn__", "__xts__", "_nc_", "hc_")


class InvalidUrl(ValueError):
    """What was given is not an http(s) URL this service can take; ``reason`` is a stable code."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(REASONS_VI[reason])


@dataclass(frozen=True)
class CanonicalUrl:
    url: str  # the canonical URL, to be opened
    platform: Platform
    key: str  # the content's identity on its platform (the canonical URL for a website)
    content_hash: str  # SHA-256 hex of ``key``: what events carry instead of the URL


def canonicalise(raw: str) -> CanonicalUrl:
    """The canonical form of ``raw``, or ``InvalidUrl`` saying why there is none."""
    return _canonicalise(raw, unwrap=3)


def _canonicalise(raw: str, unwrap: int) -> CanonicalUrl:
    parts = _split(raw)
    generic = urlsplit(_join(parts.scheme, parts.netloc, parts.path, _without_tracking(parts.query)))
    bare, port = _host_port(parts.netloc)
    host = _strip_variants(bare, _ON_PLATFORMS)
    found = identify(host, [s for s in generic.path.split("/") if s], _query(generic.query))
    if found is not None and found.unwrap is not None and unwrap > 0:
        return _canonicalise(found.unwrap, unwrap - 1)  # a link shim (l.facebook.com/l.php?u=...)
    if found is None:
        host = _strip_variants(bare, _EVERYWHERE)
        netloc = f"{host}:{port}" if port else host
        url = _join(parts.scheme, netloc, generic.path, generic.query)
        return _result(url, Platform.WEBSITE, _join("https", netloc, generic.path, generic.query))
    path = found.path if found.path is not None else generic.path
    query = found.query if found.query is not None else _only(generic.query, found.keep)
    url = _join("https", found.host, path, query)
    return _result(url, found.platform, found.key or url)


def _result(url: str, platform: Platform, key: str) -> CanonicalUrl:
    if len(url) > MAX_LENGTH:
        raise InvalidUrl("too_long")
    return CanonicalUrl(url, platform, key, hashlib.sha256(key.encode()).hexdigest())


def _split(raw: str) -> SplitResult:
    text = raw.strip()
    if not text:
        raise InvalidUrl("empty")
    if len(text) > MAX_LENGTH:
        raise InvalidUrl("too_long")
    if _SPACE_OR_CONTROL.search(text):
        raise InvalidUrl("not_a_url")  # two URLs pasted together, or a sentence
    scheme = _SCHEME.match(text)
    given = bool(scheme) or text.startswith("//")
    if scheme and (text[scheme.end() :].startswith("//") or "." not in scheme[1]):
        if scheme[1].lower() not in _DEFAULT_PORTS:
            raise InvalidUrl("scheme")  # javascript:, data:, ftp://, mailto:...
    elif text.startswith("//"):
        text = "https:" + text
    else:
        text = "https://" + text  # "facebook.com/..." as people type it
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:  # a bad port or IPv6 literal
        raise InvalidUrl("not_a_url") from exc
    if not parts.netloc.rpartition("@")[2]:
        raise InvalidUrl("no_host")
    try:
        host = _host(parts.netloc.rpartition("@")[2].rpartition(":")[0] if port else parts.hostname)
    except InvalidUrl:
        raise InvalidUrl("no_host" if given else "not_a_url") from None  # "hello" is no URL at all
    scheme_name = parts.scheme.lower()
    netloc = host if port in (None, _DEFAULT_PORTS[scheme_name]) else f"{host}:{port}"
    return parts._replace(scheme=scheme_name, netloc=netloc, fragment="")


def _host(raw: str | None) -> str:
    """The host in lower case and ASCII (IDNA), or ``InvalidUrl("no_host")``."""
    text = unquote(raw or "").strip("[]")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        pass
    else:
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    labels = _DOTS.split(text.lower().rstrip(".\u3002\uff0e\uff61"))
    try:
        ascii_labels = [_ascii_label(label) for label in labels]
    except UnicodeError as exc:
        raise InvalidUrl("no_host") from exc
    if len(ascii_labels) < 2 or not all(_LABEL.match(x) for x in ascii_labels):
        raise InvalidUrl("no_host")
    if not _TLD.match(ascii_labels[-1]) or len(".".join(ascii_labels)) > 253:
        raise InvalidUrl("no_host")
    return ".".join(ascii_labels)


def _ascii_label(label: str) -> str:
    if label.startswith("xn--"):
        label = idna.ToUnicode(label)  # raises on punycode that does not round-trip
    if label.isascii():
        return label.lower()
    return idna.ToASCII(label).decode("ascii").lower()


def _host_port(netloc: str) -> tuple[str, str]:
    if netloc.endswith("]") or ":" not in netloc:
        return netloc, ""
    host, _, port = netloc.rpartition(":")
    return host, port


def _strip_variants(host: str, prefixes: tuple[str, ...]) -> str:
    stripped = True
    while stripped:  # "www.m.example.vn" too
        stripped = False
        for prefix in prefixes:
            if host.startswith(prefix) and "." in host[len(prefix) :]:
                host, stripped = host[len(prefix) :], True
    return host


def _query(query: str) -> dict[str, str]:
    """The decoded parameters (the first value of each), for the platform rules."""
    pairs = (pair.partition("=") for pair in query.split("&") if pair)
    found: dict[str, str] = {}
    for name, _, value in pairs:
        found.setdefault(unquote(name.replace("+", " ")), unquote(value.replace("+", " ")))
    return found


def _is_tracking(name: str) -> bool:
    return name.lower() in _TRACKING or name.lower().startswith(_TRACKING_PREFIXES)


def _without_tracking(query: str) -> str:
    kept = (p for p in query.split("&") if p and not _is_tracking(_name(p)))
    return "&".join(kept)


def _only(query: str, names: frozenset[str]) -> str:
    return "&".join(p for p in query.split("&") if p and _name(p) in names)


def _name(pair: str) -> str:
    return unquote(pair.partition("=")[0].replace("+", " "))


def _join(scheme: str, netloc: str, path: str, query: str) -> str:
    url = canonicalize_url(urlunsplit((scheme, netloc, path or "/", query, "")))
    scheme, netloc, path, query, _ = urlsplit(url)
    return urlunsplit((scheme, netloc, path.rstrip("/") or "/", query, ""))
