"""A methods paragraph for a cleaned survey: what a researcher reports about the data."""

from __future__ import annotations

import pandas as pd

from leerlib._reasons import ITEM_REASONS
from leerlib.errors import LeerlibError

__all__ = ["methods_text"]

_RULE = {
    "en": {
        "any_nomination": 'answered at least one network question (naming someone or "nobody")',
        "any_answer": "answered at least one network or value question",
        "complete": "completed the survey according to the export's completeness column",
    },
    "nl": {
        "any_nomination": 'minstens één netwerkvraag beantwoordde (iemand of "niemand" noemde)',
        "any_answer": "minstens één netwerk- of waardevraag beantwoordde",
        "complete": "de vragenlijst volgens de export volledig invulde",
    },
}
_BOUNDARY = {
    "en": {
        "staff list": "the staff list given",
        "respondents+named": "everyone who responded or was named (no staff list; named "
        "non-respondents count as members who did not respond)",
        "respondents": "the respondents (no staff list; others named are external contacts)",
    },
    "nl": {
        "staff list": "de meegegeven personeelslijst",
        "respondents+named": "iedereen die antwoordde of genoemd werd (geen personeelslijst; "
        "genoemde niet-respondenten tellen als leden die niet antwoordden)",
        "respondents": "de respondenten (geen personeelslijst; anderen die genoemd werden zijn "
        "externe contacten)",
    },
}


_SYM = {
    "en": {"either": "when either side named the other", "both": "only when both named each other"},
    "nl": {
        "either": "als één van beide de ander noemde",
        "both": "alleen als beiden elkaar noemden",
    },
}


def _undirected_text(meta: dict, lang: str) -> str:
    """Return a sentence on the relations asked without direction (``directed = false``)."""
    rules = dict(meta.get("undirected", {}))
    for m in meta.get("waves", {}).values():  # stacked rounds keep each round's meta
        rules.update(m.get("undirected", {}))
    if not rules:
        return ""
    parts = "; ".join(f"{k}: {_SYM[lang][r]}" for k, r in sorted(rules.items()))
    if lang == "en":
        return (
            f" Undirected relations (a pair is one tie, {parts}) are measured with the undirected "
            "conventions (degree, betweenness over unordered pairs)."
        )
    return (
        f" Relaties zonder richting (een paar is één relatie, {parts}) zijn gemeten met de "
        "conventies voor ongerichte netwerken (graad, tussenpositie over ongeordende paren)."
    )


def _counts(series: pd.Series) -> str:
    return ", ".join(f"{k} {v}" for k, v in series.value_counts().sort_index().items())


#: Clauses of the methods text that are said only when they count something.
_CLAUSES = {
    "en": {
        "matched": " (matched by method: {})",
        "dropped": "; the others were not ties (by reason: {})",
        "missing_one": "1 answer was a missing-value code and was treated as empty. ",
        "missing": "{} answers were missing-value codes and were treated as empty. ",
    },
    "nl": {
        "matched": " (gekoppeld per methode: {})",
        "dropped": "; de andere werden geen relatie (per reden: {})",
        "missing_one": "1 antwoord was een code voor een ontbrekende waarde en gold als leeg. ",
        "missing": "{} antwoorden waren codes voor ontbrekende waarden en golden als leeg. ",
    },
}


def methods_text(survey, lang: str = "en") -> str:
    """Return a paragraph for a paper's methods section, to paste and edit.

    It states the response rate and how "responded" was defined, the network's boundary,
    how many nominations were read and what became of them (ties by match method, log rows
    by reason), the missing-value codes met, the direction convention of the measures, and
    the software version.

    Parameters
    ----------
    survey : Survey
        A cleaned survey (:func:`leerlib.load_survey`).
    lang : {"en", "nl"}

    Returns
    -------
    str

    Raises
    ------
    LeerlibError
        An unknown language.

    Examples
    --------
    >>> from leerlib.schema import Survey, LOG_COLUMNS, VALUE_COLUMNS, empty_table
    >>> people = pd.DataFrame({"person_id": ["a", "b"], "name": ["a", "b"], "internal": True})
    >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "topic": "t", "wave": "1",
    ...     "weight": 1.0, "raw_name": "b", "match": "id", "match_score": 100.0})
    >>> resp = pd.DataFrame({"person_id": ["a", "b"], "wave": "1", "responded": [True, False]})
    >>> s = Survey(people, ties, resp, empty_table(VALUE_COLUMNS), empty_table(LOG_COLUMNS))
    >>> "1 of 2 members (50.0%)" in methods_text(s)
    True
    """
    if lang not in ("en", "nl"):
        raise LeerlibError(f"lang must be 'en' or 'nl', not {lang!r}")
    import leerlib

    meta, log, ties, resp = survey.meta, survey.log, survey.ties, survey.responses
    n_members, n_resp = len(resp), int(resp["responded"].sum()) if len(resp) else 0
    rate = 100.0 * n_resp / n_members if n_members else float("nan")
    if len(survey.waves) > 1 and "wave" in resp.columns:  # several rounds: a rate per round
        per = []
        for w in survey.waves:
            r = resp[resp["wave"].astype(str) == str(w)]
            k, m = int(r["responded"].sum()), len(r)
            pct = 100.0 * k / m if m else float("nan")
            per.append(
                f"{w}: {k} of {m} ({pct:.1f}%)"
                if lang == "en"
                else f"{w}: {k} van de {m} ({pct:.1f}%)"
            )
        said = ("in survey round " if lang == "en" else "in ronde ") + ", ".join(per)
        answered = f"members responded {said}" if lang == "en" else f"leden antwoordden {said}"
    elif lang == "en":
        answered = f"{n_resp} of {n_members} members ({rate:.1f}%) responded"
    else:
        answered = f"{n_resp} van de {n_members} leden ({rate:.1f}%) antwoordden"
    rule = _RULE[lang][meta.get("responded_if", "any_nomination")]
    boundary = _BOUNDARY[lang][meta.get("population", "staff list")]
    items = log[log["reason"].isin(ITEM_REASONS)]
    n_items = len(ties) + len(items)
    # clauses about nothing (no ties, no other nominations, no missing codes) are left out
    matched = dropped = missing = ""
    n_missing = int((log["reason"] == "missing").sum())
    if len(ties):
        matched = _CLAUSES[lang]["matched"].format(_counts(ties["match"]))
    if len(items):
        dropped = _CLAUSES[lang]["dropped"].format(_counts(items["reason"]))
    if n_missing:
        missing = _CLAUSES[lang]["missing_one" if n_missing == 1 else "missing"].format(n_missing)
    networks = ""
    if "network" in survey.people.columns:
        k = survey.people["network"].nunique()
        networks = (
            f" The file holds {k} networks ({', '.join(meta.get('network_by', []))}), cleaned separately."
            if lang == "en"
            else f" Het bestand bevat {k} netwerken ({', '.join(meta.get('network_by', []))}), apart opgeschoond."
        )
    if lang == "en":
        return (
            f"The network's members were {boundary}. {answered[0].upper()}{answered[1:]}; a "
            f"member counted as responding who {rule}. Non-respondents stay in the "
            f"network: their missing nominations are missing data, not evidence of isolation."
            f"{networks} {n_items} nominations were read: {len(ties)} became ties{matched}"
            f"{dropped}. {missing}A tie "
            f"source -> target means the source turns to the target, so in-degree measures being "
            f"sought after.{_undirected_text(meta, lang)} Data were cleaned with leerlib "
            f"{leerlib.__version__}."
        )
    return (
        f"Leden van het netwerk waren {boundary}. {answered[0].upper()}{answered[1:]}; een lid telde als respondent als die {rule}. Niet-respondenten blijven in "
        f"het netwerk: hun ontbrekende nominaties zijn ontbrekende gegevens, geen teken van "
        f"isolement.{networks} Er werden {n_items} nominaties gelezen: {len(ties)} werden relaties"
        f"{matched}{dropped}. {missing}Een relatie bron -> doel betekent dat de bron zich tot het "
        f"doel wendt; in-graad "
        f"meet dus hoe gezocht iemand is.{_undirected_text(meta, lang)} De gegevens zijn "
        f"opgeschoond met leerlib "
        f"{leerlib.__version__}."
    )
