"""The main menu of every page: the residents' sections, in the same order and with the same
labels everywhere (WCAG 3.2.3, 3.2.4), the current section marked (WCAG technique G128).

A new resident section adds one line here; base.html shows it on every page."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    label: Promise | str
    url_name: str
    # Addresses that belong to the section besides its own, e.g. an offer page to the search.
    prefixes: tuple[str, ...] = ()


MAIN_MENU: tuple[Section, ...] = (
    Section(_("Startseite"), "directory:home", ("/quartier/",)),
    Section(_("Angebote suchen"), "directory:search", ("/angebot/",)),
    Section(_("Veranstaltungen"), "events:list"),
    Section(_("Aktuelles"), "news:list"),
    Section(_("Biete / Suche"), "board:list"),
    Section(_("Quartiersbüros"), "office:office_list", ("/buero/",)),
    Section(_("Hilfe mit dem Handy"), "volunteers:start", ("/digitalhilfe/",)),
    Section(_("Hilfe"), "help"),
)


@dataclass(frozen=True)
class MenuItem:
    label: Promise | str
    url: str
    # "page" on the section's own address, "true" inside the section, "" elsewhere: the value
    # of aria-current.
    current: str


def menu_items(path: str, sections: tuple[Section, ...] = MAIN_MENU) -> list[MenuItem]:
    """The sections as links for the page at `path`, the one it belongs to marked."""
    items = []
    for section in sections:
        url = reverse(section.url_name)
        if path == url:
            current = "page"
        elif (url != "/" and path.startswith(url)) or path.startswith(section.prefixes):
            current = "true"
        else:
            current = ""
        items.append(MenuItem(section.label, url, current))
    return items
