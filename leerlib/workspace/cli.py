"""The workspace's command line: ``leerlib workspace init|import|list|links|revoke|...``."""

from __future__ import annotations

import argparse
import sys

from leerlib.errors import LeerlibError
from leerlib.workspace.demo import SAMPLE_ORG, fill_sample

__all__ = ["add_parser", "run", "SAMPLE_ORG", "summary"]


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``workspace`` command and its subcommands to an argparse subparsers object."""
    ws = subparsers.add_parser(
        "workspace",
        help="make and fill a workspace (an organisation's stored rounds)",
        description="A workspace stores an organisation's survey rounds, people, cleaning "
        "decisions and personal links in one SQLite file or a PostgreSQL database. PATH is a "
        "file path or a database URL (postgresql://user@host/db).",
    )
    sub = ws.add_subparsers(dest="action", required=True, metavar="ACTION")

    def cmd(name, help_):
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("path", metavar="PATH", help="workspace file or database URL")
        p.add_argument(
            "--key-file",
            metavar="F",
            help="the key's file (default: PATH.key beside an SQLite workspace, "
            "else the environment variable LEERLIB_KEY)",
        )
        return p

    p = cmd("init", "make a new workspace and its key")
    p.add_argument("--org", metavar="NAME", help="the organisation's name")
    p.add_argument("--language", choices=["nl", "en"], default="nl")
    p.add_argument(
        "--min-group-size",
        type=int,
        default=5,
        metavar="N",
        help="smallest group shown in group figures (default 5)",
    )
    p.add_argument(
        "--names-allowed",
        action="store_true",
        help="colleagues consented to their names being shown",
    )
    p.add_argument(
        "--sample", action="store_true", help="fill it with the bundled sample's two rounds"
    )

    p = cmd("import", "clean one round's export and store it (all or nothing)")
    p.add_argument("--round", required=True, metavar="NAME", help="the round's name, e.g. 2026")
    p.add_argument("--label", metavar="TEXT", help="what dashboards show (default the name)")
    p.add_argument("--survey", required=True, metavar="F", help="the survey export (CSV/XLSX)")
    p.add_argument("--roster", required=True, metavar="F", help="the staff list (CSV/XLSX)")
    p.add_argument("--codebook", required=True, metavar="F", help="the codebook (TOML)")
    p.add_argument("--aliases", metavar="F", help="an alias table (alias, person_id)")
    p.add_argument("--replace", action="store_true", help="replace a round of the same name")

    cmd("list", "show the organisation and its rounds")

    p = cmd("links", "personal links for a round's staff, as CSV on standard output")
    p.add_argument(
        "--base-url",
        required=True,
        metavar="URL",
        help="the server's address as colleagues reach it",
    )
    p.add_argument(
        "--expires", type=float, metavar="DAYS", help="days a new link stays valid (default 90)"
    )
    p.add_argument("--round", metavar="NAME", help="whose staff list (default the latest round)")
    p.add_argument("--renew", action="store_true", help="revoke the valid links and issue new ones")

    p = cmd("revoke", "revoke a person's personal links")
    p.add_argument("person_id", metavar="PERSON_ID")

    p = cmd("resolve", "record which person a typed name means (used by later imports)")
    p.add_argument("raw_name", metavar="NAME", help="the name as typed in the export")
    p.add_argument("person_id", metavar="PERSON_ID")

    p = cmd("backup", "copy an SQLite workspace safely, also while it is in use")
    p.add_argument("dest", metavar="DEST", help="the new file")

    p = cmd("copy", "copy the whole workspace into a new one, e.g. from SQLite to PostgreSQL")
    p.add_argument("dest", metavar="DEST", help="a new file or an empty database's URL")

    cmd("upgrade", "bring a workspace made by an older leerlib to this version's schema")

    # a round asked inside leerlib (docs/collect.md)
    p = cmd("collect-open", "open a round that colleagues answer through their personal links")
    p.add_argument("--round", required=True, metavar="NAME", help="the new round's name")
    p.add_argument("--codebook", required=True, metavar="F", help="topics, scales, value items")
    p.add_argument("--label", metavar="TEXT", help="what pages and dashboards show")
    p.add_argument("--staff-round", metavar="NAME", help="whose staff list (default the latest)")
    p.add_argument(
        "--fresh", action="store_true", help="do not start from the last round's relations"
    )
    p = cmd("collect-close", "close the open round and store it as a round (a snapshot)")
    p = cmd("invitations", "survey links for the open round's staff, as CSV for a mail merge")
    p.add_argument("--base-url", required=True, metavar="URL", help="the server's address")
    p.add_argument("--expires", type=float, metavar="DAYS", help="days a new link stays valid")
    p = cmd("monitor", "answers so far per team; teams below the minimum group size hidden")
    p.add_argument("--by", default="team", metavar="COLUMN", help="group column (default team)")
    cmd("not-answered", "who has not answered the open round yet, as CSV (researcher only)")
    ws.set_defaults(func=run)
    return ws


def summary(survey, name: str) -> str:
    """Return a few lines on a cleaned round: people, ties, responses and the cleaning log.

    Examples
    --------
    >>> import leerlib
    >>> print(summary(leerlib.load_sample("2026"), "2026"))  # doctest: +ELLIPSIS
    round 2026: 149 people (149 on the staff list), 1019 ties, 128 of 149 responded (86%)
    cleaning log: 25 rows: 21 kept non_respondent, 3 dropped self_tie, 1 dropped blank_row
    """
    people = survey.people
    internal = int(people["internal"].sum()) if "internal" in people else len(people)
    resp = survey.responses
    answered = int(resp["responded"].sum()) if len(resp) else 0
    share = f" ({answered / len(resp):.0%})" if len(resp) else ""
    lines = [
        f"round {name}: {len(people)} people ({internal} on the staff list), "
        f"{len(survey.ties)} ties, {answered} of {len(resp)} responded{share}"
    ]
    log = survey.log
    if len(log):
        counts = (
            log.groupby(["action", "reason"]).size().sort_values(ascending=False, kind="stable")
        )
        parts = [f"{n} {a} {r}" for (a, r), n in counts.items()]
        lines.append(f"cleaning log: {len(log)} rows: " + ", ".join(parts))
    else:
        lines.append("cleaning log: empty")
    return "\n".join(lines)


def run(args) -> int:
    """Carry out one parsed ``workspace`` command; returns the exit status."""
    from leerlib.workspace import Workspace

    out = sys.stdout
    if args.action == "init":
        if not args.org and not args.sample:
            raise LeerlibError("init needs --org NAME (or --sample for the bundled sample)")
        ws = Workspace.create(
            args.path,
            org=args.org or SAMPLE_ORG,
            language=args.language,
            min_group_size=args.min_group_size,
            names_allowed=args.names_allowed,
            key_file=args.key_file,
        )
        with ws:
            print(f"made workspace {ws.location} for {ws.org.name}", file=out)
            if ws.key_path is not None:
                print(
                    f"its key is in {ws.key_path} (readable by you only): keep it, and back it "
                    "up apart from the data",
                    file=out,
                )
            if args.sample:  # not the demonstration: closed like any workspace a user makes
                for wave, survey in fill_sample(ws):
                    print(summary(survey, wave), file=out)
        return 0
    if args.action == "upgrade":
        before, after = Workspace.upgrade(args.path)
        if before == after:
            print(f"{args.path}: schema revision {after}, nothing to do", file=out)
        else:
            print(f"{args.path}: upgraded from schema revision {before} to {after}", file=out)
        return 0
    with Workspace.open(args.path, key_file=args.key_file) as ws:
        if args.action == "import":
            survey = ws.import_round(
                args.round,
                args.survey,
                args.roster,
                args.codebook,
                args.aliases,
                replace=args.replace,
                label=args.label,
            )
            print(summary(survey, args.round), file=out)
        elif args.action == "list":
            org = ws.org
            print(
                f"{org.name} ({ws.location}): language {org.language}, groups of at least "
                f"{org.min_group_size}, names {'allowed' if org.names_allowed else 'not shown'}, "
                f"key check {org.key_check}",
                file=out,
            )
            table = ws.round_table()
            if table.empty:
                print("no rounds yet", file=out)
            else:
                table["imported_at"] = table["imported_at"].dt.strftime("%Y-%m-%d %H:%M UTC")
                print(table.to_string(index=False), file=out)
        elif args.action == "links":
            links = ws.personal_links(
                args.base_url, expires=args.expires, round=args.round, renew=args.renew
            )
            links[["person_id", "name", "url"]].to_csv(out, index=False, lineterminator="\n")
        elif args.action == "revoke":
            n = ws.revoke(args.person_id)
            print(f"revoked {n} link(s) of {args.person_id}", file=out)
        elif args.action == "resolve":
            ws.resolve(args.raw_name, args.person_id)
            print(f"{args.raw_name!r} now means {args.person_id} in every later import", file=out)
        elif args.action == "copy":
            with ws.copy_to(args.dest) as copy:
                print(
                    f"copied {ws.location} to {copy.location} ({len(copy.rounds)} rounds); open "
                    "it with the same key (--key-file or LEERLIB_KEY)",
                    file=out,
                )
        elif args.action.startswith("collect-") or args.action in (
            "invitations",
            "monitor",
            "not-answered",
        ):
            _collect(ws, args, out)
        elif args.action == "backup":
            dest = ws.backup(args.dest)
            print(f"copied {ws.location} to {dest}; the key file is not in the copy", file=out)
    return 0


def _collect(ws, args, out) -> None:
    """Carry out a command of a round asked inside leerlib."""
    if args.action == "collect-open":
        form = ws.open_collection(
            args.round,
            args.codebook,
            staff_round=args.staff_round,
            label=args.label,
            previous=None if args.fresh else "auto",
        )
        since = f", starting from round {form.previous}" if form.previous else ""
        print(
            f"opened round {form.name}: {len(form.topics)} topics, {len(form.value)} value "
            f"items, {len(form.staff)} colleagues on the staff list{since}",
            file=out,
        )
        return
    name = ws.open_round()
    if name is None:
        raise LeerlibError("no round is open (leerlib workspace collect-open PATH ...)")
    if args.action == "collect-close":
        ws.close_collection(name)
        print(summary(ws.survey(name), name), file=out)
    elif args.action == "invitations":
        links = ws.invitations(args.base_url, expires=args.expires)
        links.to_csv(out, index=False, lineterminator="\n")
    elif args.action == "monitor":
        table = ws.response_monitor(name, by=args.by)
        print(table.to_string(index=False, na_rep="-"), file=out)
    elif args.action == "not-answered":
        ws.not_answered(name).to_csv(out, index=False, lineterminator="\n")
