"""Contract tests: check any implementation of the Smart Sender Contacts API against the document.

settings.py    RunSettings, and SETTINGS: the one table of every setting of a run
checks/        the semantic checks (schemathesis checks: a case and its answer in, a verdict out)
suite/         the pytest suite of a run: build_suite(settings), its target, the write guard,
               the statistics, and the test files pytest runs
runner/        the command-line runner (scripts/conform): options, preflight, reporting, verdict
conform.py     its entry point (python -m contract_tests.conform)
hooks.py       the checks under plain `schemathesis run` (schemathesis.toml)
follow_up.py   what checks share: which operation a case is, and follow-up requests
"""
