"""Authorization matrix rows of the part "Aktuelles" (see lotse/news/tests/matrix_rows.py for
the world): the "own" news item is a published one of AWO Altstadt (provider staff, the
administrator, resident and relative are its members) for Altstadt; the "foreign" one of
Caritas Anders in another region (the outsider's organisation). Published news are public
everywhere. Staff write for their own organisation; the region coordination corrects any of
its region; managers and the coordination release (POSTs with no data: the item is not
waiting, so the page says so and goes back)."""

from lotse.core.tests.authorization_matrix import LOGIN

NEWS = "/aktuelles/verwalten/"  # the staff list of news, after publishing or withdrawing
FREI = "/aktuelles/freigabe/"  # the release list, after a release

# fmt: off
ROWS = {
    # Public: the list, the Atom feed, one news item
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "news:list", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "news:feed", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "news:detail", "own"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "news:detail", "foreign"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),

    # The staff list and the form: whoever writes for an organisation (editor roles; the
    # outsider for Caritas Anders); the empty form answers with its errors
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "news:staff_list", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ("GET", "news:staff_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ("POST", "news:staff_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),

    # Changing, publishing, withdrawing: the organisation's staff and the region coordination;
    # a member of the organisation without the role 403, anyone else 404
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "news:staff_edit", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("GET", "news:staff_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("POST", "news:staff_edit", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("POST", "news:staff_edit", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("GET", "news:staff_publish", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "news:staff_publish", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "news:staff_publish", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,  NEWS,   404,  NEWS,   404,  NEWS,   404),
    ("POST", "news:staff_publish", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,  NEWS),
    ("GET", "news:staff_withdraw", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ("GET", "news:staff_withdraw", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("POST", "news:staff_withdraw", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,  NEWS,   404,  NEWS,   404,  NEWS,   404),
    ("POST", "news:staff_withdraw", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,  NEWS),

    # Zur Freigabe: managers and the region coordination whose areas cover the item
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "news:release_queue", ""):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   200,   200,   403,   403,   403),
    ("GET", "news:release", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "news:release", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "news:release", "own"):
        (LOGIN,   403,   403,   404,   404,   404,   404,   403,  FREI,  FREI,   404,   403,   404),
    ("POST", "news:release", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
}
# fmt: on
