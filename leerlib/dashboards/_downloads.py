"""In-page downloads of the HR overview: Excel report, HTML map, GEXF/GraphML, CSV tables."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

from leerlib.dashboards import _model
from leerlib.dashboards._base import download_link

__all__ = ["make_downloads", "translated", "for_reading"]

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stem(app) -> str:
    topic = app.chosen_topic or ("alle" if app.lang == "nl" else "all")
    return f"leernetwerk_{app.wave.value}_{topic}"


def _hide_everywhere(app, tables: dict, G):
    """Hide the same groups in every table of one download (and in the graph).

    The group table hides small groups and, complementarily, the smallest others; a group
    hidden there but shown in the group x group table, or as a value in per-person rows,
    gives the hidden figures back by subtraction. So every hidden group leaves the matrix
    and becomes the one label ``"(< threshold)"`` in the people table and the graph.
    """
    from leerlib.privacy import small_label

    group = app.group.value or "team"
    hidden = set(_model.release_hidden(G, group, threshold=app.threshold))
    table = tables.get(f"{group}s")
    if table is not None:
        hidden |= {str(g) for g in table.attrs.get("leerlib_suppressed", {}).get("groups", [])}
    if not hidden:
        return tables, G
    out = dict(tables)
    if table is not None:
        first = table.columns[0]
        rows = table[first].astype(str).isin(hidden)
        figures = [c for c in table.columns if c not in (first, "suppressed")]
        t = table.copy()
        for c in figures:
            t[c] = t[c].where(~rows)
        if "suppressed" in t.columns:
            t["suppressed"] = t["suppressed"].astype(bool) | rows
        out[f"{group}s"] = t
    if f"{group}_to_{group}" in out:
        matrix, _ = _model.group_matrix(G, group, threshold=app.threshold, hide=hidden)
        out[f"{group}_to_{group}"] = matrix.reset_index()
    label = small_label(app.threshold)
    for name, df in out.items():
        if name != f"{group}s" and "person_id" in df.columns and group in df.columns:
            out[name] = df.assign(
                **{
                    group: df[group].map(
                        lambda v: label if isinstance(v, str) and v in hidden else v
                    )
                }
            )
    H = G.copy()
    for _, d in H.nodes(data=True):
        if str(d.get(group)) in hidden:
            d[group] = label
    return out, H


_COUNT = re.compile(r"^\s*(\d+)\s*$")
_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%\s*$")
#: Decimals of a measure in a download (a share keeps three: one decimal as a percentage).
DECIMALS = 3
#: Columns of a download that hold a share (shown as a percentage in Excel).
_SHARE_COLUMNS = ("density", "share")


def _key_figures_as_numbers(figures: pd.DataFrame, shares: dict) -> pd.DataFrame:
    """Return the key figures with a number column and a share column instead of shown text.

    ``figures`` has the columns figure, value (as the page shows it: "26", "88%",
    "n.v.t.") and meaning. A count goes to ``value`` as a whole number, a percentage to
    ``share`` as a fraction (exact from ``shares``, figure label -> share, else the shown
    one), anything else leaves both empty (the meaning says why).
    """
    from leerlib.export._xlsx import NUMBER_FORMATS

    values, fractions = [], []
    for label, shown in zip(figures["figure"], figures["value"], strict=True):
        shown = str(shown)
        count, percent = _COUNT.match(shown), _PERCENT.match(shown)
        values.append(int(count.group(1)) if count else None)
        if percent:
            exact = shares.get(label)
            share = exact if exact is not None else float(percent.group(1).replace(",", ".")) / 100
            fractions.append(round(float(share), DECIMALS))
        else:
            fractions.append(None)
    out = pd.DataFrame(
        {
            "figure": figures["figure"],
            "value": pd.array(values, dtype="Int64"),
            "share": pd.array(fractions, dtype="Float64"),
            "meaning": figures["meaning"],
        }
    )
    out.attrs[NUMBER_FORMATS] = {"share": "0.0%"}
    return out


def for_reading(tables: dict, G, *, lang: str) -> dict:
    """Numbers as numbers, measures rounded for reading, in the tables of a download.

    The key figures get a whole-number column and a share column (shown as a percentage
    with one decimal in Excel) instead of the page's text; every other measure with
    decimals is rounded to :data:`DECIMALS` decimals.

    Parameters
    ----------
    tables : dict of str to DataFrame
        The download's tables (``key_figures`` as :func:`_figures.tables` makes it).
    G : networkx.DiGraph
        The network shown, for the exact shares behind the key figures.
    lang : {"nl", "en"}
        Language of the figure labels.
    """
    from leerlib.dashboards.i18n import STRINGS, t
    from leerlib.metrics import network_metrics

    out = {}
    for name, df in tables.items():
        if name == "key_figures" and df is not None and {"figure", "value"} <= set(df.columns):
            nm = network_metrics(G)
            exact = {
                "fig_response": nm.get("response_rate"),
                "fig_density": nm.get("density"),
                "fig_reciprocity": nm.get("reciprocity_edgewise"),
                "fig_cross": _model.cross_group_share(G, "team"),
            }
            shares = {
                t(k, lang): v for k, v in exact.items() if k in STRINGS and v is not None and v == v
            }
            df = _key_figures_as_numbers(df, shares)
        elif df is not None:
            floats = [c for c in df.columns if pd.api.types.is_float_dtype(df[c])]
            if floats:
                from leerlib.export._xlsx import NUMBER_FORMATS

                df = df.copy()  # keeps attrs (the privacy notes of the exports)
                df[floats] = df[floats].round(DECIMALS)
                shares = {c: "0.0%" for c in floats if c in _SHARE_COLUMNS}
                if shares:
                    df.attrs[NUMBER_FORMATS] = {**df.attrs.get(NUMBER_FORMATS, {}), **shares}
        out[name] = df
    return out


def translated(tables: dict, *, group: str, lang: str):
    """Sheet names, column names and an explanation sheet for ``tables`` in ``lang``.

    Returns ``(tables, sheet_names, headers)``: the tables with the cleaning log's values in
    ``lang`` and an explanation sheet first (sheet, column, meaning of every column), and the
    names to write for sheets and columns. The tables keep their own column names, which the
    privacy rules of the exports read.

    Examples
    --------
    >>> import pandas as pd
    >>> tabs, sheets, heads = translated({"people": pd.DataFrame({"person_id": ["p"]})},
    ...                                  group="team", lang="nl")
    >>> list(tabs), sheets["people"], heads["person_id"]
    (['about', 'people'], 'personen', 'Persoonscode')
    >>> tabs["about"].values.tolist()[0][:2], heads["sheet"]
    (['personen', 'Persoonscode'], 'Tabblad')
    """
    from leerlib.dashboards._figures import log_table
    from leerlib.dashboards.i18n import STRINGS, t

    sheet_names = {"about": t("xl_sheet_about", lang)}
    for name in tables:
        if name == f"{group}s":
            sheet_names[name] = t("xl_sheet_groups", lang, group=t(group, lang).lower())
        elif name == f"{group}_to_{group}":
            sheet_names[name] = t("xl_sheet_matrix", lang, group=t(group, lang).lower())
        elif f"xl_sheet_{name}" in STRINGS:
            sheet_names[name] = t(f"xl_sheet_{name}", lang)
    headers, rows, out = {}, [], {}
    for name, df in tables.items():
        if name == "cleaning_report" and df is not None:
            df = log_table(df, lang=lang, rename=False)
        out[name] = df
        for col in df.columns if df is not None else ():
            col = str(col)
            if name == f"{group}_to_{group}" and col != "from":
                continue  # the matrix's columns are the groups themselves
            for prefix in ("xl_col_", "log_col_"):
                if f"{prefix}{col}" in STRINGS:
                    headers[col] = t(f"{prefix}{col}", lang)
                    break
            meaning = f"xl_means_{col}"
            rows.append(
                [
                    sheet_names.get(name, name),
                    headers.get(col, col),
                    t(meaning, lang) if meaning in STRINGS else "",
                ]
            )
    # the own names go through the privacy rules; the headers give the words
    about = pd.DataFrame(rows, columns=["sheet", "column", "meaning"])
    headers.update(
        {
            "sheet": t("xl_about_table", lang),
            "column": t("xl_about_column", lang),
            "meaning": t("xl_about_meaning", lang),
        }
    )
    return {"about": about, **out}, sheet_names, headers


def make_downloads(app) -> str:
    """Build every download of the current view and return the links as HTML.

    Names are kept only when the survey has consent and the user switched names on; else the
    tables are the pseudonymised ones (the exports check this again).
    """
    from leerlib.export import export_csv, export_excel, export_graph

    names = app.active is app.survey
    # without names the app's tables are pseudonymised already (app.private): said explicitly,
    # the exports never guess it from the ids' shape
    opts = {"key": app._key, "names": names, "consent": names, "already_pseudonymized": not names}
    tables = app.tables()
    G = app.graph(app.chosen_topic)
    if not names:
        tables, G = _hide_everywhere(app, tables, G)
    tables = for_reading(tables, G, lang=app.lang)
    stem = _stem(app)
    links = []
    tables, sheet_names, headers = translated(
        tables, group=app.group.value or "team", lang=app.lang
    )
    # Every file is built in memory (the writers take a file object): nothing touches the disk.
    about = tables.pop("about")
    xlsx = export_excel(
        tables, io.BytesIO(), sheet_names=sheet_names, headers=headers, about=about, **opts
    ).getvalue()
    links.append(download_link(xlsx, f"{stem}.xlsx", app.t("dl_excel"), _XLSX))
    links.append(
        download_link(
            app.current_map().html.encode("utf-8"),
            f"{stem}_kaart.html",
            app.t("dl_map"),
            "text/html",
        )
    )
    for fmt, key in (("gexf", "dl_gexf"), ("graphml", "dl_graphml")):
        data = export_graph(G, io.BytesIO(), format=fmt, **opts).getvalue()
        links.append(download_link(data, f"{stem}.{fmt}", app.t(key), "application/xml"))
    buffer = io.BytesIO()
    sep, dec = (";", ",") if app.lang == "nl" else (",", ".")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, df in tables.items():
            data = export_csv(
                df, io.BytesIO(), sep=sep, decimal=dec, headers=headers, **opts
            ).getvalue()
            zf.writestr(f"{sheet_names.get(name, name)}.csv", data)
    links.append(
        download_link(buffer.getvalue(), f"{stem}_csv.zip", app.t("dl_csv"), "application/zip")
    )
    return "<div>" + "".join(links) + "</div>"
