"""leerlib: make informal learning at work visible, from survey export to dashboard."""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# Public name -> module that defines it. Names are re-exported lazily so that
# ``import leerlib`` stays fast (dashboards, command line) and heavy engines
# (igraph, pyvis, ipywidgets) load only when a caller needs them.
_EXPORTS = {
    # errors
    "LeerlibError": "leerlib.errors",
    "ReadError": "leerlib.errors",
    "CodebookError": "leerlib.errors",
    "RosterError": "leerlib.errors",
    "SchemaError": "leerlib.errors",
    "PrivacyError": "leerlib.errors",
    # schema
    "Survey": "leerlib.schema",
    "RawSurvey": "leerlib.schema",
    # io
    "read_roster": "leerlib.io",
    "read_codebook": "leerlib.io",
    "read_aliases": "leerlib.io",
    "read_export": "leerlib.io",
    "Source": "leerlib.io",
    # clean
    "match_names": "leerlib.clean",
    "clean_survey": "leerlib.clean",
    "load_survey": "leerlib.clean",
    "combine_waves": "leerlib.clean",
    "drop_self_ties": "leerlib.clean",
    "merge_duplicate_ties": "leerlib.clean",
    "resolve_submissions": "leerlib.clean",
    # sample data
    "sample_paths": "leerlib.sample",
    "example_paths": "leerlib.sample",
    "load_sample": "leerlib.sample",
    "generate_sample": "leerlib.sample",
    "synthetic_organisation": "leerlib.sample",
    "synthetic_graph": "leerlib.sample",
    # graph
    "build_graph": "leerlib.graph",
    "to_igraph": "leerlib.graph",
    "from_igraph": "leerlib.graph",
    # metrics
    "node_metrics": "leerlib.metrics",
    "network_metrics": "leerlib.metrics",
    "group_metrics": "leerlib.metrics",
    "communities": "leerlib.metrics",
    "community_stability": "leerlib.metrics",
    "roles": "leerlib.metrics",
    "modularity": "leerlib.metrics",
    "compare_rounds": "leerlib.metrics",
    "RoundComparison": "leerlib.metrics",
    "value_profile": "leerlib.metrics",
    "person_value": "leerlib.metrics",
    "tie_value": "leerlib.metrics",
    "value_by_person": "leerlib.metrics",
    "value_flows": "leerlib.metrics",
    "value_by_position": "leerlib.metrics",
    "value_by_topic_across": "leerlib.metrics",
    "value_after_leaving": "leerlib.metrics",
    "read_stories": "leerlib.io.value",
    # maps
    "network_map": "leerlib.viz",
    "ego_map": "leerlib.viz",
    "topic_map": "leerlib.viz",
    "group_map": "leerlib.viz",
    "NetworkMap": "leerlib.viz",
    "change_maps": "leerlib.viz",
    "slope_chart": "leerlib.viz",
    "value_flow_map": "leerlib.viz",
    # privacy and export
    "pseudonymize": "leerlib.privacy",
    "suppress_small_groups": "leerlib.privacy",
    "export_excel": "leerlib.export",
    "load_key": "leerlib.privacy",
    "pseudonym": "leerlib.privacy",
    "suppress_matrix": "leerlib.privacy",
    "personal_links": "leerlib.privacy",
    "export_csv": "leerlib.export",
    "export_graph": "leerlib.export",
    "export_pajek": "leerlib.export",
    "export_pajek_partition": "leerlib.export",
    "export_ucinet": "leerlib.export",
    "export_adjacency": "leerlib.export",
    "export_edge_list": "leerlib.export",
    # workspace (stored rounds, people, decisions, links)
    "Workspace": "leerlib.workspace",
    "WorkspaceError": "leerlib.workspace",
    "WorkspaceBusyError": "leerlib.workspace",
    "WorkspaceUpgradeError": "leerlib.workspace",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'leerlib' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
