from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.generate import TEMPLATES
from generator.layout import ApiLayout
from tests.client.conftest import Script, json_response
from tests.client.made_up import api_fragment, generated_package, module, mypy_strict
from tests.conftest import minimal_profile

API = "thing-store"
PROJECT, PACKAGE = "thing-store-client", "thing_store_client"
BASE_URL = "https://things.test"
KEY = "CANARY_THING_KEY_5b1e"

SCHEMES = {"KeyInQuery": {"type": "apiKey", "in": "query", "name": "api_key"}}
SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "realm": {"type": "string"},
            "parameters": {"type": "object"},
            "description": {"type": "string"},
        },
    },
    "Thing": {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    },
}
# Secret fields as a spec may mark them (generator/secret_fields.py): through a $ref, with a default, as
# an array's items, behind a nullable wrapper, in a model composed with allOf; `label` is not secret.
SCHEMAS["Passphrase"] = {"type": "string", "x-secret": True}
SCHEMAS["ThingKeys"] = {
    "allOf": [
        {"$ref": "#/components/schemas/Thing"},
        {
            "type": "object",
            "required": ["secret"],
            "properties": {
                "secret": {"$ref": "#/components/schemas/Passphrase"},
                "pin": {"type": "string", "format": "password", "default": "0000"},
                "recovery": {"type": "array", "items": {"type": "string", "x-secret": True}},
                "previous": {
                    "oneOf": [
                        {"type": "string", "nullable": True, "enum": [None]},
                        {"$ref": "#/components/schemas/Passphrase"},
                    ]
                },
                "label": {"type": "string"},
            },
        },
    ]
}
THING = {"$ref": "#/components/schemas/Thing"}
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
NOT_FOUND = {
    "code": "error.user.thing_not_found",
    "description": "No thing has this id.",
    "parameters": {"id": {"type": "integer", "description": "The id asked for."}},
}


def answers(body: dict[str, Any], codes: list[Any]) -> dict[str, Any]:
    """A 200 with `body`, and a 400 with the error body documenting `codes` (the profile's codes_extension)."""
    schema = {"$ref": "#/components/schemas/Error"}
    error = {"description": "An error", "content": {"application/json": {"schema": schema}}, "x-error-codes": codes}
    return {"200": {"description": "OK", "content": {"application/json": {"schema": body}}}, "400": error}


def thing_operation(path: str, method: str, **operation: Any) -> dict[str, Any]:
    return api_fragment("Thing Store API", SCHEMES, SCHEMAS, "Things", path, method, **operation)


FRAGMENTS = [
    thing_operation("/things", "get", operationId="listThings", summary="List things",
                    responses=answers({"type": "array", "items": THING}, ["error.api.invalid_value"])),
    thing_operation("/things/{id}", "get", operationId="getThing", summary="Get a thing", parameters=[ID],
                    responses=answers(THING, [NOT_FOUND, "error.user.insufficient_rights"])),
    thing_operation("/things/{id}/report", "get", operationId="reportThing", parameters=[ID],
                    responses=answers(THING, [NOT_FOUND]), summary="Start a report (a side effect: never sent twice)",
                    **{"x-retry": False}),
    thing_operation("/things", "post", operationId="touchThings", responses=answers(THING, []),
                    summary="Mark every thing seen (idempotent, so retried)", **{"x-retry": True}),
    thing_operation("/things/{id}/keys", "get", operationId="getThingKeys", summary="A thing's keys",
                    parameters=[ID], responses=answers({"$ref": "#/components/schemas/ThingKeys"}, [])),
]  # fmt: skip
PROFILE = minimal_profile(
    API,
    ["touchThings"],
    display_name="Thing Store API",
    env_prefix="THINGS_",
    client={"project": PROJECT, "package": PACKAGE, "version": "1.2.3"},
    errors={
        "by": "code",
        "code_field": "code",
        "realm_field": "realm",
        "parameters_field": "parameters",
        "description_field": "description",
        "codes_extension": "x-error-codes",
    },
)


@pytest.fixture(scope="module")
def generated_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated")


@pytest.fixture
def thing_store(new_api: Callable[..., ApiLayout], generated_root: Path) -> Iterator[ModuleType]:
    with generated_package(new_api, generated_root, API, FRAGMENTS, PROFILE) as package:
        yield package


def operation(package: ModuleType, name: str) -> Any:
    return module(package, f"api.things.{name}")


def client(package: ModuleType, script: Script, **options: Any) -> Any:
    options.setdefault("retry", package.RetryPolicy(sleep=lambda _: None, jitter=lambda: 0.0))
    transport = httpx.MockTransport(script)
    return package.AuthenticatedClient(api_key=KEY, base_url=BASE_URL, transport=transport, **options)


def test_the_api_key_goes_in_the_query_as_the_spec_says(thing_store: ModuleType) -> None:
    script = Script(json_response(200, {"id": 3, "name": "lamp"}))
    thing = operation(thing_store, "get_thing").sync(3, client=client(thing_store, script))
    assert (thing.id, thing.name) == (3, "lamp")
    request = script.last
    assert request.url.path == "/things/3"
    assert request.url.params["api_key"] == KEY
    assert "Authorization" not in request.headers
    # The spec's query key is a secret parameter: masked in logs.
    assert KEY not in module(thing_store, "_logging").loggable_target(request.url)


def test_an_error_code_raises_its_own_class_with_code_realm_parameters_and_description(thing_store: ModuleType) -> None:
    errors = thing_store.errors
    body = {"code": "error.user.thing_not_found", "realm": "user", "parameters": {"id": 3}}
    script = Script(json_response(400, body))
    with pytest.raises(errors.ThingNotFoundError) as caught:
        operation(thing_store, "get_thing").sync(3, client=client(thing_store, script))
    error = caught.value
    assert isinstance(error, errors.UserRealmError) and isinstance(error, errors.ApiError)
    assert (error.status_code, error.code, error.realm, error.parameters) == (400, "error.user.thing_not_found",
                                                                             "user", {"id": 3})  # fmt: skip
    assert error.description == "No thing has this id."  # the spec's, as the body has none
    assert "ThingNotFoundError" in operation(thing_store, "get_thing").sync.__doc__


def test_an_undocumented_code_raises_its_realms_class_and_no_code_raises_api_error(thing_store: ModuleType) -> None:
    errors = thing_store.errors
    get_thing = operation(thing_store, "get_thing")
    undocumented = {"code": "error.api.brand_new", "realm": "api", "description": "Something new."}
    with pytest.raises(errors.ApiRealmError) as caught:
        get_thing.sync(3, client=client(thing_store, Script(json_response(400, undocumented))))
    assert type(caught.value) is errors.ApiRealmError
    assert (caught.value.code, caught.value.description) == ("error.api.brand_new", "Something new.")
    with pytest.raises(errors.ApiError) as caught:
        get_thing.sync(3, client=client(thing_store, Script(httpx.Response(400, content=b"<html>proxy</html>"))))
    assert type(caught.value) is errors.ApiError and caught.value.code is None


def test_the_x_retry_of_the_spec_decides_not_the_method(thing_store: ModuleType) -> None:
    busy = json_response(503, {"code": "error.server.busy", "realm": "server"})
    report = Script(busy, json_response(200, {"id": 3, "name": "lamp"}))
    with pytest.raises(thing_store.errors.ApiError):
        operation(thing_store, "report_thing").sync(3, client=client(thing_store, report))  # a GET, x-retry: false
    assert len(report.requests) == 1
    touch = Script(busy, json_response(200, {"id": 3, "name": "lamp"}))
    operation(thing_store, "touch_things").sync(client=client(thing_store, touch))  # a POST, x-retry: true
    assert [r.method for r in touch.requests] == ["POST", "POST"]


def test_the_fields_the_spec_marks_secret_are_masked_in_the_models_repr(thing_store: ModuleType) -> None:
    canary = "CANARY_THING_SECRET_e21f"
    answer = {"id": 3, "name": "lamp", "secret": canary, "pin": canary, "recovery": [canary], "previous": canary,
              "label": "front door"}  # fmt: skip
    script = Script(json_response(200, answer))
    keys = operation(thing_store, "get_thing_keys").sync(3, client=client(thing_store, script))
    assert (keys.secret, keys.pin, keys.recovery, keys.previous) == (canary, canary, [canary], canary)
    assert repr(keys) == (
        "ThingKeys(id=3, name='lamp', secret='********', pin='********', recovery='********', previous='********', "
        "label='front door', additional_properties={})"
    )
    assert str(keys) == repr(keys) and keys.to_dict()["secret"] == canary  # sent and read as given
    default = module(thing_store, "models").ThingKeys(id=1, name="x", secret=canary)
    assert default.pin == "0000" and "previous=<" in repr(default)  # the default kept; an absent one shows UNSET


def test_an_api_without_pagination_has_no_pagination_helpers(thing_store: ModuleType) -> None:
    package_dir = Path(thing_store.__file__ or "").parent
    assert not (package_dir / "_pagination.py").exists()
    list_things = operation(thing_store, "list_things")
    assert not hasattr(list_things, "iterate") and not hasattr(list_things, "aiterate")
    things = list_things.sync(client=client(thing_store, Script(json_response(200, [{"id": 1, "name": "a"}]))))
    assert [thing.name for thing in things] == ["a"]


def test_an_api_without_a_rate_limit_has_no_limiter_by_default(thing_store: ModuleType) -> None:
    assert thing_store.Client().rate_limit is None
    assert thing_store.Client().base_url == "https://api.things.example"  # the spec's server


def test_the_readme_and_docstring_show_this_apis_name_env_prefix_and_operations(thing_store: ModuleType) -> None:
    readme = (Path(thing_store.__file__ or "").parent.parent / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {PROJECT}\n\nA typed Python client for the Thing Store API")
    assert 'os.environ["THINGS_API_KEY"]' in readme
    assert "sent as the api_key query parameter" in readme
    assert f"from {PACKAGE}.api.things import get_thing, list_things" in readme
    assert "list_things.sync(client=client)" in readme
    assert "except errors.ThingNotFoundError as error:" in readme
    assert "iterate" not in readme and "Rate limit: none by default" in readme
    assert "list_things.sync(client=client)" in (thing_store.__doc__ or "")


def test_no_template_names_an_api() -> None:
    """What is Patchworks' lives in its profile and spec: no template (name or text) names it, its framework
    or its resources."""
    words = ("patchworks", "laravel", "spatie", "data_pool", "deduped")
    named = [str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*") if any(w in path.name for w in words)]
    named += [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.jinja"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(word in line.lower() for word in words)
    ]
    assert named == []


def test_the_spec_keeps_the_codes_the_client_was_built_from(thing_store: ModuleType) -> None:
    errors = thing_store.errors
    by_code = errors.ERRORS_BY_CODE
    assert by_code == {
        "error.api.invalid_value": errors.InvalidValueError,
        "error.user.insufficient_rights": errors.InsufficientRightsError,
        "error.user.thing_not_found": errors.ThingNotFoundError,
    }
    assert sorted(errors.ERRORS_BY_REALM) == ["api", "user"]


def test_the_generated_client_is_mypy_strict_clean(thing_store: ModuleType) -> None:
    """The runtime pieces this API chose (and Patchworks does not use) are type-checked here."""
    checked = mypy_strict(thing_store)
    assert checked.returncode == 0, checked.stdout + checked.stderr
