"""``crm-tui export KIND``: records to CSV, JSON or JSON Lines from the command line.

The same settings, profiles and client as the TUI, and no Textual: it runs where a
terminal UI cannot (cron, pipes).  Output goes to stdout unless ``-o FILE`` is given;
a file is written whole or not at all (see :func:`crm_tui.export.target_file`).
Progress goes to stderr, and only when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TextIO

from .api import CrmError
from .cli import (
    EXIT_USAGE,
    add_connection_arguments,
    check_demo_size,
    load_config,
    open_workspace,
)
from .export import (
    COMMAND_KINDS,
    FORMATS,
    KINDS,
    Fetch,
    RecordWriter,
    TargetExists,
    counted,
    target_file,
    write_all,
)
from .workspace import Workspace

EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
#: Progress is redrawn every this many records (a page of companies).
PROGRESS_EVERY = 200

KIND_HELP = {
    "companies": "every company matching the filters, page after page",
    "contacts": "contacts, or those of one company",
    "leads": "leads, or those of a company or contact",
    "activities": "activities, or those of a company or contact",
    "tasks": "project tasks, by status or project",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crm-tui export",
        description=(
            "Write records to CSV (the fields people use, with ids), JSON or JSON Lines "
            "(the records as the API gives them). Without -o the records go to stdout."
        ),
    )
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
    for name in COMMAND_KINDS:
        kind = KINDS[name]
        sub = kinds.add_parser(name, help=KIND_HELP[name], description=KIND_HELP[name])
        for option in kind.filters:
            sub.add_argument(
                option.option,
                dest=option.keyword,
                choices=option.choices,
                metavar=None if option.choices else option.option.lstrip("-").upper(),
                help=option.help,
            )
        sub.add_argument(
            "--format",
            choices=FORMATS,
            help="csv, json or jsonl (default: from the -o file's extension, else csv)",
        )
        sub.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
        sub.add_argument("--force", action="store_true", help="replace FILE if it exists")
        add_connection_arguments(sub)
    return parser


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.output.suffix.lstrip(".").lower() if args.output else ""
    return suffix if suffix in FORMATS else "csv"


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    check_demo_size(parser, args)
    if args.output is not None and args.output.expanduser().exists() and not args.force:
        print(f"crm-tui: {args.output} exists; use --force to replace it", file=sys.stderr)
        return EXIT_USAGE
    loaded = load_config(args)
    if loaded is None:
        return EXIT_USAGE
    workspace = open_workspace(args, loaded)
    if workspace is None:
        return EXIT_USAGE
    filters = {f.keyword: getattr(args, f.keyword) for f in KINDS[args.kind].filters}
    try:
        count = asyncio.run(_export(workspace, args, filters, output_format(args)))
    except KeyboardInterrupt:
        print("\ncrm-tui: export interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except CrmError as error:
        # Imported here: only a failure needs the wording (it imports no Textual).
        from .ui.feedback import describe

        problem = describe(error)
        print(f"crm-tui: export failed: {problem.title}: {problem.message}", file=sys.stderr)
        return EXIT_FAILED
    except TargetExists as error:
        print(f"crm-tui: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader stopped (`| head`): not an error, and Python must not say otherwise.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        print(f"crm-tui: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILED
    if args.output is not None:
        print(f"crm-tui: wrote {counted(args.kind, count)} to {args.output}", file=sys.stderr)
    return 0


async def _export(
    workspace: Workspace, args: argparse.Namespace, filters: dict[str, str | None], fmt: str
) -> int:
    async with workspace.client:
        fetch = Fetch(workspace.client, args.kind, filters)
        progress = _progress_line(args.kind, fetch) if sys.stderr.isatty() else None
        sink: AbstractContextManager[TextIO] = (
            target_file(args.output, replace=args.force) if args.output else nullcontext(sys.stdout)
        )
        with sink as out:
            count = await write_all(fetch, RecordWriter(out, args.kind, fmt), progress)
        if progress is not None:
            print(file=sys.stderr)
        return count


def _progress_line(kind: str, fetch: Fetch) -> Callable[[int], None]:
    """'companies: 1,200 of 20,000', redrawn in place on stderr every page or so."""

    def show(done: int) -> None:
        if done % PROGRESS_EVERY and done != fetch.total:
            return
        total = f" of {fetch.total:,}" if fetch.total is not None else ""
        print(f"\r{kind}: {done:,}{total}", end="", file=sys.stderr, flush=True)

    return show
