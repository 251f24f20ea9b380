"""Check a learner's answer and say in words what is right or off, and why."""

from __future__ import annotations

import functools
import html
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from leerlib.errors import LeerlibError
from leerlib.teaching import _truth as T
from leerlib.teaching._exercises import EXERCISES, Exercise

__all__ = ["Feedback", "check", "answer_key", "LANGUAGES"]

LANGUAGES = ("nl", "en")

_GENERIC = {
    "no_answer": {
        "nl": "Nog geen antwoord. Vul je antwoord in en controleer opnieuw.",
        "en": "No answer yet. Fill in your answer and check again.",
    },
    "unreadable_number": {
        "nl": "Dat lees ik niet als een getal: {answer!r}. Schrijf bijvoorbeeld 12, 0,25 of 25%.",
        "en": "I cannot read that as a number: {answer!r}. Write for example 12, 0.25 or 25%.",
    },
    "unknown_person": {
        "nl": "Ik vind niemand die {answer!r} heet. Geef de volledige naam (voor- en achternaam) "
        "of het person_id, zoals P0012.",
        "en": "I find nobody called {answer!r}. Give the full name (first and last name) or the "
        "person_id, such as P0012.",
    },
    "unknown_choice": {
        "nl": "Kies uit: {options}.",
        "en": "Choose from: {options}.",
    },
    "close": {
        "nl": "Bijna, maar nog niet precies. Reken nauwkeuriger (twee cijfers achter de komma). "
        "Tip: {hint}",
        "en": "Close, but not exact. Compute more precisely (two decimals). Hint: {hint}",
    },
    "wrong": {
        "nl": "Nog niet goed. Tip: {hint}",
        "en": "Not right yet. Hint: {hint}",
    },
    "not_whole": {
        "nl": "Hier wordt een aantal gevraagd: een heel getal. Tip: {hint}",
        "en": "This asks for a count: a whole number. Hint: {hint}",
    },
}


@dataclass(frozen=True)
class Feedback:
    """What :func:`check` says about one answer.

    Attributes
    ----------
    exercise : str
        The exercise id.
    correct : bool
        True for the right answer.
    code : str
        "right", the code of a recognised typical mistake (such as "out_degree"), or a general
        code: "no_answer", "wrong", "close", "unreadable_number", "unknown_person",
        "unknown_choice", "not_whole", "missing", "extra".
    text : dict
        The feedback in words: {"nl": ..., "en": ...}.
    lang : str
        The language ``str()`` and the notebook display use.
    """

    exercise: str
    correct: bool
    code: str
    text: dict
    lang: str = "nl"

    @property
    def nl(self) -> str:
        return self.text["nl"]

    @property
    def en(self) -> str:
        return self.text["en"]

    def __str__(self) -> str:
        return self.text[self.lang]

    def _repr_html_(self) -> str:
        ok = self.correct
        mark = "✓" if ok else "✗"
        colour, border = ("#e8f5e9", "#2e7d32") if ok else ("#fff3e0", "#e65100")
        return (
            f'<div class="leerlib-feedback" style="background:{colour};border-left:4px solid '
            f'{border};padding:6px 10px;margin:4px 0"><b>{mark}</b> '
            f"{html.escape(str(self))}</div>"
        )


@functools.cache
def answer_key(exercise_id: str) -> tuple[dict, dict]:
    """Return the answer key of one exercise: ({"right": value, code: value, ...}, context).

    Computed once per process from the bundled sample by a route independent of leerlib's
    measures (pandas counts and networkx; see ``leerlib.teaching._truth``).
    """
    return _exercise(exercise_id).solve()


def _exercise(exercise_id: str) -> Exercise:
    try:
        return EXERCISES[exercise_id]
    except KeyError:
        raise LeerlibError(
            f"unknown exercise {exercise_id!r}; the course has {', '.join(EXERCISES)}"
        ) from None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().casefold()


def _number(answer) -> tuple[float, int, bool] | None:
    """(value, decimals given, written as a percentage), or None if it is not a number."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Integral):
        return float(answer), 0, False
    if isinstance(answer, numbers.Real):
        if not math.isfinite(answer):
            return None
        text = repr(float(answer))
    else:
        text = str(answer)
    text = text.strip().replace(" ", "")
    percent = text.endswith("%")
    text = text.rstrip("%").replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?", text, flags=re.IGNORECASE):
        return None
    value = float(text)
    if "e" in text.lower():
        decimals = 12
    else:
        decimals = len(text.split(".")[1]) if "." in text else 0
    return value, decimals, percent


def _same(given: float, decimals: int, value: float) -> bool:
    """Tell whether ``given``, rounded as the learner rounded, equals ``value``.

    The tolerance is half a unit of the last decimal given, but never looser than 5% of the
    value (so 0 is not 0.037).
    """
    tol = min(0.5 * 10 ** (-decimals), 0.05 * abs(value)) + 1e-12
    return abs(given - value) <= tol


def _person_ids(answer) -> set[str]:
    people = T.sample().people
    key = _fold(answer)
    by_id = people.loc[people["person_id"].str.casefold() == key, "person_id"]
    if len(by_id):
        return set(by_id)
    names = people["name"].map(_fold)
    return set(people.loc[names == key, "person_id"])


def _options(ex: Exercise, lang: str) -> str:
    return ", ".join(label[lang] for label in ex.choices.values())


def _choice_key(ex: Exercise, answer) -> str | None:
    key = _fold(answer)
    for k, label in ex.choices.items():
        if key in (_fold(k), _fold(label["nl"]), _fold(label["en"])):
            return k
    return None


def _is_empty(answer) -> bool:
    if answer is None:
        return True
    if isinstance(answer, numbers.Real) and not math.isfinite(answer):
        return True
    if isinstance(answer, str) and not answer.strip():
        return True
    if isinstance(answer, (set, frozenset, list, tuple)) and not answer:
        return True
    return False


def _matches(ex: Exercise, key: dict, answer) -> tuple[str, dict]:
    """Return the code that fits ``answer`` and extra placeholders for its text."""
    if _is_empty(answer):
        return "no_answer", {}
    if ex.kind in ("count", "share", "number"):
        parsed = _number(answer)
        if parsed is None:
            return "unreadable_number", {"answer": str(answer)}
        given, decimals, percent = parsed
        readings = [(given, decimals)]  # a share may be written as a percentage
        if ex.kind == "share" and (percent or given > 1):
            readings = [(given / 100, decimals + 2)] + ([] if percent else readings)
        for code, value in key.items():
            if any(_same(g, d, float(value)) for g, d in readings):
                return code, {}
        given = readings[0][0]
        right = float(key["right"])
        if ex.kind == "count" and decimals and given != round(given):
            return "not_whole", {}
        if right and ex.kind != "count" and abs(given - right) <= 0.1 * abs(right):
            return "close", {}
        return "wrong", {}
    if ex.kind == "person":
        ids = _person_ids(answer)
        if not ids:
            return "unknown_person", {"answer": str(answer)}
        if key["right"] in ids:
            return "right", {}
        for code, value in key.items():
            values = value if isinstance(value, (set, frozenset)) else {value}
            if ids & values:
                return code, {}
        return "wrong", {}
    if ex.kind == "choice":
        choice = _choice_key(ex, answer)
        if choice is None:
            return "unknown_choice", {}
        for code, value in key.items():
            if value == choice:
                return code, {}
        return "wrong", {}
    if ex.kind == "choices":
        items = re.split(r"[;,]| en | and ", answer) if isinstance(answer, str) else answer
        chosen = set()
        for item in items if isinstance(items, Iterable) else [items]:
            if not str(item).strip():
                continue
            k = _choice_key(ex, item)
            if k is None:
                return "unknown_choice", {}
            chosen.add(k)
        right = set(key["right"])
        if chosen == right:
            return "right", {}
        missing, extra = right - chosen, chosen - right
        return ("extra" if extra else "missing"), {"missing": missing, "extra": extra}
    raise LeerlibError(f"exercise {ex.id!r} has an unknown kind {ex.kind!r}")  # pragma: no cover


def _format(template: str, context: dict) -> str:
    return template.format_map(context)


def _value_text(value, lang: str) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        text = f"{value:.3f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "nl" else text
    return str(value)


def check(exercise_id: str, answer, *, lang: str = "nl") -> Feedback:
    """Check an answer to one of the course's exercises and say why it is right or off.

    Parameters
    ----------
    exercise_id : str
        An exercise of the course, such as ``"1a_anna_in"`` (see ``leerlib.teaching.EXERCISES``).
    answer
        A number (``12``, ``0.25``, ``"0,25"`` or ``"25%"`` for a share), a person (name or
        person_id), a choice (its key or its Dutch or English label) or, for "choose all that
        apply", a list of choices. None or "" means "not answered yet".
    lang : {"nl", "en"}
        The language of ``str(feedback)``; both are always in ``feedback.text``.

    Returns
    -------
    Feedback
        ``correct``, a ``code`` for the right answer or the recognised mistake, and the
        explanation in words.

    Raises
    ------
    LeerlibError
        For an unknown exercise id or language.

    Examples
    --------
    >>> check("1a_anna_in", 2).code
    'out_degree'
    >>> print(check("1a_anna_in", 2))
    Je telde de relaties die Anna stuurde, niet die ze ontving: zij gaat zelf bij Bram en Eva te rade. Dat is haar uit-graad. Tel de pijlen die bij Anna aankomen.
    >>> check("1a_anna_in", "3", lang="en").correct
    True
    """
    if lang not in LANGUAGES:
        raise LeerlibError(f"check: lang must be one of {LANGUAGES}, not {lang!r}")
    ex = _exercise(exercise_id)
    key, context = answer_key(exercise_id)
    code, extra = _matches(ex, key, answer)
    text = {}
    for lg in LANGUAGES:
        ctx = {k: _value_text(v, lg) for k, v in context.items()}
        ctx["value"] = _value_text(key["right"], lg)
        ctx["hint"] = _format(ex.hint[lg], ctx)
        ctx["options"] = _options(ex, lg)
        for name, items in extra.items():
            if isinstance(items, set):
                ctx[name] = ", ".join(ex.choices[k][lg] for k in sorted(items))
            else:
                ctx[name] = items
        template = ex.feedback[code][lg] if code in ex.feedback else _GENERIC[code][lg]
        text[lg] = _format(template, ctx)
        if code == "extra" and extra.get("missing"):
            text[lg] += " " + _format(ex.feedback["missing"][lg], ctx)
    return Feedback(exercise_id, code == "right", code, text, lang)
