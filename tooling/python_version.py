"""Exits 0 when the Python running it is new enough for this repository, 1 otherwise.

    python3 -m tooling.python_version    # scripts/_bootstrap.sh asks each candidate interpreter

Any Python may run this (that is its job), so it uses no syntax newer than Python 3.0; an
interpreter too old even to parse it fails, which is the right answer too.
"""

import sys

MINIMUM = (3, 11)  # pyproject.toml's requires-python


def new_enough(version_info: "tuple[int, ...] | None" = None) -> bool:
    """Whether `version_info` (default: the running interpreter's) is at least MINIMUM."""
    current = tuple(sys.version_info if version_info is None else version_info)[:2]
    return current >= MINIMUM


if __name__ == "__main__":
    sys.exit(0 if new_enough() else 1)
