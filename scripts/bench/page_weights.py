"""What a resident's phone downloads for the main public pages of the demo region.

Starts no server: Django's test client asks for each page in a temporary SQLite database that
holds the demo region Kreis Lindenau (`load_demo`, `load_demo_offices`), and prints per page the
HTML's bytes, raw and gzipped, and the CSS and JavaScript files the page references (each
<link rel="stylesheet"> and <script src> under STATIC_URL, read through the staticfiles finders,
as collectstatic would copy them), summed raw and gzipped file by file (gzip level 6, what web
servers commonly use). Images, fonts and map tiles are not counted; the map's files only load
when a visitor opens the map.

    .venv/bin/python scripts/bench/page_weights.py

Prints a table, and as its last line one JSON object with all figures.
"""

import gzip
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

WORK = Path(tempfile.mkdtemp(prefix="lotse_page_weights_"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'db.sqlite3'}"
os.environ["LOTSE_SEARCH_INDEX_DIR"] = str(WORK / "search-index")
os.environ.setdefault("SECRET_KEY", "page-weights-only-not-for-production")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from lotse.directory.models import Service  # noqa: E402
from lotse.office.models import Office  # noqa: E402

GZIP_LEVEL = 6
STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>")
SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"")
HREF = re.compile(r"\bhref=\"([^\"]+)\"")


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def static_files(html: str) -> list[str]:
    """The static paths of the stylesheets and scripts the page references, each once."""
    urls = [m.group(1) for tag in STYLESHEET.findall(html) if (m := HREF.search(tag))]
    urls += SCRIPT.findall(html)
    paths = []
    for url in urls:
        path = url.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(settings.STATIC_URL) and path not in paths:
            paths.append(path)
    return paths


def static_bytes(url: str) -> bytes:
    found = finders.find(url.removeprefix(settings.STATIC_URL))
    if not found:
        raise SystemExit(f"{url}: not found by the staticfiles finders (npm ci run?)")
    return Path(found).read_bytes()


def weigh(client: Client, name: str, path: str) -> dict:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: status {response.status_code}")
    html = response.content
    files = {url: static_bytes(url) for url in static_files(html.decode())}
    css = {url: data for url, data in files.items() if url.endswith(".css")}
    js = {url: data for url, data in files.items() if url.endswith(".js")}
    return {
        "page": name,
        "path": path,
        "html": len(html),
        "html_gzip": gzipped(html),
        "css": sum(len(data) for data in css.values()),
        "css_gzip": sum(gzipped(data) for data in css.values()),
        "js": sum(len(data) for data in js.values()),
        "js_gzip": sum(gzipped(data) for data in js.values()),
        "files": sorted(files),
    }


def main() -> None:
    try:
        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("load_demo_offices", stdout=open(os.devnull, "w"))  # noqa: SIM115
        offer = Service.objects.filter(status=Service.Status.ACTIVE).order_by("name").first()
        office = Office.objects.order_by("name").first()
        assert offer is not None and office is not None, "the demo region is empty"
        pages = [
            ("home", "/"),
            ("search", "/suche/?q=Einkaufen"),
            ("offer", f"/angebot/{offer.id}/"),
            ("offices", "/buero/"),
            ("office", f"/buero/{office.slug}/"),
            ("help", "/hilfe/"),
        ]
        client = Client()
        rows = [weigh(client, name, path) for name, path in pages]
    finally:
        shutil.rmtree(WORK, ignore_errors=True)

    print(f"{'page':8} {'HTML':>8} {'gzip':>7} {'CSS':>8} {'gzip':>7} {'JS':>8} {'gzip':>7}  path")
    for row in rows:
        print(
            f"{row['page']:8} {row['html']:8,} {row['html_gzip']:7,} {row['css']:8,} "
            f"{row['css_gzip']:7,} {row['js']:8,} {row['js_gzip']:7,}  {row['path']}"
        )
    print("Bytes; CSS and JS: " + ", ".join(sorted({f for row in rows for f in row["files"]})))
    print(
        json.dumps(
            {
                f"page_{row['page']}_{key}": row[key]
                for row in rows
                for key in ("html", "html_gzip", "css", "css_gzip", "js", "js_gzip")
            }
        )
    )


if __name__ == "__main__":
    main()
