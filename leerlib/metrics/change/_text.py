"""Plain Dutch and English sentences about the change between two rounds (RoundComparison.summary)."""

from __future__ import annotations

import math

from leerlib.errors import LeerlibError

__all__ = ["summary_sentences", "FIGURE_LABELS", "EDGE_ROLES"]

#: Roles of leerlib.roles that mean "few or no learning ties".
EDGE_ROLES = ("on_edge", "isolate", "no_data")

#: Labels of the whole-network figures, per language.
FIGURE_LABELS = {
    "n": {"en": "People", "nl": "Mensen"},
    "ties": {"en": "Learning ties", "nl": "Leerrelaties"},
    "response_rate": {"en": "Response", "nl": "Respons"},
    "density": {"en": "Density", "nl": "Dichtheid"},
    "reciprocity_edgewise": {"en": "Ties returned", "nl": "Wederzijdse relaties"},
    "share_across": {
        "en": "Share of ties across {group} boundaries",
        "nl": "Aandeel relaties over {group}grenzen",
    },
    "transitivity_directed": {"en": "Transitivity", "nl": "Transitiviteit"},
    "centralization_indegree": {
        "en": "Centralisation (being sought)",
        "nl": "Centralisatie (gezocht worden)",
    },
    "centralization_betweenness": {
        "en": "Centralisation (betweenness)",
        "nl": "Centralisatie (tussenpositie)",
    },
    "clusters": {"en": "Clusters", "nl": "Clusters"},
    "modularity": {"en": "Modularity", "nl": "Modulariteit"},
    "isolates": {"en": "Isolates", "nl": "Geïsoleerden"},
}

_SHARES = {"response_rate", "reciprocity_edgewise", "share_across"}
_COUNTS = {"n", "ties", "clusters", "isolates"}

_T = {
    "en": {
        "response": "Answered: {nb} of {Nb} people in {before}, {na} of {Na} in {after}.",
        "people": "{joined} people joined, {left} left and {stayed} are on both lists.",
        "ties": "Learning ties (all topics together): {kept} kept, {new} new and {ended} ended; "
        "{turnover} of the new and ended ties are to or from someone who joined or left.",
        "unknown": "{unknown} ties are seen in one round only while their sender did not answer "
        "the other round: they are counted as unknown, not as new or ended.",
        "jaccard": "Of the ties between people who answered both rounds, {pct} are the same in "
        "both rounds (Jaccard similarity {j}).",
        "ratings": "Of the {kept} kept ties, {higher} are rated higher in {after}, {lower} lower "
        "and {same} the same.",
        "figure": "{label}: {b} in {before}, {a} in {after} ({d}).",
        "across": "Ties across {col} boundaries: {b} in {before}, {a} in {after} "
        "({d}); the largest change is on {topic}, which {verb} from {tb} to {ta} ({td}).",
        "rose": "rose",
        "fell": "fell",
        "stayed": "stayed",
        "brokers_left": "{k} of the {left} people who left had a broker position in {before}: "
        "{who}.",
        "no_broker_left": "None of the {left} people who left had a broker position in {before}.",
        "broker_item": "{who} ({cross})",
        "cross_item": "{n} ties across {col}",
        "newcomers": "The {joined} people who joined are named by {x} colleagues on average in "
        "{after}, the people on both lists by {y}; {edge} of the {joined} are on the edge of the "
        "network or without ties.",
        "clusters": "Clusters: {cb} in {before}, {ca} in {after}; for the {n} people in both rounds "
        "the clusters agree with adjusted Rand index {ari} (1 = the same grouping, 0 = no more "
        "alike than chance) and {moved} of them are in another cluster.",
        "and": "and",
    },
    "nl": {
        "response": "Ingevuld: {nb} van {Nb} mensen in {before}, {na} van {Na} in {after}.",
        "people": "{joined} mensen kwamen erbij, {left} vertrokken en {stayed} staan op beide "
        "lijsten.",
        "ties": "Leerrelaties (alle thema's samen): {kept} gebleven, {new} nieuw en {ended} "
        "gestopt; {turnover} van de nieuwe en gestopte relaties zijn met iemand die erbij kwam "
        "of vertrok.",
        "unknown": "{unknown} relaties staan in één ronde terwijl de afzender de andere ronde niet "
        "invulde: ze tellen als onbekend, niet als nieuw of gestopt.",
        "jaccard": "Van de relaties tussen mensen die beide rondes invulden is {pct} in beide "
        "rondes hetzelfde (Jaccard-overeenkomst {j}).",
        "ratings": "Van de {kept} gebleven relaties kregen er {higher} in {after} een hogere "
        "waardering, {lower} een lagere en {same} dezelfde.",
        "figure": "{label}: {b} in {before}, {a} in {after} ({d}).",
        "across": "Relaties over {col}grenzen: {b} in {before}, {a} in {after} "
        "({d}); de grootste verandering is bij {topic}, dat {verb} van {tb} naar {ta} ({td}).",
        "rose": "steeg",
        "fell": "daalde",
        "stayed": "bleef",
        "brokers_left": "{k} van de {left} mensen die vertrokken hadden in {before} een "
        "verbindende positie: {who}.",
        "no_broker_left": "Geen van de {left} mensen die vertrokken had in {before} een "
        "verbindende positie.",
        "broker_item": "{who} ({cross})",
        "cross_item": "{n} relaties over {col}grenzen",
        "newcomers": "De {joined} nieuwkomers worden in {after} gemiddeld door {x} collega's "
        "genoemd, de mensen op beide lijsten door {y}; {edge} van de {joined} staan aan de rand "
        "van het netwerk of hebben geen relaties.",
        "clusters": "Clusters: {cb} in {before}, {ca} in {after}; voor de {n} mensen in beide "
        "rondes komen de clusters overeen met aangepaste Rand-index {ari} (1 = dezelfde "
        "indeling, 0 = niet meer dan toeval) en {moved} van hen zitten in een ander cluster.",
        "and": "en",
    },
}


def _num(x: float, lang: str, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    s = f"{x:.{digits}f}"
    return s.replace(".", ",") if lang == "nl" else s


def _pct(x: float, lang: str) -> str:
    if x is None or math.isnan(x):
        return "-"
    return f"{round(100 * x)}%"


def _signed(x: float, lang: str, kind: str) -> str:
    if x is None or math.isnan(x):
        return "-"
    if kind == "count":
        return f"{int(round(x)):+d}"
    if kind == "share":
        s = f"{100 * x:+.1f}"
        s = s.replace(".", ",") if lang == "nl" else s
        return s + (" procentpunt" if lang == "nl" else " percentage points")
    s = f"{x:+.2g}"
    return s.replace(".", ",") if lang == "nl" else s


def _fmt(key: str, x: float, lang: str) -> str:
    if key in _COUNTS:
        return "-" if x is None or math.isnan(x) else str(int(round(x)))
    if key in _SHARES:
        return _pct(x, lang)
    if x is None or math.isnan(x):
        return "-"
    s = f"{x:.3g}"
    return s.replace(".", ",") if lang == "nl" else s


def _kind(key: str) -> str:
    return "count" if key in _COUNTS else "share" if key in _SHARES else "value"


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_T[lang]['and']} " + items[-1]


def summary_sentences(cmp, *, lang: str = "en", names: bool = False) -> list[str]:
    """Return the sentences of :meth:`leerlib.metrics.change.RoundComparison.summary`."""
    if lang not in _T:
        raise LeerlibError(f"summary: lang must be 'nl' or 'en', not {lang!r}")
    T = _T[lang]
    b, a = cmp.before, cmp.after
    ppl = cmp.people
    st = ppl["status"]
    on_b, on_a = st.isin(["stayed", "left"]), st.isin(["stayed", "joined"])
    n_joined, n_left, n_stayed = (int((st == k).sum()) for k in ("joined", "left", "stayed"))

    def who(p: str) -> str:
        return f"{p} {cmp.names[p]}" if names and p in cmp.names else str(p)

    def topic_label(t: str) -> str:
        return str(cmp.topics.get(t, {}).get(lang, t))

    out = [
        T["response"].format(
            nb=int(ppl.loc[on_b, "answered_before"].sum()),
            Nb=int(on_b.sum()),
            na=int(ppl.loc[on_a, "answered_after"].sum()),
            Na=int(on_a.sum()),
            before=b,
            after=a,
        ),
        T["people"].format(joined=n_joined, left=n_left, stayed=n_stayed),
    ]
    c = cmp.tie_counts.loc["*"]
    out.append(
        T["ties"].format(
            kept=int(c["kept"]),
            new=int(c["new"]),
            ended=int(c["ended"]),
            turnover=int(c["turnover"]),
        )
    )
    if int(c["unknown"]):
        out.append(T["unknown"].format(unknown=int(c["unknown"])))
    if not math.isnan(c["jaccard"]):
        out.append(T["jaccard"].format(pct=_pct(c["jaccard"], lang), j=_num(c["jaccard"], lang)))
    if cmp.ratings_compared and int(c["kept"]):
        out.append(
            T["ratings"].format(
                kept=int(c["kept"]),
                higher=int(c["higher"]),
                lower=int(c["lower"]),
                same=int(c["same"]),
                after=a,
            )
        )
    net = cmp.network
    keys = ["ties", "density", "reciprocity_edgewise"]
    if cmp.group is not None:
        keys.append("share_across")
    for key in keys:
        label = FIGURE_LABELS[key][lang].format(group=cmp.group)
        r = net.loc[key]
        out.append(
            T["figure"].format(
                label=label,
                b=_fmt(key, r["before"], lang),
                a=_fmt(key, r["after"], lang),
                d=_signed(r["change"], lang, _kind(key)),
                before=b,
                after=a,
            )
        )
    for col in cmp.across.index.get_level_values("column").unique():
        tab = cmp.across.loc[col]
        tot = tab.loc["*"]
        per = tab.drop(index="*", errors="ignore")
        if per.empty:
            continue
        top = per["change"].abs().sort_values(ascending=False, kind="stable").index[0]
        r = per.loc[top]
        verb = T["rose"] if r["change"] > 0 else T["fell"] if r["change"] < 0 else T["stayed"]
        out.append(
            T["across"].format(
                col=col,
                b=int(tot["before"]),
                a=int(tot["after"]),
                d=f"{int(tot['change']):+d}",
                before=b,
                after=a,
                topic=topic_label(top),
                verb=verb,
                tb=int(r["before"]),
                ta=int(r["after"]),
                td=f"{int(r['change']):+d}",
            )
        )
    left = ppl[(st == "left") & ppl["broker_before"].fillna(False).astype(bool)]
    if n_left:
        if len(left):
            left = left.sort_values("betweenness_before", ascending=False, kind="stable")
            cols = list(cmp.across.index.get_level_values("column").unique())
            items = []
            for p, row in left.iterrows():
                cross = [
                    T["cross_item"].format(n=int(row[f"across_{col}_before"]), col=col)
                    for col in cols[::-1]
                    if f"across_{col}_before" in row
                ]
                items.append(T["broker_item"].format(who=who(p), cross=", ".join(cross)))
            items = [i.replace(" ()", "") for i in items]
            out.append(
                T["brokers_left"].format(k=len(left), left=n_left, before=b, who="; ".join(items))
            )
        else:
            out.append(T["no_broker_left"].format(left=n_left, before=b))
    if n_joined:
        joined = ppl[st == "joined"]
        edge = int(joined["role_after"].isin(EDGE_ROLES).sum())
        out.append(
            T["newcomers"].format(
                joined=n_joined,
                after=a,
                x=_num(joined["in_degree_after"].mean(), lang, 1),
                y=_num(ppl.loc[st == "stayed", "in_degree_after"].mean(), lang, 1),
                edge=edge,
            )
        )
    cm = cmp.communities
    if cm["n"] >= 2:
        out.append(
            T["clusters"].format(
                cb=cm["clusters_before"],
                ca=cm["clusters_after"],
                before=b,
                after=a,
                n=cm["n"],
                ari=_num(cm["ari"], lang),
                moved=int(cm["table"]["moved"].sum()),
            )
        )
    return out
