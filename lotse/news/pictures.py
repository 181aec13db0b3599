"""Pictures of events (and news): an upload is decoded with Pillow, checked (a real image of a
bounded size: no decompression bombs), turned upright, stripped of its metadata (camera, place)
and encoded again as a JPEG of at most 1600 pixels on its longer side. Only that copy is kept."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lotse.core.models import Organisation
from lotse.news.models import Event, NewsPost, Picture

# What an upload may be: its bytes, its pixels (before it is decoded), its formats.
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# What is kept.
MAX_SIDE = 1600
QUALITY = 85


def _refuse(message: str) -> ValidationError:
    return ValidationError({"picture": message})


def picture_bytes(data: bytes) -> tuple[bytes, int, int]:
    """The kept JPEG of an upload's bytes, with its width and height; ValidationError (field
    "picture") with a German message for anything that is not a usable image."""
    if len(data) > MAX_BYTES:
        raise _refuse(_("Das Bild ist zu groß. Es darf höchstens 10 MB haben."))
    with warnings.catch_warnings():
        # Pillow warns of a possible decompression bomb below its hard limit: refuse it too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS:
                    raise _refuse(_("Bitte laden Sie ein Foto als JPEG, PNG oder WebP hoch."))
                width, height = image.size
                if width < 1 or height < 1 or width * height > MAX_PIXELS:
                    raise _refuse(_("Das Bild hat zu viele Bildpunkte. Bitte verkleinern Sie es."))
                image.seek(0)
                image.load()
                upright = ImageOps.exif_transpose(image)
                if upright.mode not in ("RGB", "L"):
                    rgba = upright.convert("RGBA")
                    flat = Image.new("RGB", rgba.size, (255, 255, 255))
                    flat.paste(rgba, mask=rgba.getchannel("A"))
                    upright = flat
                elif upright.mode == "L":
                    upright = upright.convert("RGB")
                upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
                out = io.BytesIO()
                # No exif, no ICC profile, no comment: only the pixels are written.
                upright.save(out, format="JPEG", quality=QUALITY, optimize=True)
                return out.getvalue(), upright.width, upright.height
        except ValidationError:
            raise
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
            OSError,
            ValueError,
            SyntaxError,
            EOFError,
        ) as exc:
            raise _refuse(
                _("Diese Datei ist kein Bild, das wir lesen können. Bitte nehmen Sie ein Foto.")
            ) from exc


def picture_from_upload(*, upload: UploadedFile, organisation: Organisation) -> Picture:
    """A saved Picture of the organisation from an uploaded file (call inside the service's
    transaction, after its permission check)."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _refuse(_("Das Bild ist zu groß. Es darf höchstens 10 MB haben."))
    data = upload.read(MAX_BYTES + 1)
    content, width, height = picture_bytes(data)
    picture = Picture(
        region_id=organisation.region_id,
        organisation=organisation,
        content_type="image/jpeg",
        data=content,
        width=width,
        height=height,
    )
    picture.save(force_insert=True)
    return picture


def picture_change(owner: Event | NewsPost, *, upload: UploadedFile | None, remove: bool) -> None:
    """Sets the picture of an event or news item from the form: a new upload (kept as above),
    or none any more (with its description) when asked. Call inside the service's
    transaction, after its permission check; the caller saves."""
    if upload is not None:
        owner.picture = picture_from_upload(upload=upload, organisation=owner.organisation)
    elif remove:
        owner.picture = None
        owner.picture_alt = ""
