"""Drawn signatures for tests: a PNG with a stroke, as the pad sends it."""

from __future__ import annotations

import base64
import io

from PIL import Image, ImageDraw


def png(width: int = 600, height: int = 180, *, stroke: bool = True) -> bytes:
    picture = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    if stroke:
        ImageDraw.Draw(picture).line([(20, 120), (200, 40), (380, 130), (560, 50)], "#111", 4)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def data_url(data: bytes | None = None) -> str:
    return "data:image/png;base64," + base64.b64encode(data or png()).decode("ascii")
