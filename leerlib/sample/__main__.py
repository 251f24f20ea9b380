"""``python -m leerlib.sample [outdir]``: rewrite the bundled sample (default: the repo's data/sample)."""

from __future__ import annotations

import sys
from pathlib import Path

from leerlib.sample import default_sample_dir
from leerlib.sample.board import generate_sample

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Write the sample files and print where they went."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else default_sample_dir()
    paths = generate_sample(out)
    print(f"wrote {len(paths)} files to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
