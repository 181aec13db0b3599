"""`{% kept %}` (lotse/core/templatetags/lotse_kept.py): parts of a page drawn once per process,
language and named values; base.html keeps the menus of visitors without an account by path."""

from django.template import Context, Template
from django.utils import translation

KEPT = Template('{% load lotse_kept %}{% kept "part" path %}{{ path }} {{ drawn }}{% endkept %}')


def test_a_kept_part_is_drawn_once_per_value_and_language():
    first = KEPT.render(Context({"path": "/a/", "drawn": 1}))
    again = KEPT.render(Context({"path": "/a/", "drawn": 2}))
    other = KEPT.render(Context({"path": "/b/", "drawn": 3}))
    with translation.override("en"):
        english = KEPT.render(Context({"path": "/a/", "drawn": 4}))

    assert (first, again, other, english) == ("/a/ 1", "/a/ 1", "/b/ 3", "/a/ 4")


def test_kept_menus_mark_the_section_of_each_address(db, client):
    client.get("/suche/")

    html = client.get("/buero/").text

    wide = html.split('class="menu-wide"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/buero/" aria-current="page">Quartiersbüros</a>' in wide
    assert '<a href="/suche/">Angebote suchen</a>' in wide


def test_a_staff_members_menu_is_never_kept_even_if_a_page_names_another_user(db, rf, office_staff):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    from lotse.core.templatetags.lotse_kept import clear

    clear()
    staff_request = rf.get("/buero/")
    staff_request.user = office_staff
    render_to_string("base.html", {"user": AnonymousUser()}, request=staff_request)
    visitor = rf.get("/buero/")
    visitor.user = AnonymousUser()

    html = render_to_string("base.html", request=visitor)

    assert "staff-menu" not in html
    assert "#}" not in html  # a template comment spans one line only


def test_a_kept_part_with_a_hole_is_drawn_once_and_filled_each_time_escaped():
    part = Template(
        '{% load lotse_kept %}{% kept "holed" hole=here %}<a href="?z={{ kept_hole }}">'
        "{{ drawn }}</a>{% endkept %}"
    )

    first = part.render(Context({"here": "/a/", "drawn": 1}))
    second = part.render(Context({"here": '/b/?x="1"&y=<2>', "drawn": 2}))

    assert first == '<a href="?z=/a/">1</a>'
    assert second == '<a href="?z=/b/?x=&quot;1&quot;&amp;y=&lt;2&gt;">1</a>'
