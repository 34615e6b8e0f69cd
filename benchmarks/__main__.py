"""``python -m benchmarks [--only NAME]...``: run the registered benchmarks in turn.

A benchmark is a module in this package exposing ``run() -> None`` that prints its
results.  To add one, write the module and list its name in :data:`BENCHMARKS`.
"""

from __future__ import annotations

import argparse
import importlib
import time
from collections.abc import Sequence

#: Every benchmark, in the order they run.
BENCHMARKS: tuple[str, ...] = (
    "api_overhead",
    "safe_text",
    "startup",
    "companies_search",
    "pipeline",
    "scale",
    "export",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--only",
        action="append",
        choices=BENCHMARKS,
        metavar="NAME",
        help=f"run only this benchmark (repeatable); one of: {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(BENCHMARKS))
        return 0
    selected = [name for name in BENCHMARKS if not args.only or name in args.only]
    for name in selected:
        module = importlib.import_module(f"{__package__ or 'benchmarks'}.{name}")
        print(f"== {name} ==")
        started = time.perf_counter()
        module.run()
        print(f"({name}: {time.perf_counter() - started:.1f}s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
