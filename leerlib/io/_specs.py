"""The frozen dataclasses a parsed codebook is made of."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

__all__ = [
    "Codebook",
    "SurveySpec",
    "RespondentSpec",
    "RosterSpec",
    "Topic",
    "NominationSpec",
    "ValueItem",
    "NamesSpec",
    "DEFAULT_CONTEXT",
    "SHAPES",
    "DEFAULT_NOBODY",
    "DEFAULT_MISSING",
]

SHAPES = ("slots", "matrix", "multiselect", "edgelist")
#: Answers that mean "nobody": words only (a number may be someone's id).
DEFAULT_NOBODY = ("niemand", "nobody", "geen", "-", "n.v.t.")
#: Cell values that mean "no answer" (R's NA, Excel's #N/A), compared exactly after trimming.
DEFAULT_MISSING = ("NA", "#N/A")


@dataclass(frozen=True)
class SurveySpec:
    """``[survey]``: how to read the export file."""

    wave: str
    language: str = "nl"
    encoding: str = "auto"
    delimiter: str = "auto"
    decimal: str = "auto"
    sheet: int | str = 0
    skip_rows: int = 0
    header_rows: int = 1
    consent_names: bool = False
    date_format: str = "auto"
    missing: tuple = DEFAULT_MISSING
    network_by: tuple = ()
    filter: Mapping = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class RespondentSpec:
    """``[respondent]``: who answered each row, when, and which rows to skip.

    ``explicit`` holds the keys the codebook set itself: a column named by a
    default (``EndDate``, ``Status``, ``Finished``) is used only if the export
    has it, a column the codebook names must exist.
    """

    column: str
    by: str = "email"
    submitted_at: str = "EndDate"
    status_column: str = "Status"
    skip_status: tuple = ("Spam", "Survey Preview")
    complete_column: str = "Finished"
    responded_if: str = "any_nomination"
    explicit: frozenset = frozenset()


@dataclass(frozen=True)
class RosterSpec:
    """``[roster]``: how to read the staff list."""

    id: str = "person_id"
    name: str = "name"
    first_name: str = ""
    infix: str = ""
    last_name: str = ""
    email: str = "email"
    sheet: int | str = 0
    skip_rows: int = 0
    encoding: str = "auto"
    delimiter: str = "auto"
    explicit: frozenset = frozenset()


@dataclass(frozen=True)
class Topic:
    """One ``[[topics]]`` entry: key plus Dutch and English labels."""

    key: str
    nl: str = ""
    en: str = ""


@dataclass(frozen=True)
class NominationSpec:
    """One ``[[nominations]]`` block (a question) in one of the four shapes."""

    shape: str
    topic: str = ""
    columns: tuple = ()
    pattern: str = ""
    attributes: Mapping = field(default_factory=lambda: MappingProxyType({}))
    weight: str = ""
    target_by: str = "name"
    header_row: int = 1
    cell: str = "tick"
    scale: str = ""
    labels: Mapping = field(default_factory=lambda: MappingProxyType({}))
    delimiter: str = ","
    targets: Mapping = field(default_factory=lambda: MappingProxyType({}))
    zero: tuple = ()
    column: str = ""
    source: str = ""
    target: str = ""
    topic_column: str = ""
    weight_column: str = ""
    directed: bool = True
    symmetrize: str = "either"
    wave: str = ""
    index: int = 0

    def topic_keys(self, declared=()) -> tuple:
        """Return the topic keys this block's ties can carry.

        ``declared``: every [[topics]] key, for an edge list whose topic_column names the topic
        per row.
        """
        if self.shape == "matrix" and self.cell == "labels":
            return tuple(dict.fromkeys(self.labels.values()))
        if self.shape == "edgelist" and self.topic_column:
            return tuple(declared)
        return (self.topic,) if self.topic else ()


#: ``[names] context = true``: the roster columns the respondent context compares.
DEFAULT_CONTEXT = ("team", "school")


@dataclass(frozen=True)
class NamesSpec:
    """``[names]``: the researcher's first-name forms and the opt-in respondent context.

    ``variants`` holds groups of first-name forms, each the formal name first and its short
    forms after it ("/" between spellings of one form), read from the codebook inline or
    from the CSV file it names (``variants_file``). ``context`` lists the roster columns the
    respondent context compares, narrowest first; empty: off (the default).
    """

    variants: tuple = ()
    variants_file: str = ""
    context: tuple = ()


@dataclass(frozen=True)
class ValueItem:
    """One ``[[value]]`` entry: a value-creation item and its cycle."""

    column: str
    cycle: str
    item: str = ""
    scale: str = ""
    wave: str = ""


@dataclass(frozen=True)
class Codebook:
    """A parsed, checked codebook (see docs/codebook.md).

    Attributes
    ----------
    path : str
        The codebook file.
    survey, respondent, roster : SurveySpec, RespondentSpec, RosterSpec
    population : str
        ``[population] from``: without a staff list, "respondents+named" (everyone who
        responded or was named is a member) or "respondents" (the others are external).
    unknown_names : str
        "external" or "drop".
    nobody : tuple of str
        Answers that mean "nobody" (compare with :meth:`is_nobody`).
    topics : tuple of Topic
    nominations : tuple of NominationSpec
    scales : mapping
        Scale name -> mapping of answer label -> number.
    value : tuple of ValueItem
    names : NamesSpec
        ``[names]``: extra first-name forms and the respondent context.
    """

    path: str
    survey: SurveySpec
    respondent: RespondentSpec
    roster: RosterSpec = RosterSpec()
    population: str = "respondents+named"
    unknown_names: str = "external"
    nobody: tuple = DEFAULT_NOBODY
    topics: tuple = ()
    nominations: tuple = ()
    scales: Mapping = field(default_factory=lambda: MappingProxyType({}))
    value: tuple = ()
    names: NamesSpec = NamesSpec()

    @property
    def file(self) -> str:
        """The codebook's file name, as used in messages."""
        return Path(self.path).name

    @property
    def wave(self) -> str:
        """The survey round."""
        return self.survey.wave

    def topic_labels(self) -> dict:
        """Topic key -> {"nl": ..., "en": ...}."""
        return {t.key: {"nl": t.nl or t.key, "en": t.en or t.key} for t in self.topics}

    def waves(self) -> tuple:
        """Return the survey rounds this export holds, in codebook order.

        The ``wave`` of each nomination block and value item (``[survey] wave`` where it gives
        none).
        """
        own = [x.wave or self.survey.wave for x in (*self.nominations, *self.value)]
        return tuple(dict.fromkeys([self.survey.wave] if not own else own))

    def undirected_topics(self) -> dict:
        """Return topic key -> "either" or "both" for the blocks with ``directed = false``.

        See docs/codebook.md: a tie named by either side, or only one named by both, is one
        undirected tie.
        """
        declared = [t.key for t in self.topics]
        return {
            k: n.symmetrize
            for n in self.nominations
            if not n.directed
            for k in n.topic_keys(declared)
        }

    def missing_set(self) -> frozenset:
        """Return the missing-value codes, trimmed (compared exactly: ``NA`` is not ``na``)."""
        return frozenset(s.strip() for s in self.survey.missing if s.strip())

    def nobody_set(self) -> frozenset:
        """Return the "nobody" answers, case-folded."""
        return frozenset(s.strip().casefold() for s in self.nobody)
