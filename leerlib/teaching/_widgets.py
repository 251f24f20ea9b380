"""Widgets for the course.

An exercise with a check button, a hand-made network, a worked answer folded away, and a plan
the learner writes and downloads. They work in JupyterLab and in Voila.
"""

from __future__ import annotations

import base64
import html
import re

import networkx as nx
import pandas as pd

from leerlib.errors import LeerlibError
from leerlib.teaching._exercises import EXERCISES
from leerlib.teaching._feedback import LANGUAGES, check

__all__ = [
    "exercise",
    "worked",
    "NetworkEditor",
    "network_editor",
    "ActionPlan",
    "action_plan",
    "REFLECTION_QUESTIONS",
    "hand_measures",
]

_WORDS = {
    "check": {"nl": "Controleer", "en": "Check"},
    "answer": {"nl": "Jouw antwoord", "en": "Your answer"},
    "number_hint": {"nl": "bijv. 12, 0,25 of 25%", "en": "e.g. 12, 0.25 or 25%"},
    "person_hint": {"nl": "volledige naam of person_id", "en": "full name or person_id"},
    "worked": {"nl": "Uitwerking (klik om te openen)", "en": "Worked answer (click to open)"},
    "names": {"nl": "Namen (gescheiden door komma's)", "en": "Names (separated by commas)"},
    "make_table": {"nl": "Maak de tabel", "en": "Make the table"},
    "grid_help": {
        "nl": "Vink aan wie bij wie te rade gaat: de rij gaat te rade bij de kolom.",
        "en": "Tick who turns to whom: the row turns to the column.",
    },
    "turns_to": {"nl": "gaat te rade bij →", "en": "turns to →"},
    "tie": {"nl": "{u} gaat te rade bij {v}", "en": "{u} turns to {v}"},
    "person": {"nl": "persoon", "en": "person"},
    "in": {"nl": "in-graad (wordt gevraagd)", "en": "in-degree (is asked)"},
    "out": {"nl": "uit-graad (vraagt zelf)", "en": "out-degree (asks)"},
    "summary": {
        "nl": "{L} relaties tussen {n} mensen; dichtheid {density}; wederkerigheid {recip}.",
        "en": "{L} ties among {n} people; density {density}; reciprocity {recip}.",
    },
    "too_many": {
        "nl": "Neem 3 tot {max} namen: een kleine tabel blijft overzichtelijk.",
        "en": "Take 3 to {max} names: a small table stays readable.",
    },
    "download": {"nl": "Download mijn plan (tekstbestand)", "en": "Download my plan (text file)"},
}

#: Session 5's reflection questions and the parts of the action plan.
REFLECTION_QUESTIONS = (
    {
        "nl": "Bij wie ga ik te rade, en over welke thema's? Wie mis ik?",
        "en": "Whom do I turn to, and on which topics? Whom am I missing?",
    },
    {
        "nl": "Wie komt bij mij? Wat zegt dat over wat anderen van mij kunnen leren?",
        "en": "Who comes to me? What does that say about what others can learn from me?",
    },
    {
        "nl": "Welke waarde leverde leren van collega's me op (gesprekken, ideeën, toepassing, "
        "verschil voor leerlingen, anders denken)?",
        "en": "What value did learning from colleagues bring me (conversations, ideas, "
        "application, difference for pupils, new thinking)?",
    },
    {
        "nl": "Mijn actie: wat ga ik de komende zes weken doen, met wie, en waaraan merk ik dat "
        "het gelukt is?",
        "en": "My action: what will I do in the coming six weeks, with whom, and how will I "
        "know it worked?",
    },
)


def _w(key: str, lang: str) -> str:
    return _WORDS[key][lang]


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise LeerlibError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    return lang


def exercise(exercise_id: str, *, lang: str = "nl"):
    """Return an exercise as a widget: the question, an answer field and a button that gives feedback.

    Parameters
    ----------
    exercise_id : str
        A key of ``leerlib.teaching.EXERCISES``.
    lang : {"nl", "en"}

    Returns
    -------
    ipywidgets.VBox
        With attributes ``answer_widget`` (the field) and ``feedback_widget`` (an HTML widget
        that shows the last feedback); ``check()`` on the box checks the current answer and
        returns the :class:`~leerlib.teaching.Feedback`.
    """
    import ipywidgets as widgets

    _check_lang(lang)
    if exercise_id not in EXERCISES:
        check(exercise_id, None)  # raises the helpful error
    ex = EXERCISES[exercise_id]
    question = widgets.HTML(f"<b>{html.escape(ex.question[lang])}</b>")
    if ex.kind == "choice":
        field = widgets.RadioButtons(
            options=[(label[lang], key) for key, label in ex.choices.items()], value=None
        )
    elif ex.kind == "choices":
        boxes = [
            widgets.Checkbox(description=label[lang], value=False, indent=False)
            for label in ex.choices.values()
        ]
        field = widgets.VBox(boxes)
        field.choice_keys = list(ex.choices)
    else:
        hint = _w("person_hint" if ex.kind == "person" else "number_hint", lang)
        # The answer goes to the kernel when the field loses focus (pressing the button) or
        # on Enter, not on every key: on a busy server the kernel's echo of each keystroke
        # overwrote what the learner was still typing, and the check saw "R" for "Rianne Kok".
        field = widgets.Text(
            placeholder=hint,
            description=_w("answer", lang),
            style={"description_width": "initial"},
            continuous_update=False,
        )
    button = widgets.Button(description=_w("check", lang), button_style="primary")
    out = widgets.HTML()

    def current():
        if ex.kind == "choices":
            return [k for k, b in zip(field.choice_keys, field.children, strict=True) if b.value]
        return field.value

    box = widgets.VBox([question, field, button, out])

    def run(_=None):
        fb = check(exercise_id, current(), lang=lang)
        out.value = fb._repr_html_()
        return fb

    button.on_click(run)
    box.answer_widget, box.feedback_widget, box.check = field, out, run
    box.add_class("leerlib-exercise")
    return box


def worked(*objects, lang: str = "nl", title: str | None = None):
    """Return a worked answer folded away: an accordion that shows ``objects`` when opened.

    In the notebook the cell's code is collapsed too (cell metadata ``source_hidden``), so the
    learner sees neither the route nor the result until they choose to.
    """
    import ipywidgets as widgets
    from IPython.display import display

    _check_lang(lang)
    out = widgets.Output()
    with out:
        for obj in objects:
            display(obj)
    acc = widgets.Accordion(children=[out], selected_index=None)
    acc.set_title(0, title or _w("worked", lang))
    return acc


def hand_measures(G: nx.DiGraph, lang: str = "nl") -> tuple[pd.DataFrame, str]:
    """Return the in- and out-degree per person and a one-line summary of a small network.

    The summary gives density, L / (n(n-1)), and reciprocity, the share of ties returned.
    """
    _check_lang(lang)
    n, L = G.number_of_nodes(), G.number_of_edges()
    table = pd.DataFrame(
        {_w("in", lang): dict(G.in_degree()), _w("out", lang): dict(G.out_degree())},
        index=pd.Index(list(G), name=_w("person", lang)),
    )
    density = L / (n * (n - 1)) if n > 1 else 0.0
    returned = sum(G.has_edge(v, u) for u, v in G.edges)
    recip = returned / L if L else 0.0

    def fmt(x: float) -> str:
        text = f"{x:.2f}"
        return text.replace(".", ",") if lang == "nl" else text

    return table, _w("summary", lang).format(L=L, n=n, density=fmt(density), recip=fmt(recip))


class NetworkEditor:
    """A small table in which a learner ticks who turns to whom among a few colleagues.

    Build it with :func:`network_editor`; display it in a notebook cell. ``graph`` is the
    network ticked so far (a networkx DiGraph, u -> v: u turns to v). No code is needed: the
    learner types names, presses a button and ticks boxes; degrees, density and reciprocity
    update as they tick.
    """

    MAX_PEOPLE = 8

    def __init__(self, names=(), ties=(), *, lang: str = "nl"):
        import ipywidgets as widgets

        self.lang = _check_lang(lang)
        self._w = widgets
        self.names_field = widgets.Text(
            value=", ".join(names),
            description=_w("names", lang),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="95%"),
        )
        self.button = widgets.Button(description=_w("make_table", lang))
        self.grid = widgets.VBox()
        self.result = widgets.HTML()
        self.boxes: dict[tuple[str, str], object] = {}
        self.button.on_click(lambda _: self.set_names(self._parse(self.names_field.value)))
        self.widget = widgets.VBox(
            [
                self.names_field,
                self.button,
                widgets.HTML(f"<i>{_w('grid_help', lang)}</i>"),
                self.grid,
                self.result,
            ]
        )
        self.widget.add_class("leerlib-network-editor")
        if names:
            self.set_names(list(names), ties)

    @staticmethod
    def _parse(text: str) -> list[str]:
        seen: list[str] = []
        for part in re.split(r"[,;\n]", text):
            name = part.strip()
            if name and name not in seen:
                seen.append(name)
        return seen

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(u for u, _ in self.boxes))

    def set_names(self, names, ties=()) -> None:
        """Make the table for ``names`` (3 to 8) and tick ``ties`` ((source, target) pairs)."""
        w = self._w
        if not 3 <= len(names) <= self.MAX_PEOPLE:
            self.grid.children = [w.HTML(_w("too_many", self.lang).format(max=self.MAX_PEOPLE))]
            self.boxes = {}
            self._update()
            return
        ties = set(ties)
        cell = w.Layout(width="90px")
        header = [w.HTML(f"<i>{_w('turns_to', self.lang)}</i>", layout=w.Layout(width="140px"))]
        header += [w.HTML(f"<b>{html.escape(n)}</b>", layout=cell) for n in names]
        rows = [w.HBox(header)]
        self.boxes = {}
        for u in names:
            row = [w.HTML(f"<b>{html.escape(u)}</b>", layout=w.Layout(width="140px"))]
            for v in names:
                if u == v:
                    row.append(w.HTML("–", layout=cell))
                    continue
                # no visible label in the grid; the tooltip names the box for screen readers
                # (ipywidgets puts it on the checkbox as its title) and on hover
                box = w.Checkbox(
                    value=(u, v) in ties,
                    indent=False,
                    layout=cell,
                    tooltip=_w("tie", self.lang).format(u=u, v=v),
                )
                box.observe(lambda _change: self._update(), names="value")
                self.boxes[(u, v)] = box
                row.append(box)
            rows.append(w.HBox(row))
        self.grid.children = rows
        self._update()

    @property
    def graph(self) -> nx.DiGraph:
        G = nx.DiGraph()
        G.add_nodes_from(self.names)
        G.add_edges_from(pair for pair, box in self.boxes.items() if box.value)
        return G

    def _update(self) -> None:
        if not self.boxes:
            self.result.value = ""
            return
        table, summary = hand_measures(self.graph, self.lang)
        self.result.value = table.to_html() + f"<p>{html.escape(summary)}</p>"

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def network_editor(names=(), ties=(), *, lang: str = "nl") -> NetworkEditor:
    """Return a tick-box table for a tiny network of the learner's own colleagues (session 1).

    Parameters
    ----------
    names : sequence of str
        Names to start with (3 to 8); the learner can type others and press the button.
    ties : iterable of (str, str)
        Ties to tick at the start (source turns to target).
    lang : {"nl", "en"}

    Examples
    --------
    >>> ed = network_editor(["Anna", "Bram", "Cem"], [("Anna", "Bram"), ("Bram", "Anna")])
    >>> sorted(ed.graph.edges)
    [('Anna', 'Bram'), ('Bram', 'Anna')]
    """
    return NetworkEditor(names, ties, lang=lang)


class ActionPlan:
    """Session 5's reflection and action plan: one text field per question and a download link.

    Nothing is stored on the server (a room shares one server): the learner downloads the plan
    as a text file, or, in JupyterLab, writes it in the markdown cell below instead.
    """

    def __init__(self, *, lang: str = "nl", questions=REFLECTION_QUESTIONS):
        import ipywidgets as widgets

        self.lang = _check_lang(lang)
        self.questions = [q[lang] for q in questions]
        self.fields = [
            widgets.Textarea(placeholder="...", layout=widgets.Layout(width="95%", height="70px"))
            for _ in self.questions
        ]
        self.link = widgets.HTML()
        parts = []
        for q, f in zip(self.questions, self.fields, strict=True):
            parts += [widgets.HTML(f"<b>{html.escape(q)}</b>"), f]
            f.observe(lambda _change: self._update(), names="value")
        self.widget = widgets.VBox(parts + [self.link])
        self.widget.add_class("leerlib-action-plan")
        self._update()

    @property
    def text(self) -> str:
        """The plan as plain text: each question followed by the learner's answer."""
        return (
            "\n\n".join(
                f"{q}\n{f.value.strip()}" for q, f in zip(self.questions, self.fields, strict=True)
            )
            + "\n"
        )

    def _update(self) -> None:
        data = base64.b64encode(self.text.encode("utf-8")).decode("ascii")
        name = "mijn_actieplan.txt" if self.lang == "nl" else "my_action_plan.txt"
        self.link.value = (
            f'<a download="{name}" href="data:text/plain;charset=utf-8;base64,{data}">'
            f"{_w('download', self.lang)}</a>"
        )

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def action_plan(*, lang: str = "nl") -> ActionPlan:
    """Return the reflection questions and action plan of session 5 as text fields with a download.

    Examples
    --------
    >>> plan = action_plan(lang="en")
    >>> plan.fields[3].value = "Visit the ICT network once"
    >>> plan.text.splitlines()[-1]
    'Visit the ICT network once'
    """
    return ActionPlan(lang=lang)
