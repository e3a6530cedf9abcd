"""Puts the generated client (generated/python) on the virtualenv's import path with a .pth file.

    .venv/bin/python -m tooling.client_on_path /abs/path/to/generated/python

An editable install would write build files into generated/, which only scripts/generate may write;
tests/client proves separately that the client builds as a distribution.
"""

from __future__ import annotations

import argparse
import site
import sys
from collections.abc import Sequence
from pathlib import Path

PTH_NAME = "smartsender-client-from-generated.pth"


def put_on_path(client_root: Path, site_packages: Path) -> Path:
    """Writes the .pth naming `client_root` into `site_packages`; returns the file written."""
    pth = site_packages / PTH_NAME
    pth.write_text(f"{client_root}\n")
    return pth


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.client_on_path", description=__doc__.splitlines()[0])
    parser.add_argument("client_root", type=Path, help="the folder that holds the smartsender_client package")
    args = parser.parse_args(argv)
    put_on_path(args.client_root, Path(site.getsitepackages()[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
