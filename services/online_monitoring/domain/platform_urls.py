"""Which platform a URL belongs to and which content it names there (used by ``urls``).

``identify(host, segments, query)`` receives a URL already made generic (lower-case host without
``www.``/``m.``/``mbasic.``..., percent-encoding normalised, tracking parameters removed) and returns
the platform, the platform's own host, the query parameters worth keeping and the content's
identity ``key``; or None for a website. A path that no rule knows keeps the platform with the
canonical URL as its key. Usernames, channel and page names are case-insensitive on these
platforms, so keys hold them in lower case; ids and short codes are case-sensitive and kept as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.online_monitoring.domain.kinds import Platform

_NUMERIC = re.compile(r"^\d{1,25}$")
_FB_ID = re.compile(r"^(?:\d{1,25}|pfbid0[0-9A-Za-z]{10,80})$")
_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")

# Domains → platform, and the host a canonical URL uses for it.
_DOMAINS: dict[str, tuple[Platform, str]] = {
    "facebook.com": (Platform.FACEBOOK, "www.facebook.com"),
    "fb.com": (Platform.FACEBOOK, "www.facebook.com"),
    "fb.me": (Platform.FACEBOOK, "www.facebook.com"),
    "fb.watch": (Platform.FACEBOOK, "fb.watch"),
    "m.me": (Platform.FACEBOOK, "m.me"),
    "zalo.me": (Platform.ZALO, "zalo.me"),
    "zaloapp.com": (Platform.ZALO, "zaloapp.com"),
    "zalo.vn": (Platform.ZALO, "zalo.vn"),
    "tiktok.com": (Platform.TIKTOK, "www.tiktok.com"),
    "t.me": (Platform.TELEGRAM, "t.me"),
    "telegram.me": (Platform.TELEGRAM, "t.me"),
    "telegram.dog": (Platform.TELEGRAM, "t.me"),
    "youtube.com": (Platform.YOUTUBE, "www.youtube.com"),
    # Only a video id on these two is a youtube.com address (its rule writes that); any other path keeps
    # its own host, or youtu.be/@name would be written as the channel youtube.com/@name and read as it.
    "youtu.be": (Platform.YOUTUBE, "youtu.be"),
    "youtube-nocookie.com": (Platform.YOUTUBE, "www.youtube-nocookie.com"),
    "instagram.com": (Platform.INSTAGRAM, "www.instagram.com"),
    "instagr.am": (Platform.INSTAGRAM, "www.instagram.com"),
    "x.com": (Platform.X, "x.com"),
    "twitter.com": (Platform.X, "x.com"),
}
_FB = "www.facebook.com"
# Paths of facebook.com that are not a page or profile name.
_FB_RESERVED = frozenset(
    {"watch", "groups", "hashtag", "events", "marketplace", "gaming", "reel", "reels", "stories",
     "share", "photo", "photos", "search", "login", "pages", "help", "policies", "privacy",
     "settings", "notifications", "messages", "friends", "bookmarks", "people", "profile.php",
     "story.php", "permalink.php", "photo.php", "video.php", "l.php", "home.php", "sharer.php"}
)  # fmt: skip


@dataclass(frozen=True)
class Found:
    platform: Platform
    host: str  # the host of the canonical URL
    key: str | None = None  # None: the canonical URL is the key
    keep: frozenset[str] = field(default_factory=frozenset)  # query parameters kept
    path: str | None = None  # a rewritten path (None: the one given)
    query: str | None = None  # a rewritten query (None: ``keep`` of the one given)
    unwrap: str | None = None  # a link shim's target, to canonicalise instead


def identify(host: str, segments: list[str], query: dict[str, str]) -> Found | None:
    for domain, (platform, main_host) in _DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            subdomain = host[: -len(domain)].rstrip(".")
            canonical_host = main_host if not subdomain else host
            rule = _RULES.get(platform)
            found = rule(subdomain, domain, segments, query) if rule else None
            return found or Found(platform, canonical_host)
    return None


def _facebook(sub: str, domain: str, segs: list[str], q: dict[str, str]) -> Found | None:
    if domain == "fb.watch" and len(segs) == 1 and _CODE.match(segs[0]):
        return Found(Platform.FACEBOOK, "fb.watch", f"facebook:watch:{segs[0]}")
    if domain == "m.me":
        return _named(Platform.FACEBOOK, "m.me", "facebook:messenger", segs)
    if (
        sub in ("l", "lm", "")
        and segs[:1] == ["l.php"]
        and q.get("u", "").startswith(("http://", "https://"))
    ):
        return Found(Platform.FACEBOOK, "www.facebook.com", unwrap=q["u"])
    if sub:
        return None
    return _fb_query(segs, q) or _fb_path(segs, q) or _fb_page(segs)


def _fb_query(segs: list[str], q: dict[str, str]) -> Found | None:
    """The old PHP pages, which name the content in their query."""
    head, post = (segs[0] if segs else ""), q.get("story_fbid", "")
    if head in ("story.php", "permalink.php") and _FB_ID.match(post):
        return Found(Platform.FACEBOOK, _FB, f"facebook:post:{post}", frozenset({"story_fbid", "id"}))
    if head in ("photo.php", "photo") and _NUMERIC.match(q.get("fbid", "")):
        return _fb_photo(q["fbid"])
    if head in ("video.php", "watch") and _NUMERIC.match(q.get("v", "")):
        return _fb_video(q["v"])
    if head == "profile.php" and _NUMERIC.match(q.get("id", "")):
        return Found(Platform.FACEBOOK, _FB, f"facebook:profile:{q['id']}", frozenset({"id"}))
    return _fb_group(segs, q) if head == "groups" and len(segs) > 1 else None


def _fb_path(segs: list[str], q: dict[str, str]) -> Found | None:
    """Reels, share links, events, the marketplace and people, which name it in their path."""
    head, last, n = (segs[0] if segs else ""), (segs[-1] if segs else ""), len(segs)
    if head in ("reel", "reels") and n == 2 and _NUMERIC.match(last):
        return _fb_video(last)
    if head == "share" and n in (2, 3) and _CODE.match(last):
        kind = segs[1] if n == 3 else ""
        return Found(Platform.FACEBOOK, _FB, f"facebook:share:{kind}:{last}")
    if head == "events" and n >= 2 and _NUMERIC.match(segs[1]):
        return Found(Platform.FACEBOOK, _FB, f"facebook:event:{segs[1]}", path=f"/events/{segs[1]}")
    if segs[:2] == ["marketplace", "item"] and n == 3 and _NUMERIC.match(last):
        return Found(Platform.FACEBOOK, _FB, f"facebook:marketplace:{last}")
    if head == "people" and n == 3 and _NUMERIC.match(last):
        return Found(Platform.FACEBOOK, _FB, f"facebook:profile:{last}")
    return None


def _fb_page(segs: list[str]) -> Found | None:
    """A page or profile by name: ``/<name>``, its posts, photos and videos."""
    if not segs or segs[0] in _FB_RESERVED or not _NAME.match(segs[0]):
        return None
    fb, page, rest = _FB, segs[0].lower(), segs[1:]
    if not rest:
        return Found(Platform.FACEBOOK, fb, f"facebook:profile:{page}", path=f"/{page}")
    if rest[0] == "posts" and len(rest) >= 2 and _FB_ID.match(rest[-1]):
        return Found(Platform.FACEBOOK, fb, f"facebook:post:{rest[-1]}", path=f"/{page}/posts/{rest[-1]}")
    if rest[0] == "photos" and len(rest) >= 2 and _NUMERIC.match(rest[-1]):
        return _fb_photo(rest[-1])
    if rest[0] == "videos" and len(rest) >= 2 and _NUMERIC.match(rest[-1]):
        return _fb_video(rest[-1])
    return None


def _fb_photo(fbid: str) -> Found:
    key = f"facebook:photo:{fbid}"
    return Found(Platform.FACEBOOK, "www.facebook.com", key, path="/photo.php", query=f"fbid={fbid}")


def _fb_video(video: str) -> Found:
    key = f"facebook:video:{video}"
    return Found(Platform.FACEBOOK, "www.facebook.com", key, path="/watch", query=f"v={video}")


def _fb_group(segs: list[str], q: dict[str, str]) -> Found | None:
    group = segs[1].lower() if _NAME.match(segs[1]) else None
    if group is None:
        return None
    post = segs[3] if len(segs) >= 4 and segs[2] in ("posts", "permalink") else q.get("multi_permalinks", "")
    base = f"/groups/{group}"
    if _FB_ID.match(post):
        key = f"facebook:group:{group}:post:{post}"
        return Found(Platform.FACEBOOK, "www.facebook.com", key, path=f"{base}/posts/{post}", query="")
    if len(segs) == 2:
        return Found(Platform.FACEBOOK, "www.facebook.com", f"facebook:group:{group}", path=base)
    return None


def _zalo(sub: str, domain: str, segs: list[str], q: dict[str, str]) -> Found | None:
    if domain != "zalo.me" or sub or not segs:
        return None
    head = segs[0]
    if head == "g" and len(segs) == 2 and _CODE.match(segs[1]):
        return Found(Platform.ZALO, "zalo.me", f"zalo:group:{segs[1]}")
    if head == "s" and len(segs) >= 2 and _NUMERIC.match(segs[1]):
        return Found(Platform.ZALO, "zalo.me", f"zalo:oa:{segs[1]}", path=f"/s/{segs[1]}")
    if len(segs) == 1 and _NUMERIC.match(head):
        phone = "0" + head[2:] if head.startswith("84") and len(head) in (11, 12) else head
        return Found(Platform.ZALO, "zalo.me", f"zalo:profile:{phone}", path=f"/{phone}")
    return None


def _tiktok(sub: str, domain: str, segs: list[str], q: dict[str, str]) -> Found | None:
    if sub in ("vm", "vt") and len(segs) == 1 and _CODE.match(segs[0]):
        return Found(Platform.TIKTOK, f"{sub}.tiktok.com", f"tiktok:short:{sub}:{segs[0]}")
    if sub:
        return None
    host = "www.tiktok.com"
    if segs[:1] == ["t"] and len(segs) == 2 and _CODE.match(segs[1]):
        return Found(Platform.TIKTOK, host, f"tiktok:short:t:{segs[1]}")
    if len(segs) in (1, 3) and segs[0].startswith("@") and _NAME.match(segs[0][1:]):
        return _tiktok_user(segs)
    video = segs[-1].removesuffix(".html") if segs[:1] in (["v"], ["embed"]) else ""
    if _NUMERIC.match(video):
        return Found(Platform.TIKTOK, host, f"tiktok:video:{video}", path=f"/v/{video}")
    return None


def _tiktok_user(segs: list[str]) -> Found | None:
    """``/@user`` and ``/@user/video/<id>`` (or ``/photo/<id>``)."""
    user = segs[0].lower()
    if len(segs) == 1:
        return Found(Platform.TIKTOK, "www.tiktok.com", f"tiktok:user:{user[1:]}", path=f"/{user}")
    if segs[1] in ("video", "photo") and _NUMERIC.match(segs[2]):
        path = f"/{user}/{segs[1]}/{segs[2]}"
        return Found(Platform.TIKTOK, "www.tiktok.com", f"tiktok:{segs[1]}:{segs[2]}", path=path)
    return None


def _telegram(sub: str, domain: str, segs: list[str], q: dict[str, str]) -> Found | None:
    if sub:
        return None
    if segs[:1] == ["s"]:
        segs = segs[1:]  # t.me/s/<channel>/<message>: the web preview of the same message
    if segs[:1] == ["joinchat"] and len(segs) == 2 and _CODE.match(segs[1]):
        segs = ["+" + segs[1]]
    if len(segs) == 1 and segs[0].startswith("+") and _CODE.match(segs[0][1:]):
        return Found(Platform.TELEGRAM, "t.me", f"telegram:invite:{segs[0][1:]}", path=f"/{segs[0]}")
    if segs[:1] == ["c"] and len(segs) >= 3 and all(_NUMERIC.match(s) for s in segs[1:]):
        path = "/" + "/".join(segs)
        return Found(Platform.TELEGRAM, "t.me", f"telegram:c:{segs[1]}:{segs[-1]}", path=path)
    return _telegram_channel(segs)


def _telegram_channel(segs: list[str]) -> Found | None:
    """``/<channel>``, ``/<channel>/<message>`` and ``/<channel>/<topic>/<message>``."""
    if not segs or not _NAME.match(segs[0]) or segs[0] in ("c", "s", "joinchat"):
        return None
    channel = segs[0].lower()
    if len(segs) == 1:
        return Found(Platform.TELEGRAM, "t.me", f"telegram:{channel}", path=f"/{channel}", query="")
    if len(segs) <= 3 and all(_NUMERIC.match(s) for s in segs[1:]):
        path = "/" + "/".join([channel, *segs[1:]])  # /<channel>/<topic>/<message> in forums
        return Found(Platform.TELEGRAM, "t.me", f"telegram:{channel}:{segs[-1]}", path=path, query="")
    return None


def _youtube(sub: str, domain: str, segs: list[str], q: dict[str, str]) -> Found | None:
    if sub not in ("", "music"):
        return None
    video = ""
    if domain == "youtu.be" and len(segs) == 1:
        video = segs[0]
    elif segs == ["watch"]:
        video = q.get("v", "")
    elif len(segs) == 2 and segs[0] in ("shorts", "embed", "live", "v", "e"):
        video = segs[1]
    if _YOUTUBE_ID.match(video):
        key = f"youtube:video:{video}"
        return Found(Platform.YOUTUBE, "www.youtube.com", key, path="/watch", query=f"v={video}")
    if domain == "youtube.com" and not sub and segs:
        if len(segs) == 1 and segs[0].startswith("@") and _NAME.match(segs[0][1:]):
            return _named(Platform.YOUTUBE, "www.youtube.com", "youtube:channel", [segs[0].lower()])
        if len(segs) == 2 and segs[0] in ("channel", "c", "user") and _NAME.match(segs[1]):
            name = segs[1] if segs[0] == "channel" else segs[1].lower()
            key = f"youtube:{segs[0]}:{name}"
            return Found(Platform.YOUTUBE, "www.youtube.com", key, path=f"/{segs[0]}/{name}")
    return None


def _instagram(sub: str, domain: str, segs: list[str], q: dict[str, str]) -> Found | None:
    if sub:
        return None
    host = "www.instagram.com"
    if len(segs) == 3 and segs[1] in ("p", "reel", "tv"):
        segs = segs[1:]  # /<user>/p/<code>
    if len(segs) == 2 and segs[0] in ("p", "reel", "reels", "tv") and _CODE.match(segs[1]):
        return Found(Platform.INSTAGRAM, host, f"instagram:post:{segs[1]}", path=f"/p/{segs[1]}")
    if len(segs) == 3 and segs[0] == "stories" and _NUMERIC.match(segs[2]):
        return Found(Platform.INSTAGRAM, host, f"instagram:story:{segs[2]}")
    if len(segs) == 1 and _NAME.match(segs[0]) and segs[0] not in ("explore", "accounts"):
        return _named(Platform.INSTAGRAM, host, "instagram:user", [segs[0].lower()])
    return None


def _x(sub: str, domain: str, segs: list[str], q: dict[str, str]) -> Found | None:
    if sub:
        return None
    status = ""
    if len(segs) >= 3 and segs[1] in ("status", "statuses"):
        status = segs[2]
    elif segs[:2] == ["i", "web"] and len(segs) == 4 and segs[2] == "status":
        status = segs[3]
    elif segs[:2] == ["i", "status"] and len(segs) == 3:
        status = segs[2]
    if _NUMERIC.match(status):
        return Found(Platform.X, "x.com", f"x:status:{status}", path=f"/i/status/{status}")
    if len(segs) == 1 and _NAME.match(segs[0]) and segs[0] not in ("i", "home", "search", "explore"):
        return _named(Platform.X, "x.com", "x:user", [segs[0].lower()])
    return None


def _named(platform: Platform, host: str, prefix: str, segs: list[str]) -> Found | None:
    if len(segs) != 1 or not _NAME.match(segs[0].lstrip("@")):
        return None
    name = segs[0].lower()
    return Found(platform, host, f"{prefix}:{name.lstrip('@')}", path=f"/{name}")


_RULES = {
    Platform.FACEBOOK: _facebook,
    Platform.ZALO: _zalo,
    Platform.TIKTOK: _tiktok,
    Platform.TELEGRAM: _telegram,
    Platform.YOUTUBE: _youtube,
    Platform.INSTAGRAM: _instagram,
    Platform.X: _x,
}
