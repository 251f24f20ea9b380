"""Voila dashboards: the HR overview and a colleague's own learning network (ipywidgets apps)."""

from __future__ import annotations

from leerlib.dashboards._base import App, download_link, query_parameters, read_upload
from leerlib.dashboards.i18n import LANGUAGES, STRINGS, t
from leerlib.dashboards.overview import OverviewApp
from leerlib.dashboards.personal import PersonalApp

__all__ = [
    "App",
    "OverviewApp",
    "PersonalApp",
    "LANGUAGES",
    "STRINGS",
    "download_link",
    "query_parameters",
    "read_upload",
    "t",
]
