"""The livestream a venue's remote viewers watch: one HLS address per venue."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import gettext as _

from contest import audit
from contest.models import Venue
from contest.setup.contests import Refused

MAX_LENGTH = 500


def cleaned_stream_url(url: str) -> str:
    """The address as staff typed it, trimmed; refused unless it is an http(s) web address."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if (
        len(url) > MAX_LENGTH
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(ch.isspace() for ch in url)
    ):
        raise Refused(
            _(
                "直播地址应为以 https:// 开头的网址（直播服务提供的 .m3u8 播放地址），"
                "不超过 500 个字符；不设直播请留空。"
            )
        )
    return url


def set_stream_url(*, venue: Venue, url: str, actor: str) -> bool:
    """Store the venue's livestream address (blank: no stream); True when it changed."""
    value = cleaned_stream_url(url)
    if value == venue.stream_url:
        return False
    before, venue.stream_url = venue.stream_url, value
    audit.record(
        "venue.stream_set",
        actor=actor,
        subject=f"venue:{venue.id}",
        data={"before": before, "after": value},
        contest_id=venue.contest_id,
    )
    return True
