"""Prose pages in the vendor's Hugo format (generator/prose.py), with pages of our own: any page in the
format flows into the spec with no code change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import build_spec
from generator.errors import BuildError
from generator.layout import ApiLayout
from generator.prose_errors import uncatalogued_errors
from tests.conftest import minimal_profile

CATALOGUE = """\
---
title: "Errors"
---
# Errors

| Name | Description |
|------|-------------|
| `realm` | error realm (string): `server`, `api`, `user` |
| `code` | error code (string): identifier |
| `parameters` | parameters for the error (map string &#8614; string, optional) |
| `description` | error description (string, optional) |

# <a name="api"></a> API Errors

| Error | Description |
|---|---|
| `error.api.generic`| API errors that do not fit into the other categories |
| `error.api.type_mismatch` | The type of an attribute is wrong |

# Server errors

| Error | Description |
|---|---|
| `error.server.generic` | for unexpected errors from inside the server |

# User errors

## Widgets

> <a name="widget_not_found"></a>Widget Not Found (`error.user.widget_not_found`)

The server cannot find the given widget.

- `id`: the widget ID
- `hint` (optional): where it was looked for

> Not Authenticated (`error.user.not_authenticated`)

The session is not authenticated.
"""

WIDGETS = """\
---
title: "80 - widget"
menu:
  main:
    name: "widget"
---
# Retrieve widgets

    GET /api/v1/widget[/<id>]?token=<token>[&colour=<colour>]

Get one or all widgets.

## Path parameters

|   |   |
|---|---|
| `id`    | Widget ID (integer, optional): if set, get widget `id` |

## Query String

|   |   |
|---|---|
| `token` | Session token acquired with [/api/v1/session](/en/technical/api/session) |
| `colour` | Colour filter (string, optional) |
| `limit` | At most this many (integer, optional, defaults to 10) |

## Output

Array of [widgets](/en/technical/types/widget).

## HTTP status codes

|   |   |
|---|---|
| 200 | Success |
| 400 | [API error](/en/technical/errors): something is malformed |
| 400 | [Widget Not Found](/en/technical/errors): widget `id` not found |
| 400 | [Widget Frozen](/en/technical/errors): the widget cannot change now |
| 500 | [Server error](/en/technical/errors): internal server error |

## Examples

{{< include_json "./get.json" >}}

# Delete widget

    DELETE /api/v1/widget/<id>?token=<token>

## Path parameters

|   |   |
|---|---|
| `id`    | Widget ID (integer) |

## HTTP status codes

|   |   |
|---|---|
| 200 | Success |
| 400 | [Not Authenticated](/en/technical/errors): session is not authenticated |

## Examples

```javascript
Request:  DELETE /api/v1/widget/3
Response: HTTP 200
```

# Widget configuration

Prose without a request line: not an operation.
"""

EXAMPLE = 'Request:  GET /api/v1/widget/9\nResponse: HTTP 200\n[ { "widget": { "_id": 9, ... } } ]  // a sketch\n'


@pytest.fixture
def prose_api(tmp_path: Path) -> Callable[..., ApiLayout]:
    """specs/widgets/ with the widget page, the catalogue and a profile reading them as prose."""

    def make(
        page: str = WIDGETS,
        leave_out: list[dict[str, str]] | None = None,
        catalogue: str = CATALOGUE,
        example: str = EXAMPLE,
    ) -> ApiLayout:
        root = tmp_path / "specs" / "widgets"
        for relative, text in {"api/widget/_index.en.md": page, "api/widget/get.json": example,
                               "errors/_index.en.md": catalogue}.items():  # fmt: skip
            (root / "upstream" / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / "upstream" / relative).write_text(text, encoding="utf-8")
        source: dict[str, Any] = {"format": "hugo-prose", "pages": ["api/*/_index.en.md"],
                                  "errors_catalogue": "errors/_index.en.md"}  # fmt: skip
        if leave_out:
            source["leave_out"] = leave_out
        live_safety = {
            "resources": {"widget": {}},
            "writes": {"DELETE /api/v1/widget/{id}": [{"in": "path", "name": "id", "resource": "widget"}]},
        }
        profile = minimal_profile("widgets", [], source=source, live_safety=live_safety)

        (root / "api.yaml").write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
        return ApiLayout.find("widgets", specs_dir=tmp_path / "specs")

    return make


def test_a_page_of_our_own_flows_into_the_spec(prose_api: Callable[..., ApiLayout]) -> None:
    built = build_spec(prose_api())
    paths = built.document["paths"]
    assert sorted((method.upper(), path) for path, item in paths.items() for method in item) == [
        ("DELETE", "/api/v1/widget/{id}"), ("GET", "/api/v1/widget"), ("GET", "/api/v1/widget/{id}"),
    ]  # fmt: skip
    assert built.report.line().startswith(
        "widgets: 1 prose pages, 3 operations stated, 0 left out by api.yaml, the other 3 as 3 operations"
    )
    one = paths["/api/v1/widget/{id}"]["get"]
    assert one["summary"] == "Retrieve widgets"
    assert one["tags"] == ["widget"]  # the page's menu name
    assert one["x-provenance"] == {"page": "api/widget/_index.en.md", "line": 9,
                                   "heading": "Retrieve widgets"}  # fmt: skip
    parameters = {(p["name"], p["in"]): p for p in one["parameters"]}
    assert parameters["id", "path"]["required"] is True
    assert parameters["id", "path"]["schema"] == {"type": "integer"}
    assert parameters["token", "query"]["required"] is True  # in the request line, not in brackets
    assert parameters["colour", "query"]["required"] is False  # [&colour=...]
    assert parameters["limit", "query"] == {"name": "limit", "in": "query", "required": False,
                                            "description": "At most this many (integer, optional, defaults to 10)",
                                            "schema": {"type": "integer", "default": 10}}  # fmt: skip
    assert one["x-output"]["links"] == ["/en/technical/types/widget"]
    assert "id" not in {p["name"] for p in paths["/api/v1/widget"]["get"]["parameters"]}


def test_status_rows_become_error_codes_from_the_catalogue(prose_api: Callable[..., ApiLayout]) -> None:
    operation = build_spec(prose_api()).document["paths"]["/api/v1/widget/{id}"]["get"]
    bad_request = operation["responses"]["400"]
    codes = {entry["code"]: entry for entry in bad_request["x-error-codes"]}
    assert sorted(codes) == ["error.api.generic", "error.api.type_mismatch", "error.user.widget_frozen",
                             "error.user.widget_not_found"]  # fmt: skip
    assert codes["error.user.widget_not_found"] == {
        "code": "error.user.widget_not_found", "realm": "user", "name": "Widget Not Found",
        "description": "The server cannot find the given widget.",
        "parameters": {"id": {"type": "string", "description": "the widget ID"},
                       "hint": {"type": "string", "description": "where it was looked for", "optional": True}},
        "when": "widget id not found",
    }  # fmt: skip
    # Named on the page, missing from the catalogue: the code by the vendor's rule, marked as such.
    assert codes["error.user.widget_frozen"]["catalogued"] is False
    schema = bad_request["content"]["application/json"]["schema"]
    assert schema["allOf"][0] == {"$ref": "#/components/schemas/Error"}
    assert schema["allOf"][1]["properties"]["code"]["enum"] == sorted(codes)
    server = operation["responses"]["500"]
    assert [entry["code"] for entry in server["x-error-codes"]] == ["error.server.generic"]
    error = build_spec(prose_api()).document["components"]["schemas"]["Error"]
    assert error["required"] == ["realm", "code"]
    assert error["properties"]["parameters"]["type"] == "object"


def test_the_error_bodys_table_gives_a_maps_value_type_and_a_fields_values(
    prose_api: Callable[..., ApiLayout],
) -> None:
    """ "(map string &#8614; string)": each parameter a string; "(string): `server`, `api`, `user`": one of
    those; a description with words besides its values in code, or a map without its value type, says
    neither."""
    fields = build_spec(prose_api()).document["components"]["schemas"]["Error"]["properties"]
    assert fields["parameters"]["additionalProperties"] == {"type": "string"}
    assert fields["realm"]["enum"] == ["server", "api", "user"]
    assert "enum" not in fields["code"] and "enum" not in fields["description"]
    vaguer = CATALOGUE.replace("(string): `server`, `api`, `user`", "(string): `server`, `api` or another").replace(
        "(map string &#8614; string, optional)", "(map, optional)"
    )
    fields = build_spec(prose_api(catalogue=vaguer)).document["components"]["schemas"]["Error"]["properties"]
    assert fields["parameters"]["additionalProperties"] is True
    assert "enum" not in fields["realm"]


def test_examples_are_kept_as_evidence_on_the_operation_they_show(prose_api: Callable[..., ApiLayout]) -> None:
    paths = build_spec(prose_api()).document["paths"]
    (example,) = paths["/api/v1/widget/{id}"]["get"]["x-vendor-examples"]
    assert example["requests"] == ["GET /api/v1/widget/9"]
    assert example["text"] == EXAMPLE.rstrip("\n")  # not JSON: kept as the vendor wrote it
    assert "x-vendor-examples" not in paths["/api/v1/widget"]["get"]  # it shows the one with an id
    (fenced,) = paths["/api/v1/widget/{id}"]["delete"]["x-vendor-examples"]
    assert fenced["requests"] == ["DELETE /api/v1/widget/3"]


def test_left_out_operations_are_named_in_the_report(prose_api: Callable[..., ApiLayout]) -> None:
    leave_out = [{"operation": "GET /api/v1/widget", "reason": "lists everything"}]
    built = build_spec(prose_api(leave_out=leave_out))
    assert "/api/v1/widget" not in built.document["paths"]
    assert "1 left out by api.yaml (GET /api/v1/widget)" in built.report.line()
    assert built.report.left_out[0].endswith(": lists everything")


def test_leaving_out_what_no_page_states_fails_the_build(prose_api: Callable[..., ApiLayout]) -> None:
    leave_out = [{"operation": "GET /api/v1/gadget", "reason": "typo"}]
    with pytest.raises(BuildError, match=r"source\.leave_out names operations no page states"):
        build_spec(prose_api(leave_out=leave_out))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("| 200 | Success |", "| 2xx | Success |", 1), r"_index.en.md:\d+: '2xx' is not an HTTP status"),
        (("| `id`    | Widget ID (integer) |", "| id | Widget ID |", 1), r"must start with the `name` in backticks"),
        (("GET /api/v1/widget[/<id>]?", "GET /api/v1/widget[/<id>?", 1), r"_index.en.md:9: nested or unbalanced"),
        (
            ("| `id`    | Widget ID (integer, optional)", "| `idx`   | Widget ID (integer, optional)", 1),
            r"\(Retrieve widgets\): the path parameter 'id' is not in the page's Path parameters table",
        ),
        (('{{< include_json "./get.json" >}}', '{{< include_json "./missing.json" >}}', 1), r"no such file"),
        # A request line that lost its form: the section was taken for prose, its operations left out.
        (
            ("    GET /api/v1/widget[", "GET /api/v1/widget[", 1),
            r"_index.en.md:9: 'GET /api/v1/widget\[.*' reads as a "
            r"request line but is not one: write it indented by four spaces",
        ),
        (
            ("    GET /api/v1/widget[", "    GET api/v1/widget[", 1),
            r"_index.en.md:9: 'GET api/v1/widget\[.*' reads as a",
        ),
    ],
)
def test_a_malformed_page_fails_naming_where(prose_api: Callable[..., ApiLayout], change: tuple[str, str, int],
                                             message: str) -> None:  # fmt: skip
    with pytest.raises(BuildError, match=message):
        build_spec(prose_api(WIDGETS.replace(*change)))


def _line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


@pytest.mark.parametrize(
    ("row", "short"),
    [
        # What e01 and e02 of the tester's report did: the error named by a 400 row, and the type of a path
        # parameter, were dropped without a word.
        ("| 400 | [Not Authenticated](/en/technical/errors): session is not authenticated |", "| 400 |"),
        ("| `id`    | Widget ID (integer) |", "| `id` |"),
        ("| 200 | Success |", "| 200 |"),
    ],
)
def test_a_row_with_fewer_cells_than_its_header_fails_naming_the_line(
    prose_api: Callable[..., ApiLayout], row: str, short: str
) -> None:
    page = WIDGETS.replace(row, short)
    number = _line_of(page, short)
    header = max(n for n, line in enumerate(page.splitlines(), 1) if line == "|   |   |" and n < number)
    layout = prose_api(page)
    with pytest.raises(BuildError) as raised:
        build_spec(layout)
    assert str(raised.value) == (
        f"{layout.upstream_dir}/api/widget/_index.en.md:{number}: a cell is missing: the row has 1, its table's "
        f"header (line {header}) has 2 ({short!r})"
    )


def test_a_parameter_row_with_an_empty_description_fails(prose_api: Callable[..., ApiLayout]) -> None:
    page = WIDGETS.replace("| `id`    | Widget ID (integer) |", "| `id` | |")
    with pytest.raises(BuildError, match=rf"_index\.en\.md:{_line_of(page, '| `id` | |')}: the parameter 'id' has no "):
        build_spec(prose_api(page))


@pytest.mark.parametrize(
    ("row", "instead"),
    [
        ("| 400 | [Not Authenticated](/en/technical/errors): session is not authenticated |",
         "| 400 | session is not authenticated |"),
        ("| 500 | [Server error](/en/technical/errors): internal server error |",
         "| 500 | [Server error](/en/technical/status): internal server error |"),
    ],
)  # fmt: skip
def test_an_error_row_without_its_errors_link_fails_naming_the_line(
    prose_api: Callable[..., ApiLayout], row: str, instead: str
) -> None:
    page = WIDGETS.replace(row, instead)
    status = instead[2:5]
    message = rf"_index\.en\.md:{_line_of(page, instead)}: a {status} row must name its error with a link to the errors"
    with pytest.raises(BuildError, match=message):
        build_spec(prose_api(page))


def test_errors_the_catalogue_lacks_are_listed_with_its_nearest_names(prose_api: Callable[..., ApiLayout]) -> None:
    misspelt = "| 400 | [Widget Not Fund](/en/technical/errors): widget `id` not found |"
    page = WIDGETS.replace("| 400 | [Widget Not Found](/en/technical/errors): widget `id` not found |", misspelt)
    listed = uncatalogued_errors(build_spec(prose_api(page)).fragments)
    page_path = "upstream/api/widget/_index.en.md"  # as the API's folder has it: the same in any checkout
    assert [entry.split(": ", 1)[0] for entry in listed] == [
        "Widget Frozen (error.user.widget_frozen)",
        "Widget Not Fund (error.user.widget_not_fund)",
    ]
    assert listed[1].endswith(
        f"{page_path}:{_line_of(page, misspelt)}) but not in the errors catalogue; the catalogue's nearest: "
        "Widget Not Found."
    )


def test_a_page_that_is_not_utf8_fails_naming_the_line(prose_api: Callable[..., ApiLayout]) -> None:
    layout = prose_api()
    page = layout.upstream_dir / "api" / "widget" / "_index.en.md"
    page.write_bytes(page.read_bytes().replace(b"Get one or all widgets.", b"Get one or all widg\xe9ts."))
    with pytest.raises(
        BuildError, match=rf"_index\.en\.md:{_line_of(WIDGETS, 'Get one or all widgets.')}:20: not UTF-8"
    ):
        build_spec(layout)


KNOWN_TYPES = "array, bool, boolean, float, int, integer, map, number, object, string"


@pytest.mark.parametrize(
    ("page", "row", "typo", "what"),
    [
        ("api/widget/_index.en.md", "| `id`    | Widget ID (integer) |", "(integr)", "the parameter 'id'"),
        ("api/widget/_index.en.md", "| `limit` | At most this many (integer, optional, defaults to 10) |",
         "(integr, optional, defaults to 10)", "the parameter 'limit'"),
        ("errors/_index.en.md", "| `code` | error code (string): identifier |", "(strng)",
         "the error body's field 'code'"),
        ("api/widget/_index.en.md", "| `id`    | Widget ID (integer) |", "(`integr`)", "the parameter 'id'"),
        ("api/widget/_index.en.md", "| `id`    | Widget ID (integer) |", "(**integr**, required)",
         "the parameter 'id'"),
    ],
)  # fmt: skip
def test_a_type_word_the_build_does_not_know_fails_naming_it(
    prose_api: Callable[..., ApiLayout], page: str, row: str, typo: str, what: str
) -> None:
    # A typo would otherwise type the parameter a string: a wrong client signature, and nobody told.
    layout = prose_api()
    path = layout.upstream_dir / page
    text = path.read_text(encoding="utf-8")
    typed = row.replace(row[row.index("(") : row.index(")") + 1], typo)
    path.write_text(text.replace(row, typed), encoding="utf-8")
    word = typo[1:].split(",")[0].rstrip(")").strip("`*")
    with pytest.raises(BuildError) as raised:
        build_spec(layout)
    assert str(raised.value).startswith(
        f"{path}:{_line_of(text, row)}: {what} states its type as {word!r} ({typo!r}), a word the build does not "
        f"know as a type; it knows {KNOWN_TYPES} (the nearest: {'integer' if word == 'integr' else 'string'})."
    )


@pytest.mark.parametrize(
    ("description", "optional"),
    [
        ("Session token (see below)", False),
        ("Session token (the session's token)", False),
        ("Session token (optional): one of them", True),  # a qualifier alone: no type stated
        ("Session token(s): one of them", False),  # a plural
        ("Session token (long, see below)", False),  # one word, then prose
        ("Session token: **long** (default) or **short**", False),  # one word, but in the prose
        ('Session token (only for widgets, optional, defaults to `"x"`)', True),
        ("Session token (**long**, optional): a value, not a type", True),
        # One word, but far from every type word: prose too (a misspelling is near one: "(integr)" above).
        ("Session token (seconds)", False),
        ("Session token (deprecated)", False),
        ("Session token (required)", False),
        ("Session token (ISO8601)", False),
        ("Session token (timestamp)", False),
    ],
)
def test_prose_in_brackets_is_not_taken_for_a_type(
    prose_api: Callable[..., ApiLayout], description: str, optional: bool
) -> None:
    row = "| `token` | Session token acquired with [/api/v1/session](/en/technical/api/session) |"
    page = WIDGETS.replace(row, f"| `token` | {description} |")
    operation = build_spec(prose_api(page)).document["paths"]["/api/v1/widget"]["get"]
    (token,) = [parameter for parameter in operation["parameters"] if parameter["name"] == "token"]
    assert token["schema"] == {"type": "string"}
    assert token["required"] is not optional  # in the request line: required unless the cell says optional


@pytest.mark.parametrize(
    ("example", "shown"),
    [("{bad", 'no "Request: METHOD /path" line'), ("Request: GET /api/v1/gadget\n[]", "GET /api/v1/gadget")],
    ids=["no request line", "another operation"],
)
def test_an_included_example_that_shows_none_of_its_sections_operations_fails_naming_it(
    prose_api: Callable[..., ApiLayout], example: str, shown: str
) -> None:
    """It was left out of the spec without a word."""
    include = WIDGETS.splitlines().index('{{< include_json "./get.json" >}}') + 1
    with pytest.raises(BuildError) as caught:
        build_spec(prose_api(example=example))
    assert str(caught.value).startswith(
        f"api/widget/get.json (api/widget/_index.en.md:{include}): the example shows {shown}, none of the "
        "operations its section states ("
    )
