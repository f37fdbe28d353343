"""The signature's ink: a PNG drawn on the page's pad, sent as a data URL, checked before use.

Bounded before it costs anything: the text's length is checked before decoding, the PNG's
declared size before its pixels are read, and a pad left blank is refused in Chinese.
"""

from __future__ import annotations

import base64
import binascii
import io
import struct

from flask_babel import gettext as _
from PIL import Image

PREFIX = "data:image/png;base64,"
MAX_BYTES = 256 * 1024  # a 2x-density phone pad compresses to ~10-40 KB
MAX_SIDE = 2400
MIN_INKED = 60  # pixels with ink: a tap or a stray dot is not a signature


class SignatureRefused(ValueError):
    """The drawn signature cannot be kept; the message says what to do in Chinese."""


def _size(data: bytes) -> tuple[int, int]:
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise SignatureRefused(_("签名图像无法识别，请清除后重新签名"))
    return struct.unpack(">II", data[16:24])


def decode_png(data_url: str | None) -> bytes:
    """The PNG bytes of a drawn signature, or SignatureRefused saying what to do."""
    text = (data_url or "").strip()
    if not text:
        raise SignatureRefused(_("请先在签名框内用手指（或鼠标）签名，再提交"))
    if not text.startswith(PREFIX):
        raise SignatureRefused(_("签名图像无法识别，请清除后重新签名"))
    body = text[len(PREFIX) :]
    if len(body) > MAX_BYTES * 4 // 3 + 4:
        raise SignatureRefused(_("签名图像过大，请清除后重新签名"))
    try:
        data = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureRefused(_("签名图像无法识别，请清除后重新签名")) from None
    width, height = _size(data)
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise SignatureRefused(_("签名图像尺寸异常，请清除后重新签名"))
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            alpha = picture.convert("RGBA").getchannel("A")
    except (OSError, ValueError, Image.DecompressionBombError):
        raise SignatureRefused(_("签名图像无法识别，请清除后重新签名")) from None
    inked = sum(alpha.histogram()[32:])
    if inked < MIN_INKED:
        raise SignatureRefused(_("签名框内几乎没有笔迹，请用手指写下您的姓名后再提交"))
    return data
