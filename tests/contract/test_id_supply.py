"""The resource supply of contract_tests/test_reuse.py (contract_tests/reuse.py): which path parameters take
which resource's ids, read from the profile and the spec; existing ids aimed into cases, found by listing
or by creating one; ids forgotten once deleted; a deliberately invalid path value left as it is. Against
the widget API of tests/contract/fake_api.py, served by its WidgetHost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis import Case
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import (
    CaseMetadata,
    ComponentInfo,
    FuzzingPhaseData,
    GenerationInfo,
    PhaseInfo,
    TestPhase,
)

from contract_tests.api import ContractApi
from contract_tests.reuse import IdSupply, Producer, consumers, plan
from contract_tests.safety import NoGuard
from tests.contract.fake_api import WidgetHost, serve, write_api


@pytest.fixture
def api(tmp_path: Path) -> ContractApi:
    return write_api(tmp_path)


@pytest.fixture
def host() -> Iterator[WidgetHost]:
    yield from serve(WidgetHost())


def supply_for(api: ContractApi, host: WidgetHost, *, live: bool = False, writes_allowed: bool = True) -> IdSupply:
    return IdSupply(api, host.url, requests.Session(), requests.auth.HTTPBasicAuth("a", "b"), NoGuard(),
                        live=live, writes_allowed=writes_allowed)  # fmt: skip


def case(api: ContractApi, path: str, method: str, **kwargs: Any) -> Case[Any]:
    schema = schemathesis.openapi.from_path(api.spec_path)
    return schema[path][method].Case(**kwargs)


def test_the_plan_comes_from_the_links_the_writes_and_the_parameter_names(api: ContractApi) -> None:
    kinds, feeds, producers = plan(api)
    assert set(kinds) == {"widget"}  # `part` is made by other means (no create, no list)
    # updateWidget and deleteParts from live_safety.writes, deleteWidget from createWidget's link as well.
    assert feeds == {"updateWidget": {"widget": "widget"}, "deleteWidget": {"widget": "widget"},
                     "deleteParts": {"widget": "widget"}, "addPart": {"widget": "widget"}}  # fmt: skip
    assert producers == {"createWidget": [Producer("widget", "/item/id")]}
    assert consumers(api) == ["addPart", "deleteParts", "deleteWidget", "updateWidget"]


def test_a_read_only_run_gets_an_id_that_exists_by_listing(api: ContractApi, host: WidgetHost) -> None:
    existing = host.add("someone's")
    supply = supply_for(api, host, live=True, writes_allowed=False)
    read = case(api, "/widgets/{widget}", "PUT", path_parameters={"widget": 987654}, body={"label": "x"})
    supply.aim(read)
    assert read.path_parameters == {"widget": existing}  # a number stays a number
    assert [request[0] for request in host.requests] == ["GET"]  # listed, nothing created


def test_on_the_emulator_one_is_created_with_the_minimal_body_and_forgotten_once_deleted(
    api: ContractApi, host: WidgetHost
) -> None:
    system_widget = host.add("listed, but perhaps one no case may change")
    supply = supply_for(api, host)
    delete = case(api, "/widgets/{widget}", "DELETE", path_parameters={"widget": 5555})
    supply.aim(delete)
    (created,) = set(host.widgets) - {system_widget}
    assert delete.path_parameters == {"widget": created}
    assert host.widgets[created]["label"] == "contract-reuse-1"  # named where run_name_field says
    response = requests.delete(f"{host.url}/widgets/{created}")
    supply.record(delete, response)
    assert supply.kinds["widget"].ids == []
    again = case(api, "/widgets/{widget}", "DELETE", path_parameters={"widget": 5555})
    supply.aim(again)
    (fresh,) = set(host.widgets) - {system_widget}  # a new one (the host may give it the freed id again)
    assert again.path_parameters == {"widget": fresh} and host.widgets[fresh]["label"] == "contract-reuse-2"


def test_a_read_only_run_with_nothing_listed_leaves_the_case_alone(api: ContractApi, host: WidgetHost) -> None:
    supply = supply_for(api, host, live=True, writes_allowed=False)
    update = case(api, "/widgets/{widget}", "PUT", path_parameters={"widget": 42}, body={})
    supply.aim(update)
    assert update.path_parameters == {"widget": 42} and host.widgets == {}  # nothing to aim at, nothing created


def test_a_deliberately_invalid_path_value_is_left_for_the_host_to_refuse(api: ContractApi, host: WidgetHost) -> None:
    host.add("one")
    supply = supply_for(api, host)
    negative = case(api, "/widgets/{widget}", "PUT", path_parameters={"widget": "not-an-id"}, body={},
                    _meta=_negative_path_meta())  # fmt: skip
    supply.aim(negative)
    assert negative.path_parameters == {"widget": "not-an-id"}


def test_ids_handed_on_by_a_create_are_recorded(api: ContractApi, host: WidgetHost) -> None:
    supply = supply_for(api, host)
    create = case(api, "/widgets", "POST", body={"label": "made"})
    response = requests.post(f"{host.url}/widgets", json={"label": "made"})
    supply.record(create, response)
    assert supply.kinds["widget"].ids == [str(response.json()["item"]["id"])]


def _negative_path_meta() -> CaseMetadata:
    """Metadata saying the case's path component was generated negative (as the fuzzing phase would)."""
    data = FuzzingPhaseData(description=None, parameter="widget", parameter_location=None, location=None)
    phase = PhaseInfo(name=TestPhase.FUZZING, data=data)
    return CaseMetadata(
        generation=GenerationInfo(time=0.0, mode=GenerationMode.NEGATIVE),
        components={ParameterLocation.PATH: ComponentInfo(mode=GenerationMode.NEGATIVE)},
        phase=phase,
    )
