"""The API's built spec as schemathesis loads it for one run: schemathesis.toml (its top level, then the
API's [[project]] block), then the run's profile, seed and target on top (what a live host must be spared
is decided here, declaratively where schemathesis allows it)."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Ok
from schemathesis.schemas import BaseSchema

from contract_tests import checks, media_types
from contract_tests.api import ContractApi, ContractSetupError
from contract_tests.auth import RunAuth, authenticate
from contract_tests.target import Target

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIG = REPO_ROOT / "schemathesis.toml"


def load(api: ContractApi, target: Target, config_path: Path = CONFIG) -> tuple[BaseSchema, RunAuth]:
    """The schema to test and the auth every call of it carries."""
    media_types.register(api.profile, api.profile_file)
    config = SchemathesisConfig.from_path(config_path)
    if api.title not in config.projects.named:
        raise ContractSetupError(
            f"{config_path.name} has no [[project]] block with title = {api.title!r} (the info.title of "
            f"specs/{api.name}/{api.spec_path.name}): add one, even with nothing else in it, for {api.name}'s settings"
        )
    config.update(seed=target.seed, max_failures=None)
    # A redirect is the answer under test, never followed: schemathesis follows one unless the operation
    # documents a 3xx, and requests would then send the case again, with its body and any credential header
    # but Authorization, to whatever host the answer names, past the guard, which judged the first URL.
    config.projects.override.update(max_redirects=0)
    if target.profile.max_examples is not None:
        # The override outranks the file's top level and the API's [[project]] block alike.
        config.projects.override.generation.update(max_examples=target.profile.max_examples)
    schema: BaseSchema = schemathesis.openapi.from_path(api.spec_path, config=config)
    _refuse_followed_redirects(schema, config_path)
    checks.use(api, schema)  # the API's own ways of refusing, in place of the built-ins that expect others
    if target.live:
        schema = _spare_the_live_host(schema, api, target)
    return schema, authenticate(schema, api, target.credentials, live=target.live)


def _refuse_followed_redirects(schema: BaseSchema, config_path: Path) -> None:
    """An operation's own max-redirects in the file outranks the override: refused rather than followed."""
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    following = [operation.label for operation in operations if schema.config.max_redirects_for(operation=operation)]
    if following:
        raise ContractSetupError(
            f"{config_path.name}: max-redirects is set for {', '.join(following)}: the contract check follows no "
            "redirect (a live host's would take the case, its body and credentials, elsewhere); remove it"
        )


def _spare_the_live_host(schema: BaseSchema, api: ContractApi, target: Target) -> BaseSchema:
    project = schema.config
    project.update(rate_limit=target.live_rate_limit)  # a 429 still gets its Retry-After (http.py)
    # Probing with methods the spec does not declare is not reading: neither the coverage phase's
    # unexpected methods nor the unsupported_method check runs against a live account.
    project.phases.coverage.unexpected_methods = set()
    project.checks.update(excluded_check_names=checks.counterparts("unsupported_method"))
    # Logging in or opening a session is a write of its own (and fuzzing it could lock the account); the
    # run's own authentication is contract_tests/auth.py's. A declared side effect (an export left in the
    # account) is out even when writes are allowed: the run could not delete what it leaves behind.
    left_out = [*api.token_flow_operations(), *api.side_effect_operations()]
    if left_out:
        schema = schema.exclude(operation_id=left_out)
    if not target.writes_allowed:
        schema = schema.include(method="GET")
    return schema
