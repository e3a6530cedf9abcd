"""Contract tests: check any implementation of the Smart Sender Contacts API against the document.

Run them with `scripts/conform` (see `python -m contract_tests.conform --help`); the target and
the safety rules come from the environment (contract_tests.settings).
"""
