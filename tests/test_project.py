"""The repository's promises: README's two commands, CI calls the same test command."""

from pathlib import Path

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


def test_every_public_name_resolves():
    for name in leerlib.__all__:
        assert getattr(leerlib, name) is not None, name


def test_no_notebook_is_committed_with_outputs():
    for nb in REPO.joinpath("notebooks").rglob("*.ipynb"):
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


def test_code_passes_ruff():
    """The house style's linter (config in pyproject.toml) finds nothing."""
    import subprocess
    import sys

    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), "check", "leerlib", "tests", "benchmarks"],
        cwd=REPO, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
