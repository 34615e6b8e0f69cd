"""The direction of imports: ``ui -> api``, ``demo -> api``, never ``api -> ui/demo``.

Importing ``crm_tui.api`` must load neither textual nor the demo backend (and so not
its web stack): a user of the real API never pays for them.  Checked twice: by
importing in a fresh interpreter, and statically over the source files.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "crm_tui"

FORBIDDEN_FOR_API = ("textual", "fastapi", "starlette", "uvicorn", "crm_tui.demo", "crm_tui.ui")


def loaded_modules_after(statement: str) -> set[str]:
    """The names in sys.modules after running ``statement`` in a fresh interpreter."""
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = run_fresh(code)
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def run_fresh(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter; its stderr is the failure's message."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result


#: The entity of the CLI started in the start-up tests.
ENTITY = "5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60"


#: Gives a start-up test's app that never exits a stack dump of every thread before
#: the test stops waiting: a hang then fails saying where it hangs.
DUMP_ON_HANG = "import faulthandler\nfaulthandler.dump_traceback_later(50, exit=True)\n"


def run_app(code: str) -> subprocess.CompletedProcess[str]:
    """:func:`run_fresh` for ``code`` that runs an app until it has seen what it looks
    for: a hang's stacks are the failure's message too."""
    return run_fresh(DUMP_ON_HANG + code)


def offenders(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        name for name in modules if any(name == f or name.startswith(f + ".") for f in forbidden)
    )


def test_importing_the_api_loads_no_ui_demo_or_web_stack() -> None:
    modules = loaded_modules_after("import crm_tui.api\nfrom crm_tui.api import CrmClient")
    assert "crm_tui.api" in modules
    assert offenders(modules, FORBIDDEN_FOR_API) == []


def test_the_demo_identity_imports_without_the_web_stack() -> None:
    modules = loaded_modules_after("import crm_tui.demo.identity")
    assert "crm_tui.demo.identity" in modules
    assert offenders(modules, ("fastapi", "starlette", "uvicorn", "textual", "crm_tui.ui")) == []


def test_the_demos_first_answer_needs_no_web_stack_httpx_or_pydantic() -> None:
    modules = loaded_modules_after("import crm_tui.demo.early")
    assert "crm_tui.demo.repo.dashboard" in modules
    stacks = ("fastapi", "starlette", "httpx", "pydantic", "pydantic_core", "textual")
    assert offenders(modules, stacks) == []


# ----------------------------------------------------------------------- static


def package_of(path: Path) -> str:
    """``crm_tui.api`` for src/crm_tui/api/client.py and for src/crm_tui/api/__init__.py."""
    return ".".join(path.relative_to(SRC.parent).parts[:-1])


def imported_names(source: str, package: str) -> set[str]:
    """Every module a source imports, relative imports resolved against ``package``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
                names.add(module)
                # ``from .. import demo`` names a module too.
                names.update(f"{module}.{alias.name}" for alias in node.names)
            elif node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def static_offenders(folder: Path, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in python_files(folder):
        bad = offenders(
            imported_names(path.read_text(encoding="utf-8"), package_of(path)), forbidden
        )
        if bad:
            found[str(path.relative_to(SRC.parent))] = bad
    return found


def test_no_ui_module_imports_httpx() -> None:
    assert static_offenders(SRC / "ui", ("httpx",)) == {}


def private_textual(names: set[str]) -> list[str]:
    """The names that are Textual's private modules or names (``textual._types``)."""
    return sorted(
        name
        for name in names
        if name.split(".")[0] == "textual" and any(p.startswith("_") for p in name.split("."))
    )


def test_no_module_imports_textuals_private_names() -> None:
    """Textual's private modules change between releases without notice."""
    found = {
        str(path.relative_to(SRC.parent)): bad
        for path in python_files(SRC)
        if (bad := private_textual(imported_names(path.read_text("utf-8"), package_of(path))))
    }
    assert found == {}
    caught = imported_names("from textual._types import SegmentLines", "crm_tui.ui")
    assert private_textual(caught) == ["textual._types", "textual._types.SegmentLines"]
    assert private_textual(imported_names("from textual.strip import Strip", "x")) == []


def test_no_api_module_imports_textual_ui_or_demo() -> None:
    files = python_files(SRC / "api")
    assert files, "the API layer has files to check"
    assert static_offenders(SRC / "api", ("textual", "crm_tui.ui", "crm_tui.demo")) == {}


@pytest.mark.parametrize(
    "source",
    [
        "import textual",
        "from textual.app import App",
        "from ..demo import app",
        "from .. import ui",
        "from crm_tui import demo",
        "import crm_tui.ui.app",
    ],
)
def test_the_static_check_catches_each_form_of_import(source: str) -> None:
    names = imported_names(source, "crm_tui.api")
    assert offenders(names, ("textual", "crm_tui.ui", "crm_tui.demo")) != []


def test_the_static_check_passes_the_apis_own_imports() -> None:
    names = imported_names(
        "from .models import Lead\nfrom . import errors\nimport httpx", "crm_tui.api"
    )
    assert {"crm_tui.api.models", "crm_tui.api.errors", "httpx"} <= names
    assert offenders(names, ("textual", "crm_tui.ui", "crm_tui.demo")) == []


def test_checking_a_keys_table_imports_no_screen() -> None:
    """A profile's ``[keys]`` is checked before the first frame, against the keys as
    data: a clash is still found, and no screen is imported for it."""
    modules = loaded_modules_after(
        "from crm_tui.preferences import Preferences\n"
        "from crm_tui.ui.preferences_check import preference_problems\n"
        "problems = preference_problems(Preferences(keys={'goto_companies': 'c'}))\n"
        "assert any('goto_companies' in problem for problem in problems), problems"
    )
    assert "crm_tui.ui.key_table" in modules
    assert offenders(modules, ("crm_tui.ui.screens", "crm_tui.ui.keybindings")) == []


def test_the_shell_imports_no_screen_until_it_is_shown() -> None:
    """Start-up pays for the Dashboard only: each other screen loads when first shown."""
    modules = loaded_modules_after("import crm_tui.ui.app")
    screens = {name for name in modules if name.startswith("crm_tui.ui.screens.")}
    assert screens <= {"crm_tui.ui.screens.base", "crm_tui.ui.screens.help"}
    assert offenders(modules, ("crm_tui.demo", "fastapi", "starlette", "uvicorn")) == []


def test_no_widget_imports_a_flow_module() -> None:
    """Widgets draw and take keys; flows (moving a stage, deleting a lead) use them."""
    flows = ("crm_tui.ui.stage_moves", "crm_tui.ui.lead_deletion", "crm_tui.ui.screens")
    assert static_offenders(SRC / "ui" / "widgets", flows) == {}


def test_the_first_frame_loads_nothing_of_the_api_layer() -> None:
    """The shell, the Dashboard, the workspace and the cache import neither httpx nor
    pydantic nor our models: those load after the first frame, when the client is built."""
    modules = loaded_modules_after(
        "import crm_tui.ui.app, crm_tui.ui.screens.dashboard, crm_tui.workspace, crm_tui.cache"
    )
    later = ("httpx", "pydantic", "crm_tui.api.models", "crm_tui.api.client", "crm_tui.demo")
    assert offenders(modules, later) == []


def test_the_command_line_reads_the_settings_and_builds_the_app_without_pydantic(
    tmp_path: Path,
) -> None:
    """Every start reads and checks its settings before the first frame: by hand, for
    pydantic alone would cost a third of a bare Textual app's start."""
    config = tmp_path / "config.toml"
    config.write_text(
        'api_key = "ak_example"\n'
        'entity_id = "5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60"\n'
        "timeout = 5\n"
        "[owners]\n"
        '"Dana Scully" = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"\n',
        encoding="utf-8",
    )
    config.chmod(0o600)
    modules = loaded_modules_after(
        "from crm_tui import cli\n"
        "from crm_tui.ui import app\n"
        "built = []\n"
        "app.CrmApp.run = lambda self, **kwargs: built.append(self)\n"
        f"assert cli.main(['--config', {str(config)!r}]) == 0 and built\n"
    )
    assert "crm_tui.config" in modules and "crm_tui.ui.app" in modules
    assert offenders(modules, ("pydantic", "pydantic_core", "httpx", "crm_tui.api.models")) == []


def test_settings_from_the_environment_alone_load_no_toml_reader(tmp_path: Path) -> None:
    """tomllib compiles its patterns on import (~9 ms): paid only when there is a file."""
    modules = loaded_modules_after(
        "import os\n"
        "os.environ.pop('CRM_TUI_CONFIG', None)\n"
        f"os.environ['XDG_CONFIG_HOME'] = {str(tmp_path)!r}\n"
        "os.environ['AXIOMATIC_API_KEY'] = 'ak_example'\n"
        "os.environ['AXIOMATIC_ENTITY_ID'] = '5f0c1a2e-8d3b-4c6a-9e7f-1b2c3d4e5f60'\n"
        "from crm_tui import cli\n"
        "from crm_tui.ui import app\n"
        "app.CrmApp.run = lambda self, **kwargs: None\n"
        "assert cli.main([]) == 0\n"
    )
    assert "crm_tui.config" in modules
    assert offenders(modules, ("tomllib", "pydantic", "httpx")) == []


def test_the_api_packages_lazy_names_are_the_names_it_exports() -> None:
    """``crm_tui.api`` loads its parts on first use: every name it exports has a home,
    and every home it knows is exported (the two lists are written out twice)."""
    import crm_tui.api as api

    assert set(api.__all__) == set(api._HOMES)
    for name in api.__all__:
        assert getattr(api, name) is not None


def settings_for_the_cli(tmp_path: Path, base_url: str) -> str:
    """Code that points a CLI started in a subprocess at ``base_url`` (a Python
    expression), with no config file of the user's and a cache of the test's own."""
    return f"""
os.environ.pop('CRM_TUI_CONFIG', None)
os.environ.update(
    XDG_CONFIG_HOME={str(tmp_path / "config")!r},
    XDG_CACHE_HOME={str(tmp_path / "cache")!r},
    AXIOMATIC_API_KEY='ak_example',
    AXIOMATIC_ENTITY_ID={ENTITY!r},
    AXIOMATIC_BASE_URL={base_url},
)
"""


def test_a_warm_start_draws_the_first_frame_and_the_cached_figures_without_pydantic(
    tmp_path: Path,
) -> None:
    """The CLI up to the first frame, then up to the cached Dashboard's figures on screen:
    neither pydantic nor httpx is loaded by then (the client is built after them)."""
    code = f"""
import json, os, sys
{settings_for_the_cli(tmp_path, "'http://127.0.0.1:9'")}
from crm_tui.cache import ResponseCache
kept = ResponseCache('http://127.0.0.1:9', {ENTITY!r})
kept.remember('/dashboard', {{
    'openTasks': 4, 'winRate': 0.5,
    'pipeline': [{{'stage': 'new', 'count': 2, 'value': 10.0, 'weightedValue': 1.0}}],
    'recentActivity': [{{'id': 'a-1', 'subject': 'Hi', 'occurredAt': '2024-12-06T10:00:00Z'}}],
}})
kept.save()

from textual.app import App
from crm_tui import cli
from crm_tui.ui import app as app_module
from crm_tui.ui.screens import dashboard

seen = {{}}

def loaded():
    return sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'httpx'))

first_frame = app_module.CrmApp._first_frame_drawn

def first_frame_drawn(app):
    seen['first frame'] = loaded()
    first_frame(app)

show = dashboard.DashboardScreen.show

def show_and_exit(screen, figures):
    seen['cached figures'] = loaded()
    show(screen, figures)
    screen.app.exit()

app_module.CrmApp._first_frame_drawn = first_frame_drawn
dashboard.DashboardScreen.show = show_and_exit
app_module.CrmApp.run = lambda self, **kwargs: App.run(self, headless=True, size=(80, 24))
assert cli.main([]) == 0
print(json.dumps(seen))
"""
    result = run_app(code)
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"first frame": [], "cached figures": []}


def test_a_cold_start_draws_the_servers_figures_before_pydantic_is_loaded(
    tmp_path: Path,
) -> None:
    """Nothing cached: the CLI up to the Dashboard's first figures from a server (a
    standard-library one, on loopback, in the same process): httpx is loaded to fetch
    them, pydantic and the models only after they are on screen."""
    code = f"""
import json, os, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Answer(BaseHTTPRequestHandler):
    def do_GET(self):
        is_dashboard = self.path.startswith('/api/crm/dashboard')
        body = json.dumps({{'openTasks': 4, 'winRate': 0.5}} if is_dashboard else []).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(('127.0.0.1', 0), Answer)
threading.Thread(target=server.serve_forever, daemon=True).start()
{settings_for_the_cli(tmp_path, "f'http://127.0.0.1:{server.server_address[1]}'")}
from textual.app import App
from crm_tui import cli
from crm_tui.ui import app as app_module
from crm_tui.ui.screens import dashboard

seen = []

def loaded():
    return sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'httpx'))

show = dashboard.DashboardScreen.show

def show_and_note(screen, figures):
    seen.append([type(figures).__name__, loaded()])
    show(screen, figures)
    if len(seen) == 1:
        screen.call_after_refresh(screen.app.exit)

dashboard.DashboardScreen.show = show_and_note
app_module.CrmApp.run = lambda self, **kwargs: App.run(self, headless=True, size=(80, 24))
assert cli.main(['--no-cache']) == 0
print(json.dumps(seen))
"""
    result = run_app(code)
    [(kind, modules)] = json.loads(result.stdout.strip().splitlines()[-1])
    assert kind == "CachedDashboard"
    assert "httpx" in modules
    assert offenders(set(modules), ("pydantic", "pydantic_core")) == []


def test_demo_mode_draws_its_figures_before_its_backend_and_pydantic_load(
    tmp_path: Path,
) -> None:
    """``crm-tui --demo`` up to the Dashboard's first figures: the demo's database is
    seeded and summed, and nothing of its backend (FastAPI), of httpx or of pydantic is
    loaded by then; they come after, with the same figures read into the models."""
    code = f"""
import json, os, sys
{settings_for_the_cli(tmp_path, "'http://127.0.0.1:9'")}
from textual.app import App
from crm_tui import cli
from crm_tui.ui import app as app_module
from crm_tui.ui.screens import dashboard

seen = []
STACKS = ('pydantic', 'pydantic_core', 'httpx', 'fastapi', 'starlette')

def loaded():
    return sorted({{m.split('.')[0] for m in sys.modules if m.split('.')[0] in STACKS}})

show = dashboard.DashboardScreen.show
draws_anew = dashboard.DashboardScreen._draws_anew

def show_and_note(screen, figures):
    seen.append([type(figures).__name__, figures.open_tasks, loaded()])
    show(screen, figures)

def compare_and_exit(screen, fresh):
    # The backend's answer, read into the models, against the figures on screen.
    seen.append([type(fresh).__name__, fresh.open_tasks, loaded()])
    screen.app.exit()
    return draws_anew(screen, fresh)

dashboard.DashboardScreen.show = show_and_note
dashboard.DashboardScreen._draws_anew = compare_and_exit
app_module.CrmApp.run = lambda self, **kwargs: App.run(self, headless=True, size=(80, 24))
assert cli.main(['--demo']) == 0
print(json.dumps(seen))
"""
    result = run_app(code)
    early, fresh = json.loads(result.stdout.strip().splitlines()[-1])
    assert early[0] == "CachedDashboard" and early[2] == []
    assert fresh[0] == "Dashboard" and {"httpx", "pydantic"} <= set(fresh[2])
    assert early[1] == fresh[1] > 0
