"""Authorization matrix rows of the noticeboard (see lotse/news/tests/matrix_rows.py for the
world): the "own" post waits for its check in Altstadt, where the Quartiersbüro's office staff
and manager work; the "foreign" one in Caritas Anders' region. A post that is not published is
not found on the public pages (detail, answer, report) by anyone; a post is renewed and
withdrawn only by the account that wrote it (none of the personas: 404). The office's pages
show personal data (behind the second factor) and refuse everyone else's posts with 404."""

from lotse.core.tests.authorization_matrix import CODE, LOGIN

QUEUE = "/pinnwand/verwalten/"  # "Pinnwand prüfen", after a check
REVW = "/pinnwand/verwalten/{id}/"  # one post's check page, after a refused change

# fmt: off
ROWS = {
    # The board, and the form for residents (logged in by e-mail code first)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "board:list", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # Neighbours post with their account; staff post for a person instead (board:staff_new).
    ("GET", "board:new", ""):
        ( CODE,   200,   200,   403,   403,   403,   403,   403,   403,   403,   403,   403,   403),
    ("POST", "board:new", ""):
        ( CODE,   200,   200,   403,   403,   403,   403,   403,   403,   403,   403,   403,   403),

    # One post, answering and reporting: only a published post; the world's waits
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "board:detail", "own"):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:detail", "foreign"):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:reply", "own"):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:reply", "foreign"):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "board:reply", "own"):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "board:reply", "foreign"):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:report", "own"):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:report", "foreign"):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "board:report", "own"):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "board:report", "foreign"):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),

    # Renewing and withdrawing: the author only
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "board:renew", "own"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:renew", "foreign"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "board:renew", "own"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "board:renew", "foreign"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:withdraw", "own"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:withdraw", "foreign"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "board:withdraw", "own"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "board:withdraw", "foreign"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),

    # The office: Pinnwand prüfen, a post for a person who called in
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "board:queue", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   403,   200,   403,   403,   403,   403),
    ("GET", "board:staff_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   403,   200,   403,   403,   403,   403),
    ("POST", "board:staff_new", ""):
        (LOGIN,   403,   403,   403,   403,   200,   403,   403,   200,   403,   403,   403,   403),

    # One post's check, and the changes (POST; without data a reason or a reply is missing)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "board:review", "own"):
        (LOGIN,   404,   404,   404,   404,   200,   404,   404,   200,   404,   404,   404,   404),
    ("GET", "board:review", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:publish", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "board:publish", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "board:publish", "own"):
        (LOGIN,   404,   404,   404,   404, QUEUE,   404,   404, QUEUE,   404,   404,   404,   404),
    ("POST", "board:publish", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:reject", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "board:reject", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "board:reject", "own"):
        (LOGIN,   404,   404,   404,   404,   200,   404,   404,   200,   404,   404,   404,   404),
    ("POST", "board:reject", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:remove", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "board:remove", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "board:remove", "own"):
        (LOGIN,   404,   404,   404,   404,   200,   404,   404,   200,   404,   404,   404,   404),
    ("POST", "board:remove", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:reports_dismiss", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "board:reports_dismiss", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "board:reports_dismiss", "own"):
        (LOGIN,   404,   404,   404,   404,  REVW,   404,   404,  REVW,   404,   404,   404,   404),
    ("POST", "board:reports_dismiss", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "board:passed_on", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "board:passed_on", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "board:passed_on", "own"):
        (LOGIN,   404,   404,   404,   404,  REVW,   404,   404,  REVW,   404,   404,   404,   404),
    ("POST", "board:passed_on", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
}
# fmt: on
