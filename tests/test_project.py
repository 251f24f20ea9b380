"""The repository's promises: README's two commands, CI calls the same test command."""

from pathlib import Path

import pytest

import leerlib

REPO = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert text.index("```bash") < 40, "the commands must open the README"
    cmds = _readme_commands()
    assert len(cmds) == 2
    assert "leerlib.serve" in cmds[0]
    assert "pytest" in cmds[1]


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _readme_commands()[1] in [line.strip() for line in ci]


def _installed_by(command: str) -> set[str]:
    """The distributions a README command's ``pip install -q -e '.[extras]'`` asks for."""
    import re
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]

    def resolve(requirements: list[str]) -> set[str]:
        out: set[str] = set()
        for req in requirements:
            inner = re.fullmatch(r"leerlib\[([^\]]*)\]", req)
            if inner:
                out |= resolve([r for e in inner.group(1).split(",") for r in extras[e.strip()]])
            else:
                out.add(re.match(r"[A-Za-z0-9._-]+", req).group(0).lower())
        return out

    (chosen,) = re.findall(r"pip install -q -e '\.\[([^\]]*)\]'", command)
    return resolve([*project["dependencies"], f"leerlib[{chosen}]"])


def test_readme_commands_install_what_they_need_and_no_more():
    """Serving gets no test or developer tools; testing gets its tools but not the developer's."""
    serve, test = _readme_commands()
    tools = {"pytest", "pytest-xdist", "hypothesis", "nbval", "selenium", "ruff", "nbstripout"}
    assert {"voila", "ipywidgets", "ipykernel", "pandas"} <= _installed_by(serve)
    assert not tools & _installed_by(serve)
    assert tools - {"nbstripout"} <= _installed_by(test)
    assert {"voila", "ipykernel"} <= _installed_by(test) and "nbstripout" not in _installed_by(test)


def test_the_install_brings_jupyterlab_and_the_tour_opens_the_notebooks():
    """A researcher following the README had no `jupyter` and nothing said how to open the
    notebooks: the first command installs JupyterLab, the tour's first line opens them."""
    serve, test = _readme_commands()
    assert "jupyterlab" in _installed_by(serve) and "jupyterlab" in _installed_by(test)
    text = (REPO / "README.md").read_text(encoding="utf-8")
    tour = text.split("## A researcher's tour", 1)[1]
    first = tour.split("```", 2)[1].strip().splitlines()
    assert first[0] == "bash" and first[1].startswith(".venv/bin/jupyter lab notebooks")


def test_every_public_name_resolves():
    for name in leerlib.__all__:
        assert getattr(leerlib, name) is not None, name


def test_no_notebook_is_committed_with_outputs():
    notebooks = [
        *REPO.joinpath("notebooks").rglob("*.ipynb"),
        *REPO.joinpath("leerlib").rglob("*.ipynb"),
    ]
    assert {"netwerk_overzicht.ipynb", "mijn_leernetwerk.ipynb"} <= {nb.name for nb in notebooks}
    for nb in notebooks:
        if ".ipynb_checkpoints" in nb.parts:
            continue
        assert '"output_type"' not in nb.read_text(encoding="utf-8"), nb


def test_readme_tour_runs():
    """The README's Python tour runs as written on the bundled sample."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    code = text.split("```python", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert len(namespace["survey"].ties) > 0
    G = namespace["G"]
    assert G.number_of_edges() > 0
    assert all(d["topics"] == ["ict"] for _, _, d in G.edges(data=True))


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_code_passes_ruff(command):
    """The house style's linter and formatter (config in pyproject.toml) find nothing to change."""
    import subprocess
    import sys

    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), *command, "leerlib", "tests", "benchmarks"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sample_and_dashboards_are_package_data():
    """An installed wheel has no checkout around it: the sample and the dashboard notebooks are
    files inside the leerlib package (the wheel test in test_wheel.py serves them from one)."""
    from leerlib.sample import sample_paths
    from leerlib.serve import dashboards_dir

    package = Path(leerlib.__file__).resolve().parent
    assert package in sample_paths()["dir"].resolve().parents
    assert package in dashboards_dir().resolve().parents


@pytest.mark.parametrize(
    ("checkout", "package"),
    [
        ("data/sample", "leerlib/sample/data"),
        ("notebooks/dashboards", "leerlib/dashboards/notebooks"),
    ],
)
def test_the_checkouts_folders_show_the_package_data(checkout, package):
    """Where people look in a checkout (data/sample, notebooks/dashboards) they find exactly the
    files the package ships (the folders link to the package's)."""
    shown, shipped = REPO / checkout, REPO / package
    names = sorted(p.name for p in shipped.iterdir() if p.is_file())
    assert names and sorted(p.name for p in shown.iterdir() if p.is_file()) == names
    for name in names:
        assert (shown / name).read_bytes() == (shipped / name).read_bytes(), name


def _leerlib_imports() -> dict[str, set[str]]:
    """Module -> the leerlib modules it imports anywhere in its file (lazy imports too).

    Imports under ``if TYPE_CHECKING:`` are left out: they name a type for annotations and
    never run, so they make no loop (``schema`` names io's ``Codebook`` that way)."""
    import ast

    def _runtime_nodes(tree):
        todo = [tree]
        while todo:
            node = todo.pop()
            if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
                todo.extend(node.orelse)
                continue
            yield node
            todo.extend(ast.iter_child_nodes(node))

    files = {}
    for path in REPO.joinpath("leerlib").rglob("*.py"):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    imports: dict[str, set[str]] = {}
    for module, path in files.items():
        found = imports.setdefault(module, set())
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "leerlib")
            elif (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and node.module
                and (node.module.split(".")[0] == "leerlib")
            ):
                for a in node.names:  # `from leerlib.viz import _page` imports leerlib.viz._page
                    sub = f"{node.module}.{a.name}"
                    found.add(sub if sub in files else node.module)
    return imports


def test_no_two_modules_import_each_other():
    """A loop (a imports b, b imports a, also through others or inside a function) means the
    layers of docs/architecture.md do not hold."""
    import networkx as nx

    G = nx.DiGraph([(a, b) for a, bs in _leerlib_imports().items() for b in bs if a != b])
    assert [c for c in nx.simple_cycles(G)] == []


def test_viz_writes_files_without_the_export_layer():
    """viz sits below export: both use the low module leerlib._files to write files."""
    imports = _leerlib_imports()
    viz = {
        m: sorted(i for i in imports[m] if i.startswith("leerlib.export"))
        for m in imports
        if m.startswith("leerlib.viz")
    }
    assert {m: found for m, found in viz.items() if found} == {}
    assert "leerlib._files" in imports["leerlib.export.safe"]


def _layer(module: str) -> str:
    """The row of docs/architecture.md a module belongs to: its top package or module."""
    return ".".join(module.split(".")[:2])


def test_architecture_doc_shows_each_layers_dependencies():
    """docs/architecture.md's table: one row per layer, in order; its "depends on" column is
    exactly what the layer's files import (leerlib.errors, which all use, left out), and a layer
    imports only layers in rows above it."""
    import re

    rows = re.findall(
        r"^\| `(leerlib[\w.]*)` \|.*\| ([^|]*) \|$",
        (REPO / "docs/architecture.md").read_text(encoding="utf-8"),
        flags=re.M,
    )
    order = [m for m, _ in rows]
    documented = {
        m: {
            "leerlib" if d == "leerlib" else "leerlib." + d
            for d in (d.strip().strip("`") for d in deps.split(","))
            if d not in ("", "-")
        }
        for m, deps in rows
    }
    actual: dict[str, set[str]] = {}
    for module, found in _leerlib_imports().items():
        if module == "leerlib":
            continue
        own = actual.setdefault(_layer(module), set())
        own.update(_layer(b) if b != "leerlib" else "leerlib" for b in found)
    actual = {m: d - {m, "leerlib.errors"} for m, d in actual.items()}
    assert sorted(order) == sorted(actual), "a layer is missing from docs/architecture.md or gone"
    assert documented == actual
    for m, deps in actual.items():
        above = set(order[: order.index(m)]) | {"leerlib"}
        assert deps <= above, (m, sorted(deps - above))
