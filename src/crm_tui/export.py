"""Exports: the records of a kind written as CSV, JSON or JSON Lines, as they arrive.

Used by ``crm-tui export`` and by the TUI's "Export this view" (no Textual here), so
that both write the same columns and the same records.

* JSON and JSON Lines hold the records as the API gave them: camelCase, unknown fields
  kept (the models keep them), every field the server sent.
* CSV holds the fields people use, ids included, under the same camelCase names.  A
  text cell a spreadsheet would read as a formula (one starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return) gets a leading ``'``: the server's data is
  untrusted, and ``=HYPERLINK(...)`` in a company's name must stay text (CSV injection).
  Numbers are written as they are.
* Records are written one at a time: companies page after page, so that memory stays
  flat however many there are.  The other lists are one answer from the server (the
  API does not page them): that answer is in memory once, then written row by row.
* A file is written under a temporary name in its directory and renamed when complete,
  so an export that fails half-way never leaves a half-written file under the name
  asked for; an existing file is replaced only when the caller says so.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import re
import tempfile
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel

from .api import CrmClient
from .api.models import COMPANY_STATUSES, TASK_STATUSES

FORMATS: tuple[str, ...] = ("csv", "json", "jsonl")
#: Companies asked for per request while exporting: the API's largest page.
EXPORT_PAGE_SIZE = 200

Record = BaseModel | Mapping[str, Any]


@dataclass(frozen=True)
class Filter:
    """A filter the API has for a kind: the command-line option and the client keyword."""

    option: str
    keyword: str
    help: str
    choices: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of record that can be exported."""

    name: str
    #: The CSV columns, in order: camelCase field names, as in the JSON.
    columns: tuple[str, ...]
    #: The filters the API offers for this list (empty: the kind is exported from a view).
    filters: tuple[Filter, ...] = ()
    #: The client method that lists it (None: the TUI hands the records over).
    list_method: str | None = None

    @property
    def singular(self) -> str:
        return {"companies": "company", "activities": "activity"}.get(
            self.name, self.name.removesuffix("s")
        )


COMPANY = Filter("--company", "company_id", "only those linked to this company (UUID)")
CONTACT = Filter("--contact", "contact_id", "only those linked to this contact (UUID)")

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "companies",
            (
                "id", "name", "status", "ownerUserId", "ownerName", "domain", "industry",
                "phone", "email", "city", "country", "notes", "createdAt", "updatedAt",
            ),
            (
                Filter("--q", "q", "name contains this text (any case)"),
                Filter("--status", "status", "one status", COMPANY_STATUSES),
                Filter("--owner", "owner_user_id", "a user's UUID, 'me' or 'unassigned'"),
            ),
        ),
        Kind(
            "contacts",
            (
                "id", "firstName", "lastName", "email", "phone", "title", "companyId",
                "companyName", "notes", "createdAt", "updatedAt",
            ),
            (COMPANY,),
            "list_contacts",
        ),
        Kind(
            "leads",
            (
                "id", "title", "stage", "value", "currency", "probability", "companyId",
                "companyName", "contactId", "contactName", "contactEmail", "ownerUserId",
                "ownerName", "expectedCloseDate", "closedAt", "lostReason", "createdAt",
                "updatedAt",
            ),
            (COMPANY, CONTACT),
            "list_leads",
        ),
        Kind(
            "activities",
            (
                "id", "occurredAt", "type", "subject", "body", "companyId", "companyName",
                "contactId", "contactName", "leadId", "leadTitle", "userName", "dueAt",
                "createdAt",
            ),
            (COMPANY, CONTACT),
            "list_activities",
        ),
        Kind(
            "tasks",
            (
                "id", "title", "status", "priority", "dueDate", "projectId", "projectName",
                "assigneeName", "completedAt",
            ),
            (
                Filter("--status", "status", "one status", TASK_STATUSES),
                Filter("--project", "project_id", "only this project's tasks (UUID)"),
            ),
            "list_tasks",
        ),
        # A contact's company memberships: exported from the contact's screen only.
        Kind(
            "memberships",
            ("id", "contactId", "companyId", "companyName", "role", "isPrimary", "startedOn",
             "createdAt"),
        ),
    )
}  # fmt: skip

#: The kinds ``crm-tui export`` offers: those the API lists on their own.
COMMAND_KINDS: tuple[str, ...] = ("companies", "contacts", "leads", "activities", "tasks")


def counted(kind: str, count: int) -> str:
    """'1 company', '2,000 companies'."""
    noun = KINDS[kind].singular if count == 1 else kind
    return f"{count:,} {noun}"


class TargetExists(Exception):
    """The file asked for exists and replacing it was not allowed."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} exists: choose another name, or allow replacing it")
        self.path = path


# --------------------------------------------------------------------- records


def raw(record: Record) -> dict[str, Any]:
    """The record as the API sent it: camelCase, only the fields it had, unknown ones kept."""
    if isinstance(record, BaseModel):
        return record.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return dict(record)


#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A plain number ("-12.5"): a spreadsheet reads it as the number, never as a formula.
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")


def csv_cell(value: Any) -> str:
    """A CSV cell: empty for null, true/false for booleans, JSON for nested values;
    text that would start a formula is defused (see :func:`defused`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict | list):
        return defused(json.dumps(value, ensure_ascii=False))
    return defused(str(value))


def defused(text: str) -> str:
    """``text`` with a ``'`` in front when a spreadsheet would run it as a formula.

    The quote makes the cell text in Excel, LibreOffice and Google Sheets; a reader
    of the file sees it, as OWASP advises.  Plain numbers ("-3.5") are left alone.
    """
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class RecordWriter:
    """Writes records to ``out`` one at a time, in one of :data:`FORMATS`.

    :meth:`close` ends the document (JSON's closing bracket); it does not close ``out``.
    """

    def __init__(self, out: TextIO, kind: str, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
        self.out = out
        self.kind = KINDS[kind]
        self.fmt = fmt
        self.count = 0
        self._csv = csv.writer(out) if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(self.kind.columns)
        elif fmt == "json":
            out.write("[")

    def write(self, record: Record) -> None:
        data = raw(record)
        if self._csv is not None:
            self._csv.writerow([csv_cell(data.get(column)) for column in self.kind.columns])
        elif self.fmt == "json":
            out = self.out
            out.write(",\n" if self.count else "\n")
            out.write(json.dumps(data, ensure_ascii=False))
        else:
            self.out.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")


async def write_all(
    records: AsyncIterable[Record],
    writer: RecordWriter,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write every record as it comes, then end the document; returns how many."""
    async for record in records:
        writer.write(record)
        if progress is not None:
            progress(writer.count)
    writer.close()
    return writer.count


# -------------------------------------------------------------------- fetching


class Fetch:
    """Every record of a kind matching ``filters`` (client keywords), from the API.

    Iterate it asynchronously; :attr:`total` is the server's count once known
    (after the first page of companies, or once a whole list has come).
    """

    def __init__(
        self, client: CrmClient, kind: str, filters: Mapping[str, str | None] | None = None
    ) -> None:
        self.client = client
        self.kind = KINDS[kind]
        self.filters = {key: value for key, value in (filters or {}).items() if value}
        self.total: int | None = None

    def __aiter__(self) -> AsyncIterator[BaseModel]:
        return self._records()

    async def _records(self) -> AsyncIterator[BaseModel]:
        if self.kind.name == "companies":
            pages = self.client.iter_company_pages(page_size=EXPORT_PAGE_SIZE, **self.filters)
            async for page in pages:
                self.total = page.total
                for company in page.items:
                    yield company
            return
        if self.kind.list_method is None:
            raise ValueError(f"{self.kind.name} cannot be fetched on their own")
        # Not paged by the API: the whole list is one answer.
        records = await getattr(self.client, self.kind.list_method)(**self.filters)
        self.total = len(records)
        for record in records:
            yield record


class Loaded:
    """Records already loaded (a list the TUI shows), iterated like a :class:`Fetch`.

    The loop gets a turn every :attr:`chunk` records, so that a screen keeps drawing
    (and can cancel) while a long list is written.
    """

    chunk = 500

    def __init__(self, records: Sequence[Any]) -> None:
        self.records = records
        self.total: int | None = len(records)

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._records()

    async def _records(self) -> AsyncIterator[Any]:
        for index, record in enumerate(self.records, 1):
            yield record
            if index % self.chunk == 0:
                await asyncio.sleep(0)


#: What an export reads: records fetched from the API, or records already loaded.
Records = Fetch | Loaded


# ----------------------------------------------------------------------- files


def default_file_name(view: str, fmt: str, today: date) -> str:
    """'companies-2026-12-02.csv': the view and the day, safe as a file name."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in view.casefold())
    safe = "-".join(part for part in safe.split("-") if part) or "export"
    return f"{safe}-{today.isoformat()}.{fmt}"


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


@contextmanager
def target_file(path: Path, *, replace: bool = False) -> Iterator[TextIO]:
    """A file to write, which becomes ``path`` only when the block ends without error.

    It is written under a temporary name in the same directory (so the final rename is
    atomic); an error or a cancellation removes it and leaves ``path`` untouched.
    """
    path = path.expanduser()
    if path.exists() and not replace:
        raise TargetExists(path)
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    try:
        # mkstemp makes the file private: give it the mode any new file of the user's gets.
        os.chmod(temporary, 0o666 & ~_umask())
        # newline="": the csv module writes its own line ends.
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
        if path.exists() and not replace:  # it appeared while we were writing
            raise TargetExists(path)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
