"""A second API of our own for the live-write guard's tests: folders in a tree, saved in arrays.

Both PUT and POST /folders take an array of {"folder": {...}} items and save each: an item without an id
is a new folder and needs a parent (by id, or by a lookup of its reference), an item with one changes
that folder; all or nothing. A folder with folders inside is not deleted. Errors are 400s with a code.
The root folder (reference "top") is the host's own. Nothing here is any real API's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml
from schemathesis import Case
from schemathesis.schemas import BaseSchema
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from contract_tests.api import ContractApi
from contract_tests.ledger import Ledger
from contract_tests.safety import OwnedResources
from contract_tests.serving import serving

NAME = "tree-api"
ROOT_ID = 1

SPEC = """
openapi: 3.0.3
info: {title: Tree API, version: "1"}
components:
  schemas:
    Items:
      type: array
      items:
        type: object
        properties:
          folder:
            type: object
            properties:
              id: {type: integer, nullable: true}
              parent: {type: integer}
              lookup:parent: {type: object, properties: {reference: {type: string}}}
              name: {type: string}
  links:
    DeleteFirst: {operationId: deleteFolder, parameters: {folder: "$response.body#/0/folder/id"}}
  securitySchemes: {}
paths:
  /folders:
    get: {operationId: listFolders, responses: {"200": {description: ok}}}
    put:
      operationId: saveFolders
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
      responses: {"200": {description: ok, links: {DeleteFirst: {$ref: "#/components/links/DeleteFirst"}}}}
    post:
      operationId: changeFolders
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Items"}}}}
      responses: {"200": {description: ok, links: {DeleteFirst: {$ref: "#/components/links/DeleteFirst"}}}}
  /folders/{folder}:
    delete:
      operationId: deleteFolder
      parameters: [{name: folder, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok}}
"""

PROFILE = """
display_name: Tree API
client: {project: tree-client, package: tree_client, version: 0.1.0}
env_prefix: TREES_
auth: {}
errors: {by: code, code_field: code, realm_field: realm}
pagination: none
emulator: {dialect: plain}
contract:
  rejections:
    not_found: {status: 400, codes: [folder.not_found]}
live_safety:
  run_name_field: /0/folder/name
  id_field: /folder/id
  resources:
    folder:
      create: saveFolders
      delete: deleteFolder
      list: listFolders
      home: {body: [{folder: {"lookup:parent": {reference: top}}}], parent_field: /0/folder/parent}
      minimal: [{folder: {}}]
  writes:
    saveFolders: &folder_ids
      - {in: body, pointer: /*/folder/id, resource: folder}
      - {in: body, pointer: /*/folder/parent, resource: folder}
      - {in: body, pointer: /*/folder/lookup:parent, resource: folder}
    changeFolders: *folder_ids
    deleteFolder: [{in: path, name: folder, resource: folder}]
"""


def write_tree_api(specs: Path) -> ContractApi:
    root = specs / NAME
    (root / "upstream").mkdir(parents=True, exist_ok=True)
    (root / "api.yaml").write_text(PROFILE, encoding="utf-8")
    (root / "openapi.json").write_text(json.dumps(yaml.safe_load(SPEC)), encoding="utf-8")
    return ContractApi.load(NAME, specs)


class Refused(Exception):
    def __init__(self, code: str) -> None:
        self.code = code


@dataclass
class TreeHost:
    folders: dict[int, dict[str, Any]] = field(default_factory=lambda: {ROOT_ID: _folder(ROOT_ID, None, "Top", "top")})
    requests: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""

    def add(self, name: str, parent: int = ROOT_ID) -> int:
        folder_id = max(self.folders) + 1
        self.folders[folder_id] = _folder(folder_id, parent, name)
        return folder_id

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/folders", self._folders, methods=["GET", "PUT", "POST"]),
            Route("/folders/{folder}", self._delete, methods=["DELETE"]),
        ])  # fmt: skip

    async def _folders(self, request: Request) -> Response:
        self.requests.append((request.method, request.url.path))
        if request.method == "GET":
            return JSONResponse([{"folder": folder} for folder in self.folders.values()])
        items = await request.json()
        saved, changed = [], {key: dict(value) for key, value in self.folders.items()}
        try:
            for item in items:
                saved.append(_save(changed, item["folder"]))
        except Refused as refused:
            return JSONResponse({"realm": "user", "code": refused.code}, status_code=400)
        self.folders = changed
        return JSONResponse([{"folder": changed[folder_id]} for folder_id in saved])

    async def _delete(self, request: Request) -> Response:
        self.requests.append((request.method, request.url.path))
        folder_id = int(request.path_params["folder"])
        if folder_id not in self.folders:
            return JSONResponse({"realm": "user", "code": "folder.not_found"}, status_code=400)
        if folder_id == ROOT_ID or any(folder["parent"] == folder_id for folder in self.folders.values()):
            return JSONResponse({"realm": "user", "code": "folder.not_empty"}, status_code=400)
        del self.folders[folder_id]
        return JSONResponse({})


def _folder(folder_id: int, parent: int | None, name: str, reference: str | None = None) -> dict[str, Any]:
    return {"id": folder_id, "parent": parent, "name": name, "reference": reference}


def _save(folders: dict[int, dict[str, Any]], item: dict[str, Any]) -> int:
    lookup = item.get("lookup:parent")
    parent = next((key for key, value in folders.items() if value["reference"] == lookup.get("reference")), None) \
        if isinstance(lookup, dict) else item.get("parent")  # fmt: skip
    if item.get("id") is None:
        if parent not in folders:
            raise Refused("folder.not_found" if parent is not None else "folder.needs_parent")
        folder_id = max(folders) + 1
        folders[folder_id] = _folder(folder_id, parent, str(item.get("name", "")))
        return folder_id
    folder_id = int(item["id"])
    if folder_id not in folders or (parent is not None and parent not in folders):
        raise Refused("folder.not_found")
    folders[folder_id].update({k: v for k, v in (("parent", parent), ("name", item.get("name"))) if v is not None})
    return folder_id


def serve_tree(host: TreeHost) -> Iterator[TreeHost]:
    with serving(host.app()) as url:
        host.url = url
        yield host


RUN = "20260101T000000-abcd"  # the run the guards of these tests are


@dataclass
class Tree:
    schema: BaseSchema
    host: TreeHost
    guard: OwnedResources
    ledger: Ledger
    http: requests.Session

    def send(self, method: str, body: Any) -> requests.Response:
        """The case through the guard and to the host, as a run sends it."""
        case: Case[Any] = self.schema["/folders"][method].Case(body=body)
        assert self.guard.admit(case), self.guard.not_sent
        assert isinstance(case.body, list)
        response = self.http.request(method, self.host.url + "/folders", json=case.body, timeout=10)
        self.guard.after_call(case, response)
        return response

    def folder(self, folder_id: Any) -> dict[str, Any]:
        return self.host.folders[int(folder_id)]
