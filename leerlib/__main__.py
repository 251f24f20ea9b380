"""The ``leerlib`` command (also ``python -m leerlib``): ``leerlib workspace ...``."""

from __future__ import annotations

import argparse
import sys

from leerlib.errors import LeerlibError

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (errors: one line on stderr, status 1)."""
    from leerlib.workspace.cli import add_parser

    parser = argparse.ArgumentParser(prog="leerlib", description="leerlib's command line.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except LeerlibError as e:
        print(f"leerlib: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("leerlib: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
