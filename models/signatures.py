"""Customers' signatures, as Odoo's drawing pads give them (PNG images)."""

import base64
import binascii
import io

from PIL import Image, UnidentifiedImageError


def is_blank_signature(data):
    """Whether the signature image ``data`` (base64) holds no stroke: transparent or
    white all over, as an untouched drawing pad gives it."""
    if not data:
        return True
    try:
        image = Image.open(io.BytesIO(base64.b64decode(data)))
        image.load()
    except (binascii.Error, UnidentifiedImageError, OSError, ValueError):
        return True
    if "A" in image.getbands():
        return image.getchannel("A").getbbox() is None
    # white paper: nothing darker than white once inverted
    return Image.eval(image.convert("L"), lambda value: 255 - value).getbbox() is None
