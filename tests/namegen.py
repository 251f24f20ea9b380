"""A generator of typed Dutch name answers with their truth, independent of leerlib's matcher.

This module does not import ``leerlib``: its staff list, its first-name forms and its truth
rules are its own, so a matcher measured on its output is measured against what the text
carries, not against itself.

The staff list (:func:`staff_list`, 300 people, seeded)
--------------------------------------------------------
Six schools of 50 people, with columns person_id, name, email, school, team, role, group.
On purpose it holds: the same full name at two schools; first names that are also surnames
(Roos Bakker and Fleur Roos, Thomas, Lucas, Martin); near-identical surnames (Jansen/Janssen,
Smit/Smits, Peters/Pieters, Hendriks/Hendrikx, de Vries/de Vries-...); formal names whose
short form is another colleague's written name (Johannes and Hans with one surname);
hyphenated first names (one of them, Anne-Roos, beside a colleague Anne Roos); married double
names (``Visser-de Boer``); tussenvoegsels; diacritics including the dotless i (Yılmaz).

The truth rules (:func:`truth`)
-------------------------------
Every answer is made from one staff person (or from nobody, for outside people) by a *kind*
of rendering; what the text then carries is written down as one or more *readings*. A reading
lists what the text says about the person: a first name form, a first-name initial, surname
parts (with their tussenvoegsel when typed), a surname initial, an e-mail address, and
qualifiers (school, team, role, group). Titles, list markers, emoji, punctuation, a topic in
brackets, letter case, diacritics and mojibake carry nothing (they are read through).

1. A colleague *fits* a reading when every item it carries agrees with the staff list:
   - a typed first name agrees with the colleague's first name (folded: case, diacritics and
     hyphens removed, Dutch ``ij`` = ``y``), with its other spellings in ``FORMS`` (Cees for
     Kees, Fatma for Fatima), and, when it is a short form in ``FORMS``, with the formal name
     (Kees agrees with Cornelis). The formal name typed does not agree with a colleague listed
     under a short form (a staff list that says "Daan" does not say "Daniel"), and two short
     forms of one formal name do not agree with each other (Hans is not Jan). A hyphenated
     first name is one name: ``Anne`` does not agree with ``Anne-Roos``;
   - a first-name initial agrees with the first letter of the first name;
   - each typed surname part is one of the colleague's surname parts (a married double name
     ``Visser-de Boer`` has the parts ``Visser`` and ``de Boer``), with the same tussenvoegsel
     when one was typed;
   - a surname initial (``V``, ``vdB``) agrees with the first letter of any of the
     colleague's surname parts (and ``vd`` with a tussenvoegsel van de/den/der on that part);
   - an e-mail address agrees only with the colleague who has that address;
   - a qualifier agrees with the colleague's school, team, role or group (a role may be typed
     as written, or as the initials of a role of two words: ``IB`` for intern begeleider).
2. A full answer (more than one word of name, or an e-mail address) is the colleague who is the
   only one to fit one of its readings; when colleagues fit across its readings and there is
   more than one, it is ``ambiguous``; when nobody fits, ``external``.
3. A *one-word* answer (one first name, one surname part, with or without a title or
   qualifier) is a colleague only if exactly one colleague (among those fitting its
   qualifiers) has that word as a first name, a first-name form or a surname part, and no
   *other* such colleague has a first name or surname part within one edit (Levenshtein) of
   it. Otherwise it is ``ambiguous``.
4. A role with a school and no name is the colleague when exactly one colleague holds that
   role at that school, else ``ambiguous``.
5. Outside context (``van de GGD``, ``oud-collega``, ``(andere school)``, ``(met pensioen)``,
   ``ex-collega``, ``van de pabo``, ``(vorige school)``) makes an answer ``external`` whatever
   the staff list holds; so does an e-mail address that is not on the staff list.

6. With the respondent context switched on (an option of the matcher, off by default), an
   ambiguous answer that two or three colleagues fit (rules 2 and 3, those one edit away
   included) is the one colleague *other than the respondent* who works in the respondent's
   team at the respondent's school; if there is not exactly one, the one colleague at the
   respondent's school; otherwise it stays ``ambiguous`` (:func:`context_truth`). Every answer
   has a ``respondent`` ("" for most kinds) and a ``truth_context`` by this rule.

The answers (:func:`answers`, at least 600, seeded) cover the kinds in ``KINDS``. Some kinds
start with fixed answers taken from issue 14 (``FIXED``): the outside-context examples ``Noor
van de GGD``, ``mijn oud-collega Noor``, ``Noor (andere school)``, ``juf Noor (met pensioen)``;
the hyphenated-first-name trap (``Anne-Roos`` beside a colleague Anne Roos, ``Jan-Willem``
beside Jan Willems); two colleagues with one name (``Noor Visser``, ``Sanne de Vries``).
"""

from __future__ import annotations

import random
import unicodedata

import pandas as pd

__all__ = [
    "FORMS",
    "FIXED",
    "KINDS",
    "answers",
    "context_truth",
    "fitting",
    "staff_list",
    "truth",
    "make",
]

SCHOOLS = ["De Linde", "Het Kompas", "De Regenboog", "De Wilgenhof", "Het Baken", "De Vlinder"]
GROUPS = ["groep 1/2", "groep 3", "groep 4", "groep 5", "groep 6", "groep 7", "groep 8"]
TEAM_OF_GROUP = {
    "groep 1/2": "onderbouw",
    "groep 3": "onderbouw",
    "groep 4": "onderbouw",
    "groep 5": "middenbouw",
    "groep 6": "middenbouw",
    "groep 7": "bovenbouw",
    "groep 8": "bovenbouw",
}

#: First-name forms: a formal name and its short forms (the generator's own list, written for
#: this test set; the matcher ships its own table). Spellings of one form share a tuple.
FORMS = [
    (("sebastiaan",), [("bas",)]),
    (("cornelis",), [("kees", "cees")]),
    (("nicolaas",), [("klaas",)]),
    (("elisabeth",), [("lies",), ("els",), ("liesbeth",)]),
    (("matthijs",), [("thijs",)]),
    (("hendrik",), [("henk",), ("rik",)]),
    (("johannes",), [("hans",), ("jan",)]),
    (("alexander",), [("sander",)]),
    (("daniel",), [("daan",)]),
    (("mohamed", "mohammed"), [("mo",)]),
    (("fatima", "fatma"), []),
    (("jacobus",), [("jaap",), ("koos",)]),
    (("abraham",), [("bram",)]),
    (("wilhelmus",), [("wim",), ("willem",)]),
    (("margaretha",), [("margriet",), ("greet",)]),
    (("gerardus",), [("gerard",)]),
    (("catharina",), [("karin",)]),
    (("franciscus",), [("frans",)]),
]

FORMAL = [
    "Sebastiaan",
    "Cornelis",
    "Nicolaas",
    "Elisabeth",
    "Matthijs",
    "Hendrik",
    "Johannes",
    "Alexander",
    "Daniël",
    "Mohamed",
    "Fatima",
    "Jacobus",
    "Abraham",
    "Wilhelmus",
    "Margaretha",
    "Gerardus",
    "Catharina",
    "Franciscus",
]
PLAIN_FIRST = [
    "Noor",
    "Sanne",
    "Femke",
    "Lotte",
    "Emma",
    "Sophie",
    "Eva",
    "Tim",
    "Tom",
    "Ruben",
    "Jesse",
    "Milan",
    "Sem",
    "Luuk",
    "Mila",
    "Julia",
    "Iris",
    "Lieke",
    "Maaike",
    "Marieke",
    "Esther",
    "Ingrid",
    "Petra",
    "Saskia",
    "Wendy",
    "Linda",
    "Monique",
    "Joost",
    "Koen",
    "Niels",
    "Bart",
    "Erik",
    "Rob",
    "Dennis",
    "Ayşe",
    "Emre",
    "Gül",
    "Zoë",
    "Noël",
    "Loïs",
    "Chloë",
    "Çağla",
    "Yusuf",
    "Büşra",
    "Özlem",
    "Maartje",
    "Inge",
    "Ilse",
    "Hanneke",
    "Wouter",
    "Mark",
    "Marco",
    "René",
    "Hélène",
    "Kübra",
    "Sıla",
    "Thijmen",
    "Stijn",
    "Vera",
    "Nina",
    "Jolien",
    "Merel",
    "Floor",
    "Jasper",
    "Gijs",
    "Hugo",
    "Isa",
    "Lara",
    "Demi",
    "Romy",
    "Bente",
    "Fenna",
]
HYPHEN_FIRST = [
    "Anne-Fleur",
    "Anne-Marie",
    "Jan-Willem",
    "Marie-Louise",
    "Gert-Jan",
    "Lisa-Marie",
    "Jan-Peter",
    "Eva-Lotte",
]
SURNAMES = [
    "Visser",
    "Bakker",
    "Jansen",
    "Janssen",
    "Smit",
    "Smits",
    "Mulder",
    "Meijer",
    "Bos",
    "Vos",
    "Peters",
    "Pieters",
    "Hendriks",
    "Hendrikx",
    "Dekker",
    "Brouwer",
    "Kok",
    "Kuipers",
    "Vermeulen",
    "Willems",
    "Jacobs",
    "Maas",
    "Verhoeven",
    "Yılmaz",
    "Yıldız",
    "Çelik",
    "Öztürk",
    "Şahin",
    "Kaya",
    "Aydın",
    "Koster",
    "Prins",
    "Post",
    "Wolters",
    "Huisman",
    "Hoekstra",
    "Postma",
    "Sluiter",
    "Bouma",
    "Wijnands",
    "Timmermans",
    "Schouten",
    "Kramer",
    "Hermans",
    "Lammers",
    "Claassen",
    "Evers",
    "Gerritsen",
    "Blom",
    "Dijkman",
]
PARTICLE_SURNAMES = [
    ("van", "Dijk"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van der", "Meer"),
    ("ter", "Horst"),
    ("van 't", "Hof"),
    ("de", "Boer"),
    ("de", "Jong"),
    ("van", "Leeuwen"),
    ("de", "Graaf"),
    ("in 't", "Veld"),
    ("van", "Beek"),
    ("van der", "Heijden"),
    ("de", "Wit"),
    ("van den", "Bosch"),
    ("de", "Haan"),
    ("van", "Wijk"),
    ("ten", "Cate"),
]
EXTERNAL_FIRST = ["Gerdien", "Hennie", "Alida", "Roelof", "Wubbo", "Tjitske", "Berend", "Aaltje"]
ROLES = {
    "directeur": 1,
    "conciërge": 1,
    "administratief medewerker": 1,
    "vakleerkracht gym": 1,
    "onderwijsassistent": 3,
}

OUTSIDE = [
    "{n} van de GGD",
    "mijn oud-collega {n}",
    "{n} (andere school)",
    "juf {n} (met pensioen)",
    "ex-collega {n}",
    "{n} van de pabo",
    "{n} (vorige school)",
    "oud-collega {n}",
]
TOPICS = ["(rekenen)", "(over lezen)", "[gedrag]", "(taal)", "(ICT)", "(rots en water)"]
EMOJI = ["👍", "🙂", "😊", "🙏", "✨"]
TITLES_F = ["juf", "mevrouw", "mw.", "mevr."]
TITLES_M = ["meester", "meneer", "dhr.", "mr."]

#: The kinds of answers, in the order of the report.
KINDS = [
    "exact",
    "email_wrapper",
    "list_debris",
    "mojibake",
    "no_diacritics",
    "one_word_first",
    "one_word_surname",
    "title",
    "initial_after_first",
    "married_name",
    "short_form",
    "hyphen_first",
    "hyphen_trap",
    "qualifier",
    "role_at_school",
    "outside_context",
    "not_on_staff",
    "two_colleagues",
    "respondent_context",
    "combined",
]
#: Kinds whose answers are all ambiguous by design (rule 2 or 3), without the context.
AMBIGUOUS_KINDS = ("two_colleagues", "respondent_context")
#: Fixed answers each kind starts with, from issue 14: (text, readings).
FIXED = {
    "outside_context": [
        (t, [{"outside": True}])
        for t in (
            "Noor van de GGD",
            "mijn oud-collega Noor",
            "Noor (andere school)",
            "juf Noor (met pensioen)",
        )
    ],
    "hyphen_trap": [
        ("Anne-Roos", [{"word": "anneroos"}]),
        ("Anne-Roos V.", [{"first": "anneroos", "surname_initial": (False, "v")}]),
        ("juf Anne-Roos", [{"word": "anneroos"}]),
        ("Anne-Roos Visser", [{"first": "anneroos", "surname": [("", "visser")]}]),
        ("Jan-Willem", [{"word": "janwillem"}]),
        ("Jan-Willem W.", [{"first": "janwillem", "surname_initial": (False, "w")}]),
        ("Jan-Willem Huisman", [{"first": "janwillem", "surname": [("", "huisman")]}]),
    ],
    "two_colleagues": [
        ("Noor Visser", [{"first": "noor", "surname": [("", "visser")]}]),
        ("Sanne de Vries", [{"first": "sanne", "surname": [("de", "vries")]}]),
    ],
}


# --------------------------------------------------------------------------- folding


def _fold(text: str) -> str:
    text = str(text).replace("ı", "i").replace("İ", "I")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return text.replace("ij", "y")


def _first_key(first: str) -> str:
    return _fold(first).replace("-", "").replace(" ", "")


def _lev1(a: str, b: str) -> bool:
    """True when a and b are at most one edit apart (insert, delete, substitute)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] if la == lb else a[i:] == b[i + 1 :]


_FORM_OF: dict[str, set[str]] = {}
for _formal, _shorts in FORMS:
    for _f in _formal:  # the formal name typed stands for itself (and its spellings) only
        _FORM_OF.setdefault(_f, set()).update(_formal)
    for _short in _shorts:  # a short form stands for itself and for the formal name
        for _f in _short:
            _FORM_OF.setdefault(_f, set()).update(_short + _formal)


def _forms(first_key: str) -> set[str]:
    return _FORM_OF.get(first_key, set()) | {first_key}


# --------------------------------------------------------------------------- staff list


def _surname_text(parts) -> str:
    return "-".join(f"{p} {c}".strip() for p, c in parts)


def staff_list(seed: int = 14) -> pd.DataFrame:
    """The 300-person staff list (see the module docstring for what it holds on purpose)."""
    rng = random.Random(seed)
    people = []  # dicts: first, parts [(particle, core)], school, role, group

    def add(first, parts, school):
        people.append({"first": first, "parts": list(parts), "school": school})

    # planned collisions first
    add("Noor", [("", "Visser")], "De Linde")
    add("Noor", [("", "Visser")], "Het Kompas")  # same name, two schools
    add("Sanne", [("de", "Vries")], "De Regenboog")
    add("Sanne", [("de", "Vries")], "Het Baken")
    add("Roos", [("", "Bakker")], "De Linde")  # first name that is a surname
    add("Fleur", [("", "Roos")], "De Wilgenhof")
    add("Anne", [("", "Roos")], "De Vlinder")
    add("Anne-Roos", [("", "Visser")], "De Regenboog")  # hyphenated, parts shared above
    add("Jan-Willem", [("", "Huisman")], "De Linde")  # and Jan Willems shares its parts
    add("Jan", [("", "Willems")], "Het Kompas")
    add("Thomas", [("", "Smit")], "Het Kompas")
    add("Eva", [("", "Thomas")], "De Linde")
    add("Lucas", [("", "Jansen")], "De Vlinder")
    add("Merel", [("", "Lucas")], "Het Baken")
    add("Martin", [("de", "Jong")], "De Wilgenhof")
    add("Iris", [("", "Martin")], "De Regenboog")
    add("Johannes", [("", "Kok")], "De Linde")  # formal beside a short form, one surname
    add("Hans", [("", "Kok")], "Het Baken")
    add("Femke", [("", "Janssen")], "De Linde")  # near-identical surnames
    add("Femke", [("", "Jansen")], "Het Kompas")
    add("Daan", [("", "Smits")], "De Linde")
    add("Koen", [("", "Peters")], "De Vlinder")
    add("Koen", [("", "Pieters")], "De Wilgenhof")
    add("Ilse", [("", "Hendriks")], "Het Baken")
    add("Ilse", [("", "Hendrikx")], "De Linde")
    add("Noor", [("", "Visser"), ("de", "Boer")], "De Vlinder")  # married double names
    add("Petra", [("", "Mulder"), ("van", "Dijk")], "Het Kompas")
    add("Linda", [("de", "Graaf"), ("", "Kramer")], "De Regenboog")
    add("Fatima", [("", "Yılmaz")], "De Linde")
    add("Fatma", [("", "Yıldız")], "Het Baken")
    add("Ayşe", [("", "Yılmaz")], "De Vlinder")
    taken = {
        (_first_key(p["first"]), _surname_text(p["parts"]).casefold(), p["school"]) for p in people
    }
    per_school = {s: sum(p["school"] == s for p in people) for s in SCHOOLS}
    firsts = FORMAL + PLAIN_FIRST * 2 + HYPHEN_FIRST
    for school in SCHOOLS:
        while per_school[school] < 50:
            first = rng.choice(firsts)
            r = rng.random()
            if r < 0.35:
                parts = [tuple(rng.choice(PARTICLE_SURNAMES))]
            elif r < 0.45:
                a = rng.choice(SURNAMES)
                b = rng.choice(PARTICLE_SURNAMES + [("", s) for s in SURNAMES])
                parts = [("", a), tuple(b)]
                if rng.random() < 0.5:
                    parts = parts[::-1]
                if parts[0][1] == parts[1][1]:
                    continue
            else:
                parts = [("", rng.choice(SURNAMES))]
            key = (_first_key(first), _surname_text(parts).casefold(), school)
            if key in taken:
                continue
            taken.add(key)
            add(first, parts, school)
            per_school[school] += 1
    # roles and groups per school
    rows = []
    domains = {s: _fold(s).replace(" ", "") + ".nl" for s in SCHOOLS}
    count = 0
    for school in SCHOOLS:
        staff = [p for p in people if p["school"] == school]
        order = list(range(len(staff)))
        rng.shuffle(order)
        roles = []
        for role, n in ROLES.items():
            roles += [role] * n
        # one intern begeleider at three schools, two at the others
        roles += ["intern begeleider"] * (1 if SCHOOLS.index(school) % 2 else 2)
        k = 0
        for pos in order:
            p = staff[pos]
            if k < len(roles):
                p["role"], p["group"] = roles[k], ""
                p["team"] = "directie" if roles[k] == "directeur" else "ondersteuning"
            else:
                p["role"] = "leerkracht"
                p["group"] = GROUPS[(k - len(roles)) % len(GROUPS)]
                p["team"] = TEAM_OF_GROUP[p["group"]]
            k += 1
        for p in staff:
            count += 1
            sur = _surname_text(p["parts"])
            local = _strip_marks(f"{p['first']}.{sur}").casefold()
            local = local.replace(" ", "").replace("'", "")
            rows.append(
                {
                    "person_id": f"S{count:03d}",
                    "name": f"{p['first']} {sur}",
                    "email": f"{local}@{domains[school]}",
                    "school": school,
                    "team": p["team"],
                    "role": p["role"],
                    "group": p["group"],
                    "first": p["first"],
                    "parts": p["parts"],
                }
            )
    df = pd.DataFrame(rows)
    assert len(df) == 300 and df["email"].is_unique
    return df


# --------------------------------------------------------------------------- truth


def _role_agrees(typed: str, role: str) -> bool:
    t, r = _fold(typed).replace("'er", "").replace("-er", ""), _fold(role)
    acronym = "".join(w[0] for w in r.split()) if len(r.split()) == 2 else None
    return t == r or t == acronym


def _keys(person) -> tuple[str, list[tuple[str, str]]]:
    if "_first" not in person:
        person["_first"] = _first_key(person["first"])
        person["_cores"] = [(_fold(p), _fold(c)) for p, c in person["parts"]]
    return person["_first"], person["_cores"]


def _fits(person, reading: dict) -> bool:
    first, cores = _keys(person)
    if "first" in reading and first not in _forms(reading["first"]):
        return False
    if "first_initial" in reading and not first.startswith(reading["first_initial"]):
        return False
    for particle, core in reading.get("surname", []):
        if not any(c == core and (particle is None or p == particle) for p, c in cores):
            return False
    if "surname_initial" in reading:
        vd, letter = reading["surname_initial"]
        if not any(
            c.startswith(letter) and (not vd or p in ("van de", "van den", "van der"))
            for p, c in cores
        ):
            return False
    if "email" in reading and reading["email"] != person["email"].casefold():
        return False
    for col in ("school", "team", "group"):
        if col in reading and _fold(reading[col]) != _fold(person[col]):
            return False
    return not ("role" in reading and not _role_agrees(reading["role"], person["role"]))


def _words(person) -> set[str]:
    first, cores = _keys(person)
    return {first} | {c for _, c in cores}


def fitting(staff, readings: list[dict]) -> set[str]:
    """The colleagues that fit an answer's readings (rules 1-3): person_ids, plus
    ``"__ambiguous__"`` when a one-word reading did not single one out."""
    people = staff.to_dict("records") if isinstance(staff, pd.DataFrame) else staff
    fit: set[str] = set()
    quals = ("school", "team", "role", "group")
    for reading in readings:
        if "word" in reading:
            scope = [p for p in people if _fits(p, {k: reading[k] for k in quals if k in reading})]
            w = reading["word"]
            named = {k: reading[k] for k in ("surname",) if k in reading}
            has = [
                p for p in scope if _fits(p, named) and (_keys(p)[0] in _forms(w) or w in _words(p))
            ]
            near = [p for p in scope if p not in has and any(_lev1(w, x) for x in _words(p))]
            if len(has) == 1 and not near:
                fit.add(has[0]["person_id"])
            else:
                fit.update(p["person_id"] for p in has + near)
                fit.add("__ambiguous__")
        else:
            fit.update(p["person_id"] for p in people if _fits(p, reading))
    return fit


def truth(staff, readings: list[dict]) -> str:
    """The truth of one answer from its readings (rules 1-5 of the module docstring).

    ``staff`` is the staff list as a DataFrame or as a list of its records.
    """
    if any(r.get("outside") for r in readings):
        return "external"
    fit = fitting(staff, readings)
    fit_people = fit - {"__ambiguous__"}
    if "__ambiguous__" in fit or len(fit_people) > 1:
        return "ambiguous" if fit else "external"
    return fit_people.pop() if fit_people else "external"


def context_truth(staff, readings: list[dict], respondent: str) -> str:
    """Rule 6: the truth with the respondent context switched on, for ``respondent`` (a
    person_id, or "" for none)."""
    verdict = truth(staff, readings)
    if verdict != "ambiguous" or not respondent:
        return verdict
    by_id = {
        p["person_id"]: p
        for p in (staff.to_dict("records") if isinstance(staff, pd.DataFrame) else staff)
    }
    fit = fitting(staff, readings) - {"__ambiguous__"}
    if not 2 <= len(fit) <= 3:
        return verdict
    me = by_id[respondent]
    others = [by_id[f] for f in sorted(fit) if f != respondent]
    for cols in (("team", "school"), ("school",)):
        same = [p for p in others if all(p[c] == me[c] for c in cols)]
        if len(same) == 1:
            return same[0]["person_id"]
    return verdict


# --------------------------------------------------------------------------- answers


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


def _strip_marks(text: str) -> str:
    text = text.replace("ı", "i").replace("İ", "I")
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def _full_reading(person, first=None) -> dict:
    first = person["first"] if first is None else first
    return {
        "first": _first_key(first),
        "surname": [(_fold(p), _fold(c)) for p, c in person["parts"]],
    }


def _name(person) -> str:
    return person["name"]


def _title(rng) -> str:
    return rng.choice(TITLES_F + TITLES_M)


def _render(kind: str, person, rng, staff):  # noqa: C901 - one branch per kind, on purpose
    """One answer of ``kind`` made from ``person`` (``staff``: the staff list's records):
    (text, readings), (text, readings, respondent), or None if it does not apply to this
    person."""
    first, parts = person["first"], person["parts"]
    sur = _surname_text(parts)
    full = _full_reading(person)
    if kind == "exact":
        return rng.choice([_name(person), _name(person).upper(), _name(person).lower()]), [full]
    if kind == "email_wrapper":
        mail = person["email"]
        shape = rng.choice(["mailto:{m}", "<{m}>", "{n} <{m}>", "{M}", "{n} ({m})", "mailto:{M}"])
        return shape.format(m=mail, M=mail.upper(), n=_name(person)), [{"email": mail}]
    if kind == "list_debris":
        shape = rng.choice(
            [
                "1. {n}",
                "- {n}",
                "* {n}",
                "• {n}",
                "{n},",
                "{n}.",
                "{n} {e}",
                "{n} {t}",
                "2) {n}",
                "@{n}",
                "{n};",
                "- {n} {t}",
            ]
        )
        text = shape.format(n=_name(person), e=rng.choice(EMOJI), t=rng.choice(TOPICS))
        return text, [full]
    if kind == "mojibake":
        if _strip_marks(_name(person)) == _name(person):
            return None
        return _mojibake(_name(person)), [full]
    if kind == "no_diacritics":
        plain = _strip_marks(_name(person))
        if plain == _name(person):
            return None
        return plain, [full]
    if kind == "one_word_first":
        word = first.replace("-", " ") if rng.random() < 0.2 else first
        if " " in word:
            return None
        text = rng.choice(["{w}", "{w}", "{w}.", "@{w}", "{t} {w}"]).format(w=word, t=_title(rng))
        return text, [{"word": _first_key(word)}]
    if kind == "one_word_surname":
        particle, core = parts[0]
        text = f"{particle} {core}".strip()
        if rng.random() < 0.5 and particle:
            text = f"{core}, {particle}"
        text = rng.choice(["{s}", "{t} {s}", "@{s}"]).format(s=text, t=_title(rng))
        return text, [{"word": _fold(core), "surname": [(_fold(particle), _fold(core))]}]
    if kind == "title":
        t = _title(rng)
        text = rng.choice(["{t} {n}", "{T} {n}", "{t} {f} {s}"]).format(
            t=t, T=t.capitalize(), n=_name(person), f=first, s=sur
        )
        return text, [full]
    if kind == "initial_after_first":
        particle, core = parts[0]
        if particle in ("van de", "van den", "van der") and rng.random() < 0.6:
            return f"{first} vd{core[0].upper()}", [
                {"first": _first_key(first), "surname_initial": (True, _fold(core)[0])}
            ]
        text = f"{first} {core[0].upper()}{rng.choice(['', '.'])}"
        return text, [{"first": _first_key(first), "surname_initial": (False, _fold(core)[0])}]
    if kind == "married_name":
        if len(parts) != 2:
            return None
        a, b = (f"{p} {c}".strip() for p, c in parts)
        choice = rng.choice(["swap", "first", "second", "space", "swap_space"])
        text, carried = {
            "swap": (f"{first} {b}-{a}", parts),
            "first": (f"{first} {a}", parts[:1]),
            "second": (f"{first} {b}", parts[1:]),
            "space": (f"{first} {a} {b}", parts),
            "swap_space": (f"{first} {b} {a}", parts),
        }[choice]
        return text, [
            {"first": _first_key(first), "surname": [(_fold(p), _fold(c)) for p, c in carried]}
        ]
    if kind == "short_form":
        key = _first_key(first)
        forms = sorted(f for f in _FORM_OF if f != key and key in _forms(f))
        if not forms:
            return None
        form = rng.choice(forms).capitalize()
        return f"{form} {sur}", [_full_reading(person, form)]
    if kind == "hyphen_first":
        if "-" not in first:
            return None
        a, b = first.split("-")
        shape = rng.choice(["spaced", "joined", "spaced_alone", "joined_alone"])
        if shape == "spaced":
            return f"{a} {b} {sur}", [full]
        if shape == "joined":
            return f"{a}{b.lower()} {sur}", [full]
        readings = [{"word": _first_key(first)}]
        if shape == "spaced_alone":
            # "Anne Roos" also reads as first name Anne, surname Roos
            readings.append({"first": _first_key(a), "surname": [(None, _fold(b))]})
            return f"{a} {b}", readings
        return f"{a}{b.lower()}", readings
    if kind == "hyphen_trap":
        if "-" not in first:
            return None
        core = parts[0][1]
        key = _first_key(first)
        shape = rng.choice(["alone", "title", "initial", "school", "full"])
        if shape == "alone":
            return first, [{"word": key}]
        if shape == "title":
            return f"{_title(rng)} {first}", [{"word": key}]
        if shape == "initial":
            return f"{first} {core[0].upper()}.", [
                {"first": key, "surname_initial": (False, _fold(core)[0])}
            ]
        if shape == "school":
            return f"{first} ({person['school']})", [{"word": key, "school": person["school"]}]
        return _name(person), [full]
    if kind in AMBIGUOUS_KINDS:
        return _shared(kind, person, rng, staff)
    if kind == "qualifier":
        return _qualified(person, rng)
    if kind == "combined":
        return _combined(person, rng)
    if kind == "role_at_school":
        if person["role"] == "leerkracht":
            return None
        role = person["role"]
        words = role.split()
        typed = role
        if len(words) == 2 and rng.random() < 0.6:
            typed = "".join(w[0] for w in words).upper() + rng.choice(["", "'er"])
        text = f"de {typed} van {person['school']}"
        return text, [{"role": typed, "school": person["school"]}]
    if kind == "outside_context":
        n = rng.choice([first, _name(person)])
        return rng.choice(OUTSIDE).format(n=n), [{"outside": True}]
    if kind == "not_on_staff":
        text = f"{rng.choice(EXTERNAL_FIRST)} {rng.choice(SURNAMES + ['Zwart', 'Groen'])}"
        return text, [
            {"first": _first_key(text.split()[0]), "surname": [(None, _fold(text.split()[-1]))]}
        ]
    raise ValueError(kind)


def _combined(person, rng):
    """A name of one kind (full, surname first, short form, initial after the first name, one
    part of a married name) with two or three wrappers of other kinds around it."""
    first, parts = person["first"], person["parts"]
    sur = _surname_text(parts)
    particle, core = parts[0]
    bases = [
        (person["name"], _full_reading(person)),
        (
            f"{core}, {first} {particle}".strip(),
            {"first": _first_key(first), "surname": [(_fold(particle), _fold(core))]},
        ),
        (
            f"{first} {core[0]}.",
            {"first": _first_key(first), "surname_initial": (False, _fold(core)[0])},
        ),
    ]
    key = _first_key(first)
    shorts = sorted(f for f in _FORM_OF if f != key and key in _forms(f))
    if shorts:
        form = rng.choice(shorts).capitalize()
        bases.append((f"{form} {sur}", _full_reading(person, form)))
    if len(parts) == 2:
        p2, c2 = parts[1]
        bases.append(
            (
                f"{first} {p2} {c2}".replace("  ", " "),
                {"first": key, "surname": [(_fold(p2), _fold(c2))]},
            )
        )
    text, reading = rng.choice(bases)
    reading = dict(reading)
    steps = rng.sample(
        [
            "title",
            "marker",
            "tail",
            "emoji",
            "topic",
            "case",
            "plain",
            "mojibake",
            "school",
            "team",
        ],
        k=rng.choice([2, 3]),
    )
    if "mojibake" in steps and "plain" in steps:
        steps.remove("plain")  # stripping the marks of mojibake leaves another name
    for step in steps:
        if step == "title":
            text = f"{_title(rng)} {text}"
        elif step == "marker":
            text = rng.choice(["1. ", "- ", "* ", "• ", "3) "]) + text
        elif step == "tail":
            text += rng.choice([",", ";", "!", " ,"])
        elif step == "emoji":
            text += " " + rng.choice(EMOJI)
        elif step == "topic":
            text += " " + rng.choice(TOPICS)
        elif step == "case":
            text = rng.choice([text.lower(), text.upper()])
        elif step == "plain":
            text = _strip_marks(text)
        elif step == "mojibake":
            text = _mojibake(text)
        elif step == "school":
            text += rng.choice([f" ({person['school']})", f" van {person['school']}"])
            reading["school"] = person["school"]
        elif step == "team":
            text += f" ({person['team']})"
            reading["team"] = person["team"]
    return text, [reading]


def _shared(kind, person, rng, staff):
    """An answer that fits two colleagues (``two_colleagues``) or two or three
    (``respondent_context``, with a respondent: three times in five someone who works in the
    team and school of one of them, else anyone at one of their schools, else anyone)."""
    first, parts = person["first"], person["parts"]
    core = parts[0][1]
    key = _first_key(first)
    people = staff
    key_count = sum(_keys(p)[0] == key for p in people)
    if not 2 <= key_count <= 3 and not any(
        p is not person and _keys(p)[0] == key and _keys(p)[1][0][1][:1] == _fold(core)[:1]
        for p in people
    ):
        return None  # neither the first name nor first name and initial is shared
    text, readings = rng.choice(
        [
            (_name(person), [_full_reading(person)]),
            (first, [{"word": key}]),
            (
                f"{first} {core[0].upper()}.",
                [{"first": key, "surname_initial": (False, _fold(core)[0])}],
            ),
        ]
    )
    readings = readings + _joined_reading(text, people, readings)
    fit = fitting(people, readings) - {"__ambiguous__"}
    if truth(people, readings) != "ambiguous" or len(fit) not in (
        (2,) if kind == "two_colleagues" else (2, 3)
    ):
        return None
    if kind == "two_colleagues":
        return text, readings
    pick = rng.choice(sorted(fit))
    anchor = next(p for p in people if p["person_id"] == pick)
    r = rng.random()
    if r < 0.6:
        pool = [
            p for p in people if p["school"] == anchor["school"] and p["team"] == anchor["team"]
        ]
    elif r < 0.8:
        pool = [p for p in people if p["school"] == anchor["school"]]
    else:
        pool = people
    return text, readings, rng.choice(pool)["person_id"]


def _qualified(person, rng):
    first = person["first"]
    school, team, role, group = person["school"], person["team"], person["role"], person["group"]
    options = [
        (f"{first} van {school}", {"school": school}),
        (f"{first} ({school})", {"school": school}),
        (f"{person['name']} ({school})", {"school": school}),
        (f"{first} uit de {team}", {"team": team}),
        (f"{first} ({team})", {"team": team}),
    ]
    if role == "intern begeleider":
        options += [(f"{first} (IB)", {"role": "IB"}), (f"{first}, IB'er", {"role": "IB'er"})]
    elif role != "leerkracht":
        options += [(f"{first} ({role})", {"role": role})]
    if group:
        t = _title(rng)
        options += [
            (f"{t} {first} {group}", {"group": group}),
            (f"{first} ({group}, {school})", {"group": group, "school": school}),
        ]
    text, q = rng.choice(options)
    if text.startswith(person["name"]):
        return text, [{**_full_reading(person), **q}]
    if "-" in first:
        return None
    return text, [{"word": _first_key(first), **q}]


def _joined_reading(text: str, people, readings) -> list[dict]:
    """Rule 3 for two words whose join is a colleague's hyphenated first name ("Anne Roos"
    also reads as "Anne-Roos"), unless the answer already carries that reading."""
    words = [
        w
        for w in text.split()
        if any(c.isalpha() for c in w)
        and _fold(w).rstrip(".") not in {_fold(t).rstrip(".") for t in TITLES_F + TITLES_M}
    ]
    if len(words) != 2 or any(r.get("outside") or "email" in r for r in readings):
        return []
    joined = _first_key(words[0] + words[1])
    if any("word" in r and r["word"] == joined for r in readings):
        return []
    if any(_keys(p)[0] == joined for p in people):
        return [{"word": joined}]
    return []


def answers(staff: pd.DataFrame, n_per_kind: int = 45, seed: int = 14) -> pd.DataFrame:
    """Typed answers of every kind with their truth: columns typed, truth, kind, source,
    respondent, truth_context.

    ``source`` is the staff person the answer was made from ("" for outside people and fixed
    answers); the truth may differ from it (``ambiguous`` when the text fits several
    colleagues). ``respondent`` is who typed it ("" unless the kind is
    ``respondent_context``); ``truth_context`` the truth with the respondent context on
    (rule 6).
    """
    rng = random.Random(seed)
    people = staff.to_dict("records")
    rows = []
    seen = set()
    n_amb = dict.fromkeys(KINDS, 0)

    def add(text, readings, kind, source, respondent=""):
        verdict = truth(people, readings)
        seen.add((text, respondent))
        rows.append(
            {
                "typed": text,
                "truth": verdict,
                "kind": kind,
                "source": source,
                "respondent": respondent,
                "truth_context": context_truth(people, readings, respondent),
            }
        )
        return verdict

    for kind in KINDS:
        made, tries = 0, 0
        for text, readings in FIXED.get(kind, ()):
            add(text, readings, kind, "")
            made += 1
        while made < n_per_kind and tries < 4000:
            tries += 1
            person = rng.choice(people)
            out = _render(kind, person, rng, people)
            if out is None:
                continue
            text, readings, *respondent = out
            # a text once per kind of answer; with the respondent context, once per respondent
            if (text, respondent[0] if respondent else "") in seen or (text, "") in seen:
                continue
            readings = readings + _joined_reading(text, people, readings)
            source = "" if kind == "not_on_staff" else person["person_id"]
            verdict = truth(people, readings)
            if verdict == "ambiguous" and kind not in AMBIGUOUS_KINDS:
                # keep every kind mostly about people: at most 40% ambiguous answers
                if n_amb[kind] >= 0.4 * n_per_kind:
                    continue
                n_amb[kind] += 1
            add(text, readings, kind, source, respondent[0] if respondent else "")
            made += 1
    return pd.DataFrame(rows)


def make(seed: int = 14) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The staff list (person_id, name, email, school, team, role, group) and the answers."""
    staff = staff_list(seed)
    ans = answers(staff, seed=seed)
    return staff.drop(columns=["first", "parts"]), ans
