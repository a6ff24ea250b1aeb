"""The run's API, target and schema, made once per process: the contract tests and the report share them.

The API is CONTRACT_API's (contract_tests/api.py), so one process checks one API.
"""

from __future__ import annotations

from contract_tests import http
from contract_tests.api import ContractApi, run_api, specs_dir
from contract_tests.schema import load
from contract_tests.target import from_environment

API = ContractApi.load(run_api(), specs_dir())
TARGET = from_environment(API)
http.trust_environment(TARGET.live)  # before any session: the schema's loading may log in
SCHEMA, AUTH = load(API, TARGET)
