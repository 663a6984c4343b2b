"""URL canonicalisation: the same content reported through different URLs is one identity."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.online_monitoring.domain.kinds import Platform
from services.online_monitoring.domain.urls import MAX_LENGTH, CanonicalUrl, InvalidUrl, canonicalise

FB_POST = "123456789012345"
PFBID = "pfbid02Xyz7Abc9DEFghiJKLmnoPQRstuVWxyz12345"

# Two URLs of the same content: same key, same content hash (and the same platform).
SAME = [
    # generic: case, default port, fragment, tracking parameters, order, www/m, percent-encoding
    ("HTTP://WWW.Example.VN:80/tin-tuc?id=5#top", "http://example.vn/tin-tuc?id=5"),
    ("https://example.vn/a?b=2&a=1", "https://example.vn/a?a=1&b=2"),
    ("https://example.vn/bai?utm_source=zalo&utm_medium=chat&id=9", "https://example.vn/bai?id=9"),
    ("https://example.vn/bai?fbclid=IwAR0xyz&gclid=abc", "https://example.vn/bai"),
    ("https://m.example.vn/bai/", "https://www.example.vn/bai"),
    ("https://www.m.example.vn/a", "https://example.vn/a"),
    ("https://example.vn/%7Euser/%e1%ba%bf", "https://example.vn/~user/%E1%BA%BF"),
    ("https://example.vn/a/./b/../c", "https://example.vn/a/c"),
    ("https://example.vn:443/", "https://example.vn"),
    ("http://example.vn/x", "https://example.vn/x"),  # same key over http and https
    ("example.vn/massage?ref=fb", "https://example.vn/massage"),
    ("https://EXAMPLE.vn./x?zarsrc=30", "https://example.vn/x"),
    ("https://example.vn/x?q=a+b", "https://example.vn/x?q=a%20b"),
    # internationalised domain names
    ("http://nhà-nghỉ.vn/phòng", "http://xn--nh-ngh-jta4732d.vn/ph%C3%B2ng"),
    ("https://NHÀ-NGHỈ.VN/", "https://xn--nh-ngh-jta4732d.vn/"),
    ("https://user:pw@example.vn/x", "https://example.vn/x"),
    # facebook posts
    (f"https://www.facebook.com/story.php?story_fbid={FB_POST}&id=100064",
     f"https://m.facebook.com/story.php?id=100064&story_fbid={FB_POST}&__cft__[0]=AZX&__tn__=%2CO%2CP-R"),
    (f"https://www.facebook.com/permalink.php?story_fbid={FB_POST}&id=100064",
     f"https://www.facebook.com/spa.thu.gian/posts/{FB_POST}/?mibextid=Nif5oz"),
    (f"https://mbasic.facebook.com/SPA.Thu.Gian/posts/{PFBID}", f"https://fb.com/spa.thu.gian/posts/{PFBID}"),
    (f"https://web.facebook.com/story.php?story_fbid={PFBID}&id=1", f"https://facebook.com/x/posts/{PFBID}"),
    # facebook groups
    ("https://web.facebook.com/groups/987654321/permalink/1122334455/?comment_id=5",
     "https://facebook.com/groups/987654321/posts/1122334455"),
    ("https://www.facebook.com/groups/987654321/?multi_permalinks=1122334455&ref=share",
     "https://m.facebook.com/groups/987654321/posts/1122334455/?sfnsn=mo"),
    ("https://www.facebook.com/groups/HoiGaiXinh/", "https://m.facebook.com/groups/hoigaixinh?ref=bookmarks"),
    # facebook photos, videos, profiles, shims
    ("https://www.facebook.com/photo.php?fbid=555666777&set=a.1&type=3",
     "https://www.facebook.com/spa.thu.gian/photos/a.111/555666777/"),
    ("https://www.facebook.com/photo/?fbid=555666777&set=a.1", "https://m.facebook.com/photo.php?fbid=555666777"),
    ("https://www.facebook.com/watch/?v=888999000", "https://www.facebook.com/spa.thu.gian/videos/888999000/"),
    ("https://www.facebook.com/reel/888999000?mibextid=1", "https://m.facebook.com/video.php?v=888999000"),
    ("https://www.facebook.com/profile.php?id=100012345&sk=photos", "https://fb.com/profile.php?id=100012345"),
    ("https://www.facebook.com/Spa.Thu.Gian?ref=embed_page", "https://m.facebook.com/spa.thu.gian/"),
    ("https://fb.me/spa.thu.gian", "https://www.facebook.com/spa.thu.gian"),
    ("https://fb.watch/abC12_x/?mibextid=1", "https://fb.watch/abC12_x"),
    ("https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.vn%2Fbai%3Futm_source%3Dfb&h=AT0",
     "https://example.vn/bai"),
    # zalo
    ("https://zalo.me/84912345678", "https://zalo.me/0912345678"),
    ("https://zalo.me/g/abcxyz123?zarsrc=10", "https://zalo.me/g/abcxyz123"),
    ("https://zalo.me/s/1234567890123/?utm_source=zalo", "https://zalo.me/s/1234567890123"),
    # tiktok
    ("https://www.tiktok.com/@GaiXinh/video/7300000000000000000?is_from_webapp=1&sender_device=pc",
     "https://m.tiktok.com/v/7300000000000000000.html"),
    ("https://www.tiktok.com/@gaixinh/video/7300000000000000000", "https://www.tiktok.com/embed/v2/7300000000000000000"),
    ("https://vm.tiktok.com/ZSabc123/", "https://vm.tiktok.com/ZSabc123"),
    ("https://www.tiktok.com/@GaiXinh?lang=vi", "https://tiktok.com/@gaixinh"),
    # telegram
    ("https://t.me/s/KenhABC/123", "https://telegram.me/kenhabc/123?single"),
    ("https://t.me/kenhabc/123?comment=5", "https://telegram.dog/KenhABC/123"),
    ("https://t.me/joinchat/AbCdEf123", "https://t.me/+AbCdEf123"),
    ("https://t.me/c/1234567890/55", "https://t.me/c/1234567890/55/"),
    ("https://t.me/KenhABC", "https://t.me/s/kenhabc"),
    # youtube
    ("https://youtu.be/dQw4w9WgXcQ?si=xyz", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share&t=42", "https://www.youtube.com/shorts/dQw4w9WgXcQ"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/@KenhMassage", "https://m.youtube.com/@kenhmassage"),
    # instagram
    ("https://www.instagram.com/reel/Cx1_ab-CD/?igshid=MzRl", "https://instagram.com/p/Cx1_ab-CD"),
    ("https://www.instagram.com/some.user/p/Cx1_ab-CD/", "https://instagr.am/p/Cx1_ab-CD"),
    ("https://www.instagram.com/Some.User/", "https://instagram.com/some.user?igsh=abc"),
    # x / twitter
    ("https://twitter.com/SomeOne/status/1790000000000000000?s=20", "https://x.com/someone/status/1790000000000000000"),
    ("https://mobile.twitter.com/i/web/status/1790000000000000000", "https://x.com/i/status/1790000000000000000"),
    ("https://twitter.com/SomeOne", "https://x.com/someone"),
]  # fmt: skip

# Different content: must stay apart.
DIFFERENT = [
    ("https://example.vn/a", "https://example.vn/b"),
    ("https://example.vn/a?id=1", "https://example.vn/a?id=2"),
    ("https://example.vn/A", "https://example.vn/a"),  # paths are case-sensitive
    ("https://example.vn/a", "https://example.vn:8443/a"),
    ("https://web.example.vn/a", "https://example.vn/a"),  # web. is only a variant on the platforms
    ("https://example.vn/a", "https://example.com/a"),
    (f"https://www.facebook.com/story.php?story_fbid={FB_POST}&id=1", "https://www.facebook.com/story.php?story_fbid=1&id=1"),
    ("https://www.facebook.com/groups/1/posts/2", "https://www.facebook.com/groups/1/posts/3"),
    ("https://www.facebook.com/groups/1/posts/2", "https://www.facebook.com/groups/5/posts/2"),
    ("https://www.facebook.com/photo.php?fbid=5", "https://www.facebook.com/watch?v=5"),
    ("https://www.facebook.com/profile.php?id=5", "https://www.facebook.com/photo.php?fbid=5"),
    ("https://fb.watch/abC12_x", "https://fb.watch/abc12_x"),  # short codes are case-sensitive
    ("https://vm.tiktok.com/ZSabc123", "https://vt.tiktok.com/ZSabc123"),
    ("https://vm.tiktok.com/ZSabc123", "https://vm.tiktok.com/ZSabc124"),
    ("https://t.me/kenhabc/123", "https://t.me/kenhabc/124"),
    ("https://t.me/kenhabc/123", "https://t.me/kenhxyz/123"),
    ("https://t.me/+AbCdEf123", "https://t.me/+abcdef123"),
    ("https://youtu.be/dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcq"),
    ("https://www.instagram.com/p/Cx1_ab-CD", "https://www.instagram.com/p/cx1_ab-cd"),
    ("https://x.com/a/status/1", "https://x.com/a/status/2"),
    ("https://zalo.me/0912345678", "https://zalo.me/0912345679"),
    ("https://zalo.me/g/abc", "https://zalo.me/s/123"),
    ("https://www.tiktok.com/@a/video/1", "https://www.tiktok.com/@a/photo/1"),
]  # fmt: skip

# One canonical URL per case (what an officer opens).
CANONICAL = [
    ("HTTP://WWW.Example.VN:80/a/./b/../tin%7etuc/?b=2&a=1&utm_source=zalo#top", "http://example.vn/a/tin~tuc?a=1&b=2"),
    ("https://youtu.be/dQw4w9WgXcQ?t=3", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://m.facebook.com/groups/987/permalink/654/", "https://www.facebook.com/groups/987/posts/654"),
    ("https://mobile.twitter.com/a/status/17", "https://x.com/i/status/17"),
    ("https://t.me/s/Kenh/5", "https://t.me/kenh/5"),
    ("https://www.instagram.com/reel/Cx1/", "https://www.instagram.com/p/Cx1"),
    ("https://www.facebook.com/spa/photos/a.1/77/", "https://www.facebook.com/photo.php?fbid=77"),
    ("https://m.facebook.com/hashtag/massage?__tn__=x", "https://www.facebook.com/hashtag/massage"),
    ("//example.vn/a", "https://example.vn/a"),
    ("http://[::0:1]:8080/x", "http://[::1]:8080/x"),
    ("http://192.168.1.1:80/x", "http://192.168.1.1/x"),
]  # fmt: skip

PLATFORMS = [
    ("https://www.facebook.com/x", Platform.FACEBOOK, "facebook:profile:x"),
    ("https://zalo.me/g/abc", Platform.ZALO, "zalo:group:abc"),
    ("https://www.tiktok.com/@a/video/7", Platform.TIKTOK, "tiktok:video:7"),
    ("https://t.me/kenh/9", Platform.TELEGRAM, "telegram:kenh:9"),
    ("https://youtu.be/dQw4w9WgXcQ", Platform.YOUTUBE, "youtube:video:dQw4w9WgXcQ"),
    ("https://www.instagram.com/p/Cx1", Platform.INSTAGRAM, "instagram:post:Cx1"),
    ("https://twitter.com/a/status/5", Platform.X, "x:status:5"),
    ("https://example.vn/x", Platform.WEBSITE, "https://example.vn/x"),
    ("https://music.youtube.com/browse/abc", Platform.YOUTUBE, "https://music.youtube.com/browse/abc"),
    ("https://web.telegram.org/k/", Platform.WEBSITE, "https://web.telegram.org/k"),
    ("https://m.me/spa.thu.gian", Platform.FACEBOOK, "facebook:messenger:spa.thu.gian"),
    ("https://www.facebook.com/events/123/?ref=x", Platform.FACEBOOK, "facebook:event:123"),
    ("https://www.facebook.com/marketplace/item/456/", Platform.FACEBOOK, "facebook:marketplace:456"),
    ("https://www.facebook.com/people/Ten-Nguoi/100077/", Platform.FACEBOOK, "facebook:profile:100077"),
    ("https://www.facebook.com/share/p/1AbCdE/", Platform.FACEBOOK, "facebook:share:p:1AbCdE"),
    ("https://www.facebook.com/share/1AbCdE/", Platform.FACEBOOK, "facebook:share::1AbCdE"),
    ("https://www.tiktok.com/t/ZTabc/", Platform.TIKTOK, "tiktok:short:t:ZTabc"),
    ("https://www.youtube.com/channel/UCabcDEF", Platform.YOUTUBE, "youtube:channel:UCabcDEF"),
    ("https://www.youtube.com/user/KenhABC", Platform.YOUTUBE, "youtube:user:kenhabc"),
    ("https://www.instagram.com/stories/someone/3300/", Platform.INSTAGRAM, "instagram:story:3300"),
    ("https://t.me/forumgroup/10/20", Platform.TELEGRAM, "telegram:forumgroup:20"),
    ("https://zalo.me/0912345678", Platform.ZALO, "zalo:profile:0912345678"),
    ("https://t.me/c/1234567890/55", Platform.TELEGRAM, "telegram:c:1234567890:55"),
    ("https://t.me/c/1234567890/7/55", Platform.TELEGRAM, "telegram:c:1234567890:55"),
    # paths no rule knows: the platform, with the canonical URL as the key
    ("https://www.facebook.com/abc/x/123", Platform.FACEBOOK, "https://www.facebook.com/abc/x/123"),
    ("https://zalo.me/abc/123", Platform.ZALO, "https://zalo.me/abc/123"),
    ("https://vm.tiktok.com/ZSabc/x", Platform.TIKTOK, "https://vm.tiktok.com/ZSabc/x"),
    ("https://vm.tiktok.com/", Platform.TIKTOK, "https://vm.tiktok.com/"),
    ("https://t.me/c/123", Platform.TELEGRAM, "https://t.me/c/123"),
    ("https://t.me/c/123/abc", Platform.TELEGRAM, "https://t.me/c/123/abc"),
    ("https://www.facebook.com/events", Platform.FACEBOOK, "https://www.facebook.com/events"),
    ("https://www.facebook.com/events/123/about", Platform.FACEBOOK, "facebook:event:123"),
    ("https://www.facebook.com/groups/1/posts/2/comments", Platform.FACEBOOK, "facebook:group:1:post:2"),
    ("https://zalo.me/123/abc", Platform.ZALO, "https://zalo.me/123/abc"),
    ("https://www.tiktok.com/t/ZT/extra", Platform.TIKTOK, "https://www.tiktok.com/t/ZT/extra"),
    ("https://www.youtube.com/abcdefghijk", Platform.YOUTUBE, "https://www.youtube.com/abcdefghijk"),
    ("https://youtu.be/@kenh", Platform.YOUTUBE, "https://youtu.be/@kenh"),  # not the channel @kenh
    ("https://www.youtube-nocookie.com/@kenh", Platform.YOUTUBE, "https://www.youtube-nocookie.com/@kenh"),
    ("https://youtu.be/c/kenh", Platform.YOUTUBE, "https://youtu.be/c/kenh"),
    ("https://x.com/i/web/video/123", Platform.X, "https://x.com/i/web/video/123"),
    ("https://x.com/i/status", Platform.X, "https://x.com/i/status"),
]  # fmt: skip

INVALID = [
    ("", "empty"),
    ("   \t\n", "empty"),
    ("javascript:alert(1)", "scheme"),
    ("JavaScript://alert(1)", "scheme"),
    ("ftp://example.vn/file", "scheme"),
    ("data:text/html;base64,PHNjcmlwdD4=", "scheme"),
    ("mailto:a@example.vn", "scheme"),
    ("file:///etc/passwd", "scheme"),
    ("xin chào", "not_a_url"),
    ("https://example.vn/a https://example.vn/b", "not_a_url"),
    ("https://exa mple.vn/", "not_a_url"),
    ("https://example.vn/a\x00b", "not_a_url"),
    ("hello", "not_a_url"),
    ("https://example.vn:99999/", "not_a_url"),
    ("https://[::1/", "not_a_url"),
    ("https://", "no_host"),
    ("https:///path", "no_host"),
    ("https://localhost/", "no_host"),
    ("https://example.123/", "no_host"),
    ("https://-bad-.vn/", "no_host"),
    ("https://a..vn/", "no_host"),
    ("https://xn--zzzzz-.vn/", "no_host"),
    ("https://" + "a" * 64 + ".vn/", "no_host"),
    ("https://example.vn/" + "a" * MAX_LENGTH, "too_long"),
    ("https://example.vn/" + "ệ" * 600, "too_long"),  # short given, too long once percent-encoded
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_same_content_has_one_identity(a: str, b: str) -> None:
    first, second = canonicalise(a), canonicalise(b)
    assert (first.key, first.content_hash, first.platform) == (
        second.key,
        second.content_hash,
        second.platform,
    )


def test_the_table_covers_at_least_forty_pairs_across_the_platforms() -> None:
    platforms = {canonicalise(a).platform for a, _ in SAME}
    assert len(SAME) >= 40
    assert platforms >= set(Platform) - {Platform.DATING_APP, Platform.OTHER}


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_content_stays_apart(a: str, b: str) -> None:
    assert canonicalise(a).key != canonicalise(b).key
    assert canonicalise(a).content_hash != canonicalise(b).content_hash


@pytest.mark.parametrize(("raw", "url"), CANONICAL)
def test_the_canonical_url(raw: str, url: str) -> None:
    assert canonicalise(raw).url == url


@pytest.mark.parametrize(("raw", "platform", "key"), PLATFORMS)
def test_platform_and_key(raw: str, platform: Platform, key: str) -> None:
    found = canonicalise(raw)
    assert (found.platform, found.key) == (platform, key)
    assert found.content_hash == hashlib.sha256(key.encode()).hexdigest()


def test_a_website_keeps_its_scheme_in_the_url_and_not_in_the_key() -> None:
    found = canonicalise("http://example.vn/x")
    assert found == CanonicalUrl(
        "http://example.vn/x", Platform.WEBSITE, "https://example.vn/x", found.content_hash
    )


@pytest.mark.parametrize(("raw", "reason"), INVALID)
def test_invalid_input_says_why(raw: str, reason: str) -> None:
    with pytest.raises(InvalidUrl) as caught:
        canonicalise(raw)
    assert caught.value.reason == reason
    assert " / " in str(caught.value)  # Vietnamese, then English


def test_a_link_shim_wrapping_itself_stops() -> None:
    inner = "https://example.vn/bai"
    wrapped = inner
    for _ in range(5):
        wrapped = "https://l.facebook.com/l.php?u=" + wrapped.replace("%", "%25").replace("?", "%3F").replace(
            "&", "%26"
        )
    found = canonicalise(wrapped)  # unwrapped three times, then kept as a Facebook URL
    assert found.platform is Platform.FACEBOOK
    assert canonicalise(found.url) == found


def test_a_link_shim_to_something_not_http_is_not_followed() -> None:
    found = canonicalise("https://l.facebook.com/l.php?u=javascript%3Aalert(1)")
    assert found.platform is Platform.FACEBOOK
    assert found.url == "https://l.facebook.com/l.php"


def test_unknown_platform_paths_drop_every_query_parameter() -> None:
    found = canonicalise("https://www.facebook.com/groups/1/members?x=1")
    assert found.key == found.url == "https://www.facebook.com/groups/1/members"


@pytest.mark.parametrize(("raw", "_"), SAME + CANONICAL)
def test_canonical_urls_are_fixed_points(raw: str, _: str) -> None:
    found = canonicalise(raw)
    assert canonicalise(found.url) == found


_labels = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?", fullmatch=True)
_hosts = st.builds(
    lambda labels, tld, prefix: prefix + ".".join([*labels, tld]),
    st.lists(_labels, min_size=1, max_size=3),
    st.sampled_from(["vn", "com", "com.vn", "me", "xn--p1ai"]),
    st.sampled_from(["", "www.", "m.", "WWW.", "web.", "mbasic."]),
)
_hosts_all = st.one_of(
    _hosts,
    st.sampled_from(["facebook.com", "m.facebook.com", "t.me", "youtu.be", "www.tiktok.com", "zalo.me",
                     "vm.tiktok.com", "x.com", "twitter.com", "instagram.com", "fb.watch", "nhà.vn"]),
)  # fmt: skip
_segments = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs")), max_size=8),
        st.sampled_from(["posts", "groups", "p", "status", "video", "@someone", "s", "c", "123", "..", "."]),
    ),
    max_size=5,
)
_query = st.lists(
    st.tuples(
        st.sampled_from(["id", "v", "story_fbid", "fbid", "utm_source", "q", "a", "si", "multi_permalinks"]),
        st.text(alphabet="abcXYZ019 %+&=ệ/", max_size=6),
    ),
    max_size=4,
)


@given(
    st.sampled_from(["http", "https", "HTTPS"]),
    _hosts_all,
    st.sampled_from(["", ":80", ":443", ":8080"]),
    _segments,
    _query,
    st.sampled_from(["", "#frag", "#!/x"]),
)
@settings(max_examples=300, deadline=None)
def test_canonicalising_is_idempotent(
    scheme: str, host: str, port: str, segments: list[str], query: list[tuple[str, str]], fragment: str
) -> None:
    from urllib.parse import quote

    path = "/" + "/".join(quote(s, safe="@.+") for s in segments)
    qs = "&".join(f"{quote(k)}={quote(v)}" for k, v in query)
    raw = f"{scheme}://{host}{port}{path}{'?' + qs if qs else ''}{fragment}"
    try:
        found = canonicalise(raw)
    except InvalidUrl as exc:
        assert exc.reason in {"no_host", "too_long"}
        return
    assert canonicalise(found.url) == found
    assert found.content_hash == hashlib.sha256(found.key.encode()).hexdigest()
    assert "#" not in found.url and "utm_source" not in found.url


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_text_is_either_refused_with_a_reason_or_a_fixed_point(text: str) -> None:
    try:
        found = canonicalise(text)
    except InvalidUrl as exc:
        assert exc.reason in {"empty", "not_a_url", "scheme", "no_host", "too_long"}
        return
    assert found.url.startswith(("http://", "https://"))
    assert canonicalise(found.url) == found


def _shim(url: str, times: int) -> str:
    for _ in range(times):
        url = "https://l.facebook.com/l.php?u=" + url.replace("%", "%25").replace("?", "%3F").replace(
            "&", "%26"
        )
    return url


def test_link_shims_are_unwrapped_three_deep_and_no_deeper() -> None:
    inner = "https://example.vn/bai?id=1"
    assert canonicalise(_shim(inner, 1)).key == "https://example.vn/bai?id=1"
    assert canonicalise(_shim(inner, 3)).key == "https://example.vn/bai?id=1"
    assert canonicalise(_shim(inner, 4)).platform is Platform.FACEBOOK


def test_the_length_limits_are_inclusive() -> None:
    assert MAX_LENGTH == 2048
    exact = "https://example.vn/" + "a" * (MAX_LENGTH - len("https://example.vn/"))
    assert canonicalise(exact).url == exact
    with pytest.raises(InvalidUrl, match="2048"):
        canonicalise(exact + "a")
    tracking = "https://example.vn/?utm_source=" + "x" * MAX_LENGTH  # short once cleaned, too long as given
    with pytest.raises(InvalidUrl) as caught:
        canonicalise(tracking)
    assert caught.value.reason == "too_long"


def test_a_host_of_253_characters_is_the_longest() -> None:
    labels = ["a" * 63, "b" * 63, "c" * 63, "d" * 58, "vn"]
    host = ".".join(labels)
    assert len(host) == 253
    assert canonicalise(f"https://{host}/").url == f"https://{host}/"
    longer = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 59, "vn"])
    assert len(longer) == 254
    with pytest.raises(InvalidUrl) as caught:
        canonicalise(f"https://{longer}/")
    assert caught.value.reason == "no_host"


def test_a_platform_on_another_port_is_still_the_platform() -> None:
    found = canonicalise("https://www.facebook.com:8443/groups/1/posts/2")
    assert (found.platform, found.key) == (Platform.FACEBOOK, "facebook:group:1:post:2")
    assert found.url == "https://www.facebook.com/groups/1/posts/2"


def test_variants_in_any_order_are_stripped() -> None:
    assert canonicalise("https://m.www.example.vn/a").key == "https://example.vn/a"
    assert canonicalise("https://mobile.m.www.example.vn/a").key == "https://example.vn/a"


def test_canonical_urls_are_values() -> None:
    import dataclasses

    found = canonicalise("https://example.vn/")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.url = "https://other.vn/"  # type: ignore[misc]
