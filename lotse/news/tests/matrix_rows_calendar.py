"""Rows of the authorization matrix for the part "calendar and print" (see
lotse/core/tests/authorization_matrix.py and lotse/news/tests/matrix_rows.py).

Everything here is public: events are public data, so the feeds, the Wochenplan and the pages
about them answer everyone alike, the "own" event of AWO Altstadt and the "foreign" one of
Caritas Anders in another region too (both are published). The digest's links carry their own
token: the matrix's "kein-gueltiger-link" confirms nothing (404 for everyone) and unsubscribes
nobody (the page says the address gets no digest, 200 for everyone)."""

# fmt: off
ROWS = {
    # Calendar feeds and how to subscribe
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "events:calendar_help", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "events:ical_area", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # The organisations of lotse/accounts/tests/matrix_rows.py: every organisation's feed is public.
    ("GET", "events:ical_organisation", "own"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "events:ical_organisation", "foreign"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "events:ical_event", "own"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "events:ical_event", "foreign"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),

    # Der Wochenplan: the page that chooses it and the PDF of this week
    ("GET", "events:weekplan_choose", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "events:weekplan", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),

    # The e-mail digest: the empty form answers with its errors
    ("GET", "events:digest_subscribe", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "events:digest_subscribe", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "events:digest_sent", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "events:digest_confirm", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "events:digest_confirm", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "events:digest_unsubscribe", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "events:digest_unsubscribe", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
}
# fmt: on
