"""The course's exercises: question, answer key (from :mod:`leerlib.teaching._truth`), feedback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from leerlib.teaching import _truth as T

__all__ = ["Exercise", "EXERCISES", "CYCLES", "GF_ROLES", "CLUSTER_CHOICES"]


def _t(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


#: Value-creation cycles (Wenger, Trayner & de Laat 2011): key -> Dutch and English label.
CYCLES = {
    "immediate": _t("directe waarde", "immediate value"),
    "potential": _t("potentiële waarde", "potential value"),
    "applied": _t("toegepaste waarde", "applied value"),
    "realized": _t("gerealiseerde waarde", "realized value"),
    "reframing": _t("herdefiniërende waarde", "reframing value"),
}

#: Gould-Fernandez brokerage roles: key -> Dutch and English label.
GF_ROLES = {
    "coordinator": _t("coördinator", "coordinator"),
    "itinerant": _t("consultant", "itinerant (consultant)"),
    "representative": _t("vertegenwoordiger", "representative"),
    "gatekeeper": _t("poortwachter", "gatekeeper"),
    "liaison": _t("verbinder", "liaison"),
}

CLUSTER_CHOICES = {
    "team": _t("teams", "teams"),
    "school": _t("scholen", "schools"),
    "role": _t("functies (rollen)", "job roles"),
    "none": _t("geen van deze", "none of these"),
}


@dataclass(frozen=True)
class Exercise:
    """One exercise.

    ``kind`` is "count" (a whole number), "share" (a number between 0 and 1; a percentage is
    accepted), "number", "person" (a person_id or name), "choice" (one key of ``choices``) or
    "choices" (a set of keys). ``solve`` returns the answer key ``{"right": value, code: value,
    ...}`` (a code's value may be a set of values for "person") and a context for the texts'
    placeholders. ``feedback`` holds the texts per code, "right" included.
    """

    id: str
    session: int
    kind: str
    question: dict
    hint: dict
    feedback: dict
    solve: Callable[[], tuple[dict, dict]] = field(repr=False)
    choices: dict = field(default_factory=dict)


def _person(pid: str) -> dict:
    row = T.sample().people.set_index("person_id").loc[pid]
    return {"name": row["name"], "role": row["role"], "team": row["team"], "school": row["school"]}


# --- session 1 ---------------------------------------------------------------------------------


def _toy() -> nx.DiGraph:
    G = nx.DiGraph(T.TOY_TIES)
    G.add_nodes_from(T.TOY_PEOPLE)
    return G


def _solve_toy_in():
    G = _toy()
    contacts = set(G.predecessors("Anna")) | set(G.successors("Anna"))
    return {
        "right": G.in_degree("Anna"),
        "out_degree": G.out_degree("Anna"),
        "in_plus_out": G.in_degree("Anna") + G.out_degree("Anna"),
        "contacts": len(contacts),
    }, {}


def _solve_toy_density():
    G = _toy()
    n, L = G.number_of_nodes(), G.number_of_edges()
    return {
        "right": nx.density(G),
        "pairs_formula": L / (n * (n - 1) / 2),
        "self_ties": L / (n * n),
        "ties_count": L,
    }, {
        "n": n,
        "L": L,
        "n_1": n - 1,
        "possible": n * (n - 1),
        "pairs": n * (n - 1) // 2,
        "nn": n * n,
    }


def _solve_toy_reciprocity():
    G = _toy()
    returned = sum(G.has_edge(v, u) for u, v in G.edges)
    mutual_pairs = returned // 2
    connected_pairs = G.to_undirected().number_of_edges()
    return {
        "right": returned / G.number_of_edges(),
        "per_pair": mutual_pairs / connected_pairs,
        "mutual_pairs_count": mutual_pairs,
        "returned_count": returned,
    }, {
        "returned": returned,
        "L": G.number_of_edges(),
        "mutual": mutual_pairs,
        "connected": connected_pairs,
    }


SAMPLE_PERSON = "P0135"  # the teamleider whose numbers sessions 1 and 5 use


def _solve_sample_in():
    pid = SAMPLE_PERSON
    p, n = T.pairs("2026"), T.nominations("2026")
    ind, outd = int((p["target"] == pid).sum()), int((p["source"] == pid).sum())
    return {
        "right": ind,
        "out_degree": outd,
        "nominations": int((n["target"] == pid).sum()),
        "in_plus_out": ind + outd,
    }, _person(pid)


def _solve_sample_density():
    G = T.digraph("2026")
    n, L = G.number_of_nodes(), G.number_of_edges()
    respondents = T.sample().responses.query("wave == '2026' and responded")["person_id"].nunique()
    return {
        "right": nx.density(G),
        "pairs_formula": L / (n * (n - 1) / 2),
        "nominations": len(T.nominations("2026")) / (n * (n - 1)),
        "respondents_only": L / (respondents * (respondents - 1)),
    }, {
        "n": n,
        "n_1": n - 1,
        "L": L,
        "rows": len(T.nominations("2026")),
        "respondents": respondents,
    }


# --- session 2 ---------------------------------------------------------------------------------


def _top(counts: pd.Series) -> set:
    return set(counts[counts == counts.max()].index)


def _solve_ict_goto():
    ict = T.nominations("2026", "ict")
    named = ict["target"].value_counts()
    top = _top(named)
    if len(top) != 1:  # pragma: no cover - the sample is fixed
        raise AssertionError(f"no single top ict person: {top}")
    right = top.pop()
    ict_roles = T.sample().people.query("role == 'ICT-coördinator'")["person_id"]
    everything = _top(T.nominations("2026")["target"].value_counts())
    return {
        "right": right,
        "all_topics": everything - {right},
        "out_degree": _top(ict["source"].value_counts()) - {right},
        "other_ict_coordinator": set(ict_roles) - {right},
    }, {
        **_person(right),
        "k": int(named[right]),
        "top_all": ", ".join(_person(p)["name"] for p in sorted(everything)),
    }


def _leavers() -> set:
    return set(T.staff("2025")) - set(T.staff("2026"))


def _solve_broker_left():
    between = pd.Series(nx.betweenness_centrality(T.digraph("2025")))
    left = _leavers()
    ranked = between[between.index.isin(left)].sort_values(ascending=False)
    right = ranked.index[0]
    stayed = set(between.drop(list(left)).sort_values(ascending=False).index[:5])
    return {
        "right": right,
        "stayed": stayed,
        "other_leaver": left - {right},
    }, _person(right)


BROKER = "P0027"  # the broker who left (data/sample/README.md, the designed change)


def _solve_gf_role():
    group = T.sample().people.set_index("person_id")["school"].to_dict()
    counts = pd.Series(T.gould_fernandez(T.digraph("2025"), BROKER, group))
    right = counts.idxmax()
    out = {"right": right}
    out.update({k: k for k in GF_ROLES if k != right})
    return out, {**_person(BROKER), **{f"n_{k}": int(v) for k, v in counts.items()}}


def _solve_broker_cross():
    school = T.sample().people.set_index("person_id")["school"]
    n = T.nominations("2025")
    inn, out = n[n["target"] == BROKER], n[n["source"] == BROKER]
    other = school[BROKER]
    askers = set(inn.loc[inn["source"].map(school) != other, "source"])
    asked = set(out.loc[out["target"].map(school) != other, "target"])
    everyone = set(inn["source"]) | set(out["target"])
    rows = int(
        (inn["source"].map(school) != other).sum() + (out["target"].map(school) != other).sum()
    )
    return {
        "right": len(askers | asked),
        "only_in": len(askers),
        "only_out": len(asked),
        "nominations": rows,
        "all_contacts": len(everyone),
    }, _person(BROKER)


# --- session 3 ---------------------------------------------------------------------------------


def _solve_ei_school():
    school = T.sample().people.set_index("person_id")["school"]
    p = T.pairs("2026")
    cross = p["source"].map(school) != p["target"].map(school)
    ext, inside = int(cross.sum()), int((~cross).sum())
    return {
        "right": (ext - inside) / (ext + inside),
        "sign_flipped": (inside - ext) / (ext + inside),
        "share_external": ext / (ext + inside),
        "share_internal": inside / (ext + inside),
    }, {"E": ext, "I": inside}


def _solve_clusters_follow():
    people = T.sample().people.set_index("person_id")
    G = T.digraph("2026").to_undirected()
    found = nx.community.louvain_communities(G, seed=0)
    membership = pd.Series({v: k for k, c in enumerate(found) for v in c})
    ari = {
        key: T.adjusted_rand(membership, people.loc[membership.index, key])
        for key in ("team", "school", "role")
    }
    best = max(ari, key=ari.get)
    right = best if ari[best] >= 0.5 else "none"
    out = {"right": right}
    out.update({k: k for k in CLUSTER_CHOICES if k != right})
    return out, {"k": len(found), **{f"ari_{k}": round(float(v), 2) for k, v in ari.items()}}


def _solve_cross_team():
    people = T.sample().people.set_index("person_id")
    p = T.pairs("2026")
    team = p["source"].map(people["team"]) != p["target"].map(people["team"])
    school = p["source"].map(people["school"]) != p["target"].map(people["school"])
    return {
        "right": team.mean(),
        "within_team": 1 - team.mean(),
        "count": int(team.sum()),
        "across_school": school.mean(),
    }, {"E": int(team.sum()), "L": len(p)}


# --- session 4 ---------------------------------------------------------------------------------


def _value(wave: str) -> pd.DataFrame:
    v = T.sample().value
    return v[(v["wave"] == wave) & v["score"].notna()]


def _solve_top_cycle():
    means = _value("2026").groupby("cycle")["score"].mean().sort_values(ascending=False)
    out = {"right": means.index[0]}
    out.update({k: k for k in CYCLES if k != means.index[0]})
    return out, {"mean": round(float(means.iloc[0]), 2)}


def _solve_realized_agree():
    r = _value("2026").query("cycle == 'realized'")["score"]
    agree = int((r >= 4).sum())
    return {
        "right": agree / len(r),
        "only_fully_agree": float((r == 5).mean()),
        "of_all_staff": agree / len(T.staff("2026")),
        "mean_score": float(r.mean()),
    }, {"agree": agree, "answered": len(r), "staff": len(T.staff("2026"))}


def _solve_ict_cycles():
    v = _value("2026")
    member = v["person_id"].isin(T.ict_network_members())
    diff = v[member].groupby("cycle")["score"].mean() - v[~member].groupby("cycle")["score"].mean()
    right = frozenset(diff.sort_values(ascending=False).index[:2])
    return {"right": right}, {}


# --- session 5 ---------------------------------------------------------------------------------


def _solve_goes_to():
    pid = SAMPLE_PERSON
    p, n = T.pairs("2026"), T.nominations("2026")
    return {
        "right": int((p["source"] == pid).sum()),
        "in_degree": int((p["target"] == pid).sum()),
        "nominations": int((n["source"] == pid).sum()),
    }, _person(pid)


def _solve_both_ways():
    pid = SAMPLE_PERSON
    G = T.digraph("2026")
    out, inn = set(G.successors(pid)), set(G.predecessors(pid))
    return {
        "right": len(out & inn),
        "out_degree": len(out),
        "in_degree": len(inn),
        "contacts": len(out | inn),
    }, _person(pid)


_DIRECTION = _t(
    "Een pijl van A naar B betekent: A gaat bij B te rade.",
    "An arrow from A to B means: A turns to B.",
)

EXERCISES: dict[str, Exercise] = {}


def _add(ex: Exercise) -> None:
    EXERCISES[ex.id] = ex


_add(
    Exercise(
        id="1a_anna_in",
        session=1,
        kind="count",
        question=_t(
            "In het voorbeeld van vijf collega's: hoeveel collega's gaan bij Anna te rade?",
            "In the example of five colleagues: how many colleagues turn to Anna?",
        ),
        hint=_t(
            "Een pijl van A naar B betekent: A gaat bij B te rade. Tel de pijlen die bij Anna aankomen.",
            "An arrow from A to B means: A turns to B. Count the arrows that arrive at Anna.",
        ),
        feedback={
            "right": _t(
                "Goed: Bram, Cem en Dewi gaan bij Anna te rade. Dat is haar in-graad: het aantal "
                "pijlen dat bij haar aankomt. Een hoge in-graad maakt iemand een vraagbaak.",
                "Right: Bram, Cem and Dewi turn to Anna. That is her in-degree: the number of arrows "
                "arriving at her. A high in-degree makes someone a go-to person.",
            ),
            "out_degree": _t(
                "Je telde de relaties die Anna stuurde, niet die ze ontving: zij gaat zelf bij Bram "
                "en Eva te rade. Dat is haar uit-graad. Tel de pijlen die bij Anna aankomen.",
                "You counted the ties Anna sent, not the ones she received: she turns to Bram and "
                "Eva herself. That is her out-degree. Count the arrows arriving at Anna.",
            ),
            "in_plus_out": _t(
                "Je telde alle pijlen rond Anna, in beide richtingen. De vraag gaat alleen over wie "
                "bij háár te rade gaat: de pijlen die bij Anna aankomen.",
                "You counted every arrow around Anna, in both directions. The question is only "
                "about who turns to her: the arrows arriving at Anna.",
            ),
            "contacts": _t(
                "Je telde Anna's contacten, in welke richting ook (Bram telt één keer, al lopen er "
                "twee pijlen). Gevraagd is alleen wie bij Anna te rade gaat.",
                "You counted Anna's contacts in either direction (Bram once, though two arrows run "
                "between them). The question is only who turns to Anna.",
            ),
        },
        solve=_solve_toy_in,
    )
)

_add(
    Exercise(
        id="1b_density_toy",
        session=1,
        kind="share",
        question=_t(
            "Wat is de dichtheid van het voorbeeldnetwerk van vijf collega's (een getal tussen 0 en 1)?",
            "What is the density of the five-colleague example (a number between 0 and 1)?",
        ),
        hint=_t(
            "Dichtheid = aantal relaties / aantal mogelijke relaties. In een gericht netwerk van n "
            "mensen kan ieder bij ieder ander te rade gaan.",
            "Density = ties / possible ties. In a directed network of n people everyone can turn to "
            "everyone else.",
        ),
        feedback={
            "right": _t(
                "Goed: {L} relaties van de {n}×{n_1} = {possible} mogelijke, dus 40%. In een grote "
                "organisatie is de dichtheid veel lager: niemand kan bij iedereen te rade gaan.",
                "Right: {L} ties out of {n}×{n_1} = {possible} possible ones, so 40%. In a large "
                "organisation density is much lower: nobody can turn to everyone.",
            ),
            "pairs_formula": _t(
                "Je deelde door n(n-1)/2 = {pairs}, het aantal paren. In een gericht netwerk kan elk "
                "paar twee relaties hebben (A naar B én B naar A): deel door n(n-1) = {possible}.",
                "You divided by n(n-1)/2 = {pairs}, the number of pairs. In a directed network each "
                "pair can hold two ties (A to B and B to A): divide by n(n-1) = {possible}.",
            ),
            "self_ties": _t(
                "Je deelde door n×n = {nn}: zo tel je ook relaties van iemand met zichzelf als "
                "mogelijk. Niemand gaat bij zichzelf te rade: deel door n(n-1) = {possible}.",
                "You divided by n×n = {nn}, which counts ties from a person to themself as possible. "
                "Nobody turns to themself: divide by n(n-1) = {possible}.",
            ),
            "ties_count": _t(
                "Dat is het aantal relaties ({L}). Dichtheid is een aandeel: deel door het aantal "
                "mogelijke relaties.",
                "That is the number of ties ({L}). Density is a share: divide by the number of "
                "possible ties.",
            ),
        },
        solve=_solve_toy_density,
    )
)

_add(
    Exercise(
        id="1c_reciprocity_toy",
        session=1,
        kind="share",
        question=_t(
            "Welk deel van de relaties in het voorbeeld wordt beantwoord (B gaat ook bij A te rade)?",
            "In the example, which share of the ties is returned (B also turns to A)?",
        ),
        hint=_t(
            "Loop de {L} pijlen langs en kijk bij elke pijl of er een pijl terug loopt.",
            "Go through the {L} arrows and check for each whether an arrow runs back.",
        ),
        feedback={
            "right": _t(
                "Goed: {returned} van de {L} relaties worden beantwoord (Anna-Bram en Cem-Dewi), de "
                "helft. Dat is de wederkerigheid. Wederzijdse relaties zijn vaak de stevigste.",
                "Right: {returned} of the {L} ties are returned (Anna-Bram and Cem-Dewi), half of "
                "them. That is reciprocity. Mutual ties are often the strongest.",
            ),
            "per_pair": _t(
                "Je rekende per paar: {mutual} van de {connected} verbonden paren zijn wederzijds. "
                "Dat bestaat ook (wederkerigheid per paar), maar gevraagd is het deel van de "
                "relaties: elk wederzijds paar telt twee relaties, {returned} van de {L}.",
                "You worked per pair: {mutual} of the {connected} connected pairs are mutual. That "
                "measure exists too (dyadic reciprocity), but the question asks for the share of "
                "ties: each mutual pair holds two ties, {returned} of {L}.",
            ),
            "mutual_pairs_count": _t(
                "Je telde de wederzijdse paren ({mutual}). Gevraagd is een aandeel van de relaties: "
                "elk wederzijds paar telt twee relaties; deel door alle {L} relaties.",
                "You counted the mutual pairs ({mutual}). The question asks for a share of the ties: "
                "each mutual pair holds two ties; divide by all {L} ties.",
            ),
            "returned_count": _t(
                "Je telde de beantwoorde relaties ({returned}): goed geteld. Deel nog door het "
                "aantal relaties ({L}).",
                "You counted the returned ties ({returned}): well counted. Now divide by the number "
                "of ties ({L}).",
            ),
        },
        solve=_solve_toy_reciprocity,
    )
)

_add(
    Exercise(
        id="1d_sample_in",
        session=1,
        kind="count",
        question=_t(
            "In de voorbeeldstichting, ronde 2026: door hoeveel collega's wordt Annemiek de Wit "
            "genoemd (op welk thema ook)?",
            "In the sample board, round 2026: how many colleagues name Annemiek de Wit (on any "
            "topic)?",
        ),
        hint=_t(
            "In survey.ties is target de genoemde persoon. Eén collega kan haar op meer thema's "
            "noemen: tel collega's, niet rijen.",
            "In survey.ties the target is the person named. One colleague may name her on several "
            "topics: count colleagues, not rows.",
        ),
        feedback={
            "right": _t(
                "Goed: {name} ({role}, {team}) wordt door {value} collega's genoemd: een duidelijke "
                "vraagbaak.",
                "Right: {name} ({role}, {team}) is named by {value} colleagues: a clear go-to "
                "person.",
            ),
            "out_degree": _t(
                "Je telde de collega's bij wie {name} zelf te rade gaat (source = {name}), niet wie "
                "haar noemen. Gebruik de kolom target.",
                "You counted the colleagues {name} turns to herself (source = {name}), not those "
                "who name her. Use the target column.",
            ),
            "nominations": _t(
                "Je telde nominaties per thema: wie {name} op drie thema's noemt, telde je drie "
                "keer. Tel collega's: elk paar (source, target) één keer.",
                "You counted nominations per topic: someone naming {name} on three topics counted "
                "three times. Count colleagues: each (source, target) pair once.",
            ),
            "in_plus_out": _t(
                "Je telde relaties in beide richtingen. Gevraagd is alleen wie {name} noemt "
                "(target = {name}).",
                "You counted ties in both directions. The question is only who names {name} "
                "(target = {name}).",
            ),
        },
        solve=_solve_sample_in,
    )
)

_add(
    Exercise(
        id="1e_sample_density",
        session=1,
        kind="share",
        question=_t(
            "Wat is de dichtheid van het hele netwerk in 2026 (alle thema's, alleen collega's)?",
            "What is the density of the whole network in 2026 (all topics, colleagues only)?",
        ),
        hint=_t(
            "Tel relaties als paren (source, target), ongeacht het thema; n is iedereen op de "
            "personeelslijst van 2026.",
            "Count ties as (source, target) pairs, whatever the topic; n is everyone on the 2026 "
            "staff list.",
        ),
        feedback={
            "right": _t(
                "Goed: {L} relaties op {n}×{n_1} mogelijke, ongeveer 3,7%. Een lage dichtheid is "
                "normaal voor een organisatie van deze omvang.",
                "Right: {L} ties out of {n}×{n_1} possible, about 3.7%. A low density is normal "
                "for an organisation of this size.",
            ),
            "pairs_formula": _t(
                "Je deelde door n(n-1)/2, het aantal paren. In een gericht netwerk kan elk paar twee "
                "relaties hebben: deel door n(n-1) = {n}×{n_1}.",
                "You divided by n(n-1)/2, the number of pairs. In a directed network each pair can "
                "hold two ties: divide by n(n-1) = {n}×{n_1}.",
            ),
            "nominations": _t(
                "Je telde nominaties per thema ({rows} rijen) in plaats van relaties ({L} paren). "
                "Wie iemand op twee thema's noemt, heeft één relatie met die persoon.",
                "You counted nominations per topic ({rows} rows) instead of ties ({L} pairs). "
                "Naming someone on two topics is one tie with that person.",
            ),
            "respondents_only": _t(
                "Je nam alleen de {respondents} mensen die de vragenlijst invulden als n. Wie niet "
                "antwoordde, kan wel genoemd worden en hoort bij het netwerk: n = {n}.",
                "You took only the {respondents} respondents as n. Non-respondents can still be "
                "named and belong to the network: n = {n}.",
            ),
        },
        solve=_solve_sample_density,
    )
)

_add(
    Exercise(
        id="2a_ict_goto",
        session=2,
        kind="person",
        question=_t(
            "Wie is in 2026 de grootste vraagbaak op ICT in de klas (het vaakst genoemd op ICT)?",
            "Who is the main go-to person on ICT in class in 2026 (named most often on ICT)?",
        ),
        hint=_t(
            "Alleen het thema ict, alleen ronde 2026, en kijk naar wie genoemd wordt (in-graad).",
            "Only the topic ict, only round 2026, and look at who is named (in-degree).",
        ),
        feedback={
            "right": _t(
                "Goed: {name} ({role}, {team}) wordt op ICT door {k} collega's genoemd. Expertise "
                "trekt relaties aan, ook van andere scholen sinds het ICT-leernetwerk.",
                "Right: {name} ({role}, {team}) is named on ICT by {k} colleagues. Expertise draws "
                "ties, also from other schools since the ICT learning network started.",
            ),
            "all_topics": _t(
                "Je keek naar alle thema's samen: daar is {top_all} de grootste vraagbaak. De vraag "
                "gaat over ICT alleen (topic == 'ict').",
                "You looked at all topics together: there {top_all} is the main go-to person. The "
                "question is about ICT only (topic == 'ict').",
            ),
            "out_degree": _t(
                "Deze collega gaat zelf het vaakst bij anderen te rade over ICT: dat is uit-graad. "
                "Een vraagbaak is wie genoemd wordt (target), niet wie noemt.",
                "This colleague turns to others most often on ICT: that is out-degree. A go-to "
                "person is the one named (target), not the one naming.",
            ),
            "other_ict_coordinator": _t(
                "Dichtbij: ook een ICT-coördinator en veel gevraagd, maar niet de meest genoemde. "
                "Tel per persoon hoe vaak die op ICT genoemd wordt.",
                "Close: also an ICT coordinator and much asked, but not the one named most. Count "
                "per person how often they are named on ICT.",
            ),
        },
        solve=_solve_ict_goto,
    )
)

_add(
    Exercise(
        id="2b_broker_left",
        session=2,
        kind="person",
        question=_t(
            "Eén van de belangrijkste makelaars van 2025 (hoge betweenness) staat in 2026 niet meer "
            "op de personeelslijst. Wie?",
            "One of the main brokers of 2025 (high betweenness) is no longer on the 2026 staff "
            "list. Who?",
        ),
        hint=_t(
            "Zoek de mensen van de lijst van 2025 die niet op die van 2026 staan, en kijk wie van hen "
            "in 2025 de hoogste betweenness had.",
            "Find the people on the 2025 list who are not on the 2026 list, and see which of them "
            "had the highest betweenness in 2025.",
        ),
        feedback={
            "right": _t(
                "Goed: {name} ({role}, {team}) verbond in 2025 collega's van verschillende scholen "
                "en vertrok daarna. Zulke verbindingen verdwijnen niet vanzelf terug: wie neemt ze "
                "over?",
                "Right: {name} ({role}, {team}) connected colleagues of different schools in 2025 "
                "and then left. Such links do not grow back by themselves: who takes them over?",
            ),
            "stayed": _t(
                "Deze collega was in 2025 een belangrijke makelaar, maar staat in 2026 nog op de "
                "lijst. Zoek iemand die vertrok.",
                "This colleague was a major broker in 2025 but is still on the 2026 list. Look for "
                "someone who left.",
            ),
            "other_leaver": _t(
                "Deze collega vertrok wel, maar had in 2025 een lage betweenness: weinig kortste "
                "paden liepen via hem of haar. Sorteer de vertrekkers op betweenness.",
                "This colleague did leave, but had low betweenness in 2025: few shortest paths ran "
                "through them. Sort the leavers by betweenness.",
            ),
        },
        solve=_solve_broker_left,
    )
)

_ROLE_WHY = {
    "coordinator": _t(
        "Als coördinator zitten alle drie (wie vraagt, {name}, en wie {name} raadpleegt) op "
        "dezelfde school. Dat komt voor ({n_coordinator} keer), maar niet het vaakst.",
        "As coordinator all three (who asks, {name}, and whom {name} consults) are at one "
        "school. That happens ({n_coordinator} times), but not most often.",
    ),
    "itinerant": _t(
        "Als consultant verbindt {name} twee collega's van één andere school. Dat komt voor "
        "({n_itinerant} keer), maar niet het vaakst.",
        "As itinerant {name} links two colleagues of one other school. That happens "
        "({n_itinerant} times), but not most often.",
    ),
    "representative": _t(
        "Je draaide de richting om. Vertegenwoordiger: een collega van de eigen school vraagt "
        "{name} iets en {name} vraagt het na op een andere school ({n_representative} keer). "
        "Vaker gebeurt het omgekeerde: iemand van buiten vraagt {name}, en {name} raadpleegt "
        "een collega van de eigen school.",
        "You turned the direction around. Representative: a colleague of her own school asks "
        "{name} and {name} consults another school ({n_representative} times). The reverse "
        "happens more: someone from outside asks {name}, who consults a colleague of her own "
        "school.",
    ),
    "gatekeeper": _t(
        "Poortwachter: iemand van een andere school vraagt {name} iets, en {name} raadpleegt op "
        "haar beurt een collega van de eigen school ({n_gatekeeper} keer).",
        "Gatekeeper: someone from another school asks {name}, who in turn consults a "
        "colleague of her own school ({n_gatekeeper} times).",
    ),
    "liaison": _t(
        "Verbinder: alle drie op een andere school ({n_liaison} keer). Dat komt voor, maar "
        "minder vaak dan de rol waarin één van de twee anderen op haar eigen school zit.",
        "Liaison: all three at different schools ({n_liaison} times). That happens, but less "
        "often than the role in which one of the other two is at her own school.",
    ),
}

_add(
    Exercise(
        id="2c_broker_role",
        session=2,
        kind="choice",
        choices=GF_ROLES,
        question=_t(
            "Welke makelaarsrol van Gould en Fernandez had Gerda Willems in 2025 het vaakst, als "
            "je groepen naar school indeelt?",
            "Which Gould-Fernandez brokerage role did Gerda Willems hold most often in 2025, with "
            "groups by school?",
        ),
        hint=_t(
            "Een makelaarsrol is een rijtje A → Gerda → B zonder directe pijl A → B. Welke van de "
            "drie zitten op dezelfde school?",
            "A brokerage role is a chain A → Gerda → B without a direct arrow A → B. Which of the "
            "three are at the same school?",
        ),
        feedback={
            "right": _t(
                "Goed. " + _ROLE_WHY["gatekeeper"]["nl"] + " Zo bracht zij kennis van haar school "
                "naar de andere scholen.",
                "Right. "
                + _ROLE_WHY["gatekeeper"]["en"]
                + " So she brought her school's knowledge "
                "to the other schools.",
            ),
            **{k: v for k, v in _ROLE_WHY.items() if k != "gatekeeper"},
        },
        solve=_solve_gf_role,
    )
)

_add(
    Exercise(
        id="2d_broker_cross",
        session=2,
        kind="count",
        question=_t(
            "Met hoeveel collega's van andere scholen had Gerda Willems in 2025 een relatie, in "
            "welke richting ook?",
            "With how many colleagues of other schools did Gerda Willems have a tie in 2025, in "
            "either direction?",
        ),
        hint=_t(
            "Neem wie haar noemen én wie zij noemt, tel ieder één keer, en houd alleen mensen van "
            "andere scholen over.",
            "Take those who name her and those she names, count each once, and keep only people of "
            "other schools.",
        ),
        feedback={
            "right": _t(
                "Goed: {value} collega's van andere scholen. Toen {name} vertrok, verloren die allemaal "
                "een lijn naar {school}.",
                "Right: {value} colleagues of other schools. When {name} left, they all lost a line "
                "to {school}.",
            ),
            "only_in": _t(
                "Je telde alleen wie bij {name} te rade ging. Tel ook de collega's van andere scholen "
                "bij wie zij zelf te rade ging (ieder één keer).",
                "You counted only those who turned to {name}. Also count the colleagues of other "
                "schools she turned to (each once).",
            ),
            "only_out": _t(
                "Je telde alleen bij wie {name} zelf te rade ging. Tel ook wie bij haar te rade ging.",
                "You counted only those {name} turned to. Also count those who turned to her.",
            ),
            "nominations": _t(
                "Je telde nominaties per thema. Tel collega's: iemand die haar op twee thema's noemt "
                "telt één keer.",
                "You counted nominations per topic. Count colleagues: someone naming her on two "
                "topics counts once.",
            ),
            "all_contacts": _t(
                "Je telde al haar contacten, ook die op haar eigen school. Houd alleen collega's van "
                "andere scholen over.",
                "You counted all her contacts, her own school included. Keep only colleagues of "
                "other schools.",
            ),
        },
        solve=_solve_broker_cross,
    )
)

_add(
    Exercise(
        id="3a_ei_school",
        session=3,
        kind="number",
        question=_t(
            "Wat is de E-I-index van het netwerk van 2026 met groepen naar school (tussen -1 en 1)?",
            "What is the E-I index of the 2026 network with groups by school (between -1 and 1)?",
        ),
        hint=_t(
            "E = relaties tussen scholen, I = relaties binnen een school (paren, alle thema's); "
            "E-I-index = (E - I) / (E + I).",
            "E = ties between schools, I = ties within a school (pairs, all topics); E-I index = "
            "(E - I) / (E + I).",
        ),
        feedback={
            "right": _t(
                "Goed: {E} relaties over de schoolgrens en {I} erbinnen: een index dicht bij -1. "
                "Collega's leren vooral binnen de eigen school.",
                "Right: {E} ties across schools and {I} inside: an index close to -1. Colleagues "
                "learn mostly inside their own school.",
            ),
            "sign_flipped": _t(
                "Het teken is omgedraaid: je rekende (I - E) / (E + I). De index is negatief als de "
                "meeste relaties binnen de groep blijven.",
                "The sign is flipped: you computed (I - E) / (E + I). The index is negative when "
                "most ties stay inside the group.",
            ),
            "share_external": _t(
                "Dat is het aandeel relaties over de schoolgrens, E / (E + I). De E-I-index trekt "
                "de relaties binnen de school er nog af: (E - I) / (E + I).",
                "That is the share of ties across schools, E / (E + I). The E-I index also "
                "subtracts the ties inside: (E - I) / (E + I).",
            ),
            "share_internal": _t(
                "Dat is het aandeel relaties binnen de school, I / (E + I). De E-I-index is "
                "(E - I) / (E + I).",
                "That is the share of ties inside a school, I / (E + I). The E-I index is "
                "(E - I) / (E + I).",
            ),
        },
        solve=_solve_ei_school,
    )
)

_add(
    Exercise(
        id="3b_clusters_follow",
        session=3,
        kind="choice",
        choices=CLUSTER_CHOICES,
        question=_t(
            "De clusters die de computer in het netwerk van 2026 vindt: lijken ze het meest op de "
            "teams, de scholen of de functies?",
            "The clusters the computer finds in the 2026 network: do they look most like the "
            "teams, the schools or the job roles?",
        ),
        hint=_t(
            "Leg de clusters naast de kolommen team, school en role (pd.crosstab). Vallen de "
            "clusters samen met één ervan?",
            "Put the clusters next to the columns team, school and role (pd.crosstab). Do the "
            "clusters coincide with one of them?",
        ),
        feedback={
            "right": _t(
                "Goed: de clusters volgen de scholen (overeenkomst {ari_school} op een schaal tot 1; "
                "teams {ari_team}). Teams van één school leren zoveel van elkaar dat ze samen één "
                "cluster vormen, soms twee.",
                "Right: the clusters follow the schools (agreement {ari_school} on a scale up to 1; "
                "teams {ari_team}). Teams of one school learn so much from each other that they "
                "form one cluster together, sometimes two.",
            ),
            "team": _t(
                "Teams zijn kleiner dan de clusters: een cluster bevat meestal meerdere teams van "
                "dezelfde school (overeenkomst met teams {ari_team}, met scholen {ari_school}).",
                "Teams are smaller than the clusters: a cluster usually holds several teams of one "
                "school (agreement with teams {ari_team}, with schools {ari_school}).",
            ),
            "role": _t(
                "Functies lopen dwars door de clusters heen (overeenkomst {ari_role}): "
                "leerkrachten, teamleiders en IB'ers zitten samen in een cluster.",
                "Job roles cut across the clusters (agreement {ari_role}): teachers, team leaders "
                "and special-needs coordinators share a cluster.",
            ),
            "none": _t(
                "Kijk nog eens naar de kruistabel van clusters en scholen: bijna elk cluster valt "
                "binnen één school.",
                "Look again at the cross table of clusters and schools: nearly every cluster lies "
                "inside one school.",
            ),
        },
        solve=_solve_clusters_follow,
    )
)

_add(
    Exercise(
        id="3c_cross_team",
        session=3,
        kind="share",
        question=_t(
            "Welk deel van de relaties in 2026 loopt over de teamgrens (tussen twee verschillende "
            "teams)?",
            "Which share of the 2026 ties crosses a team boundary (between two different teams)?",
        ),
        hint=_t(
            "Relaties als paren (source, target); vergelijk het team van source en target.",
            "Ties as (source, target) pairs; compare the team of source and target.",
        ),
        feedback={
            "right": _t(
                "Goed: {E} van de {L} relaties, ruim 40%, lopen tussen teams; de meeste daarvan "
                "blijven wel binnen de school.",
                "Right: {E} of the {L} ties, over 40%, run between teams; most of them stay inside "
                "the school.",
            ),
            "within_team": _t(
                "Dat is het deel binnen het eigen team. Gevraagd is het deel tussen teams.",
                "That is the share inside one's own team. The question asks for the share between "
                "teams.",
            ),
            "count": _t(
                "Dat is het aantal relaties tussen teams ({E}). Gevraagd is een aandeel: deel door "
                "alle {L} relaties.",
                "That is the number of ties between teams ({E}). The question asks for a share: "
                "divide by all {L} ties.",
            ),
            "across_school": _t(
                "Dat is het deel over de schoolgrens. Een teamgrens ligt ook binnen een school: "
                "onderbouw en bovenbouw van één school zijn twee teams.",
                "That is the share across schools. A team boundary also runs inside a school: the "
                "lower and upper years of one school are two teams.",
            ),
        },
        solve=_solve_cross_team,
    )
)

_CYCLE_WHY = {
    "potential": _t(
        "Bijna: ideeën opdoen scoort hoog, maar de gesprekken zelf scoren nog hoger.",
        "Close: gaining ideas scores high, but the conversations themselves score higher.",
    ),
    "applied": _t(
        "Toepassen in de klas scoort lager dan de gesprekken zelf: niet alles wat je hoort, "
        "gebruik je ook.",
        "Applying in class scores lower than the conversations: not all you hear gets used.",
    ),
    "realized": _t(
        "Merkbaar verschil voor leerlingen is juist een van de laagste: die waarde is het "
        "moeilijkst te bereiken (en te zien).",
        "A noticeable difference for pupils is one of the lowest: that value is the hardest to "
        "reach (and to see).",
    ),
    "reframing": _t(
        "Dat is juist de laagste: anders gaan denken over goed onderwijs gebeurt het minst.",
        "That is the lowest: changing one's view of good teaching happens least.",
    ),
}

_add(
    Exercise(
        id="4a_top_cycle",
        session=4,
        kind="choice",
        choices=CYCLES,
        question=_t(
            "Welke cyclus van waardecreatie scoort in 2026 gemiddeld het hoogst?",
            "Which value-creation cycle has the highest mean score in 2026?",
        ),
        hint=_t(
            "survey.value heeft per persoon een score per cyclus: groepeer op cycle en neem het "
            "gemiddelde.",
            "survey.value holds a score per person per cycle: group by cycle and take the mean.",
        ),
        feedback={
            "right": _t(
                "Goed: de directe waarde (de gesprekken zijn de moeite waard) scoort gemiddeld "
                "{mean}. Verder in de cyclus daalt de score: waarde wordt zeldzamer naarmate ze dieper gaat.",
                "Right: immediate value (the conversations are worthwhile) has a mean of {mean}. Further "
                "along the cycles the score drops: value gets rarer as it goes deeper.",
            ),
            **{k: v for k, v in _CYCLE_WHY.items() if k != "immediate"},
        },
        solve=_solve_top_cycle,
    )
)

_add(
    Exercise(
        id="4b_realized_agree",
        session=4,
        kind="share",
        question=_t(
            "Welk deel van wie de vraag over gerealiseerde waarde beantwoordde, is het er in 2026 "
            "mee eens (score 4 of 5)?",
            "Which share of those who answered the realized-value item in 2026 agrees (score 4 "
            "or 5)?",
        ),
        hint=_t(
            "Alleen cycle == 'realized' en wave == '2026', alleen ingevulde scores; tel score >= 4.",
            "Only cycle == 'realized' and wave == '2026', only given scores; count score >= 4.",
        ),
        feedback={
            "right": _t(
                "Goed: {agree} van de {answered}, ongeveer een op de vijf. Gerealiseerde waarde is "
                "zeldzamer dan waardevolle gesprekken.",
                "Right: {agree} of {answered}, about one in five. Realized value is rarer than "
                "worthwhile conversations.",
            ),
            "only_fully_agree": _t(
                "Je telde alleen 'helemaal mee eens' (5). 'Mee eens' (4) telt ook als eens.",
                "You counted only 'strongly agree' (5). 'Agree' (4) also counts as agreeing.",
            ),
            "of_all_staff": _t(
                "Je deelde door alle {staff} mensen op de lijst. Deel door wie de vraag beantwoordde "
                "({answered}): wie niet antwoordde, weten we niet.",
                "You divided by all {staff} people on the list. Divide by those who answered "
                "({answered}): we do not know about the others.",
            ),
            "mean_score": _t(
                "Dat is de gemiddelde score, geen aandeel. Tel wie 4 of 5 gaf en deel door wie "
                "antwoordde.",
                "That is the mean score, not a share. Count who gave 4 or 5 and divide by those who "
                "answered.",
            ),
        },
        solve=_solve_realized_agree,
    )
)

_add(
    Exercise(
        id="4c_ict_cycles",
        session=4,
        kind="choices",
        choices=CYCLES,
        question=_t(
            "De leden van het ICT-leernetwerk tegenover hun collega's in 2026: in welke twee "
            "cycli scoren de leden duidelijk hoger?",
            "The members of the ICT learning network against their colleagues in 2026: in which "
            "two cycles do the members score clearly higher?",
        ),
        hint=_t(
            "Vergelijk per cyclus het gemiddelde van de leden met dat van de anderen en kies de "
            "twee grootste verschillen.",
            "Compare per cycle the members' mean with the others' and pick the two largest "
            "differences.",
        ),
        feedback={
            "right": _t(
                "Goed: toegepaste en gerealiseerde waarde. Wie in het netwerk meedoet, past vaker iets "
                "toe in de klas en ziet vaker verschil bij leerlingen; de gesprekken zelf zijn "
                "voor iedereen ongeveer even waardevol.",
                "Right: applied and realized value. Network members apply more in class and see "
                "more difference for pupils; the conversations themselves are about equally "
                "worthwhile for everyone.",
            ),
            "missing": _t(
                "Je mist: {missing}.",
                "You are missing: {missing}.",
            ),
            "extra": _t(
                "Niet duidelijk hoger bij de leden: {extra}.",
                "Not clearly higher for the members: {extra}.",
            ),
        },
        solve=_solve_ict_cycles,
    )
)

_add(
    Exercise(
        id="5a_goes_to",
        session=5,
        kind="count",
        question=_t(
            "Bij hoeveel collega's gaat Annemiek de Wit in 2026 te rade?",
            "How many colleagues does Annemiek de Wit turn to in 2026?",
        ),
        hint=_t(
            "Op de egokaart: de mensen in de kleur 'gaat naar' en 'beide kanten op'.",
            "On the ego map: the people coloured 'goes to' and 'both ways'.",
        ),
        feedback={
            "right": _t(
                "Goed: {name} gaat bij {value} collega's te rade.",
                "Right: {name} turns to {value} colleagues.",
            ),
            "in_degree": _t(
                "Je telde wie bij {name} te rade gaat, niet bij wie zij te rade gaat. Een pijl van A "
                "naar B betekent: A gaat bij B te rade.",
                "You counted who turns to {name}, not whom she turns to. An arrow from A to B means: "
                "A turns to B.",
            ),
            "nominations": _t(
                "Je telde nominaties per thema. Iemand die zij op twee thema's noemt, is één collega.",
                "You counted nominations per topic. Someone she names on two topics is one "
                "colleague.",
            ),
        },
        solve=_solve_goes_to,
    )
)

_add(
    Exercise(
        id="5b_both_ways",
        session=5,
        kind="count",
        question=_t(
            "Met hoeveel collega's heeft Annemiek de Wit in 2026 een wederzijdse relatie (zij gaat "
            "bij hen te rade én zij bij haar)?",
            "With how many colleagues does Annemiek de Wit have a mutual tie in 2026 (she turns to "
            "them and they to her)?",
        ),
        hint=_t(
            "Op de egokaart: de kleur 'beide kanten op'.",
            "On the ego map: the colour 'both ways'.",
        ),
        feedback={
            "right": _t(
                "Goed: {value} wederzijdse relaties. De meeste collega's die bij {name} te rade "
                "gaan, vraagt zij zelf niet: als vraagbaak geeft ze meer dan ze vraagt.",
                "Right: {value} mutual ties. Most colleagues who turn to {name} she does not ask "
                "in turn: as a go-to person she gives more than she asks.",
            ),
            "out_degree": _t(
                "Dat zijn alle collega's bij wie {name} te rade gaat. Wederzijds is alleen als die "
                "collega ook bij haar te rade gaat.",
                "Those are all colleagues {name} turns to. Mutual only when that colleague also "
                "turns to her.",
            ),
            "in_degree": _t(
                "Dat zijn alle collega's die bij {name} te rade gaan. Wederzijds is alleen als zij "
                "ook bij hen te rade gaat.",
                "Those are all colleagues who turn to {name}. Mutual only when she also turns to "
                "them.",
            ),
            "contacts": _t(
                "Dat zijn al haar contacten, in welke richting ook. Wederzijds vraagt beide "
                "richtingen tegelijk.",
                "Those are all her contacts, in either direction. Mutual needs both directions at "
                "once.",
            ),
        },
        solve=_solve_both_ways,
    )
)
