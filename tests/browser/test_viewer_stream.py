"""Remote viewers: the venue's livestream above the live state, and the running order."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.browser.actors import scalar, sign_in
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
PLAYLIST = (
    "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
    "#EXTINF:2.0,\nseg0.ts\n"
)


class HlsServer:
    """A tiny livestream origin on a free port: one playlist, one segment, CORS open."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                if self.path.endswith(".m3u8"):
                    body, kind = PLAYLIST.encode(), "application/vnd.apple.mpegurl"
                else:  # a null MPEG-TS packet: no media in it (no encoder on the test machine)
                    body, kind = b"\x47\x1f\xff\x10" + b"\xff" * 184, "video/mp2t"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/hall-a/index.m3u8"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()


def stored_stream(database_url: str) -> str:
    return scalar(database_url, "SELECT stream_url FROM venues WHERE id = 1")


def test_viewer_without_a_stream_shows_the_order_and_no_player(demo_server, browser):
    with watched_page(browser, viewport={"width": 390, "height": 844}) as viewer:
        viewer.goto(demo_server.url + "/live/1")
        expect(viewer.locator("#order li")).to_have_count(20)
        expect(viewer.locator("#order li.next .company")).to_have_text(
            "上海电气电站设备有限公司上海汽轮机厂"
        )
        expect(viewer.locator("#order li.next .state")).to_have_text("下一位")
        expect(viewer.locator("#order li").nth(1).locator(".state")).to_have_text("待发表")
        assert viewer.locator("#stream").count() == 0
        assert viewer.locator("script[src*=hls]").count() == 0


def test_staff_set_the_stream_and_the_viewer_plays_it(fresh_server, browser):
    origin = HlsServer()
    try:
        with watched_page(browser, viewport={"width": 1280, "height": 900}) as staff:
            sign_in(staff, fresh_server, "admin")
            staff.wait_for_url("**/admin/")
            staff.goto(fresh_server.url + "/admin/contests/1/setup/venues")
            form = staff.locator("form.stream[data-venue='1']")
            form.locator("input[name=stream_url]").fill("rtmp://live.example.com/hall")
            form.locator("button").click()
            expect(staff.locator(".flash-error")).to_contain_text(
                "直播地址应为以 https:// 开头的网址"
            )
            assert stored_stream(fresh_server.database_url) == ""
            form.locator("input[name=stream_url]").fill("  " + origin.url + " ")
            form.locator("button").click()
            expect(staff.locator(".flash-success")).to_have_text("已保存直播地址")
            expect(form.locator("input[name=stream_url]")).to_have_value(origin.url)
        assert stored_stream(fresh_server.database_url) == origin.url

        # Chromium plays HLS itself; a browser without it (stubbed here) gets hls.js.
        for native in (True, False):
            origin.requests.clear()
            with watched_page(browser, viewport={"width": 390, "height": 844}) as viewer:
                if not native:
                    viewer.add_init_script("HTMLMediaElement.prototype.canPlayType = () => '';")
                viewer.goto(fresh_server.url + "/live/1", wait_until="domcontentloaded")
                video = viewer.locator("#video video#stream")
                expect(video).to_have_attribute("data-src", origin.url)
                expect(video).to_have_attribute("data-player", "native" if native else "hls.js")
                # The video comes first, above the live state.
                assert viewer.locator("#screen > section").first.get_attribute("id") == "video"
                if native:
                    assert video.evaluate("v => v.currentSrc") == origin.url
                else:
                    assert video.evaluate("v => v.currentSrc").startswith("blob:")  # MSE
                expect(viewer.locator("#order li.next .company")).to_have_text(
                    "上海电气电站设备有限公司上海汽轮机厂"
                )
                for _ in range(50):  # the player fetches the playlist, then its segment
                    if "/hall-a/seg0.ts" in origin.requests:
                        break
                    viewer.wait_for_timeout(100)
                assert origin.requests[:2] == ["/hall-a/index.m3u8", "/hall-a/seg0.ts"]
    finally:
        origin.close()
