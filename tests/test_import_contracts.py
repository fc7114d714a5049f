"""The import contracts of pyproject.toml hold, and they do fail on an import that breaks
them (issue 15): shown on a small fixture project with the same contract types."""

import ast
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")

CONFIG = """
[importlinter]
root_packages =
    low
    high
contract_types =
    public_modules: tests.import_contracts.PublicModulesContract

[importlinter:contract:layers]
name = Apps depend downwards only
type = layers
layers =
    high
    low

[importlinter:contract:public]
name = Other apps use an app only through its public modules
type = public_modules
apps =
    low
    high
public =
    services
    selectors
    low.signing
"""


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"low/__init__.py": "", "high/__init__.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    (tmp_path / ".importlinter").write_text(CONFIG)
    return tmp_path


def _lint(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(project / ".importlinter")],
        cwd=project,
        env={"PYTHONPATH": f"{project}:{ROOT}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


CLEAN = {
    "low/models.py": "class Thing: ...\n",
    "low/services.py": "from low.models import Thing\n",
    "high/services.py": "from low.services import Thing\n",
}


def test_the_projects_own_contracts_are_kept():
    result = subprocess.run([LINT_IMPORTS], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_clean_fixture_project_keeps_both_contracts(tmp_path):
    result = _lint(_project(tmp_path, CLEAN))
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_of_another_apps_models_breaks_the_public_modules_contract(tmp_path):
    result = _lint(_project(tmp_path, {**CLEAN, "high/views.py": "from low.models import Thing\n"}))

    assert result.returncode == 1
    assert "high.views -> low.models (l.1)" in result.stdout


def test_an_upward_import_breaks_the_layers_even_inside_a_function(tmp_path):
    hidden = """
        def thing():
            from high.services import Thing
            return Thing
    """
    result = _lint(_project(tmp_path, {**CLEAN, "low/selectors.py": hidden}))

    assert result.returncode == 1
    assert "low.selectors -> high.services" in result.stdout


def test_a_module_of_a_public_package_is_public_too(tmp_path):
    """An app may split its services or selectors into a package (vault does): other apps
    may import from its modules, but still not from the app's private modules beside it."""
    split = {
        **CLEAN,
        "low/services/__init__.py": "from low.services.records import Thing\n",
        "low/services/records.py": "from low.models import Thing\n",
        "high/services.py": "from low.services.records import Thing\n",
        "high/views.py": "from low.services import Thing\n",
    }
    del split["low/services.py"]
    result = _lint(_project(tmp_path, split))
    assert result.returncode == 0, result.stdout + result.stderr

    result = _lint(_project(tmp_path, {**split, "high/forms.py": "from low.models import Thing\n"}))
    assert result.returncode == 1
    assert "high.forms -> low.models (l.1)" in result.stdout


def _project_packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["root_packages"]


def _imports_in_functions(path: Path, packages: set[str]) -> list[str]:
    """Imports of the project's own packages made inside a function, but for an AppConfig's
    ``ready`` (Django's place for them: the app registry is ready only then)."""
    found: list[str] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
                continue
            if function and function != "ready" and isinstance(child, ast.ImportFrom | ast.Import):
                names = (
                    [child.module or ""]
                    if isinstance(child, ast.ImportFrom)
                    else [alias.name for alias in child.names]
                )
                if any(name.split(".")[0] in packages for name in names):
                    found.append(f"{path.relative_to(ROOT)}:{child.lineno} {ast.unparse(child)}")
            visit(child, function)

    visit(ast.parse(path.read_text()), None)
    return found


def test_no_import_of_the_project_hides_inside_a_function():
    """import-linter sees an import inside a function, but a reader does not, and such an
    import usually hides a cycle (issue 15). Tests and migrations are left out."""
    packages = set(_project_packages())
    found = [
        hit
        for package in sorted(packages)
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for hit in _imports_in_functions(path, packages)
    ]
    assert found == []


def test_a_public_module_named_with_its_app_is_public_for_that_app_alone(tmp_path):
    """``low.signing`` in ``public`` opens that one module (as vault.signing is), not a
    module of that name in another app."""
    extra = {
        **CLEAN,
        "low/signing.py": "def sign(): ...\n",
        "high/signing.py": "def sign(): ...\n",
        "high/views.py": "from low.signing import sign\n",
    }
    result = _lint(_project(tmp_path, extra))
    assert result.returncode == 0, result.stdout + result.stderr

    result = _lint(
        _project(tmp_path, {**extra, "low/selectors.py": "from high.signing import sign\n"})
    )
    assert result.returncode == 1
    # The layers break too (low imports high); this hint is the public-modules contract's.
    assert "Use the other app's services, selectors" in result.stdout
    assert "low.selectors -> high.signing (l.1)" in result.stdout
