"""In-page downloads of the HR overview: Excel report, HTML map, GEXF/GraphML, CSV tables."""

from __future__ import annotations

import io
import zipfile

from leerlib.dashboards._base import download_link

__all__ = ["make_downloads"]

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stem(app) -> str:
    topic = app.chosen_topic or ("alle" if app.lang == "nl" else "all")
    return f"leernetwerk_{app.wave.value}_{topic}"


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
    stem = _stem(app)
    links = []
    # Every file is built in memory (the writers take a file object): nothing touches the disk.
    xlsx = export_excel(tables, io.BytesIO(), **opts).getvalue()
    links.append(download_link(xlsx, f"{stem}.xlsx", app.t("dl_excel"), _XLSX))
    links.append(download_link(app.current_map().html.encode("utf-8"), f"{stem}_kaart.html",
                               app.t("dl_map"), "text/html"))
    for fmt, key in (("gexf", "dl_gexf"), ("graphml", "dl_graphml")):
        data = export_graph(G, io.BytesIO(), format=fmt, **opts).getvalue()
        links.append(download_link(data, f"{stem}.{fmt}", app.t(key), "application/xml"))
    buffer = io.BytesIO()
    sep, dec = (";", ",") if app.lang == "nl" else (",", ".")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, df in tables.items():
            data = export_csv(df, io.BytesIO(), sep=sep, decimal=dec, **opts).getvalue()
            zf.writestr(f"{name}.csv", data)
    links.append(download_link(buffer.getvalue(), f"{stem}_csv.zip", app.t("dl_csv"),
                               "application/zip"))
    return "<div>" + "".join(links) + "</div>"
