"""The personal page's texts (issue 17): suggestions one can act on, plain reflection, the round."""

from __future__ import annotations

import copy
import html
import re

import pytest

from leerlib.dashboards import PersonalApp, t
from leerlib.dashboards.personal_web import _reflection_html
from leerlib.sample import load_sample
from tests.conftest import KEY


@pytest.fixture(scope="module")
def survey():
    return load_sample()


@pytest.fixture(scope="module", params=[False, True], ids=["no-consent", "consent"])
def app(request, survey):
    s = copy.deepcopy(survey)
    s.consent_names = request.param
    return PersonalApp(s, key=KEY)


@pytest.fixture(scope="module")
def latest(survey):
    ties = survey.ties[survey.ties["wave"].astype(str) == "2026"]  # the sample's rounds: 2025, 2026
    return ties


def _items(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", page)]


def _suggestions(app, person, topic="ict"):
    app.learn_boxes[topic].value = True
    try:
        return _items(app.suggestions_html(person))
    finally:
        app.learn_boxes[topic].value = False


def test_suggestions_say_whom_to_ask(app, survey, latest):
    """Every suggestion names a contact to ask, and that contact links the person and the
    suggested colleague in the raw ties of the latest round.

    Before, a suggestion reached through someone who named the person read "... je kent die
    persoon via Een collega (team)": no one to ask. Without consent the contacts to ask are
    only people the person named (names they gave), the suggested colleague is not named; with
    consent the suggested colleague is named and is two steps away in the raw ties.
    """
    name = survey.people.set_index("person_id")["name"].astype(str)
    pid_of = {n: p for p, n in name.items()}
    pairs = set(zip(latest["source"], latest["target"], strict=True))
    linked = {(a, b) for a, b in pairs} | {(b, a) for a, b in pairs}
    people = sorted(set(latest["source"]))
    seen = 0
    for person in people:
        named = {b for a, b in pairs if a == person}
        for line in _suggestions(app, person):
            seen += 1
            assert t("colleague", "nl") not in line, line
            if app.consent:
                who = line.split(" (", 1)[0]
                vias = line.split(". ", 1)[1].split(" kent ", 1)[0].split(" of ")
                assert who in pid_of and (person, pid_of[who]) not in linked
            else:
                assert line.startswith("Iemand ") and "Vraag " in line
                vias = line.split("Vraag ", 1)[1].split(" wie dat is", 1)[0].split(" of ")
                who = None
            for v in vias:
                contact = pid_of[v]
                assert (person, contact) in linked
                if not app.consent:
                    assert contact in named  # a name the person gave
                else:
                    assert (contact, pid_of[who]) in linked
            if not app.consent:  # nobody else's name appears
                others = [n for p, n in name.items() if p not in named and len(n) > 3 and n in line]
                assert others == []
    assert seen > 50  # suggestions are made (counted on the sample: hundreds)


def test_suggestions_in_english(app, latest):
    person = sorted(set(latest["source"]))[0]
    app.set_language("en")
    try:
        lines = _suggestions(app, person)
    finally:
        app.set_language("nl")
    word = " knows " if app.consent else "Ask "
    assert lines and all(word in line and t("colleague", "en") not in line for line in lines)
    assert all(" kent " not in line for line in lines)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_page_says_which_round(survey, lang):
    """The sample has rounds 2025 and 2026; the page shows the latest."""
    app = PersonalApp(copy.deepcopy(survey), key=KEY, lang=lang)
    expected = {"nl": "Deze pagina toont ronde 2026.", "en": "This page shows round 2026."}[lang]
    assert expected in app.round_note.value
    assert app.round_note in app.body.children


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("source", ["kernel", "web"])
def test_reflection_in_plain_words_and_the_why_behind_a_disclosure(survey, lang, source):
    """Research words (the cycle names, the citation) only inside the "why?" disclosure."""
    page = (
        PersonalApp(copy.deepcopy(survey), key=KEY, lang=lang).reflect.value
        if source == "kernel"
        else _reflection_html(lang)
    )
    before, sep, behind = page.partition("<details")
    assert sep and "<summary>" in behind
    assert html.escape(t("reflect_why", lang)) in behind.split("</summary>")[0]
    jargon = [
        "Wenger",
        "2011",
        html.escape(t("cycle_reframing", lang)),
        html.escape(t("cycle_realized", lang)),
    ]
    for word in jargon:
        assert word not in before and word in behind, word
    for c in ("immediate", "potential", "applied", "realized", "reframing"):
        assert html.escape(t(f"cycle_{c}_q", lang)) in before
