"""Opening what is to be imported: a single file, a folder or a ZIP archive, read as a set of
named files, with the limits that keep a bad archive from harming the server.

Text must be UTF-8 (with or without byte order mark). Other encodings are refused, not
guessed: Latin-1, cp1252 and MacRoman cannot be told apart reliably, and a wrong guess would
store garbled umlauts for good.
"""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_FILES = 200
# Leftovers of macOS archivers, not data.
_IGNORED_PREFIXES = ("__MACOSX/",)


def refuse(message: str) -> ValidationError:
    return ValidationError(message)


def decode(data: bytes, *, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise UnicodeDecodeError("utf-8", data, 0, 2, "UTF-16")
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise refuse(
            _(
                "Die Datei ist nicht in UTF-8 gespeichert: „%(name)s“. Bitte speichern Sie sie "
                "mit der Zeichenkodierung UTF-8 (in Excel: „Speichern unter“, Dateityp „CSV "
                "UTF-8“) und laden Sie sie noch einmal hoch."
            )
            % {"name": name}
        ) from None


class Source:
    """Named files of a folder, an archive or a single file; names are relative POSIX paths."""

    label: str

    def names(self) -> list[str]:
        raise NotImplementedError

    def read_bytes(self, name: str) -> bytes:
        raise NotImplementedError

    def read_text(self, name: str) -> str:
        return decode(self.read_bytes(name), name=name)


class FileSource(Source):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = path.name

    def names(self) -> list[str]:
        return [self.path.name]

    def read_bytes(self, name: str) -> bytes:
        if self.path.stat().st_size > MAX_UNPACKED_BYTES:
            raise refuse(_("Die Datei ist größer als 200 MB."))
        return self.path.read_bytes()


class FolderSource(Source):
    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self.label = path.name
        files = []
        for item in sorted(self.path.rglob("*")):
            if item.is_file() and not item.name.startswith("."):
                if not item.resolve().is_relative_to(self.path):
                    raise refuse(
                        _("Der Ordner verweist auf eine Datei außerhalb: „%(name)s“.")
                        % {"name": item.name}
                    )
                files.append(item.relative_to(self.path).as_posix())
            if len(files) > MAX_FILES:
                raise refuse(
                    _("Der Ordner enthält mehr als %(count)d Dateien.") % {"count": MAX_FILES}
                )
        self._names = files

    def names(self) -> list[str]:
        return self._names

    def read_bytes(self, name: str) -> bytes:
        return (self.path / name).read_bytes()


class ZipSource(Source):
    def __init__(self, path: Path) -> None:
        self.label = path.name
        self.read_so_far = 0
        broken = refuse(
            _("Die ZIP-Datei ist beschädigt oder keine ZIP-Datei: „%(name)s“.")
            % {"name": path.name}
        )
        try:
            self.archive = zipfile.ZipFile(path)
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise broken from None
        self.infos: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            unsafe = (
                name.startswith("/")
                or (len(name) > 1 and name[1] == ":")
                or ".." in parts
                or (info.external_attr >> 16) & 0o170000 == 0o120000  # a symbolic link
            )
            if unsafe:
                raise refuse(
                    _("Die ZIP-Datei enthält einen unzulässigen Pfad: „%(name)s“.")
                    % {"name": info.filename}
                )
            if info.flag_bits & 0x1:
                raise refuse(_("Die ZIP-Datei ist verschlüsselt. Bitte ohne Passwort packen."))
            if info.is_dir() or name.startswith(_IGNORED_PREFIXES) or parts[-1].startswith("."):
                continue
            total += info.file_size
            self.infos[name] = info
        if len(self.infos) > MAX_FILES:
            raise refuse(
                _("Die ZIP-Datei enthält mehr als %(count)d Dateien.") % {"count": MAX_FILES}
            )
        if total > MAX_UNPACKED_BYTES:
            raise refuse(_("Die ZIP-Datei ist entpackt größer als 200 MB."))
        if not self.infos:
            raise refuse(_("Die ZIP-Datei ist leer."))
        self.broken = broken

    def names(self) -> list[str]:
        return list(self.infos)

    def read_bytes(self, name: str) -> bytes:
        info = self.infos[name]
        try:
            with self.archive.open(info) as member:
                # Never more than the header promises: a forged size cannot unpack a bomb.
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise self.broken from None
        self.read_so_far += len(data)
        if len(data) > info.file_size or self.read_so_far > MAX_UNPACKED_BYTES:
            raise self.broken
        return data


def open_source(path: Path) -> Source:
    if path.is_dir():
        return FolderSource(path)
    if not path.is_file():
        raise refuse(_("Die Datei gibt es nicht: „%(name)s“.") % {"name": str(path)})
    with path.open("rb") as head:
        is_zip = head.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    if is_zip or path.suffix.lower() == ".zip":
        return ZipSource(path)
    return FileSource(path)


@dataclass
class Table:
    """A CSV file: its column names and rows (each row with its line number in the sheet, the
    header being line 1)."""

    name: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_table(source: Source, name: str, *, delimiter: str | None = None) -> Table:
    """Reads a CSV file; a row with more or fewer values than columns refuses the import (its
    values would land in the wrong fields). Without a given delimiter, a header line with
    semicolons and no commas (German spreadsheets) is read with semicolons."""
    text = source.read_text(name)
    file_name = PurePosixPath(name).name
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = ";" if ";" in first and "," not in first else ","
    csv.field_size_limit(10 * 1024 * 1024)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise refuse(_("Die Datei %(file)s ist leer.") % {"file": file_name})
        columns = [h.strip() for h in header]
        rows = []
        for number, values in enumerate(reader, start=2):
            if not values or not any(v.strip() for v in values):
                continue
            if len(values) != len(columns):
                raise refuse(
                    _(
                        "Zeile %(line)d in %(file)s hat %(found)d Werte, aber die Tabelle hat "
                        "%(expected)d Spalten. Ist ein Trennzeichen oder Anführungszeichen "
                        "verrutscht?"
                    )
                    % {
                        "line": number,
                        "file": file_name,
                        "found": len(values),
                        "expected": len(columns),
                    }
                )
            rows.append((number, dict(zip(columns, values, strict=True))))
    except csv.Error:
        raise refuse(
            _("Die Datei %(file)s ist ab Zeile %(line)d keine lesbare CSV-Datei.")
            % {"file": file_name, "line": reader.line_num}
        ) from None
    return Table(name=file_name, columns=columns, rows=rows)
