"""Rows of the authorization matrix (lotse/core/tests/authorization_matrix.py) for the pages that
help people find their way: help, the office list, "Mein Quartier wählen" and the staff start
page. Public pages answer everyone alike; the start page of staff work needs a login."""

LOGIN = "/konto/anmelden/"
HOME = "/"

# fmt: off
ROWS = {
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "help", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "office:office_list", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "quarter_choose", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # Roles without pages yet get a page that says so, never a refusal.
    ("GET", "work_home", ""):
        (LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
}
# fmt: on
