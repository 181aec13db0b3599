"""A lockout for the e-mail code login that grows with repeated wrong codes, per address.

allauth alone allows 3 guesses per code and 3 codes a minute per address: about 540 guesses an
hour, for ever. Here every wrong code is counted per address in the shared cache (Redis with
several servers); after each 3 wrong codes the address waits before it may ask for a new code
or enter one: 1 minute, then 2, 4, 8, 16, 32, and at most 60 minutes. The count is forgotten
a day after the last wrong code, and at once after a successful login. That leaves about 20
guesses in the first hour and 3 in each hour after.

The address decides, not the account: an unknown address is locked exactly like a known one,
so the answer tells nobody whether an account exists."""

import hashlib
import math
import time

from django.core.cache import cache
from django.utils.translation import ngettext

WRONG_CODES_PER_STEP = 3
FIRST_WAIT_SECONDS = 60
MAX_WAIT_SECONDS = 60 * 60
FORGET_AFTER_SECONDS = 24 * 60 * 60


def _key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"lotse:login-code-failures:{digest}"


def _wait(failures: int) -> int:
    steps = failures // WRONG_CODES_PER_STEP
    if steps == 0:
        return 0
    return min(FIRST_WAIT_SECONDS * 2 ** (steps - 1), MAX_WAIT_SECONDS)


def seconds_locked(email: str) -> int:
    """How long the address must still wait before the next code (0: not locked)."""
    record = cache.get(_key(email))
    if not record:
        return 0
    failures, last = record
    return max(0, int(last + _wait(failures) - time.time()))


def wrong_code(email: str) -> None:
    """Counts a wrong code for the address (two servers at the same moment may count one
    less: the lock still grows)."""
    record = cache.get(_key(email)) or (0, 0.0)
    cache.set(_key(email), (record[0] + 1, time.time()), FORGET_AFTER_SECONDS)


def logged_in(email: str) -> None:
    cache.delete(_key(email))


def locked_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Zu viele falsche Codes für diese E-Mail-Adresse. Warten Sie %(minutes)s Minute und "
        "fordern Sie dann einen neuen Code an. Sie können uns auch anrufen.",
        "Zu viele falsche Codes für diese E-Mail-Adresse. Warten Sie %(minutes)s Minuten und "
        "fordern Sie dann einen neuen Code an. Sie können uns auch anrufen.",
        minutes,
    ) % {"minutes": minutes}
