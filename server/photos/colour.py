"""Pixels to 8-bit sRGB: modes and colour profiles.

An embedded ICC profile that is not already sRGB is converted to sRGB (ImageCms) at evidence size, where it is
cheap; profiles that cannot be read are dropped. CMYK, 16-bit, palette and alpha images become RGB, with
transparency laid on white.
"""

from __future__ import annotations

import io

from PIL import Image, ImageCms

from server.photos import strips

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert from an embedded profile to sRGB; sRGB already, other modes and bad profiles: as is."""
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(source).lower():
            return image
        out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=out_mode) or image
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


def reducible(image: Image.Image) -> Image.Image:
    """In a mode Pillow resamples well, 8 bits a channel: 16-bit greys scaled (not clipped), palettes expanded;
    alpha is kept (reduce() premultiplies it) and laid on white later."""
    if image.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N"):
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("F", "1"):
        return image.convert("L")
    if image.mode == "P":
        return image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("La", "PA", "RGBa"):
        return image.convert("RGBA")
    return image if image.mode in strips.REDUCIBLE else image.convert("RGB")


def to_rgb(image: Image.Image) -> Image.Image:
    """RGB with 8 bits a channel (see reducible), alpha laid on white."""
    image = reducible(image)
    if image.mode in ("LA", "RGBA"):
        rgba = image.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")
