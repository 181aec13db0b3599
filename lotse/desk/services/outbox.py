"""The messages desk services send: to the notifications app's outbox, with absolute links."""

import logging
from typing import Any

from django.urls import reverse

from lotse.core.links import site_link

logger = logging.getLogger(__name__)


def enqueue(**kwargs: Any) -> bool:
    """The notifications app's outbox, when it is installed; False without it."""
    try:
        from lotse.notifications.services import message_enqueue  # noqa: PLC0415
    except ImportError:
        logger.info("lotse.notifications.services.message_enqueue missing: %s not sent", kwargs)
        return False
    message_enqueue(**kwargs)
    return True


def page_link(name: str, *args: object) -> str:
    """An absolute address for an e-mail: LOTSE_SITE_URL plus the page's path."""
    return site_link(reverse(name, args=args))
