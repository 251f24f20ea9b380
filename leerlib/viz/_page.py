"""Self-contained HTML for a map: inlined vis-network, safe JSON, no outside request."""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import itertools
import json
import math
import re
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

__all__ = [
    "plain",
    "script_json",
    "map_page",
    "map_fragment",
    "map_mount",
    "iframe",
    "FRAME_NAME",
    "TEXT",
    "PAGE_ASSETS",
    "page_asset",
    "notebook_assets",
    "notebook_html",
]

#: The interface text of a map, per language. Direction follows the data contract:
#: an arrow source -> target means the source turns to the target.
TEXT = {
    "en": {
        "search": "Find a person",
        "filter_all": "(all)",
        "filter_by": "Filter",
        "filter_attr_all": "Filter by \u2026",
        "filter_value_all": "(all values)",
        "filter_attr_label": "Filter: by which property",
        "filter_value_label": "Filter: which value",
        "measure_betweenness": "Broker score (shortest paths between others through this person)",
        "filter_names": {
            "team": "Team",
            "school": "School",
            "role": "Role",
            "department": "Department",
            "location": "Location",
            "internal": "Own organisation",
            "responded": "Answered the survey",
        },
        "filter_values": {"True": "yes", "False": "no"},
        "legend_pick": "Click to show only this group; click again for everyone",
        "map_label": "Network map {title}; the legend beside it says what the colours mean",
        "direction": "Arrow A \u2192 B: A turns to B (A goes to B for advice or learning).",
        "team": "Team",
        "role": "Role",
        "school": "School",
        "topics": "Sought on",
        "in_degree": "Asked by",
        "out_degree": "Goes to",
        "responded": "Answered the survey",
        "no": "no",
        "group": "Cluster",
        "members": "Members",
        "ties_within": "Ties within",
        "ties_out": "Ties to other groups",
        "ties_in": "Ties from other groups",
        "people": "People sought",
        "nominations": "Nominations",
        "other": "other",
        "outside": "outside the group",
        "unknown": "unknown",
        "lang": "en",
        "cluster_note": "Clusters: people who turn to each other more than to others (Louvain "
        'method, direction ignored). "mostly X": at least {pct}% of its members are in X. '
        '"other": groups of fewer than {n} people and people without ties.',
        "wheel_hint": "Ctrl + scroll zooms the map (\u2318 + scroll on a Mac), or click the map first",
        "no_library": "This map needs the map library that the notebook's first map carries: "
        "run the notebook from the top (Kernel > Restart Kernel and Run All Cells).",
    },
    "nl": {
        "search": "Zoek een persoon",
        "filter_all": "(alle)",
        "filter_by": "Filter",
        "filter_attr_all": "Filteren op \u2026",
        "filter_value_all": "(alle waarden)",
        "filter_attr_label": "Filter: op welk kenmerk",
        "filter_value_label": "Filter: welke waarde",
        "measure_betweenness": "Brugfunctie (kortste wegen tussen anderen via deze persoon)",
        "filter_names": {
            "team": "Team",
            "school": "School",
            "role": "Functie",
            "department": "Afdeling",
            "location": "Locatie",
            "internal": "Eigen organisatie",
            "responded": "Vragenlijst ingevuld",
        },
        "filter_values": {"True": "ja", "False": "nee"},
        "legend_pick": "Klik om alleen deze groep te tonen; nog eens klikken voor iedereen",
        "map_label": "Netwerkkaart {title}; de legenda ernaast zegt wat de kleuren betekenen",
        "direction": "Pijl A \u2192 B: A gaat naar B (voor advies of om te leren).",
        "team": "Team",
        "role": "Functie",
        "school": "School",
        "topics": "Gevraagd over",
        "in_degree": "Gevraagd door",
        "out_degree": "Gaat naar",
        "responded": "Vragenlijst ingevuld",
        "no": "nee",
        "group": "Cluster",
        "members": "Leden",
        "ties_within": "Relaties binnen",
        "ties_out": "Relaties naar andere groepen",
        "ties_in": "Relaties uit andere groepen",
        "people": "Gezochte personen",
        "nominations": "Nominaties",
        "other": "overig",
        "outside": "buiten de groep",
        "unknown": "onbekend",
        "lang": "nl",
        "cluster_note": "Clusters: mensen die vaker bij elkaar te rade gaan dan bij anderen "
        '(Louvain-methode, richting telt niet mee). "vooral X": minstens {pct}% van de leden '
        'hoort bij X. "overig": groepjes van minder dan {n} mensen en mensen zonder relaties.',
        "wheel_hint": "Ctrl + scrollen zoomt de kaart (\u2318 + scrollen op een Mac), of klik eerst "
        "op de kaart",
        "no_library": "Deze kaart heeft de kaartbibliotheek nodig die de eerste kaart van het "
        "notebook meebrengt: voer het notebook van boven af uit (Kernel > Restart "
        "Kernel and Run All Cells).",
    },
}

_VIS_PATH = ("lib", "vis-9.1.2", "vis-network.min.js")
_fragment_counter = itertools.count(1)


@lru_cache(maxsize=1)
def _vis_file() -> str:
    """vis-network 9.1.2 (Apache-2.0 or MIT, licence header kept), from the pyvis package's own files."""
    res = resources.files("pyvis")
    for part in _VIS_PATH:
        res = res / part
    return res.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _vis_js() -> str:
    """vis-network made safe to inline (see :func:`_safe_script`)."""
    return _safe_script(_vis_file())


@lru_cache(maxsize=4)
def _own_asset(name: str) -> str:
    return (resources.files("leerlib.viz") / "static" / name).read_text(encoding="utf-8")


def _safe_script(js: str) -> str:
    """Make a script safe to inline: no ``</script`` and no ``<!--`` can end or confuse the element."""
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return js.replace("<!--", "<\\!--")


def plain(value):
    """Turn numpy, pandas and other values into plain JSON-ready Python values.

    Parameters
    ----------
    value : object
        A scalar, mapping or sequence, possibly holding numpy or pandas types.

    Returns
    -------
    object
        The same structure with only dict, list, str, int, float, bool and None; NaN and
        missing values become None, sets become sorted lists, anything else becomes ``str``.

    Examples
    --------
    >>> plain({"a": np.int64(3), "b": np.float32(0.5), "c": pd.NA, "d": {2, 1}, "e": float("nan")})
    {'a': 3, 'b': 0.5, 'c': None, 'd': [1, 2], 'e': None}
    """
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        v = float(value)
        return None if math.isnan(v) or math.isinf(v) else v
    if isinstance(value, dict):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, list | tuple | np.ndarray | pd.Series | pd.Index):
        return [plain(v) for v in value]
    if isinstance(value, pd.Timestamp | _dt.date | _dt.datetime | np.datetime64):
        return None if pd.isna(value) else pd.Timestamp(value).isoformat()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def script_json(data) -> str:
    r"""JSON text that is safe inside a ``<script>`` element and an HTML attribute.

    ``<``, ``>`` and ``&`` are written as ``\u`` escapes (JSON.parse reads them back), and
    the text is pure ASCII, so no name can close the element or start markup.

    Examples
    --------
    >>> script_json({"name": "</script><b>"})
    '{"name":"\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    text = json.dumps(plain(data), ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:"
)


def _body(
    data: dict,
    root_id: str,
    height: int,
    title: str,
    *,
    run: bool | str = True,
    slot: str | None = None,
    wheel: bool = False,
    described_by: str | None = None,
) -> str:
    """Return the map's markup and data.

    ``run``: True a script that draws it at once, False inert markup for ``leerlib-mount.js``,
    "wait" a script that draws it once the library is there (see :func:`notebook_html`).
    ``wheel``: the mouse wheel scrolls the page past the map.
    """
    text = data["text"]
    e = html.escape
    mount = " data-mount" if run is False else ""
    if slot is not None:
        mount += f' data-slot="{_check_id(slot, "slot")}"'
    if wheel:
        mount += ' data-wheel="guard"'
    if described_by is not None:
        mount += f' data-describedby="{_check_id(described_by, "described_by")}"'
    if run == "wait":
        script = _wait_script(root_id, text.get("no_library", ""))
    else:
        script = _run_script(root_id) if run else ""
    return (
        f'<div class="leerlib-map" id="{root_id}"{mount}>'
        '<div class="lm-toolbar">'
        f'<span class="lm-title">{e(title)}</span>'
        f'<input type="search" class="lm-search" placeholder="{e(text["search"])}" '
        f'aria-label="{e(text["search"])}" list="{root_id}-names" autocomplete="off">'
        f'<datalist id="{root_id}-names"></datalist>'
        f'<select class="lm-filter-attr" aria-label="{e(text["filter_attr_label"])}" '
        f'title="{e(text["filter_attr_label"])}"></select>'
        f'<select class="lm-filter-value" aria-label="{e(text["filter_value_label"])}" '
        f'title="{e(text["filter_value_label"])}"></select>'
        "</div>"
        '<div class="lm-main">'
        f'<div class="lm-canvas" style="height:{int(height)}px"></div>'
        f'<div class="lm-legend" style="max-height:{int(height)}px"></div>'
        "</div>"
        '<div class="lm-card" role="status" hidden></div>'
        f'<div class="lm-note">{e(data.get("note") or "")}</div>'
        "</div>\n"
        f'<script type="application/json" id="{root_id}-data">{script_json(data)}</script>\n'
        + script
    )


def _run_script(root_id: str) -> str:
    return (
        f'<script>leerlibMap(document.getElementById("{root_id}"), '
        f'JSON.parse(document.getElementById("{root_id}-data").textContent));</script>\n'
    )


def _wait_script(root_id: str, missing: str) -> str:
    """Return a script that draws the map now if the page has the map library, else later.

    The map is drawn as soon as the library arrives (:func:`notebook_assets` runs the maps
    that wait); after 10 s without it, the map says why.
    """
    return (
        "<script>(function () {\n"
        f'  var root = document.getElementById("{root_id}");\n'
        "  function draw() {\n"
        '    if (!root || root.hasAttribute("data-started")) { return; }\n'
        '    root.setAttribute("data-started", "1");\n'
        '    root.querySelector(".lm-canvas").textContent = "";\n'
        "    window.leerlibMap(root, JSON.parse("
        f'document.getElementById("{root_id}-data").textContent));\n'
        "  }\n"
        "  if (window.vis && window.leerlibMap) { draw(); return; }\n"
        "  (window.leerlibWaiting = window.leerlibWaiting || []).push(draw);\n"
        "  setTimeout(function () {\n"
        '    if (root && !root.hasAttribute("data-started")) {\n'
        f'      root.querySelector(".lm-canvas").textContent = {script_json(missing)};\n'
        "    }\n"
        "  }, 10000);\n"
        "})();</script>\n"
    )


def notebook_assets() -> str:
    """Return the style sheet and scripts maps need, for a notebook's page; sent with its first map.

    vis-network is loaded as a plain script: where the page has an AMD loader (the classic
    Notebook's require.js) it would register as a module instead of ``window.vis``, so the
    loader is hidden from it while it runs. Maps that arrived first (:func:`_wait_script`)
    are drawn at the end.
    """
    return (
        f"<style>{_own_asset('leerlib-map.css')}</style>\n"
        "<script>if (typeof window.define === 'function' && window.define.amd) "
        "{ window.leerlibAmd = window.define.amd; window.define.amd = undefined; }</script>\n"
        f"<script>{_vis_js()}</script>\n"
        "<script>if (window.leerlibAmd) { window.define.amd = window.leerlibAmd; "
        "delete window.leerlibAmd; }</script>\n"
        f"<script>{_safe_script(_own_asset('leerlib-map.js'))}</script>\n"
        "<script>(function () { var waiting = window.leerlibWaiting || []; "
        "window.leerlibWaiting = []; waiting.forEach(function (draw) { draw(); }); })();</script>\n"
    )


def notebook_html(data: dict, *, height: int, title: str, assets: bool) -> str:
    """Return a map for a notebook's own page, beside the notebook's other maps (no frame).

    ``assets``: carry the map library (:func:`notebook_assets`), as the first map of a
    notebook does; the others use it, so a notebook holds one copy of vis-network. The mouse
    wheel scrolls the notebook past the map (Ctrl/Cmd + wheel, or a click first, zooms).
    """
    root_id = _root_id(data, None)
    return (notebook_assets() if assets else "") + _body(
        data, root_id, height, title, run="wait", wheel=True
    )


def _digest(data: dict) -> str:
    return hashlib.sha1(script_json(data).encode("ascii")).hexdigest()[:10]


def _scripts() -> str:
    return (
        f"<style>{_own_asset('leerlib-map.css')}</style>\n"
        f"<script>{_vis_js()}</script>\n"
        f"<script>{_safe_script(_own_asset('leerlib-map.js'))}</script>\n"
    )


def map_page(data: dict, *, height: int, title: str, wheel: bool = False) -> str:
    """One self-contained HTML page (deterministic: the same data gives the same bytes).

    ``wheel``: the mouse wheel scrolls past the map (for a page inside a notebook's output).
    """
    root_id = "lm-" + _digest(data)
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>html,body{margin:0;padding:0;background:#fff}</style>\n"
        f"{_scripts()}</head>\n<body>\n{_body(data, root_id, height, title, wheel=wheel)}"
        "</body>\n</html>\n"
    )


def map_fragment(data: dict, *, height: int, title: str, root_id: str | None = None) -> str:
    """Inline HTML (no ``<html>``), with its own scripts and an id unique in this process."""
    root_id = _root_id(data, root_id)
    return _scripts() + _body(data, root_id, height, title)


def _root_id(data: dict, root_id: str | None) -> str:
    if root_id is None:
        return f"lm-{_digest(data)}-{next(_fragment_counter)}"
    return _check_id(root_id, "map id")


def _check_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", value):
        from leerlib.errors import LeerlibError

        raise LeerlibError(f"{what} {value!r}: use letters, digits, '-' and '_' only")
    return value


def map_mount(
    data: dict,
    *,
    height: int,
    title: str,
    root_id: str | None = None,
    slot: str | None = None,
    described_by: str | None = None,
) -> str:
    """Inert HTML for a page that loads the map scripts once (see :data:`PAGE_ASSETS`).

    The markup carries no script that runs: the map's data sits in a
    ``<script type="application/json">`` element and the page's ``leerlib-mount.js`` draws
    every such map when it appears. Ids are unique in this process, as in :func:`map_fragment`.
    ``slot`` names the place in a dashboard the map belongs to (``data-slot``; see
    ``leerlib-mount.js``). ``described_by`` is the id of an element of the page that says in
    words what the map shows (its lists or tables): the drawing names it in
    ``aria-describedby`` for screen readers, beside the map's own legend.
    """
    root_id = _root_id(data, root_id)
    return _body(data, root_id, height, title, run=False, slot=slot, described_by=described_by)


#: What a page needs, once, to draw maps from :func:`map_mount`: a style sheet and three
#: scripts, loaded in this order (``<script defer>`` keeps the order).
PAGE_ASSETS = ("leerlib-map.css", "vis-network.min.js", "leerlib-map.js", "leerlib-mount.js")


def page_asset(name: str) -> str:
    """Return the text of one of :data:`PAGE_ASSETS` (vis-network from the pyvis package, unchanged).

    Examples
    --------
    >>> page_asset("leerlib-mount.js").startswith("/* leerlib map mounting")
    True
    """
    if name not in PAGE_ASSETS:
        from leerlib.errors import LeerlibError

        raise LeerlibError(f"no map asset {name!r}; the assets are {', '.join(PAGE_ASSETS)}")
    if name == "vis-network.min.js":
        return _vis_file()
    return _own_asset(name)


#: The accessible name of a map's frame when the map has no title (WCAG 4.1.2: a frame
#: needs a name that screen readers announce).
FRAME_NAME = {"en": "Network map", "nl": "Netwerkkaart"}


def iframe(page: str, *, height: int, title: str = "") -> str:
    """Return the page in a sandboxed ``<iframe srcdoc>``: isolated scripts, ids and styles.

    ``title`` is the frame's accessible name (the map's title, or :data:`FRAME_NAME`).
    """
    name = f' title="{html.escape(title, quote=True)}"' if title else ""
    return (
        f'<iframe class="leerlib-map-frame"{name} srcdoc="{html.escape(page, quote=True)}" '
        f'sandbox="allow-scripts" style="width:100%;height:{int(height) + 50}px;border:0" '
        'loading="eager"></iframe>'
    )
