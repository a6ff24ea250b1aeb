"""The live-write guard (contract_tests/safety.py, contract_tests/creations.py) on what a write created:
a lookup by another key is someone's resource whatever its text, an upsert's answer is the run's only
for the items that created, and a create answered without its id stops the run creating that kind (its
name in the ledger first, for a later sweep)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis import Case

from contract_tests.auth import ApiKey, Placement, Secret
from contract_tests.ledger import Entry, Intent, Ledger
from contract_tests.safety import PREFIX, IdValue, OwnedResources, classify
from tests.contract.fake_api import WidgetHost, serve, write_api
from tests.contract.tree_api import ROOT_ID, RUN, Tree

OLD_RUN = "19990101T000000-dead"


@pytest.mark.parametrize(
    ("value", "judged"),
    [
        ({"reference": ""}, IdValue.UNSAFE),  # "" is a unique key's value like any other: it may name one
        ({"shortname": ""}, IdValue.UNSAFE),
        ({"reference": "top"}, IdValue.UNSAFE),  # no digit, and still someone's
        ({"reference": 0}, IdValue.UNSAFE),
        ({"reference": {"deeper": ""}}, IdValue.UNSAFE),
        ([{"reference": ""}], IdValue.UNSAFE),
        ({"reference": None}, IdValue.HARMLESS),  # nothing but nulls names nothing
        ({"reference": None, "shortname": [None]}, IdValue.HARMLESS),
        ({}, IdValue.HARMLESS),
        (["x", None], IdValue.HARMLESS),  # a list holds values of the place: each judged as it would be there
    ],
)
def test_a_lookup_names_a_resource_by_any_value_but_null(value: Any, judged: IdValue) -> None:
    assert classify(value, integer_ids=True)[0] is judged


def test_a_lookup_by_an_empty_reference_is_not_sent(tree: Tree) -> None:
    tree.host.folders[tree.host.add("Customer's")]["reference"] = ""
    for reference in ("", "top"):
        body: Any = [{"folder": {"lookup:parent": {"reference": reference}, "name": "x"}}]
        case = tree.schema["/folders"]["PUT"].Case(body=body)
        assert not tree.guard.admit(case)
    assert tree.guard.not_sent["PUT /folders"] == {
        "a value in an id place (body /*/folder/lookup:parent) that a server may read as an id": 2
    }
    assert tree.host.requests == []


def _through(tree: Tree, method: str, body: Any) -> requests.Response:
    """The case sent as it is (as a hole in the guard would let it through), then shown to the guard."""
    case: Case[Any] = tree.schema["/folders"][method].Case(body=body)
    response = tree.http.request(method, tree.host.url + "/folders", json=body, timeout=10)
    tree.guard.after_call(case, response)
    return response


def test_only_what_an_upsert_created_is_the_runs_never_what_it_changed(tree: Tree) -> None:
    customers = tree.host.add("Documents")
    changed = _through(tree, "POST", [{"folder": {"id": customers, "name": f"{PREFIX}{RUN}-7"}}])
    assert changed.status_code == 200 and changed.json()[0]["folder"]["id"] == customers  # renamed, answered
    assert tree.guard.resources["folder"].owned == [] and tree.ledger.outstanding() == []

    mixed = _through(tree, "PUT", [{"folder": {"id": customers, "name": "again"}},
                                   {"folder": {"id": None, "parent": ROOT_ID, "name": "new"}},
                                   {"folder": {"lookup:parent": {"reference": "top"}, "name": "newer"}}])  # fmt: skip
    new, newer = (str(item["folder"]["id"]) for item in mixed.json()[1:])
    assert tree.guard.resources["folder"].owned == [new, newer]  # the parent's places are a new one's too
    assert [entry.id for entry in tree.ledger.outstanding()] == [new, newer]

    tree.guard.close()

    assert customers in tree.host.folders  # renamed by the case, but never the run's to delete
    assert set(tree.host.folders) == {ROOT_ID, customers}


def test_an_answer_that_does_not_match_the_items_one_to_one_gives_the_run_nothing(tree: Tree) -> None:
    customers = tree.host.add("Documents")
    case = tree.schema["/folders"]["PUT"].Case(body=[{"folder": {"id": customers}}, {"folder": {"parent": ROOT_ID}}])

    class Answer:
        status_code = 200

        def json(self) -> Any:
            return [{"folder": {"id": customers}}]  # which item it is for cannot be told

    tree.guard.after_call(case, Answer())
    assert tree.guard.resources["folder"].owned == []
    assert tree.guard.notices and "answered 200 to a case that creates one, without its id" in tree.guard.notices[0]


class Widgets:
    def __init__(self, tmp_path: Path, host: WidgetHost, http: requests.Session) -> None:
        self.api = write_api(tmp_path)
        self.schema = schemathesis.openapi.from_path(self.api.spec_path)
        self.host = host
        self.ledger = Ledger(tmp_path / "ledger", self.api.name, host.url)
        auth = ApiKey(Secret("k"), Placement("Key", "header", "X-Key"))
        self.guard = OwnedResources(self.api, RUN, host.url, http, auth, self.ledger)

    def case(self, path: str, method: str, **parts: Any) -> Case[Any]:
        case: Case[Any] = self.schema[path][method].Case(**parts)
        return case

    def posts(self) -> int:
        return sum(1 for method, _, _ in self.host.requests if method == "POST")


@pytest.fixture
def silent(tmp_path: Path) -> Iterator[Widgets]:
    """A host whose creates answer 200 {}: no id where the spec's links say."""
    for host in serve(WidgetHost(create_answers_nothing=True)):
        with requests.Session() as http:
            yield Widgets(tmp_path, host, http)


def test_a_create_answered_without_its_id_is_the_last_of_its_kind_and_said_once(silent: Widgets) -> None:
    someone_elses = silent.host.add("a customer's widget")
    for _ in range(5):  # Hypothesis replaying a case: each would have asked for a widget of the run's own
        case = silent.case("/widgets/{widget}", "PUT", path_parameters={"widget": someone_elses}, body={"label": "x"})
        assert not silent.guard.admit(case)
        assert case.path_parameters["widget"] == someone_elses  # not half re-aimed: not sent at all
    assert silent.guard.provide("widget") is None
    created = silent.case("/widgets", "POST", body={"label": "x"})
    assert not silent.guard.admit(created)  # a create of the kind is kept back too

    assert silent.posts() == 1
    assert [w["label"] for w in silent.host.widgets.values()] == ["a customer's widget", f"{PREFIX}{RUN}-1"]
    # The name was in the ledger before the create went out: a later sweep can find the widget by it.
    assert silent.ledger.unsettled() == [Intent(RUN, "widget", f"{PREFIX}{RUN}-1")]
    (notice,) = silent.guard.notices
    assert "creating a widget (one to write to) answered 200 without one id at /item/id" in notice
    assert f"widgets named {PREFIX}{RUN}-<n>" in notice
    reasons = silent.guard.not_sent
    assert sum(reasons["PUT /widgets/{widget}"].values()) == 5
    assert list(reasons["POST /widgets"]) == [
        "a case that creates a widget: the run creates no more of them (creating a widget (one to write to) "
        "answered 200 without one id at /item/id, where the spec's links say)"
    ]


def test_a_create_case_answered_without_its_id_stops_the_creates_of_its_kind(silent: Widgets) -> None:
    first = silent.case("/widgets", "POST", body={"label": "x"})
    assert silent.guard.admit(first)
    assert isinstance(first.body, dict)
    response = requests.post(silent.host.url + "/widgets", json=first.body, timeout=10)
    silent.guard.after_call(first, response)
    again = silent.case("/widgets", "POST", body={"label": "y"})
    assert not silent.guard.admit(again)
    (notice,) = silent.guard.notices
    assert notice.startswith("POST /widgets answered 200 to a case that creates one, without its id at /item/id")


def test_a_later_run_sweeps_what_an_unanswered_create_named_and_only_that(tmp_path: Path) -> None:
    for host in serve(WidgetHost()):
        with requests.Session() as http:
            widgets = Widgets(tmp_path, host, http)
            ledger = widgets.ledger
            made = host.add(f"{PREFIX}{OLD_RUN}-1")  # the old run's create, answered without its id
            lookalike = host.add(f"{PREFIX}{OLD_RUN}-3")  # no run's intent names it
            now = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
            recent = host.add(f"{PREFIX}{now}-beef-1")  # a run that may still be going
            for intent in (Intent(OLD_RUN, "widget", f"{PREFIX}{OLD_RUN}-1"),
                           Intent(OLD_RUN, "widget", f"{PREFIX}{OLD_RUN}-2"),  # never made, or deleted since
                           Intent(f"{now}-beef", "widget", f"{PREFIX}{now}-beef-1")):  # fmt: skip
                ledger.creating(intent)

            widgets.guard.close()

            assert sorted(host.widgets) == sorted([lookalike, recent])
            assert ("DELETE", f"/widgets/{made}", "") in host.requests
            assert ledger.outstanding() == []
            assert ledger.unsettled() == [Intent(f"{now}-beef", "widget", f"{PREFIX}{now}-beef-1")]


def test_the_ledger_settles_a_create_by_the_name_its_id_line_carries(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path, "widget-api", "https://api.widgets.invalid")
    answered, unanswered = Intent(RUN, "widget", "n-1"), Intent(RUN, "widget", "n-2")
    ledger.creating(answered)
    ledger.creating(unanswered)
    ledger.created(Entry(RUN, "widget", "5"), answered.name)
    assert ledger.unsettled() == [unanswered] and ledger.outstanding() == [Entry(RUN, "widget", "5")]
    ledger.compact()  # keeps both what is outstanding and what is unsettled
    assert ledger.unsettled() == [unanswered] and ledger.outstanding() == [Entry(RUN, "widget", "5")]
    ledger.deleted(Entry(RUN, "widget", "5"))
    ledger.absent(unanswered)
    ledger.compact()
    assert not ledger.path.exists()
