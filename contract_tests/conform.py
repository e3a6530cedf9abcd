"""scripts/conform's entry point: `python -m contract_tests.conform --help` (contract_tests.runner does the work)."""

from __future__ import annotations

import sys

from contract_tests.runner import main

if __name__ == "__main__":
    sys.exit(main())
