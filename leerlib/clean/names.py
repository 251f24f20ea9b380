"""Normalise typed Dutch person names into comparable keys (case, diacritics, tussenvoegsels)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "PARTICLES",
    "TITLES",
    "ParsedName",
    "fold",
    "is_blank",
    "parse_name",
    "normalize_name",
    "slug",
]

#: Dutch (and a few neighbouring) surname particles ("tussenvoegsels"), after folding.
#: "vd" stands for any of "van de", "van den", "van der" (typed as "v.d.", "vd", "v/d").
PARTICLES = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "t",
        "te",
        "ten",
        "ter",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "uijt",
        "voor",
        "onder",
        "over",
        "la",
        "le",
        "du",
        "da",
        "di",
        "del",
        "des",
        "dos",
        "das",
        "d",
        "l",
        "s",
        "vd",
        "vdr",
        "vden",
    }
)

#: Courtesy titles and school forms of address that are dropped before matching.
TITLES = frozenset(
    {
        "juf",
        "juffrouw",
        "meester",
        "meneer",
        "mevrouw",
        "mevr",
        "mw",
        "dhr",
        "mr",
        "drs",
        "dr",
        "ir",
        "ing",
        "prof",
        "mrs",
        "ms",
        "miss",
        "mx",
    }
)

# Particle spellings that expand to one canonical token before matching.
_PARTICLE_SPELLINGS = {"v": "van", "vd": "vd", "vdr": "vd", "vden": "vd", "het": "t"}
# "vd" is compatible with these particle runs.
_VD_RUNS = {("van", "de"), ("van", "den"), ("van", "der"), ("vd",)}

_SPLIT = re.compile(r"[\s\-_/.]+")
_DROP = re.compile(r"[^\w\s'\-./]")


# Letters that Unicode does not decompose into a base letter plus a diacritic.
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
    }
)


def _strip_marks(text: str) -> str:
    text = str(text)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def is_blank(value) -> bool:
    r"""Return True for None, a missing value (NaN, NA) or a text of white space only.

    Examples
    --------
    >>> is_blank(None), is_blank(float("nan")), is_blank(" \t"), is_blank("An")
    (True, True, True, False)
    """
    return (
        value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip()
    )


def fold(text: str) -> str:
    """Case-fold, strip diacritics and collapse white space.

    Examples
    --------
    >>> fold("  Zoë   Çelik Yılmaz")
    'zoe celik yilmaz'
    """
    return " ".join(_strip_marks(text).casefold().split())


def _key(token: str) -> str:
    """Return a folded name token for matching; Dutch 'ij' and 'y' count as the same letter."""
    if token.isascii():
        return token.lower().replace("ij", "y")
    return fold(token).replace("ij", "y")


@dataclass(frozen=True)
class ParsedName:
    """A name split into given names, particles (tussenvoegsels) and surname, all folded.

    Attributes
    ----------
    given : tuple of str
        Given names, or single letters when the name was typed with initials.
    infix : tuple of str
        Surname particles in their order ("van", "den"); "vd" for "v.d.".
    last : tuple of str
        Surname tokens without particles.
    initials : bool
        True when every given name is a single letter ("J. Berg", "J.P. Berg").
    """

    given: tuple[str, ...]
    infix: tuple[str, ...]
    last: tuple[str, ...]
    initials: bool = False

    @property
    def full(self) -> str:
        """Given names, particles and surname in Dutch order: 'jan van den berg'."""
        return " ".join(self.given + self.infix + self.last)

    @property
    def core(self) -> str:
        """Given names and surname without particles: 'jan berg'."""
        return " ".join(self.given + self.last)

    @property
    def first(self) -> str:
        """First given name and surname: 'jan berg' for 'Jan Pieter van den Berg'."""
        return " ".join(self.given[:1] + self.last)

    @property
    def initial_letters(self) -> str:
        """The given names' first letters: 'jp'."""
        return "".join(g[0] for g in self.given)

    def particles_compatible(self, other: ParsedName) -> bool:
        """Return True unless both names carry particles and they differ ("vd" fits van de/den/der)."""
        a, b = self.infix, other.infix
        if not a or not b or a == b:
            return True
        if a == ("vd",) and b in _VD_RUNS:
            return True
        return b == ("vd",) and a in _VD_RUNS


_PLAIN = re.compile(r"[A-Za-z ]+")


def _tokens(text: str) -> list[str]:
    """Raw tokens with case kept (to tell the particle 'v.' from the initial 'V.')."""
    if _PLAIN.fullmatch(text):
        return text.split()  # the common case: letters and spaces only
    text = _strip_marks(text)
    text = text.replace("\u2019", "'").replace("`", "'")
    text = _DROP.sub(" ", text)
    # "v.d." and "v/d" are one particle; keep them together before splitting on dots.
    text = re.sub(r"(?i)\bv\s*[./]\s*d(?:en|er)?\b\.?", " vd ", text)
    text = re.sub(r"(?i)(^|\s)'(t|s)\b", r"\1\2", text)
    out = []
    for tok in _SPLIT.split(text):
        tok = tok.strip("'")
        if tok:
            out.append(tok)
    return out


def _is_particle(raw_tok: str) -> bool:
    low = raw_tok.casefold()
    if len(low) == 1:
        # lower-case "v", "t", "s" are particles ("v Rijn", "van t Hof"); capitals are initials
        return raw_tok.islower() and low in PARTICLES | {"v"}
    return low in PARTICLES


def _canon_particle(tok: str) -> str:
    low = tok.casefold()
    return _PARTICLE_SPELLINGS.get(low, low)


def _split_plain(toks: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Split tokens of a name without a comma into given, particles, surname."""
    flags = [_is_particle(t) for t in toks]
    if flags and len(toks[-1]) == 1:
        flags[-1] = False  # a lone letter at the end is an initial or a surname, not "'s"
    lead = 0
    while lead < len(toks) and flags[lead]:
        lead += 1
    if lead and all(len(t) == 1 for t in toks[:lead]):
        flags[:lead] = [False] * lead  # "s Jan": an initial, not a particle
    if not any(flags):
        if len(toks) == 1:
            return [], [], toks
        return toks[:-1], [], toks[-1:]
    # the first particle run that follows at least one non-particle token
    i = next((k for k, f in enumerate(flags) if f and k > 0), None)
    if flags[0]:
        # starts with particles: "van den Berg" (surname only) or "van den Berg Jan"
        j = 0
        while j < len(toks) and flags[j]:
            j += 1
        rest = toks[j:]
        if not rest:
            return [], [], toks  # only particles: treat literally
        return rest[1:], toks[:j], rest[:1]
    assert i is not None
    j = i
    while j < len(toks) and flags[j]:
        j += 1
    if j == len(toks):
        # trailing particles: "Jan Berg van den" -> surname is the token before them
        if i >= 2:
            return toks[: i - 1], toks[i:], toks[i - 1 : i]
        return [], toks[i:], toks[:i]
    return toks[:i], toks[i:j], toks[j:]


def parse_name(text: str) -> ParsedName:
    """Parse a typed name into given names, particles and surname.

    Handles "Jan van den Berg", "Berg, Jan van den", "van den Berg, J.", "J. v.d. Berg",
    initials ("J.P. Berg", "JP Berg"), titles ("juf Anna"), hyphens, diacritics and odd
    spacing. Tokens are folded; "ij" is written "y" so that "Dijk" and "Dyk" agree.

    Parameters
    ----------
    text : str
        A name as typed.

    Returns
    -------
    ParsedName

    Examples
    --------
    >>> parse_name("Berg, Jan van den").full
    'jan van den berg'
    >>> p = parse_name("J. v.d. Berg")
    >>> p.given, p.infix, p.last, p.initials
    (('j',), ('vd',), ('berg',), True)
    >>> parse_name("juf Zoë").last
    ('zoe',)
    >>> parse_name("GJ van Dijk").given, parse_name("GJ van Dijk").last
    (('g', 'j'), ('dyk',))
    """
    text = str(text)
    if "," in text:
        head, _, tail = text.partition(",")
        last_toks, given_toks = _tokens(head), _tokens(tail)
        if not given_toks:
            return parse_name(head)
        if not last_toks:
            return parse_name(tail)
        infix = [t for t in last_toks if _is_particle(t)]
        last = [t for t in last_toks if not _is_particle(t)]
        # particles written after the given names: "Berg, Jan van den"
        k = len(given_toks)
        while k > 0 and _is_particle(given_toks[k - 1]):
            k -= 1
        infix = given_toks[k:] + infix
        given = given_toks[:k]
        if not last:
            last, infix = infix[-1:], infix[:-1]
    else:
        given, infix, last = _split_plain(_tokens(text))
    given = [g for g in given if g.casefold().rstrip(".") not in TITLES]
    if not given and len(last) == 1 and fold(last[0]) in TITLES:
        last = []
    # initials typed together in capitals ("JP Berg", "GJ Mulder"), unless all is shouted
    if last and not all(t.isupper() for t in given + last):
        given = [ch for g in given for ch in (g if g.isupper() and len(g) == 2 else [g])]
    given_f = tuple(_key(g) for g in given)
    infix_f = tuple(_canon_particle(p.lower() if p.isascii() else fold(p)) for p in infix)
    last_f = tuple(_key(t) for t in last)
    initials = bool(given_f) and all(len(g) == 1 for g in given_f)
    return ParsedName(given_f, infix_f, last_f, initials)


def normalize_name(text: str) -> str:
    """Return the canonical matching key of a name ('given particles surname', folded).

    Examples
    --------
    >>> normalize_name("Berg,  Jan van den")
    'jan van den berg'
    >>> normalize_name("JAN VAN DEN BERG") == normalize_name("jan van den Berg")
    True
    >>> normalize_name("Sanne Jansen-de Vries")
    'sanne jansen de vries'
    """
    return parse_name(text).full


def slug(text: str) -> str:
    """Return a short ASCII key for an unknown name: 'iemand-van-de-pabo'.

    Examples
    --------
    >>> slug("Iemand van de PABO!")
    'iemand-van-de-pabo'
    >>> slug("  ")
    'leeg'
    """
    s = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return s or "leeg"
