"""A new upstream page in the Patchworks format: two read operations on a made-up resource (a paginated
list of widgets with a filter and a sort, and one widget by id), built the way the vendor's pages are, and
a copy of specs/patchworks-core/ with it added. Tests of every part use it to show that such a page flows
through with no code change."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from generator.build import BuiltSpec, build_spec
from generator.layout import REPO_ROOT, ApiLayout

API = "patchworks-core"
# Only the widgets' sorts need saying: the prose names them ("Available: name, created_at"); the other
# conventions (filters, pagination) reach the new page through the overlays already there.
SORT_OVERLAY = """\
overlay: 1.0.0
info: {title: The widgets' sorts, version: 1.0.0}
actions:
  - target: $.paths['/api/v1/widgets'].get.parameters[?@.name == 'sort']
    description: 'Allowed sorts only in prose ("Available: name, created_at", widgets.md).'
    update:
      schema: {type: string, pattern: '^,*(-*(name|created_at)(,+-*(name|created_at))*)?,*$'}
      x-sort-fields: [name, created_at]
"""


def vendor_fragment(page: Path) -> dict[str, Any]:
    """The first fragment of a vendor page: what every fragment of it repeats (servers, security, ...)."""
    found = re.search(r"```json\n(.*?)\n```", page.read_text(encoding="utf-8"), re.S)
    assert found is not None
    fragment: dict[str, Any] = json.loads(found.group(1))
    return fragment


def widgets_page(template: dict[str, Any]) -> str:
    shared = {key: template[key] for key in ("openapi", "info", "servers", "security")}
    schemas = template["components"]["schemas"]
    widget = {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "description": "Unique identifier"},
            "name": {"type": "string"},
            "colour": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
    }
    components = {
        "securitySchemes": template["components"]["securitySchemes"],
        "schemas": {
            "Widget": widget,
            "WidgetListResponse": {
                "type": "object",
                "properties": {
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Widget"}},
                    "meta": {"$ref": "#/components/schemas/PaginationMeta"},
                    "links": {"$ref": "#/components/schemas/PaginationLinks"},
                },
            },
            "WidgetResponse": {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Widget"}}},
            "PaginationMeta": schemas["PaginationMeta"],
            "PaginationLinks": schemas["PaginationLinks"],
        },
    }
    unauthenticated = {"401": {"description": "Unauthenticated"}, "403": {"description": "Unauthorized"}}
    listing = {
        **shared,
        "tags": [{"name": "Widgets"}],
        "components": components,
        "paths": {
            "/api/v1/widgets": {
                "get": {
                    "summary": "List Widgets",
                    "description": "Retrieves a paginated list of widgets.",
                    "tags": ["Widgets"],
                    "parameters": [
                        {
                            "name": "filter[name]",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string"},
                            "description": "Filter results by name.",
                        },
                        {
                            "name": "sort",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string"},
                            "description": "Sort field. Prefix with - for descending. Available: name, created_at",
                        },
                        {
                            "name": "page",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1, "default": 1},
                            "description": "Page number for pagination.",
                        },
                        {
                            "name": "per_page",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                            "description": "Number of results per page.",
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "Successful response",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/WidgetListResponse"}}
                            },
                        },
                        **unauthenticated,
                    },
                }
            }
        },
    }
    getting = {
        **shared,
        "tags": [{"name": "Widgets"}],
        "components": components,
        "paths": {
            "/api/v1/widgets/{widget}": {
                "get": {
                    "summary": "Get Widget",
                    "description": "Retrieves one widget.",
                    "tags": ["Widgets"],
                    "parameters": [
                        {
                            "name": "widget",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": "The widget identifier.",
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "Successful response",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/WidgetResponse"}}
                            },
                        },
                        **unauthenticated,
                    },
                }
            }
        },
    }
    blocks = [
        f"## {title}\n\n> {title}.\n\n```json\n{json.dumps(fragment)}\n```\n"
        for title, fragment in (("List Widgets", listing), ("Get Widget", getting))
    ]
    return "# Widgets\n\n" + "\n".join(blocks)


def copy_with_widgets(specs: Path) -> tuple[ApiLayout, BuiltSpec]:
    """specs/patchworks-core/ copied under `specs` with the widgets page (and its sorts' overlay) added,
    its spec built and written."""
    original = REPO_ROOT / "specs" / API
    shutil.copytree(original, specs / API, ignore=shutil.ignore_patterns("openapi.json"))
    page = widgets_page(vendor_fragment(original / "upstream" / "data-pools.md"))
    (specs / API / "upstream" / "widgets.md").write_text(page, encoding="utf-8")
    (specs / API / "overlays" / "900-widgets-sorts.yaml").write_text(SORT_OVERLAY, encoding="utf-8")
    layout = ApiLayout.find(API, specs_dir=specs)
    built = build_spec(layout)
    layout.spec_path.write_text(built.text, encoding="utf-8")
    return layout, built
