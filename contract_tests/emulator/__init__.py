"""A stateful emulator of the Patchworks Core API, driven by the merged spec.

settings.py   what to serve and how (CLI options, PATCHWORKS_EMULATOR_* variables)
app.py        the ASGI app: one route per spec path, one handler per operationId
operations.py the spec's view of each operation: parameters, bodies, filters, sorts, includes
laravel.py    how Laravel answers: validation messages, errors, timestamps, pagination
query.py      spatie/laravel-query-builder: filter, sort, include, paginate
database.py   SQLite: schema, connections, transactions
security.py   API keys, login tokens, the per-credential rate limit
resources/    one package per resource: models.py (storage) apart from responses.py (HTTP)
control.py    the emulator-only control routes under /__emulator__/
seed.py       the demo data
"""

from contract_tests.emulator.app import create_app
from contract_tests.emulator.settings import EmulatorSettings

__all__ = ["EmulatorSettings", "create_app"]
