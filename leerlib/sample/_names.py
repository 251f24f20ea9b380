"""Dutch name pools and the ways people mistype a colleague's name (for the sample generators)."""

from __future__ import annotations

import unicodedata

import numpy as np

__all__ = [
    "FIRST_NAMES",
    "SURNAMES",
    "surname_pool",
    "NICKNAMES",
    "EXTERNALS",
    "NOBODY_ANSWERS",
    "WART_KINDS",
    "full_name",
    "email_local",
    "strip_diacritics",
    "typo",
    "typed_name",
    "cp1252_safe",
]

# Every name here encodes in Windows-1252, the code page Dutch Excel writes CSV files in.
FIRST_NAMES = tuple(
    (
        "Anouk Bram Daan Eline Femke Floor Hanna Iris Jeroen Joost Julia Lotte Maarten Marieke "
        "Mark Noor Pieter Roos Ruben Sanne Sven Thijs Tim Wouter Yvonne Esther Sophie Lieke Inge "
        "Karin Linda Monique Petra Sandra Ilse Kim Nienke Merel Bart Niels Rick Luuk Fleur Emma "
        "Sara Fatima Mohammed Yusuf Aylin Samira Joëlle Zoë Noëlle Chloë René Daniëlle Mariëlle "
        "André Stéphanie Inès Anaïs Loïs Gerda Hilde Annemiek Marloes Willemijn Jasper Koen Stijn "
        "Gijs Lars Jorien Evelien Mirjam Ellen Wendy Dewi Meryem Rachid Nadia Bas Michiel Frank "
        "Erik Hans Karel Rianne"
    ).split()
)

# (tussenvoegsel, achternaam); an empty tussenvoegsel for names without one.
SURNAMES = tuple(
    tuple(item.split("|"))
    for item in (
        "van den|Berg, de|Vries, van|Dijk, de|Jong, van der|Meer, van|Leeuwen, de|Boer, van "
        "den|Heuvel, de|Groot, van der|Linden, ter|Horst, van 't|Hof, de|Wit, van|Beek, "
        "de|Graaf, van der|Veen, te|Velde, in 't|Veld, van|Vliet, den|Hartog, de|Haan, "
        "van|Wijk, van den|Broek, de|Bruijn, |Jansen, |Bakker, |Visser, |Smit, |Meijer, "
        "|Mulder, |Bos, |Vos, |Peters, |Hendriks, |Dekker, |Brouwer, |Dijkstra, |Smits, |Kok, "
        "|Jacobs, |Vermeulen, |Schouten, |Willems, |Hoekstra, |Koster, |Prins, |Huisman, "
        "|Kuipers, |Postma, |Verhoeven, |Maas, |Kramer, |Scholten, |Timmermans, |Wouters, "
        "|Vermeer, |Bosman, |Gerritsen, |Martens, |Evers, |Veenstra, |Hermans, |Boersma, "
        "|Wijnands, |Reijnders, |Kuijpers, |Çelik, |Öztürk, |El Amrani, |Bouzid, |Nguyen, "
        "|Müller, |Sánchez, |Lefèvre, |Yilmaz, |Kaya"
    ).split(", ")
)

# Parts of further Dutch-looking surnames, for synthetic organisations of many thousands.
SURNAME_ROOTS = tuple(
    (
        "Berg Dijk Veen Hof Bos Brink Horst Kamp Wal Molen Kerk Water Zand Hoog Groen Wit Zwart "
        "Linde Eik Beuk Roos Klein Groot Schaap Haas Vink Mees Spar Bakel Dorp Heide Rijn Maas "
        "Oost West Noord Zuid Akker Weide Brug"
    ).split()
)
SURNAME_SUFFIXES = (
    "",
    "man",
    "mans",
    "stra",
    "ma",
    "sen",
    "ink",
    "hof",
    "veld",
    "huis",
    "kamp",
    "meijer",
    "beek",
    "laar",
    "berg",
    "dijk",
    "s",
    "er",
    "ing",
    "werf",
    "hout",
    "broek",
    "ven",
    "wijk",
)
SURNAME_INFIXES = ("", "", "", "", "van", "de", "van der", "van den", "ter", "van de")


def surname_pool() -> tuple[tuple[str, str], ...]:
    """Return the sample's surnames plus composed ones (root + suffix, some with a tussenvoegsel).

    Examples
    --------
    >>> pool = surname_pool()
    >>> len(pool) > 6000, ("van der", "Bergman") in pool
    (True, True)
    """
    composed = [
        (infix, root + suffix)
        for root in SURNAME_ROOTS
        for suffix in SURNAME_SUFFIXES
        for infix in dict.fromkeys(SURNAME_INFIXES)
    ]
    return tuple(dict.fromkeys(SURNAMES + tuple(composed)))


# Formal first name on the HR roster -> the name colleagues use.
NICKNAMES = {
    "Cornelis": "Kees",
    "Johannes": "Hans",
    "Elisabeth": "Lies",
    "Jacobus": "Koos",
    "Hendrik": "Henk",
    "Alexander": "Sander",
    "Johanna": "Joke",
    "Margaretha": "Greet",
}

# Answers that name someone outside the organisation.
EXTERNALS = (
    "iemand van de pabo",
    "collega van andere school",
    "de schoolbegeleider",
    "mijn oud-collega",
    "internet",
    "mijn partner (ook juf)",
    "de logopedist",
)

NOBODY_ANSWERS = ("niemand", "Niemand", "geen", "n.v.t.")

#: How a typed name differs from the roster name (labels of the truth table).
WART_KINDS = (
    "exact",
    "lowercase",
    "spacing",
    "typo",
    "no_infix",
    "no_diacritics",
    "surname_first",
    "initial",
    "first_only",
    "nickname",
)


def full_name(first: str, infix: str, last: str) -> str:
    """Join a Dutch name the way a roster shows it.

    Examples
    --------
    >>> full_name("Anouk", "van den", "Berg")
    'Anouk van den Berg'
    >>> full_name("Tim", "", "Bos")
    'Tim Bos'
    """
    return " ".join(p for p in (first, infix, last) if p)


def strip_diacritics(text: str) -> str:
    """Drop accents the way people do when they type fast.

    Examples
    --------
    >>> strip_diacritics("Joëlle Çelik")
    'Joelle Celik'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def email_local(first: str, infix: str, last: str) -> str:
    """Return the part of an e-mail address before the @: ascii, lower case, no spaces.

    Examples
    --------
    >>> email_local("Joëlle", "van 't", "Hof")
    'joelle.vanthof'
    """
    surname = strip_diacritics(infix + last).lower()
    keep = "".join(c for c in surname if c.isalnum())
    return f"{strip_diacritics(first).lower()}.{keep}"


def cp1252_safe(text: str) -> bool:
    """Return True if ``text`` can be written in Windows-1252.

    Examples
    --------
    >>> cp1252_safe("Zoë"), cp1252_safe("Yılmaz")
    (True, False)
    """
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def typo(word: str, rng: np.random.Generator) -> str:
    """One realistic Dutch typing error in ``word`` (ij/y, a swapped, lost or doubled letter).

    Examples
    --------
    >>> typo("Dijkstra", np.random.default_rng(0))
    'Dykstra'
    """
    if "ij" in word:
        return word.replace("ij", "y", 1)
    if len(word) < 4:
        return word + word[-1]
    i = int(rng.integers(1, len(word) - 1))
    kind = int(rng.integers(0, 3))
    if kind == 0 and word[i] != word[i + 1]:  # swap two (different) neighbours
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind in (0, 1):  # lose a letter
        return word[:i] + word[i + 1 :]
    return word[: i + 1] + word[i] + word[i + 1 :]  # double a letter


def typed_name(
    first: str, infix: str, last: str, kind: str, rng: np.random.Generator, nickname: str = ""
) -> str:
    """Return the text a respondent types for a colleague, with one kind of wart.

    Parameters
    ----------
    first, infix, last : str
        The roster name in parts (``infix`` is the tussenvoegsel, may be empty).
    kind : str
        One of :data:`WART_KINDS`.
    rng : numpy.random.Generator
        Source of randomness for typos.
    nickname : str, optional
        The name colleagues use instead of ``first`` (for ``kind="nickname"``).

    Returns
    -------
    str

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> typed_name("Anouk", "van den", "Berg", "surname_first", rng)
    'Berg, Anouk van den'
    >>> typed_name("Anouk", "van den", "Berg", "initial", rng)
    'A. van den Berg'
    >>> typed_name("Cornelis", "de", "Groot", "nickname", rng, nickname="Kees")
    'Kees de Groot'
    """
    if kind == "exact":
        return full_name(first, infix, last)
    if kind == "lowercase":
        return full_name(first, infix, last).lower()
    if kind == "spacing":
        return " " + full_name(first, infix, last).replace(" ", "  ", 1) + " "
    if kind == "typo":
        return full_name(first, infix, typo(last, rng))
    if kind == "no_infix":
        return full_name(first, "", last)
    if kind == "no_diacritics":
        return strip_diacritics(full_name(first, infix, last))
    if kind == "surname_first":
        return f"{last}, {full_name(first, infix, '')}"
    if kind == "initial":
        return full_name(first[0] + ".", infix, last)
    if kind == "first_only":
        return first
    if kind == "nickname":
        return full_name(nickname or first, infix, last)
    raise ValueError(f"unknown wart kind {kind!r}; expected one of {WART_KINDS}")
