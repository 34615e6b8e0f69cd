"""``crm-tui demo-server``: the demo backend on a real port, for curl, browsers and scripts.

Every problem we can foresee -- a busy port, a bad ``--size``, a database path we
cannot open -- is one line on stderr and exit status 2, before uvicorn starts.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import socket
import sys
from collections.abc import Sequence
from typing import TextIO

from crm_tui.demo.identity import API_PREFIX, DEMO_API_KEY, DEMO_ENTITY_ID

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
EXIT_USAGE = 2
PROG = "crm-tui demo-server"
#: The environment variable that gives the server a key of its own.
API_KEY_VARIABLE = "CRM_TUI_DEMO_API_KEY"


class ServerSetupError(Exception):
    """A reason the server cannot start, in one line."""


def check_size(size: int | None) -> None:
    if size is not None and size < 1:
        raise ServerSetupError(f"--size must be a whole number of at least 1, got {size}")


def parse_size(text: str | None) -> int | None:
    """``--size`` as typed on the command line."""
    if text is None:
        return None
    try:
        size = int(text)
    except ValueError:
        raise ServerSetupError(
            f"--size must be a whole number of at least 1, got '{text}'"
        ) from None
    check_size(size)
    return size


def check_db_path(db_path: str | None) -> None:
    """Open the file for writing (creating it if need be), as SQLite will."""
    if db_path is None:
        return
    try:
        with open(db_path, "ab"):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ServerSetupError(f"cannot open database file {db_path}: {reason}") from None


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind ``host:port`` now, so that a busy port is reported before anything starts."""
    if not 0 <= port <= 65535:
        raise ServerSetupError(f"--port must be between 0 and 65535, got {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServerSetupError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServerSetupError(
                f"port {port} on {host} is already in use; choose another with --port"
            ) from None
        raise ServerSetupError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def check_api_key(api_key: str | None) -> None:
    """A key of the server's own: something a client can send in a header."""
    if api_key is None:
        return
    if not api_key or not api_key.isascii() or not api_key.isprintable() or " " in api_key:
        raise ServerSetupError(
            "the API key must be printable ASCII without spaces (e.g. ak_ and random letters)"
        )


def is_loopback(sock: socket.socket) -> bool:
    """Whether the socket listens on a loopback address only (127.0.0.0/8, ::1)."""
    address = sock.getsockname()[0]
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, own_key: bool) -> str:
    key = "the API key you set" if own_key else f"the published demo key ({DEMO_API_KEY})"
    advice = "" if own_key else f"; set a key of your own with {API_KEY_VARIABLE}"
    return (
        f"warning: listening on {host}, not on loopback only: anyone who can reach this "
        f"port can read and change the demo data with {key}{advice}"
    )


VISIBLE_KEY_WARNING = (
    "warning: a key given with --api-key is visible to other users of this machine "
    f"(in ps); set {API_KEY_VARIABLE} instead"
)


def banner(base_url: str, *, own_key: bool = False) -> str:
    """How to connect.  A key of the server's own is never printed: the user has it."""
    companies = f"{base_url}{API_PREFIX}/companies?entityId={DEMO_ENTITY_ID}"
    key = "<your key>" if own_key else DEMO_API_KEY
    return "\n".join(
        [
            f"crm-tui demo backend on {base_url}",
            f"  API:        {base_url}{API_PREFIX}",
            f"  OpenAPI:    {base_url}/openapi.json  (docs: {base_url}/docs)",
            f"  API key:    {'the key you set' if own_key else DEMO_API_KEY}",
            f"  Entity ID:  {DEMO_ENTITY_ID}",
            # The key goes through the environment: on a command line, ps shows it.
            "  Try:",
            f"    export AXIOMATIC_API_KEY={key} AXIOMATIC_ENTITY_ID={DEMO_ENTITY_ID}",
            f"    export AXIOMATIC_BASE_URL={base_url}",
            "    printf 'Authorization: Bearer %s\\n' \"$AXIOMATIC_API_KEY\" | "
            f"curl -H @- '{companies}'",
            "    crm-tui",
            "  Press Ctrl+C to stop.",
        ]
    )


def _base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve(
    host: str,
    port: int,
    size: int | None,
    db_path: str | None,
    *,
    api_key: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Serve the demo backend until interrupted.  0 when it ran, 2 when it could not start.

    ``api_key``: the one key the server accepts, instead of the published demo key.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        check_size(size)
        check_api_key(api_key)
        check_db_path(db_path)
        sock = bind_socket(host, port)
    except ServerSetupError as exc:
        print(f"{PROG}: {exc}", file=err)
        return EXIT_USAGE
    try:
        if not is_loopback(sock):
            print(f"{PROG}: {exposure_warning(host, api_key is not None)}", file=err)
        return _run(sock, size, db_path, api_key, out=out, err=err)
    finally:
        sock.close()


def _run(
    sock: socket.socket,
    size: int | None,
    db_path: str | None,
    api_key: str | None,
    *,
    out: TextIO,
    err: TextIO,
) -> int:
    from crm_tui.demo.app import create_app
    from crm_tui.demo.db import DatabaseError

    try:
        app = create_app(size=size, db_path=db_path, api_key=api_key)
    except DatabaseError as exc:
        print(f"{PROG}: {exc}", file=err)
        return EXIT_USAGE

    import uvicorn

    host, port = sock.getsockname()[:2]
    print(banner(_base_url(host, port), own_key=api_key is not None), file=out, flush=True)
    config = uvicorn.Config(app, log_level="info", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Serve the demo backend on a port.")
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of ``demo-server``, for a subcommand parser in cli.py."""
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"default {DEFAULT_HOST}")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    parser.add_argument(
        "--size", default=None, metavar="N", help="generate N companies instead of the default set"
    )
    parser.add_argument(
        "--db", dest="db_path", default=None, metavar="PATH", help="SQLite file that keeps changes"
    )
    parser.add_argument(
        "--api-key",
        default=None,
        metavar="KEY",
        help=f"accept this key instead of the published demo key (better: set {API_KEY_VARIABLE},"
        " which other users cannot see in ps)",
    )


def run_from_args(args: argparse.Namespace, *, err: TextIO | None = None) -> int:
    """Serve with parsed ``add_arguments`` flags (``--size`` is checked here, in one line)."""
    err = err or sys.stderr
    try:
        size = parse_size(args.size)
    except ServerSetupError as exc:
        print(f"{PROG}: {exc}", file=err)
        return EXIT_USAGE
    api_key = args.api_key
    if api_key is not None:
        print(f"{PROG}: {VISIBLE_KEY_WARNING}", file=err)
    else:
        api_key = os.environ.get(API_KEY_VARIABLE) or None
    return serve(args.host, args.port, size, args.db_path, api_key=api_key, err=err)


def main(argv: Sequence[str] | None = None) -> int:
    """``crm-tui demo-server [--host H] [--port P] [--size N] [--db PATH] [--api-key KEY]``."""
    return run_from_args(build_parser().parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
