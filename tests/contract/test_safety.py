"""The live-write guard (contract_tests/safety.py), from a profile's live_safety, on schemathesis cases of
an API of our own against its host (tests/contract/fake_api.py): what is sent, re-aimed or kept back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis import Case
from schemathesis.schemas import BaseSchema

from contract_tests.api import ContractApi, ContractSetupError
from contract_tests.auth import ApiKey, Placement, Secret
from contract_tests.ledger import Entry, Ledger
from contract_tests.safety import MAX_ID, PREFIX, IdValue, OwnedResources, UndeclaredWrite, classify
from tests.contract.fake_api import WidgetHost, serve, write_api

RUN = "20260101T000000-abcd"


@dataclass
class Setup:
    api: ContractApi
    schema: BaseSchema
    host: WidgetHost
    guard: OwnedResources
    ledger: Ledger

    def case(self, path: str, method: str, **parts: Any) -> Case[Any]:
        case: Case[Any] = self.schema[path][method].Case(**parts)
        return case


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    api = write_api(tmp_path)
    schema = schemathesis.openapi.from_path(api.spec_path)
    for host in serve(WidgetHost()):
        auth = ApiKey(Secret("k"), Placement("Key", "header", "X-Key"))
        ledger = Ledger(tmp_path / "ledger", api.name, host.url)
        with requests.Session() as http:
            yield Setup(api, schema, host, OwnedResources(api, RUN, host.url, http, auth, ledger), ledger)


@pytest.mark.parametrize(
    ("value", "integer_ids", "judged"),
    [
        (57, True, IdValue.WELL_FORMED),
        ("57", True, IdValue.WELL_FORMED),
        (MAX_ID + 1, True, IdValue.UNSAFE),  # a server may clamp or wrap it
        ("12abc", True, IdValue.UNSAFE),  # MySQL compares it with an integer column as 12
        (" 12", True, IdValue.UNSAFE),
        ("012", True, IdValue.UNSAFE),
        ("1e3", True, IdValue.UNSAFE),
        ("1e0", True, IdValue.UNSAFE),  # the lenient forms the probe saw go out unchanged
        ("0.5", True, IdValue.UNSAFE),
        (0.5, True, IdValue.UNSAFE),
        ("1,2", True, IdValue.UNSAFE),  # a server that splits a list reads 1 and 2
        ("null,null", True, IdValue.HARMLESS),  # split or not, no digit: no id (MySQL reads "null" as 0)
        ("١٢", True, IdValue.UNSAFE),  # int() reads Arabic-Indic digits as 12
        (True, True, IdValue.UNSAFE),  # PHP's filter_var takes true for 1
        (12.0, True, IdValue.UNSAFE),
        ({"a": 5}, True, IdValue.UNSAFE),
        (0, True, IdValue.HARMLESS),
        (-5, True, IdValue.HARMLESS),
        (None, True, IdValue.HARMLESS),
        ("abc", True, IdValue.HARMLESS),
        ("", True, IdValue.HARMLESS),
        (["x", None], True, IdValue.HARMLESS),
        ("abc", False, IdValue.WELL_FORMED),  # where ids are text, any text may be someone's
        ("12abc", False, IdValue.WELL_FORMED),  # ... and is re-aimed at the run's own when it is not ours
    ],
)
def test_what_a_value_in_an_id_place_is(value: Any, integer_ids: bool, judged: IdValue) -> None:
    assert classify(value, integer_ids=integer_ids)[0] is judged


def test_a_foreign_id_is_re_aimed_at_a_resource_the_run_creates_for_it_and_its_own_ids_stay(setup: Setup) -> None:
    someone_elses = setup.host.add("a customer's widget")
    case = setup.case("/widgets/{widget}", "PUT", path_parameters={"widget": str(someone_elses)}, body={"label": "x"})
    assert setup.guard.admit(case)
    ours = int(case.path_parameters["widget"])
    assert ours != someone_elses and setup.host.widgets[ours]["label"] == f"{PREFIX}{RUN}-1"
    assert case.body == {"label": f"{PREFIX}{RUN}-2"}  # a positive case's name gets the run's prefix too
    create = next(r for r in setup.host.requests if r[0] == "POST")
    assert create[1] == "/widgets"
    again = setup.case("/widgets/{widget}", "DELETE", path_parameters={"widget": ours})
    assert setup.guard.admit(again) and again.path_parameters["widget"] == ours  # an int stays an int
    assert len([r for r in setup.host.requests if r[0] == "POST"]) == 1  # no second widget for it


@pytest.mark.parametrize("value", ["12abc", " 12", True, 12.0, MAX_ID + 1, "0.5", "1e0"])
def test_a_value_a_server_may_read_as_an_id_is_not_sent_and_is_counted(setup: Setup, value: Any) -> None:
    case = setup.case("/widgets/{widget}", "DELETE", path_parameters={"widget": value})
    assert not setup.guard.admit(case)
    assert case.path_parameters["widget"] == value
    (reasons,) = setup.guard.not_sent.values()
    assert reasons == {"a value in an id place (path parameter widget) that a server may read as an id": 1}
    assert setup.host.requests == []  # nothing created for it either


@pytest.mark.parametrize("value", ["abc", 0, -5, None])
def test_a_value_no_server_reads_as_an_id_is_sent_as_it_is_for_the_host_to_refuse(setup: Setup, value: Any) -> None:
    case = setup.case("/widgets/{widget}", "DELETE", path_parameters={"widget": value})
    assert setup.guard.admit(case) and case.path_parameters["widget"] == value


def test_ids_in_the_body_are_judged_item_by_item(setup: Setup) -> None:
    widget = setup.guard._one_of_ours(setup.guard.resources["widget"])

    def parts(body: Any) -> Case[Any]:
        return setup.case("/widgets/{widget}/parts", "DELETE", path_parameters={"widget": widget}, body=body)

    # Parts are no resource the run can create: someone's part id cannot be made one of ours.
    assert not setup.guard.admit(parts({"ids": ["abc", 7]}))
    assert not setup.guard.admit(parts({"ids": "07"}))  # not the array the pointer expects: judged as it is
    harmless: list[Any] = [{"ids": []}, {"ids": ["abc", None, -1]}, {"ids": "none"}, {"other": 7}, None]
    for body in harmless:
        assert setup.guard.admit(parts(body)), body
    reasons = setup.guard.not_sent["DELETE /widgets/{widget}/parts"]
    assert reasons == {"a part id not the run's own, and the run has none to aim at": 1,
                       "a value in an id place (body /ids/*) that a server may read as an id": 1}  # fmt: skip


def test_every_re_aimed_case_is_counted_by_where_its_ids_were(setup: Setup) -> None:
    someone_elses = setup.host.add("a customer's widget")
    for _ in range(2):
        case = setup.case("/widgets/{widget}", "DELETE", path_parameters={"widget": str(someone_elses)})
        assert setup.guard.admit(case) and case.path_parameters["widget"] != str(someone_elses)
    ours = setup.guard.resources["widget"].owned[-1]
    assert setup.guard.admit(setup.case("/widgets/{widget}", "DELETE", path_parameters={"widget": ours}))
    assert setup.guard.re_aimed == {"DELETE /widgets/{widget}": {"a widget id in path parameter widget": 2}}
    assert setup.guard.not_sent == {}


def test_ids_in_a_body_are_judged_in_every_form_a_server_may_read(setup: Setup) -> None:
    widget = setup.guard._one_of_ours(setup.guard.resources["widget"])

    def parts(body: Any) -> Case[Any]:
        return setup.case("/widgets/{widget}/parts", "DELETE", path_parameters={"widget": widget}, body=body)

    for body in ({"ids": ["0.5"]}, {"ids": [None, "1e0"]}, {"ids": [[7]]}, {"ids": [True]}, {"ids": 7.0}):
        assert not setup.guard.admit(parts(body)), body
    assert setup.guard.admit(parts({"ids": ["null,null", 0]}))  # no server reads an id there: the host refuses it
    (reasons,) = setup.guard.not_sent.values()
    assert sum(reasons.values()) == 5


def test_a_write_the_profile_does_not_declare_is_never_sent(setup: Setup) -> None:
    case = setup.case("/widgets/{widget}/parts", "POST", path_parameters={"widget": 1}, body={"serial": "s"})
    with pytest.raises(UndeclaredWrite, match=r"addPart: a write operation that specs/widget-api/api\.yaml's"):
        setup.guard.admit(case)
    assert setup.guard.not_sent == {"POST /widgets/{widget}/parts": {"a write operation live_safety.writes does "
                                                                     "not declare": 1}}  # fmt: skip
    assert setup.guard.admit(setup.case("/widgets", "GET"))  # a read is never judged


class Answer:
    def __init__(self, status_code: int, body: Any) -> None:
        self.status_code = status_code
        self._body = body

    def json(self) -> Any:
        return self._body


def test_at_the_end_it_deletes_its_own_then_what_the_ledger_says_day_old_runs_left(setup: Setup) -> None:
    host, ledger = setup.host, setup.ledger
    now = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    customers = [host.add("a customer's widget"), host.add(f"{PREFIX}19990101T000000-dead-9")]  # no run's
    recent = host.add(f"{PREFIX}{now}-beef-1")  # a run that may still be going
    old = [host.add(f"{PREFIX}19990101T000000-dead-{n}") for n in range(3)]  # on several pages (max_size 2)
    renamed = host.add("renamed since by its owner")  # the ledger has it, its name is no run's any more
    for widget_id in (*old, renamed, 999):  # 999: deleted since, by someone
        ledger.created(Entry("19990101T000000-dead", "widget", str(widget_id)))
    ledger.created(Entry(f"{now}-beef", "widget", str(recent)))
    created = setup.case("/widgets", "POST", body={"label": "x"})
    assert setup.guard.admit(created) and isinstance(created.body, dict)
    new = host.add(str(created.body["label"]))
    setup.guard.after_call(created, Answer(201, {"item": {"id": new}}))  # where the create's links say
    assert setup.guard.resources["widget"].owned == [str(new)]
    assert Entry(RUN, "widget", str(new)) in ledger.outstanding()  # recorded as soon as the host answered

    setup.guard.close()

    assert sorted(host.widgets) == sorted([*customers, recent, renamed])
    deleted = sorted(int(path.rsplit("/", 1)[1]) for method, path, _ in host.requests if method == "DELETE")
    assert deleted == sorted([new, *old])
    assert ledger.outstanding() == [Entry("19990101T000000-dead", "widget", str(renamed)),
                                    Entry(f"{now}-beef", "widget", str(recent))]  # fmt: skip


def test_the_ledger_keeps_what_is_outstanding_across_runs_and_compacts(tmp_path: Path) -> None:
    first = Ledger(tmp_path, "widget-api", "https://user:secret@api.widgets.invalid:8443/v1/")
    again = Ledger(tmp_path, "widget-api", "https://api.widgets.invalid:8443/v1")
    assert first.path == again.path and "secret" not in first.path.name and first.host.endswith(":8443/v1")
    one, two = Entry("20260101T000000-a", "widget", "1"), Entry("20260101T000000-b", "widget", "2")
    first.created(one)
    again.created(two)
    first.deleted(one)
    with first.path.open("a", encoding="utf-8") as file:
        file.write('{"run": "20260101T0000')  # what a killed run may leave half-written
    assert again.outstanding() == [two]
    again.compact()
    assert again.path.read_text(encoding="utf-8").count("\n") == 1 and first.outstanding() == [two]
    first.deleted(two)
    first.compact()
    assert not first.path.exists() and first.outstanding() == []


def test_a_run_that_writes_needs_to_know_where_created_ids_are(tmp_path: Path) -> None:
    api = write_api(tmp_path)
    ledger = Ledger(tmp_path / "ledger", api.name, "http://host")
    del api.spec["paths"]["/widgets"]["post"]["responses"]["201"]["links"]
    with pytest.raises(ContractSetupError, match=r"createWidget .* needs links that hand on one id"):
        OwnedResources(api, RUN, "http://host", requests.Session(), requests.auth.HTTPBasicAuth("u", "p"), ledger)
    unnamed = write_api(tmp_path / "unnamed")
    del unnamed.profile.live_safety["id_field"]
    with pytest.raises(ContractSetupError, match=r"live_safety\.id_field: a live run that writes needs it"):
        OwnedResources(unnamed, RUN, "http://host", requests.Session(), requests.auth.HTTPBasicAuth("u", "p"), ledger)
