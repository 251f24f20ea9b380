"""Two clusterings of the same people compared: adjusted Rand index, NMI, who moved."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["compare_partitions"]


def compare_partitions(before: dict, after: dict) -> dict:
    """How two clusterings of the same people agree, and who moved.

    Parameters
    ----------
    before, after : dict
        person -> cluster label; only people in both are compared.

    Returns
    -------
    dict
        ``ari`` (adjusted Rand index, Hubert & Arabie 1985; 1 = the same
        clusters, about 0 = no more alike than chance), ``nmi`` (normalised
        mutual information with the arithmetic mean of the entropies, Danon
        et al. 2005), ``n`` (people compared) and ``table``: per person
        ``cluster_before``, ``cluster_after``, ``matched_before`` (the cluster
        of the first round that the person's new cluster is matched to) and
        ``moved``. Clusters are matched one to one so that as many people as
        possible stay in their cluster (Hungarian assignment on the overlap
        counts); a person moved when their new cluster is not matched to
        their old one. ARI and NMI are igraph's ``compare_communities``.

    References
    ----------
    Hubert, L., & Arabie, P. (1985). Comparing partitions. Journal of
    Classification, 2, 193-218.
    Danon, L., Diaz-Guilera, A., Duch, J., & Arenas, A. (2005). Comparing
    community structure identification. J. Stat. Mech., P09008.

    Examples
    --------
    >>> r = compare_partitions({"a": 0, "b": 0, "c": 1, "d": 1}, {"a": 5, "b": 5, "c": 7, "d": 5})
    >>> r["n"], r["table"]["moved"].tolist()
    (4, [False, False, False, True])
    """
    import igraph as ig
    from scipy.optimize import linear_sum_assignment

    people = [p for p in before if p in after]
    n = len(people)
    cb = pd.factorize(pd.Series([before[p] for p in people], dtype=object))[0]
    ca = pd.factorize(pd.Series([after[p] for p in people], dtype=object))[0]
    if n < 2:
        ari = nmi = float("nan")
    elif np.array_equal(cb, ca):
        ari = nmi = 1.0
    else:
        ari = float(ig.compare_communities(cb.tolist(), ca.tolist(), method="adjusted_rand"))
        nmi = float(ig.compare_communities(cb.tolist(), ca.tolist(), method="nmi"))
    table = pd.DataFrame(
        {
            "cluster_before": [before[p] for p in people],
            "cluster_after": [after[p] for p in people],
        },
        index=pd.Index(people, name="person_id"),
    )
    if n:
        overlap = np.zeros((cb.max() + 1, ca.max() + 1))
        np.add.at(overlap, (cb, ca), 1)
        rows, cols = linear_sum_assignment(-overlap)
        ub = pd.factorize(pd.Series([before[p] for p in people], dtype=object))[1]
        match = {int(c): ub[r] for r, c in zip(rows, cols, strict=True)}
        table["matched_before"] = pd.array([match.get(int(c)) for c in ca], dtype=object)
        table["moved"] = [match.get(int(c)) != before[p] for c, p in zip(ca, people, strict=True)]
    else:
        table["matched_before"] = pd.Series(dtype=object)
        table["moved"] = pd.Series(dtype=bool)
    return {"ari": ari, "nmi": nmi, "n": n, "table": table}
