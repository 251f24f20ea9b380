"""Safe exports: Excel, CSV, GEXF and GraphML files that are pseudonymised, formula-safe and atomic."""

from leerlib.export.safe import (
    FORMULA_PREFIXES,
    atomic_write,
    cell_value,
    is_formula_like,
    neutralise,
    neutralise_column,
    neutralise_formulas,
    neutralize,
    neutralize_column,
    neutralize_formulas,
)
from leerlib.export.writers import export_csv, export_excel, export_graph, prepare_export

__all__ = [
    "export_excel",
    "export_csv",
    "export_graph",
    "prepare_export",
    "atomic_write",
    "neutralize",
    "neutralize_column",
    "neutralize_formulas",
    "neutralise",  # deprecated spelling, removed in the next release
    "neutralise_column",
    "neutralise_formulas",
    "is_formula_like",
    "cell_value",
    "FORMULA_PREFIXES",
]
