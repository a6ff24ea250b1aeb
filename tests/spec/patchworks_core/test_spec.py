"""The Patchworks Core spec as built from its pages and overlays (the shared build tests use it as their
sample too; these are about this API's spec itself)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from generator.build import BuiltSpec
from generator.layout import REPO_ROOT
from generator.validate import validate_spec


def test_the_built_spec_is_valid_and_resolves(built: BuiltSpec) -> None:
    resolved = validate_spec(built.document, "openapi.json")
    schema = resolved["paths"]["/api/v1/data-pool"]["get"]["responses"]["200"]["content"]["application/json"]
    assert schema["schema"]["properties"]["data"]["items"]["properties"]["id"] == {
        "type": "integer",
        "description": "Unique identifier",
        "maximum": 2**63 - 1,  # PHP's integers (overlays/130-integer-bounds.yaml)
        "minimum": -(2**63),
    }


def test_the_committed_spec_is_a_fresh_build(built: BuiltSpec) -> None:
    assert (REPO_ROOT / "specs" / "patchworks-core" / "openapi.json").read_text(encoding="utf-8") == built.text


def test_the_report_counts_pages_fragments_operations_and_actions(built: BuiltSpec) -> None:
    overlays = sorted((REPO_ROOT / "specs" / "patchworks-core" / "overlays").glob("*.yaml"))
    assert built.report.pages == 2
    assert built.report.fragments == 15
    assert built.report.operations == 16  # the 15 of the pages and login, added by an overlay
    assert built.report.overlays == len(overlays)
    assert built.report.line().startswith("patchworks-core: 2 pages, 15 fragments, 16 operations, ")


# The Patchworks spec before the per-API structure, with its x- extensions taken out: the structure may
# add extensions (which the parts read), but nothing else in the spec may change with it. Another issue
# that changes the spec on purpose updates this digest and says so. Issue 12 did: login's 401 became the
# LoginFailed response (D1), nullable references a oneOf with null (D2), the tags got descriptions and
# every operation examples (overlays/140-examples.yaml). Issue 13 did: the creates document no 409 any
# more, and the Conflict response is gone (overlays/080-error-responses.yaml: no page says a pool's name is
# unique); its x-secret marks (overlays/150-secret-fields.yaml) are extensions. A reading of the pages
# against the product did: Get Connection Pool keeps its documented include (030) and its 400 (080), the
# timeout's description says its meaning is inferred (060), the created filters take a date (030), and a
# pool's connectors may be included without their systems (030, spatie's leading parts; 060), and the id
# filters take empty parts, which spatie drops (030).
SPEC_WITHOUT_EXTENSIONS_SHA256 = "59f33b4a0bc82d7744f95ed0c9ffc434ccb23c2a4a3fb5eb2a4727a5334702fe"


def _without_extensions(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _without_extensions(value) for key, value in node.items() if not str(key).startswith("x-")}
    if isinstance(node, list):
        return [_without_extensions(item) for item in node]
    return node


def test_the_patchworks_spec_differs_from_before_only_by_extensions(built: BuiltSpec) -> None:
    stripped = json.dumps(_without_extensions(built.document), sort_keys=True).encode("utf-8")
    assert hashlib.sha256(stripped).hexdigest() == SPEC_WITHOUT_EXTENSIONS_SHA256


def test_login_401_is_a_response_of_its_own_without_siblings_beside_a_reference(built: BuiltSpec) -> None:
    # Issue 12, D1: an overlay merged a description and content into the shared 401's $ref.
    responses = built.document["paths"]["/fabric/api/login"]["post"]["responses"]
    assert responses["401"] == {"$ref": "#/components/responses/LoginFailed"}
    failed = built.document["components"]["responses"]["LoginFailed"]
    assert failed["description"] == "The username or password is wrong."
    assert failed["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/MessageResponse"}
