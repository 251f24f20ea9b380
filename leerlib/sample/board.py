"""The bundled sample: a fictional Dutch school board surveyed twice, written deterministically."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from leerlib.sample import _exports, _names, _people
from leerlib.sample._design import ORGANISATION, SAMPLE_FILES, SEED
from leerlib.sample._readme import write_readme
from leerlib.sample._writers import frame_rows, write_csv, write_xlsx

__all__ = ["SEED", "SAMPLE_FILES", "generate_sample"]


def generate_sample(outdir: str | Path) -> dict[str, Path]:
    """Write the bundled sample (two survey rounds of a fictional school board) into ``outdir``.

    The output depends on nothing but :data:`SEED` and the library version: running it twice gives
    byte-identical files (XLSX metadata times are fixed).

    Parameters
    ----------
    outdir : str or Path
        Folder to write into; created if missing. Existing sample files are overwritten.

    Returns
    -------
    dict of str to Path
        The written files, keyed like :func:`leerlib.sample_paths` (plus ``truth_ties``,
        ``truth_names`` and ``readme``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = generate_sample(d)
    ...     sorted(p.name for p in paths.values())[:3]
    ['README.md', 'aliases.csv', 'codebook_2025.toml']
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {key: out / name for key, name in SAMPLE_FILES.items()}
    rng = np.random.default_rng(SEED)

    staff25 = _people.make_staff(rng)
    story = _people.choose_story(staff25, rng)
    staff26 = _people.turnover(staff25, story, rng)
    newcomers = sorted(set(staff26["person_id"]) - set(staff25["person_id"]))
    story["newcomers"] = newcomers
    resp25 = _people.respondents(staff25, story, rng)
    resp26 = _people.respondents(staff26, story, rng)
    ties25 = _people.draw_ties(staff25, resp25, "2025", story, rng)
    ties26 = _people.draw_ties(
        staff26, resp26, "2026", story, rng, prev=ties25, newcomers=newcomers
    )

    story["broker_contacts"] = _people.broker_contacts(ties25, staff26, story)

    truth_names, info25 = _exports.survey_2025(
        staff25, resp25, ties25, story, rng, paths["survey_2025"]
    )
    info26 = _exports.survey_2026(staff26, resp26, ties26, story, rng, paths["survey_2026"])

    write_csv(
        paths["roster_2025"],
        *frame_rows(_exports.roster_frame(staff25)),
        delimiter=",",
        encoding="utf-8",
        bom=True,
    )
    roster26 = _exports.roster_frame(staff26)
    write_xlsx(
        paths["roster_2026"],
        *frame_rows(roster26),
        title=f"Personeelslijst {ORGANISATION}, peildatum 1 februari 2026",
        sheet="Personeel",
    )
    paths["codebook_2025"].write_text(_exports.codebook_2025(), encoding="utf-8", newline="\n")
    paths["codebook_2026"].write_text(_exports.codebook_2026(), encoding="utf-8", newline="\n")

    person = staff25.set_index("person_id")
    alias_rows = []
    for pid in story["nicknamed"][:5]:
        p = person.loc[pid]
        alias_rows.append((_names.full_name(p["nickname"], p["infix"], p["last"]), pid))
    write_csv(paths["aliases"], ["alias", "person_id"], alias_rows, delimiter=",", encoding="utf-8")

    truth_ties = pd.concat([ties25, ties26.assign(frequency="", usefulness="")], ignore_index=True)
    truth_ties = truth_ties.sort_values(["wave", "source", "target", "topic"], kind="stable")
    write_csv(paths["truth_ties"], *frame_rows(truth_ties), delimiter=",", encoding="utf-8")
    names_out = truth_names[
        [
            "wave",
            "row",
            "column",
            "raw_name",
            "person_id",
            "kind",
            "wart",
            "respondent",
            "superseded",
        ]
    ]
    write_csv(paths["truth_names"], *frame_rows(names_out), delimiter=",", encoding="utf-8")

    write_readme(
        paths["readme"],
        staff25=staff25,
        staff26=staff26,
        story=story,
        resp25=resp25,
        resp26=resp26,
        ties25=ties25,
        ties26=ties26,
        info25=info25,
        info26=info26,
        aliases=alias_rows,
        truth_names=truth_names,
    )
    return paths
