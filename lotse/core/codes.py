"""Short codes read aloud on the phone or typed on a public page: a referral slip's code (desk)
and an appointment's cancel code (office).

Eight characters in two groups (`Q7KD-4KD2`) from 31 symbols without 0/O, 1/I/L: 31**8 ≈ 8.5 ×
10**11 codes. Only codes of referrals still waiting for the person count (requested, accepted,
expired). Even if all 300,000 referrals of a region were waiting, one address at 10 tries per 10
minutes (`lotse.desk.views.referrals.RATE_LIMIT_TRIES`) would need about five years to hit any
code; and a hit only marks an arrival, it reveals nothing.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUP = 4
LENGTH = 2 * GROUP


def short_code_new() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{symbols[:GROUP]}-{symbols[GROUP:]}"


def short_code_normalise(text: str) -> str | None:
    """The code as stored (`Q7KD-4KD2`) from what someone typed: any case, spaces, hyphens or
    dots; None when it cannot be a code."""
    symbols = "".join(ch for ch in text.upper() if ch not in " -./_\t")
    if len(symbols) != LENGTH or any(ch not in ALPHABET for ch in symbols):
        return None
    return f"{symbols[:GROUP]}-{symbols[GROUP:]}"
