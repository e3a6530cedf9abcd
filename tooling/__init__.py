"""The Python behind scripts/: each module is one step of a script, run as `python -m tooling.<module>`.

Kept out of the scripts' heredocs so that mypy --strict and ruff check it like the rest of the code.
"""
