"""Files a customer sends with a new request, checked by their content."""

from odoo import tools
from odoo.exceptions import UserError

# Photos and documents attached to a new request: how many, and how large each.
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# What the form accepts, by content (not by the name or type the browser gives):
# photos, re-encoded before they are kept, and PDF documents.
ACCEPTED_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
ACCEPTED_DOCUMENT_TYPES = ("application/pdf",)
# Photos are kept at most this large (pixels per side), as the chatter shows them.
MAX_PHOTO_SIDE = 1920


def checked_request_attachment(env, upload):
    """``(name, mimetype, content)`` of a file sent with a new request, photos
    re-encoded; or the sentence telling the customer why it is refused."""
    content = upload.read(MAX_ATTACHMENT_BYTES + 1)
    if len(content) > MAX_ATTACHMENT_BYTES:
        return env._(
            "%(name)s is larger than %(size)s MB.",
            name=upload.filename,
            size=MAX_ATTACHMENT_BYTES // (1024 * 1024),
        )
    mimetype = tools.mimetypes.guess_mimetype(content)
    if mimetype in ACCEPTED_DOCUMENT_TYPES:
        return upload.filename, mimetype, content
    if mimetype not in ACCEPTED_IMAGE_TYPES:
        return env._(
            "%s is neither a photo (PNG, JPEG, GIF, WebP) nor a PDF document: "
            "send it as one of those.",
            upload.filename,
        )
    try:
        # re-encoded: what is kept is a plain picture, whatever the file held
        content = tools.image_process(content, size=(MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    except (UserError, ValueError, OSError):
        return env._(
            "%s could not be read as a photo: it may be damaged. Take the photo "
            "again, or send it as a PDF.",
            upload.filename,
        )
    return upload.filename, tools.mimetypes.guess_mimetype(content), content
