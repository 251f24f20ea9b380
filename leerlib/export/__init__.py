"""Safe exports: Excel, CSV, GEXF, GraphML, Pajek, UCINET and R files; pseudonymised and atomic."""

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
from leerlib.export.sna import (
    export_adjacency,
    export_edge_list,
    export_pajek,
    export_pajek_partition,
    export_ucinet,
)
from leerlib.export.writers import export_csv, export_excel, export_graph, prepare_export

__all__ = [
    "export_excel",
    "export_csv",
    "export_graph",
    "prepare_export",
    "export_pajek",
    "export_pajek_partition",
    "export_ucinet",
    "export_adjacency",
    "export_edge_list",
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
