"""The overview's "Waarde" tab: value-creation profiles, value by position, stories."""

from __future__ import annotations

import html

import pandas as pd

from leerlib.dashboards import _render
from leerlib.dashboards.i18n import t as text

__all__ = [
    "CORE_CYCLES",
    "own_profile_html",
    "position_table",
    "profile_table",
    "stories_html",
    "value_story_sentences",
    "value_tab_html",
]

#: The five cycles of Wenger, Trayner & de Laat (2011), in the framework's order.
CORE_CYCLES = ("immediate", "potential", "applied", "realized", "reframing")

#: Text keys of :func:`leerlib.value_by_position`'s positions and brokerage roles.
POSITION_KEYS = {
    "brokerage": "value_pos_brokerage",
    "across": "value_pos_across",
    "in_degree": "value_pos_in_degree",
}
ROLE_KEYS = {
    "coordinator": "value_cat_coordinator",
    "itinerant": "value_cat_itinerant",
    "representative": "value_cat_representative",
    "gatekeeper": "value_cat_gatekeeper",
    "liaison": "value_cat_liaison",
    "none": "value_cat_none",
}


def _pct(x) -> str:
    return "–" if pd.isna(x) else f"{100 * float(x):.0f}%"


def _num(x, lang: str) -> str:
    s = f"{float(x):.1f}"
    return s.replace(".", ",") if lang == "nl" else s


def _cycles(df: pd.DataFrame) -> list[str]:
    present = set(df["cycle"].astype(str))
    return [c for c in CORE_CYCLES if c in present] + sorted(present - set(CORE_CYCLES))


def _cycle_label(c: str, lang: str) -> str:
    from leerlib.io.value import CYCLE_LABELS

    return CYCLE_LABELS.get(c, {}).get(lang, c)


def profile_table(
    profile: pd.DataFrame, group: str, *, lang: str = "nl"
) -> tuple[pd.DataFrame, int]:
    """Group x cycles: the share reaching each cycle, with the number of respondents.

    Parameters
    ----------
    profile : DataFrame
        :func:`leerlib.value_profile` rows of one round (``by=group``).
    group : str
        The group column of ``profile``.
    lang : {"nl", "en"}

    Returns
    -------
    (DataFrame, int)
        One row per group shown (the whole organisation first); a cell reads
        ``"62% (n=13)"``. Groups suppressed in every cycle are left out, and so is a
        suppressed cell of a group that is shown (``–``); the int is the number of
        groups left out.

    Examples
    --------
    >>> p = pd.DataFrame({"team": ["(all)", "A", "B"], "cycle": "applied",
    ...                   "respondents": [9, 6, 3], "reached": [0.5, 0.5, None],
    ...                   "suppressed": [False, False, True]})
    >>> tab, hidden = profile_table(p, "team", lang="en")
    >>> tab.to_dict("records"), hidden
    ([{'': 'Whole organisation', 'Applied value': '50% (n=9)'}, {'': 'A', 'Applied value': '50% (n=6)'}], 1)
    """
    cycles = _cycles(profile)
    shown = profile.groupby(group, sort=False)["suppressed"].agg(lambda s: not s.all())
    groups = [g for g in shown.index if shown[g]]
    groups = sorted(groups, key=lambda g: (g != "(all)", str(g)))
    rows = []
    for g in groups:
        sub = profile[profile[group] == g].set_index(
            profile[profile[group] == g]["cycle"].astype(str)
        )
        row = {"": text("value_all", lang) if g == "(all)" else str(g)}
        for c in cycles:
            if c not in sub.index or bool(sub.loc[c, "suppressed"]):
                row[_cycle_label(c, lang)] = "–"
            else:
                r = sub.loc[c]
                row[_cycle_label(c, lang)] = f"{_pct(r['reached'])} (n={int(r['respondents'])})"
        rows.append(row)
    return pd.DataFrame(rows), int((~shown).sum())


def position_table(pos: pd.DataFrame, *, lang: str = "nl") -> pd.DataFrame:
    """Return position categories x cycles from :func:`leerlib.value_by_position`.

    Each cell: the share reaching the cycle and the number of people (``–``: hidden, fewer
    than the threshold).
    """
    cycles = _cycles(pos)
    rows = []
    for (position, category), sub in pos.groupby(["position", "category"], sort=False):
        sub = sub.set_index(sub["cycle"].astype(str))
        row = {
            text("value_position", lang): text(POSITION_KEYS[position], lang)
            if position in POSITION_KEYS
            else str(position),
            text("value_category", lang): text(ROLE_KEYS[category], lang)
            if position == "brokerage" and category in ROLE_KEYS
            else str(category),
        }
        for c in cycles:
            if c not in sub.index or bool(sub.loc[c, "suppressed"]):
                row[_cycle_label(c, lang)] = "–"
            else:
                r = sub.loc[c]
                row[_cycle_label(c, lang)] = f"{_pct(r['reached'])} (n={int(r['people'])})"
        rows.append(row)
    return pd.DataFrame(rows)


def stories_html(stories: pd.DataFrame | None, *, lang: str = "nl", show_text: bool = False) -> str:
    """Return the value-creation stories: the number per cycle, their text if ``show_text``.

    Story text is personal data: pseudonymised views show counts only.
    """
    e = html.escape
    if stories is None or not len(stories):
        return ""
    parts = [f"<h4>{e(text('value_stories', lang))}</h4>"]
    counts = stories["cycle"].astype(str).value_counts()
    parts.append(
        "<ul>"
        + "".join(
            f"<li>{e(_cycle_label(c, lang))}: {int(counts[c])}</li>"
            for c in _cycles(stories)
            if c in counts
        )
        + "</ul>"
    )
    if show_text and "text" in stories.columns:
        parts.append(
            "<ul class='ll-stories'>"
            + "".join(
                f"<li><b>{e(_cycle_label(str(r.cycle), lang))}</b>: {e(str(r.text))}</li>"
                for r in stories.itertuples(index=False)
            )
            + "</ul>"
        )
    else:
        parts.append(f"<p class='ll-note'>{e(text('value_stories_hidden', lang))}</p>")
    return "".join(parts)


def _topic_label(survey, topic: str, lang: str) -> str:
    topics = getattr(survey, "topics", None) or {}
    entry = topics.get(topic, {}) if isinstance(topics, dict) else {}
    return str(entry.get(lang, topic)) if isinstance(entry, dict) else str(topic)


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def value_story_sentences(
    survey,
    *,
    wave,
    threshold: int,
    lang: str = "nl",
    before=None,
    leavers=(),
    leaver_label: str | None = None,
) -> list[str]:
    """Say what stands out in the value answers, in plain sentences with their numbers.

    1. Per topic, the respondents who turn to colleagues of another school (team, without a
       school column) on it, against the other respondents
       (:func:`leerlib.value_by_topic_across`): the topic and the two cycles where the first
       group's mean is highest above the others' (only when both groups are shown and the
       difference is positive).
    2. With ``before`` and ``leavers`` (bridging colleagues who left): the respondents of both
       rounds who turned to one of them in ``before``, against the others
       (:func:`leerlib.value_after_leaving`): the two cycles whose mean fell most against the
       others' change (only when it fell). ``leaver_label``: how the view shows a single
       leaver (pseudonym or name).

    Groups below ``threshold`` are hidden; no sentence names a person.
    """
    from leerlib.metrics.value import value_after_leaving, value_by_topic_across

    out = []
    people = survey.people.columns
    across = "school" if "school" in people else ("team" if "team" in people else None)
    pct = lambda x: f"{100 * float(x):.0f}"  # noqa: E731
    if across is not None:
        tab = value_by_topic_across(survey, str(wave), across=across, min_group=threshold)
        wide = tab.pivot_table(
            index=["topic", "cycle"],
            columns="group",
            values=["mean", "reached", "respondents"],
            observed=True,
        )
        need = [("mean", "across"), ("mean", "others")]
        wide = wide.dropna(subset=need) if all(c in wide.columns for c in need) else wide.iloc[:0]
        if len(wide):
            diff = (wide[("mean", "across")] - wide[("mean", "others")]).sort_values(
                ascending=False, kind="stable"
            )
            topic = diff.index[0][0]
            top = diff[diff.index.get_level_values("topic") == topic]
            top = top[top > 0].head(2)
            if len(top) == 2:
                (_, c1), (_, c2) = top.index
                r1, r2 = wide.loc[(topic, c1)], wide.loc[(topic, c2)]
                out.append(
                    text(
                        "value_story_across",
                        lang,
                        topic=_topic_label(survey, topic, lang),
                        where=text(
                            "value_story_where_school"
                            if across == "school"
                            else "value_story_where_team",
                            lang,
                        ),
                        n=int(r1[("respondents", "across")]),
                        m=int(r1[("respondents", "others")]),
                        c1=_lower(_cycle_label(str(c1), lang)),
                        c2=_lower(_cycle_label(str(c2), lang)),
                        a1=pct(r1[("reached", "across")]),
                        b1=pct(r1[("reached", "others")]),
                        a2=pct(r2[("reached", "across")]),
                        b2=pct(r2[("reached", "others")]),
                        x1=_num(r1[("mean", "across")], lang),
                        y1=_num(r1[("mean", "others")], lang),
                        x2=_num(r2[("mean", "across")], lang),
                        y2=_num(r2[("mean", "others")], lang),
                    )
                )
    leavers = list(leavers)
    if before is not None and leavers:
        tab = value_after_leaving(survey, str(before), str(wave), leavers, min_group=threshold)
        c = tab[tab["group"] == "contacts"].set_index("cycle")
        o = tab[tab["group"] == "others"].set_index("cycle")
        gap = (c["change"] - o["change"]).dropna().sort_values(kind="stable")
        gap = gap[(gap < 0) & (c["change"].reindex(gap.index) < 0)].head(2)
        if len(gap) == 2 and not o.loc[list(gap.index), "suppressed"].any():
            c1, c2 = gap.index
            who = (
                text("value_story_left_one", lang, who=leaver_label or "")
                if len(leavers) == 1 and leaver_label
                else text("value_story_left_many", lang, k=len(leavers))
            )
            out.append(
                text(
                    "value_story_left",
                    lang,
                    before=before,
                    after=wave,
                    who=who,
                    n=int(c.loc[c1, "people"]),
                    m=int(o.loc[c1, "people"]),
                    c1=_lower(_cycle_label(str(c1), lang)),
                    c2=_lower(_cycle_label(str(c2), lang)),
                    x1=_num(c.loc[c1, "mean_before"], lang),
                    y1=_num(c.loc[c1, "mean_after"], lang),
                    x2=_num(c.loc[c2, "mean_before"], lang),
                    y2=_num(c.loc[c2, "mean_after"], lang),
                    u1=_num(o.loc[c1, "mean_before"], lang),
                    v1=_num(o.loc[c1, "mean_after"], lang),
                    u2=_num(o.loc[c2, "mean_before"], lang),
                    v2=_num(o.loc[c2, "mean_after"], lang),
                )
            )
    return out


def value_tab_html(
    survey,
    *,
    wave,
    group: str | None,
    threshold: int,
    lang: str = "nl",
    stories: pd.DataFrame | None = None,
    show_text: bool = False,
    before=None,
    leavers=(),
    leaver_label: str | None = None,
) -> str:
    """Return the tab's text and tables for round ``wave`` of ``survey`` (the map goes alongside).

    Parameters
    ----------
    survey : Survey
        The survey as the overview shows it (pseudonymised unless names are shown).
    wave : str
        The round.
    group : str or None
        People column of the per-group profile (team); None: the organisation only.
    threshold : int
        Groups and position rows with fewer respondents are hidden.
    lang : {"nl", "en"}
    stories : DataFrame, optional
        :func:`leerlib.read_stories` rows.
    show_text : bool
        Show story texts (names view only).
    before, leavers, leaver_label
        The round before ``wave``, the bridging colleagues who left since and how the view
        shows a single one (:func:`value_story_sentences`).
    """
    from leerlib.metrics.value import value_by_position, value_profile

    e = html.escape
    parts = [f"<h3>{e(text('value_title', lang))}</h3><p>{e(text('value_text', lang))}</p>"]
    value = getattr(survey, "value", None)
    has = value is not None and len(value) and (value["wave"].astype(str) == str(wave)).any()
    if not has:
        parts.append(f"<p>{e(text('value_none', lang, wave=wave))}</p>")
        parts.append(stories_html(stories, lang=lang, show_text=show_text))
        return "".join(parts)
    story = value_story_sentences(
        survey,
        wave=wave,
        threshold=threshold,
        lang=lang,
        before=before,
        leavers=leavers,
        leaver_label=leaver_label,
    )
    if story:
        parts.append(
            f"<h4>{e(text('value_story_title', lang))}</h4><ul class='ll-value-story'>"
            + "".join(f"<li>{e(x)}</li>" for x in story)
            + "</ul>"
            f"<p class='ll-note'>{e(text('value_story_note', lang, n=threshold))}</p>"
        )
    by = group if group and group in survey.people.columns else None
    prof = value_profile(survey, by, wave=str(wave), min_group=threshold)
    col = by or "group"
    tab, hidden = profile_table(prof, col, lang=lang)
    parts.append(
        f"<h4>{e(text('value_profile_title', lang, wave=wave))}</h4>"
        f"<p class='ll-note'>{e(text('value_reached_note', lang))}</p>"
        f'<div class="ll-scroll ll-value-profile">{_render.table(tab)}</div>'
    )
    if hidden:
        parts.append(
            f'<p class="ll-note">{e(text("value_hidden_groups", lang, k=hidden, n=threshold))}</p>'
        )
    pos = (
        value_by_position(survey, str(wave), group=by or "team", min_group=threshold)
        if by
        else None
    )
    if pos is not None and len(pos):
        parts.append(
            f"<h4>{e(text('value_position_title', lang))}</h4>"
            f"<p class='ll-note'>{e(text('value_position_text', lang))}</p>"
            f'<div class="ll-scroll ll-value-position">'
            f"{_render.table(position_table(pos, lang=lang), max_rows=200)}</div>"
        )
    parts.append(stories_html(stories, lang=lang, show_text=show_text))
    return "".join(parts)


def own_profile_html(survey, person, *, wave, team, threshold: int, lang: str = "nl") -> str:
    """Return the personal page: the person's own score per cycle against their team's mean.

    The team's figures come from :func:`leerlib.value_profile` with ``min_group=threshold``:
    a team with fewer respondents (or hidden to protect one that is) shows ``–``.
    """
    from leerlib.metrics.value import value_profile

    e = html.escape
    value = getattr(survey, "value", None)
    if value is None or not len(value) or not (value["wave"].astype(str) == str(wave)).any():
        return ""
    mine = value_profile(survey, "person", wave=str(wave))
    mine = mine[mine["person_id"].astype(str) == str(person)].set_index("cycle")
    head = f"<h3>{e(text('my_value_title', lang))}</h3>"
    if mine.empty:
        return head + f"<p>{e(text('my_value_none', lang, wave=wave))}</p>"
    teams = pd.DataFrame()
    if team is not None and "team" in survey.people.columns:
        prof = value_profile(survey, "team", wave=str(wave), min_group=threshold)
        teams = prof[prof["team"] == team].set_index(
            prof[prof["team"] == team]["cycle"].astype(str)
        )
    rows = []
    for c in _cycles(mine.reset_index()):
        t_row = teams.loc[c] if c in teams.index else None
        team_mean = "–" if t_row is None or bool(t_row["suppressed"]) else _num(t_row["mean"], lang)
        rows.append(
            {
                text("my_value_cycle", lang): _cycle_label(c, lang),
                text("my_value_you", lang): _num(mine.loc[c, "score"], lang),
                text("my_value_team", lang): team_mean,
            }
        )
    hidden = any(r[text("my_value_team", lang)] == "–" for r in rows)
    note = text("my_value_note", lang) + (
        " " + text("my_value_team_hidden", lang, n=threshold) if hidden else ""
    )
    return (
        head + f'<div class="ll-my-value">{_render.table(pd.DataFrame(rows))}</div>'
        f"<p class='ll-note'>{e(note)}</p>"
    )
