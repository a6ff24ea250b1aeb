"""The variables a contract run's pytest process is handed (by `python -m contract_tests`, or by `make
test`), apart from the API's own <PREFIX>... ones: which API, and where the run's report goes.

Kept in a module of their own that imports nothing, so that the command line can name them without
importing schemathesis before pytest starts (pytest could then not rewrite its plugin's asserts).
"""

API = "CONTRACT_API"  # the API this process checks (contract_tests/api.py: run_api)
SPECS_DIR = "CONTRACT_SPECS_DIR"  # where the API folders are, when not specs/ (a test's copy of one)
REPORTS = "CONTRACT_REPORTS"  # the folder for summary.md (contract_tests/conftest.py)
EMULATOR_LOG = "CONTRACT_EMULATOR_LOG"  # the emulator's log file (contract_tests/target.py)
LEDGER_DIR = "CONTRACT_LEDGER_DIR"  # where live runs record what they created (contract_tests/ledger.py)
