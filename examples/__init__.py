"""Runnable examples (`python examples/<name>.py`); a package only so that tests and mypy can import them."""
