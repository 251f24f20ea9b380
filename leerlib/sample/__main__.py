"""``python -m leerlib.sample [outdir]``: rewrite the bundled sample (default: its package folder)."""

from __future__ import annotations

import argparse
from pathlib import Path

from leerlib.sample import default_sample_dir
from leerlib.sample.board import generate_sample
from leerlib.sample.examples import generate_examples

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Write the sample files and print where they went."""
    parser = argparse.ArgumentParser(
        prog="python -m leerlib.sample",
        description="Write the bundled sample (a fictional Dutch school board, two survey rounds) "
        "and the example exports of notebook 06 (folder examples).",
    )
    parser.add_argument(
        "outdir",
        nargs="?",
        type=Path,
        default=None,
        help="folder to write (default: the bundled sample's folder, leerlib/sample/data; "
        "data/sample in a source checkout links to it)",
    )
    args = parser.parse_args(argv)
    out = args.outdir if args.outdir is not None else default_sample_dir()
    paths = generate_sample(out)
    print(f"wrote {len(paths)} files to {out}")
    examples = generate_examples(out / "examples")
    n = sum(len(files) for files in examples.values()) + 1  # and the folder's README.md
    print(f"wrote {n} example files to {out / 'examples'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
