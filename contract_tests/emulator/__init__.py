"""A stateful emulator of any API the project has a spec for, as moto emulates AWS: a core that serves
any API from its spec, a dialect per kind of application behind an API, and a package per API for what
its spec cannot say.

core/              serves any API: app factory, request pipeline, spec, storage, security, generic
                   resources from the spec, control routes, settings (imports no dialect or API)
dialects/<name>.py how one kind of application answers (errors, pagination, query conventions,
                   timestamps), as the API's profile names it; imports only the core
apis/<package>/    one API's behaviour beyond CRUD, its tables, seeds and control routes
cli.py             `api-emulator serve --api <name> ...`
log_lines.py       the served emulator's log on stderr: a line per request, written at the least cost
server.py          uvicorn's settings: deadlines, limits, graceful shutdown
"""

from contract_tests.emulator.core.app import create_app
from contract_tests.emulator.core.settings import EmulatorSettings, Login, SettingsError

__all__ = ["EmulatorSettings", "Login", "SettingsError", "create_app"]
