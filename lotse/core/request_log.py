"""Structured logs on standard error: one JSON object per line, each with the id of the request
it was written in (`RequestIdMiddleware`), never with personal data: the path without its query
string, no request bodies, no user names or addresses. docs/operations.md ("Logging") describes
the fields."""

import contextlib
import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from contextvars import ContextVar

from django.http import HttpRequest

# The request being answered in this thread (or task); None outside a request.
_request_id: ContextVar[str | None] = ContextVar("lotse_request_id", default=None)
_request_line: ContextVar[tuple[str, str] | None] = ContextVar("lotse_request_line", default=None)

# The request's own copy of its id, for records written after its context ended.
REQUEST_ID_ATTRIBUTE = "lotse_request_id"
# "/suche/?q=Erna Müller" in a message (the development server's access line) loses "?…".
QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")
# PostgreSQL's DETAIL line repeats the values of a refused row ("Key (email)=(…)").
DETAIL = re.compile(r"^DETAIL: .*$", re.MULTILINE)


@contextlib.contextmanager
def request_context(*, request_id: str, request: HttpRequest) -> Iterator[None]:
    setattr(request, REQUEST_ID_ATTRIBUTE, request_id)
    id_token = _request_id.set(request_id)
    line_token = _request_line.set((request.method or "", request.path))
    try:
        yield
    finally:
        _request_id.reset(id_token)
        _request_line.reset(line_token)


def current_request_id() -> str | None:
    return _request_id.get()


def without_personal_data(text: str) -> str:
    return DETAIL.sub("DETAIL: (ausgelassen)", QUERY.sub(r"\1", text))


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id, method, path, status, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": without_personal_data(record.getMessage()),
        }
        request_id, line = _request_id.get(), _request_line.get()
        # Django logs a 4xx answer after the middleware returned it (django.request, with the
        # request in the record), when the context has already been left.
        request = getattr(record, "request", None)
        if request_id is None and isinstance(request, HttpRequest):
            request_id = getattr(request, REQUEST_ID_ATTRIBUTE, None)
            line = (request.method or "", request.path)
        if request_id is not None:
            entry["request_id"] = request_id
        if line is not None:
            entry["method"], entry["path"] = line
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info and record.levelno < logging.ERROR:
            # A refusal (403, 404 raised as an exception) is no fault: its kind is enough.
            entry["exception"] = getattr(record.exc_info[0], "__name__", "")
        elif record.exc_info:
            entry["exception"] = without_personal_data(self.formatException(record.exc_info))
        elif record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)
