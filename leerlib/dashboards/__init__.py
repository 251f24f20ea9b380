"""Voila dashboards: the HR overview and a colleague's own learning network (ipywidgets apps)."""

from __future__ import annotations

from leerlib.dashboards._base import (
    PAGE_MAPS_ENV,
    App,
    download_link,
    page_maps,
    query_parameters,
    read_upload,
)
from leerlib.dashboards._data import WORKSPACE_ENV, served_workspace
from leerlib.dashboards._value_tab import value_story_sentences
from leerlib.dashboards.i18n import LANGUAGES, STRINGS, t
from leerlib.dashboards.overview import OverviewApp
from leerlib.dashboards.personal import PersonalApp

__all__ = [
    "App",
    "OverviewApp",
    "PersonalApp",
    "LANGUAGES",
    "PAGE_MAPS_ENV",
    "STRINGS",
    "WORKSPACE_ENV",
    "download_link",
    "page_maps",
    "query_parameters",
    "read_upload",
    "served_workspace",
    "t",
    "value_story_sentences",
]
