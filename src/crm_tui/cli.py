"""The ``crm-tui`` command: the TUI against the real API or ``--demo``, ``demo-server``,
and ``cache clear``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .collector import paused_for_startup
from .config import ConfigError, LoadedConfig, load_settings, missing_key_message
from .ui.screen_names import FIRST_SCREEN, SCREENS

if TYPE_CHECKING:
    from .workspace import Workspace

EXIT_USAGE = 2
KEY_FLAG_WARNING = (
    "crm-tui: warning: a key given with --api-key is visible to other users of this "
    "machine (in ps and /proc); set AXIOMATIC_API_KEY or api_key in the config file instead"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crm-tui",
        description="A keyboard-driven terminal workbench for the Axiomatic CRM.",
        epilog=(
            "Run 'crm-tui export --help' to export records to CSV or JSON, "
            "'crm-tui demo-server --help' to serve the demo backend over HTTP, "
            "'crm-tui cache clear' to remove the local cache."
        ),
    )
    parser.add_argument("--version", action="version", version=f"crm-tui {__version__}")
    add_connection_arguments(parser)
    parser.add_argument(
        "--theme", metavar="NAME", help="a theme for this run (the palette's Theme saves one)"
    )
    parser.add_argument(
        "--screen",
        choices=[mode for _, mode, _ in SCREENS],
        default=FIRST_SCREEN,
        help=f"the screen to open on (default: {FIRST_SCREEN})",
    )
    return parser


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    """Where to connect and as whom: the same flags for the TUI and ``export``."""
    parser.add_argument("--demo", action="store_true", help="use the built-in demo backend")
    parser.add_argument(
        "--demo-size", type=_positive_int, metavar="N", help="seed the demo with N companies"
    )
    parser.add_argument("--profile", help="a [profiles.NAME] section of the config file")
    parser.add_argument("--config", type=Path, metavar="PATH", help="the TOML config file")
    parser.add_argument("--base-url", help="the API server (default: the Axiomatic cloud)")
    parser.add_argument("--entity-id", help="your entity UUID")
    parser.add_argument(
        "--api-key",
        help="the API key (prefer AXIOMATIC_API_KEY: a flag is visible to other local users)",
    )
    parser.add_argument("--timeout", type=float, help="seconds to wait for the server")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither show nor keep the screens' last answers (as 'cache = false' does)",
    )


def build_cache_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crm-tui cache",
        description="The local cache of what the screens last showed (never the API key).",
    )
    parser.add_argument("action", choices=["clear"], help="clear: remove every profile's cache")
    return parser


def clear_cache(argv: Sequence[str]) -> int:
    from .cache import cache_dir, clear

    build_cache_parser().parse_args(argv)
    directory = cache_dir()
    removed = clear(directory)
    noun = "file" if removed == 1 else "files"
    print(f"crm-tui: removed {removed} cache {noun} from {directory}")
    return 0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["demo-server"]:
        if not _demo_installed():
            return EXIT_USAGE
        from .demo.server import main as demo_server_main

        return demo_server_main(args_list[1:])
    if args_list[:1] == ["export"]:
        from .export_cli import main as export_main

        return export_main(args_list[1:])
    if args_list[:1] == ["cache"]:
        return clear_cache(args_list[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)
    check_demo_size(parser, args)
    loaded = load_config(args)
    if loaded is None:
        return EXIT_USAGE
    # The app turns the collector back on once its first screen is up; the block's
    # end does, should it never get there.
    with paused_for_startup():
        return _run_tui(args, loaded)


def check_demo_size(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """``--demo-size`` alone would be silently ignored: say so and stop (exit 2)."""
    if args.demo_size is not None and not args.demo:
        parser.error("--demo-size needs --demo (it sizes the demo backend's data)")


def load_config(args: argparse.Namespace) -> LoadedConfig | None:
    """The settings the flags point at, warnings printed; None (said why) when invalid."""
    if args.api_key is not None:
        # Said before anything else, the UI included: the key is exposed already.
        print(KEY_FLAG_WARNING, file=sys.stderr)
    try:
        loaded = load_settings(
            flags={
                "api_key": args.api_key,
                "entity_id": args.entity_id,
                "base_url": args.base_url,
                "timeout": args.timeout,
                "cache": False if args.no_cache else None,
            },
            config_path=args.config,
            profile=args.profile,
        )
    except ConfigError as error:
        print(f"crm-tui: {error}", file=sys.stderr)
        return None
    for warning in loaded.warnings:
        print(f"crm-tui: warning: {warning}", file=sys.stderr)
    return loaded


def open_workspace(
    args: argparse.Namespace,
    loaded: LoadedConfig,
    *,
    progress_on_screen: bool = False,
    use_cache: bool = False,
) -> Workspace | None:
    """The demo or the configured server; None (said why on stderr) when it cannot be.

    With ``progress_on_screen`` (the TUI), a large demo seeds once the UI is up, showing
    how far it has got; otherwise it seeds before this returns.  With ``use_cache`` (the
    TUI: its screens are what the cache keeps), a real server's workspace has the local
    cache unless the settings turn it off."""
    from .api.errors import ConfigurationError
    from .workspace import SEED_WITH_PROGRESS_FROM, Workspace

    settings = loaded.settings
    if args.demo:
        if not _demo_installed():
            return None
        return Workspace.for_demo(
            size=args.demo_size,
            settings=settings,
            seed_later=progress_on_screen and (args.demo_size or 0) >= SEED_WITH_PROGRESS_FROM,
        )
    if settings.api_key is None or settings.entity_id is None:
        message = missing_key_message(
            loaded.path or _config_hint(args),
            has_key=settings.api_key is not None,
            has_entity=settings.entity_id is not None,
        )
        print(message, file=sys.stderr)
        return None
    try:
        return Workspace.for_settings(settings, use_cache=use_cache)
    except ConfigurationError as error:
        print(f"crm-tui: {error.message}", file=sys.stderr)
        return None


def _run_tui(args: argparse.Namespace, loaded: LoadedConfig) -> int:
    from .preferences import Preferences
    from .ui.preferences_check import preference_problems

    preferences = Preferences.from_config(loaded, theme=args.theme)
    problems = preference_problems(preferences)
    if problems:
        for problem in problems:
            print(f"crm-tui: {problem}", file=sys.stderr)
        return EXIT_USAGE
    workspace = open_workspace(args, loaded, progress_on_screen=True, use_cache=True)
    if workspace is None:
        return EXIT_USAGE

    from .ui.app import CrmApp

    app = CrmApp(workspace, preferences, warnings=loaded.warnings, screen=args.screen)
    app.run()
    return app.return_code or 0


def _demo_installed() -> bool:
    """The demo backend is an extra: say how to get it rather than fail on an import."""
    import importlib.util

    if importlib.util.find_spec("fastapi") and importlib.util.find_spec("uvicorn"):
        return True
    print(
        "crm-tui: the demo backend is not installed: pip install 'crm-tui[demo]'",
        file=sys.stderr,
    )
    return False


def _config_hint(args: argparse.Namespace) -> Path:
    from .config import default_config_path

    return args.config or default_config_path()


if __name__ == "__main__":
    raise SystemExit(main())
