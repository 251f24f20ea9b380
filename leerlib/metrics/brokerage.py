"""Gould-Fernandez brokerage roles, counted with sparse matrix products, with sna's null model."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from leerlib.metrics._common import adjacency, group_labels, require_directed

__all__ = ["ROLES", "brokerage", "brokerage_counts", "brokerage_table"]

#: The five roles, in R sna's order (w_I, w_O, b_IO, b_OI, b_O).
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def brokerage_counts(A: sp.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """Raw role counts, an (n, 5) array in :data:`ROLES` order.

    v brokers the ordered pair (a, b) when a -> v -> b, a != b and there is
    no a -> b tie. Counting: all two-paths through v by the groups of a and
    b (from in- and out-tie counts per group), minus a == b (mutual ties),
    minus the closed two-paths, which are found per tie (a, v) from the masked
    products A A^T (b tied from both a and v).
    """
    n = A.shape[0]
    B = A.tocsr().copy()
    B.data = np.ones_like(B.data)
    B.eliminate_zeros()
    codes, uniq = pd.factorize(pd.Series(labels, dtype=object))
    k = len(uniq)
    H = sp.csr_matrix((np.ones(n), (np.arange(n), codes)), shape=(n, max(k, 1)))
    gv = codes
    in_g = (B.T @ H).tocsr()  # [v, g] = #a in g with a -> v
    out_g = (B @ H).tocsr()  # [v, h] = #b in h with v -> b
    Mu = B.multiply(B.T).tocsr()  # mutual ties
    mut_g = (Mu @ H).tocsr()  # [v, g] = #a in g with a <-> v
    in_tot = np.asarray(B.sum(axis=0)).ravel()
    out_tot = np.asarray(B.sum(axis=1)).ravel()
    rows = np.arange(n)
    in_own = np.asarray(in_g[rows, gv]).ravel()
    out_own = np.asarray(out_g[rows, gv]).ravel()
    mut_own = np.asarray(mut_g[rows, gv]).ravel()
    same_all = (
        np.asarray(in_g.multiply(out_g).sum(axis=1)).ravel() - np.asarray(mut_g.sum(axis=1)).ravel()
    )  # two-paths a != b with g(a) == g(b), any group

    open_ = np.zeros((n, 5))
    open_[:, 0] = in_own * out_own - mut_own
    open_[:, 1] = same_all - open_[:, 0]
    open_[:, 2] = in_own * (out_tot - out_own)
    open_[:, 3] = (in_tot - in_own) * out_own
    mut_out = np.asarray(mut_g.sum(axis=1)).ravel() - mut_own
    # outside pairs minus the same-group ones (a == b included) leave the liaison pairs
    open_[:, 4] = (in_tot - in_own) * (out_tot - out_own) - (open_[:, 1] + mut_out)

    # closed two-paths a -> v -> b with a -> b, per tie (a, v)
    a_idx, v_idx = B.nonzero()
    if len(a_idx):
        # B_in[x, b] = x -> b with b in x's own group
        bi, bj = B.nonzero()
        keep = codes[bi] == codes[bj]
        B_in = sp.csr_matrix((np.ones(int(keep.sum())), (bi[keep], bj[keep])), shape=B.shape)
        c_all = _masked_product(B, B, a_idx, v_idx)  # #b: a -> b and v -> b
        c_v = _masked_product(B, B_in, a_idx, v_idx)  # ... with g(b) == g(v)
        c_a = _masked_product(B_in, B, a_idx, v_idx)  # ... with g(b) == g(a)
        own = codes[a_idx] == codes[v_idx]
        closed = np.zeros((n, 5))
        closed[:, 0] = np.bincount(v_idx, weights=np.where(own, c_v, 0.0), minlength=n)
        closed[:, 2] = np.bincount(v_idx, weights=np.where(own, c_all - c_v, 0.0), minlength=n)
        closed[:, 3] = np.bincount(v_idx, weights=np.where(own, 0.0, c_v), minlength=n)
        closed[:, 1] = np.bincount(v_idx, weights=np.where(own, 0.0, c_a), minlength=n)
        closed[:, 4] = np.bincount(
            v_idx, weights=np.where(own, 0.0, c_all - c_v - c_a), minlength=n
        )
        open_ -= closed
    return open_


def _masked_product(X: sp.csr_matrix, Y: sp.csr_matrix, rows, cols, step: int = 8192):
    """(X @ Y.T)[rows[i], cols[i]] for every i, computed in row blocks."""
    out = np.zeros(len(rows))
    Yt = Y.T.tocsr()
    order = np.argsort(rows, kind="stable")
    r_sorted = rows[order]
    n = X.shape[0]
    for start in range(0, n, step):
        stop = min(n, start + step)
        lo, hi = np.searchsorted(r_sorted, [start, stop])
        if lo == hi:
            continue
        P = (X[start:stop] @ Yt).tocsr()
        sel = order[lo:hi]
        out[sel] = np.asarray(P[rows[sel] - start, cols[sel]]).ravel()
    return out


def _null_model(labels: np.ndarray, density: float) -> tuple[np.ndarray, np.ndarray]:
    """Return expected counts and variances per node (n, 6) under a Bernoulli(density) graph."""
    codes, uniq = pd.factorize(pd.Series(labels, dtype=object))
    sizes = np.bincount(codes, minlength=len(uniq)).astype(float)
    N = float(len(labels))
    nv = sizes[codes]
    rest = N - nv
    s2 = float((sizes * (sizes - 1)).sum())
    s3 = float((sizes * (sizes - 1) * (sizes - 2)).sum())
    # number of ordered pairs (a, b) a broker of group size nv could broker per role,
    # and the number of ordered pairs of such pairs that share a (or share b)
    M = np.zeros((len(labels), 6))
    S = np.zeros((len(labels), 6))
    M[:, 0] = (nv - 1) * (nv - 2)
    S[:, 0] = 2 * (nv - 1) * (nv - 2) * (nv - 3)
    M[:, 1] = s2 - nv * (nv - 1)
    S[:, 1] = 2 * (s3 - nv * (nv - 1) * (nv - 2))
    M[:, 2] = (nv - 1) * rest
    S[:, 2] = (nv - 1) * rest * (rest - 1) + rest * (nv - 1) * (nv - 2)
    M[:, 3] = M[:, 2]
    S[:, 3] = S[:, 2]
    # liaison: a in h, b in k, h != k, both outside v's group
    sum_sq_all = float((sizes**2).sum())
    M[:, 4] = rest**2 - (sum_sq_all - nv**2)
    # S: for a in group h (outside), b, b' distinct in groups outside v's and h
    # sum_h n_h R_h (R_h - 1), R_h = rest - n_h; expand over h != g(v)
    t1 = float(sizes.sum())
    t2 = float((sizes**2).sum())
    t3 = float((sizes**3).sum())
    # sum_{h != gv} n_h (rest - n_h)(rest - n_h - 1)
    sum_n = t1 - nv
    sum_n2 = t2 - nv**2
    sum_n3 = t3 - nv**3
    S[:, 4] = 2 * (rest * (rest - 1) * sum_n - (2 * rest - 1) * sum_n2 + sum_n3)
    M[:, 5] = (N - 1) * (N - 2)
    S[:, 5] = 2 * (N - 1) * (N - 2) * (N - 3)
    M = np.maximum(M, 0.0)
    S = np.maximum(S, 0.0)
    p = density**2 * (1 - density)
    c = density**3 * (1 - density) ** 3
    expected = M * p
    variance = M * p * (1 - p) + S * c
    return expected, variance


def brokerage(G: nx.DiGraph, group: str | Mapping | pd.Series) -> pd.DataFrame:
    """Gould-Fernandez brokerage roles per person, with expected counts and z-scores.

    Parameters
    ----------
    G : networkx.DiGraph
        u -> v: u turns to v. Weights are ignored (a tie is there or not).
    group : str or mapping
        Node attribute (or node -> label mapping) that splits people into
        groups (team, school, department). Missing labels form one group
        "(unknown)".

    Returns
    -------
    DataFrame
        Indexed by person_id: raw counts ``coordinator``, ``itinerant``,
        ``representative``, ``gatekeeper``, ``liaison``, ``brokerage_total``;
        expected counts ``<role>_expected``; z-scores ``<role>_z`` (NaN where a
        role is impossible: expected count 0, e.g. coordinator in a group of
        one or two).

    Notes
    -----
    v brokers the ordered pair (a, b) when a -> v -> b, a != b and there is
    no tie a -> b. With groups g(.): coordinator (w_I) all three in one group;
    itinerant (w_O) a and b in one group, v in another; representative
    (b_IO) a with v, b elsewhere; gatekeeper (b_OI) v with b, a elsewhere;
    liaison (b_O) three different groups. (In a learning network, a ->
    v means a turns to v: a gatekeeper is asked by outsiders and passes on
    to their own group.)

    Expected counts and z-scores follow R sna ``brokerage()``: ties are
    independent with probability d = density; each of the M possible pairs is
    brokered with probability p = d^2 (1 - d); the variance is M p (1 - p)
    plus d^3 (1 - d)^3 for every ordered pair of pairs that share a or share
    b. Counting is vectorised (sparse products), not a loop over triples.

    References
    ----------
    Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: A formal
    approach to brokerage in transaction networks. Sociological Methodology,
    19, 89-126.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "v"), ("v", "b")])
    >>> nx.set_node_attributes(G, {"a": "x", "v": "y", "b": "x"}, "team")
    >>> brokerage(G, "team").loc["v", ["itinerant", "brokerage_total"]].tolist()
    [1.0, 1.0]
    """
    require_directed(G, "brokerage")
    return brokerage_table(adjacency(G), group_labels(G, group), list(G))


def brokerage_table(A: sp.csr_matrix, labels: np.ndarray, nodes: list) -> pd.DataFrame:
    """:func:`brokerage` from a binary adjacency, group labels and node keys (same order)."""
    n = A.shape[0]
    counts = brokerage_counts(A, labels) if n else np.zeros((0, 5))
    total = counts.sum(axis=1)
    density = A.nnz / (n * (n - 1)) if n > 1 else 0.0
    expected, variance = _null_model(labels, density) if n else (np.zeros((0, 6)),) * 2
    raw = np.column_stack([counts, total])
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(variance > 0, (raw - expected) / np.sqrt(variance), np.nan)
    names = [*ROLES, "brokerage_total"]
    idx = pd.Index(nodes, name="person_id")
    out = pd.DataFrame(raw, index=idx, columns=names)
    for j, name in enumerate(names):
        out[f"{name}_expected"] = expected[:, j]
    for j, name in enumerate(names):
        out[f"{name}_z"] = z[:, j]
    return out
