"""Addresses in e-mails and letters: always absolute, from the setting LOTSE_SITE_URL, never from
the Host header of the request that happened to cause the message (a forged header would
otherwise put someone else's address into an invitation or a referral e-mail)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


def site_link(path: str) -> str:
    """`path` ("/vermittlungen/eingang/") as an absolute address for an e-mail."""
    return settings.LOTSE_SITE_URL.rstrip("/") + path


def check_site_url(**kwargs) -> list[checks.CheckMessage]:
    """`check --deploy`: links in e-mails must reach the real site, over https."""
    url = urlsplit(settings.LOTSE_SITE_URL)
    if url.scheme != "https" or not url.netloc or url.hostname in {"localhost", "127.0.0.1"}:
        return [
            checks.Error(
                f"LOTSE_SITE_URL={settings.LOTSE_SITE_URL!r}: links in e-mails would not reach "
                "the site",
                hint="Set LOTSE_SITE_URL to the site's public https address, "
                "e.g. https://quartierslotse.example.org",
                id="lotse.E101",
            )
        ]
    return []
