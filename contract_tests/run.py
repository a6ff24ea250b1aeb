"""The run's target and schema, made once per process: the contract tests and the report share them."""

from __future__ import annotations

from contract_tests.schema import load
from contract_tests.target import from_environment

TARGET = from_environment()
SCHEMA, AUTH = load(TARGET)
