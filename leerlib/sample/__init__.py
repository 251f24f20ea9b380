"""Bundled sample data (a fictional Dutch school board) and synthetic organisations of any size."""

from __future__ import annotations

import copy
import functools
from importlib import resources
from pathlib import Path

from leerlib.errors import LeerlibError, ReadError
from leerlib.sample._design import EXAMPLE_FILES, SAMPLE_FILES

__all__ = [
    "WAVES",
    "sample_paths",
    "example_paths",
    "load_sample",
    "generate_sample",
    "generate_examples",
    "synthetic_organisation",
    "synthetic_graph",
    "default_sample_dir",
]

#: The survey rounds of the bundled sample, oldest first.
WAVES = ("2025", "2026")

_LAZY = {
    "generate_sample": "leerlib.sample.board",
    "generate_examples": "leerlib.sample.examples",
    "synthetic_organisation": "leerlib.sample.synthetic",
    "synthetic_graph": "leerlib.sample.synthetic",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'leerlib.sample' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def default_sample_dir() -> Path:
    """Return the folder of the bundled sample: package data of ``leerlib.sample`` (its ``data``).

    Read with :mod:`importlib.resources`, so it is found in an installed wheel as well as in a
    source checkout (where ``data/sample`` links to it).

    Examples
    --------
    >>> default_sample_dir().parts[-3:]
    ('leerlib', 'sample', 'data')
    """
    return Path(str(resources.files("leerlib.sample") / "data"))


def sample_paths() -> dict[str, Path]:
    """Paths of the bundled sample files.

    Returns
    -------
    dict of str to Path
        Keys ``roster_2025``, ``roster_2026``, ``survey_2025``, ``survey_2026``,
        ``codebook_2025``, ``codebook_2026``, ``aliases``, ``dir``, and the generator's answer
        keys ``truth_ties``, ``truth_names`` and ``readme`` (the folder's ``README.md``).

    Raises
    ------
    ReadError
        If the sample folder or one of its files is missing (a damaged install);
        ``python -m leerlib.sample`` writes them again.

    Examples
    --------
    >>> paths = sample_paths()
    >>> paths["survey_2025"].name, paths["dir"].parts[-2:]
    ('survey_2025.csv', ('sample', 'data'))
    """
    folder = default_sample_dir()
    paths = {key: folder / name for key, name in SAMPLE_FILES.items()}
    missing = [p.name for p in paths.values() if not p.is_file()]
    if missing:
        raise ReadError(
            f"the bundled sample is incomplete: missing {', '.join(missing)}; expected in the "
            "package data of leerlib.sample; `python -m leerlib.sample` writes it again",
            file=folder,
        )
    paths["dir"] = folder
    return paths


def example_paths(name: str) -> dict[str, Path]:
    """Paths of one bundled example export, its codebook and the generator's truth.

    The examples (folder ``examples`` of the bundled sample) are the situations notebook 06
    writes codebooks for: ``class`` (a class survey without a class list: slots of student
    numbers, R's ``NA`` and the no-answer code 1654, one double submission), ``schools``
    (three schools in one file, pupil numbers unique only within a school) and ``worked_with``
    ("who did you work with", a relation either side may report; with a staff list).

    Parameters
    ----------
    name : {"class", "schools", "worked_with"}
        The example.

    Returns
    -------
    dict of str to Path
        ``export``, ``codebook``, ``truth_ties`` and ``truth_people`` (the generator's answer
        key), for ``worked_with`` also ``staff``; and ``readme`` (the folder's ``README.md``).

    Raises
    ------
    LeerlibError
        For an unknown example.
    ReadError
        If a file is missing (a damaged install; ``python -m leerlib.sample`` writes them again).

    Examples
    --------
    >>> p = example_paths("class")
    >>> p["export"].name, p["codebook"].parts[-3:]
    ('class_survey.csv', ('data', 'examples', 'class_codebook.toml'))
    """
    files = EXAMPLE_FILES.get(name)
    if files is None:
        raise LeerlibError(f"the bundled examples are {sorted(EXAMPLE_FILES)}, not {name!r}")
    folder = default_sample_dir() / "examples"
    paths = {key: folder / file for key, file in files.items()}
    paths["readme"] = folder / "README.md"
    missing = [p.name for p in paths.values() if not p.is_file()]
    if missing:
        raise ReadError(
            f"the bundled examples are incomplete: missing {', '.join(missing)}; "
            "`python -m leerlib.sample` writes them again",
            file=folder,
        )
    return paths


@functools.cache
def _load_cached(wave: str | None):
    from leerlib.clean import combine_waves, load_survey

    paths = sample_paths()

    def one(w: str):
        return load_survey(
            paths[f"survey_{w}"],
            paths[f"roster_{w}"],
            paths[f"codebook_{w}"],
            aliases=paths["aliases"],
        )

    if wave is None:
        return combine_waves(*(one(w) for w in WAVES))
    return one(wave)


def load_sample(wave: str | int | None = None):
    """Return the bundled sample as a cleaned :class:`leerlib.Survey`.

    Parameters
    ----------
    wave : {"2025", "2026"} or None
        One survey round, or None for both rounds combined with ``leerlib.combine_waves``.

    Returns
    -------
    Survey
        A fresh copy on every call (the parsed result is cached per process, so notebooks, maps
        and dashboards can call this freely and change what they get).

    Raises
    ------
    LeerlibError
        For an unknown wave, or if the sample files are missing.

    Examples
    --------
    >>> s = load_sample("2025")
    >>> s.waves, sorted(s.topics)[:2]
    (['2025'], ['didactiek', 'ict'])
    """
    key = None if wave is None else str(wave)
    if key is not None and key not in WAVES:
        raise LeerlibError(f"the sample has waves {list(WAVES)}, not {wave!r}")
    return copy.deepcopy(_load_cached(key))
