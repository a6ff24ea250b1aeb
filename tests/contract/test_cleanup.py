"""The clean-up at the end of a writing live run (contract_tests/cleanup.py, through the guard's close()) and
what the summary says of it (contract_tests/summary.py): the run's own deleted by kind, the leftovers of
older runs deleted (kind, id, run), what could not be deleted (the call and its answer) and what the
ledger still has; no such section for a run without the guard."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from contract_tests.auth import ApiKey, Placement, Secret
from contract_tests.cleanup import CleanUp
from contract_tests.ledger import Entry, Intent, Ledger
from contract_tests.safety import PREFIX, NoGuard, OwnedResources
from contract_tests.summary import ItemResult, Summary
from contract_tests.sweep import Sweep
from contract_tests.tally import Tally
from tests.contract.fake_api import WidgetHost, serve, write_api

RUN = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-abcd"  # started now, as a run's id says (target.py)
OLD_RUN = "19990101T000000-dead"


@dataclass
class StubbornHost(WidgetHost):
    """A host that answers 500 to the delete of the widgets in `locked`, and to any listing with `listing_fails`;
    with `redirect_deletes`, a 302 to a login page of another host (a lapsed key's answer); with `page_cap`, lists
    at most that many a page, whatever size the spec allows."""

    locked: set[int] = field(default_factory=set)
    listing_fails: bool = False
    redirect_deletes: bool = False
    page_cap: int | None = None
    ignores_page: bool = False

    async def _widget(self, request: Request) -> Response:
        if request.method == "DELETE" and self.redirect_deletes:
            self._record(request)
            return Response(status_code=302, headers={"Location": "http://login.elsewhere.invalid/login"})
        if request.method == "DELETE" and int(request.path_params["widget"]) in self.locked:
            self._record(request)
            return JSONResponse({"message": "locked"}, status_code=500)
        return await super()._widget(request)

    async def _widgets(self, request: Request) -> Response:
        if request.method == "GET" and self.listing_fails:
            self._record(request)
            return JSONResponse({"message": "down"}, status_code=503)
        if request.method == "GET" and self.page_cap is not None:
            self._record(request)
            page, cap = 1 if self.ignores_page else int(request.query_params.get("page", 1)), self.page_cap
            return JSONResponse({"items": list(self.widgets.values())[(page - 1) * cap : page * cap]})
        return await super()._widgets(request)


@dataclass
class Run:
    host: StubbornHost
    guard: OwnedResources
    ledger: Ledger

    def create(self) -> int:
        """A widget of the run's own, as a case that created it would leave it."""
        schema = schemathesis.openapi.from_path(self.guard.api.spec_path)
        case = schema["/widgets"]["POST"].Case(body={"label": "x"})
        assert self.guard.admit(case) and isinstance(case.body, dict)
        response = requests.post(self.host.url + "/widgets", json=case.body, timeout=10)
        self.guard.after_call(case, response)
        return int(response.json()["item"]["id"])


@pytest.fixture
def run(tmp_path: Path) -> Iterator[Run]:
    api = write_api(tmp_path)
    host = StubbornHost()
    for _ in serve(host):
        ledger = Ledger(tmp_path / "ledger", api.name, host.url)
        with requests.Session() as http:
            auth = ApiKey(Secret("k3y-of-the-run"), Placement("Key", "header", "X-Key"))
            yield Run(host, OwnedResources(api, RUN, host.url, http, auth, ledger), ledger)


def test_the_record_names_what_was_deleted_what_was_not_and_what_the_ledger_still_has(run: Run) -> None:
    host, ledger = run.host, run.ledger
    ours, locked_of_ours = run.create(), run.create()
    swept, locked_leftover = host.add(f"{PREFIX}{OLD_RUN}-1"), host.add(f"{PREFIX}{OLD_RUN}-2")
    now = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    recent = host.add(f"{PREFIX}{now}-beef-1")  # a run that may still be going: not swept
    for widget_id in (swept, locked_leftover):
        ledger.created(Entry(OLD_RUN, "widget", str(widget_id)))
    ledger.created(Entry(f"{now}-beef", "widget", str(recent)))
    ledger.creating(Intent(f"{now}-beef", "widget", f"{PREFIX}{now}-beef-2"))  # answered without its id
    host.locked = {locked_of_ours, locked_leftover}

    with pytest.raises(RuntimeError) as failed:
        run.guard.close()

    assert str(failed.value) == (
        f"cleaning up the live run's resources failed: widget {locked_of_ours}: DELETE /widgets/{locked_of_ours} -> "
        f"500; widget {locked_leftover}: DELETE /widgets/{locked_leftover} -> 500"
    )
    record = run.guard.cleanup
    assert record is not None and record.finished
    assert record.deleted == {"widget": 1} and ours not in host.widgets
    assert record.swept == [Entry(OLD_RUN, "widget", str(swept))] and swept not in host.widgets
    assert [(failure.entry, failure.call) for failure in record.undeleted] == [
        (Entry(RUN, "widget", str(locked_of_ours)), f"DELETE /widgets/{locked_of_ours} -> 500"),
        (Entry(OLD_RUN, "widget", str(locked_leftover)), f"DELETE /widgets/{locked_leftover} -> 500"),
    ]
    assert (
        record.outstanding
        == ledger.outstanding()
        == [
            Entry(RUN, "widget", str(locked_of_ours)),
            Entry(OLD_RUN, "widget", str(locked_leftover)),
            Entry(f"{now}-beef", "widget", str(recent)),
        ]
    )  # the order the ledger has them in (compacted: what is outstanding, in the order it was created)
    assert record.unsettled == [Intent(f"{now}-beef", "widget", f"{PREFIX}{now}-beef-2")]

    text = summary(record).markdown()
    section = text.split("## Clean-up of the run's writes\n", 1)[1].split("\n## ", 1)[0]
    assert "- The run's own resources: 1 deleted (widget: 1), 1 not (below)\n" in section
    assert f"- Leftovers of runs that started over a day ago, as the ledger has them: 1 deleted\n" \
           f"  - widget {swept}, of run {OLD_RUN}\n" in section  # fmt: skip
    assert (
        f"- Not deleted: 2\n  - widget {locked_of_ours}, of this run: DELETE /widgets/{locked_of_ours} -> 500\n"
        f"  - widget {locked_leftover}, of run {OLD_RUN}: DELETE /widgets/{locked_leftover} -> 500\n"
    ) in section
    assert f"- Still in the ledger as not deleted ({ledger.path}): 4\n" in section
    assert f"  - widget {recent}, of run {now}-beef, under a day old (it may still be going" in section
    assert f"  - a widget named {PREFIX}{now}-beef-2, of run {now}-beef, under a day old" in section
    assert "k3y-of-the-run" not in text and "locked" not in section  # no secret, no body
    assert summary(record).result() == "**FAILED**: the clean-up of its writes failed; 0 of 1 tests failed"


def test_a_listing_that_fails_stops_only_the_sweep_and_is_said(run: Run) -> None:
    ours = run.create()
    run.host.listing_fails = True
    run.ledger.created(Entry(OLD_RUN, "widget", str(run.host.add(f"{PREFIX}{OLD_RUN}-1"))))

    with pytest.raises(RuntimeError, match=r"listing GET /widgets for leftovers -> 503$"):
        run.guard.close()

    record = run.guard.cleanup
    assert record is not None and record.finished and ours not in run.host.widgets  # its own deleted all the same
    assert record.sweep_failed == "listing GET /widgets for leftovers -> 503"
    assert "- Leftovers of older runs not looked for: listing GET /widgets for leftovers -> 503" in (
        summary(record).markdown()
    )


def test_a_kind_whose_listing_fails_leaves_the_other_kinds_swept(run: Run) -> None:
    """The sweep looks for each kind's leftovers in its own listing: one that fails (a 503 for gizmos) says
    so, and the widgets an old run left are still found and deleted."""
    widget = run.guard.resources["widget"]
    assert widget.listing is not None
    gizmos = dataclasses.replace(widget.listing, path="/gizmos")
    gizmo = dataclasses.replace(widget, name="gizmo", listing=gizmos, owned=[])
    left = run.host.add(f"{PREFIX}{OLD_RUN}-1")
    run.ledger.created(Entry(OLD_RUN, "gizmo", "4"))
    run.ledger.created(Entry(OLD_RUN, "widget", str(left)))

    def call(method: str, path: str, **options: Any) -> requests.Response:
        if path == "/gizmos":
            answer = requests.Response()
            answer.status_code = 503
            return answer
        return requests.request(method, run.host.url + path, timeout=10, **options)

    found, failures = Sweep({"gizmo": gizmo, "widget": widget}, run.ledger, call, "/id", "/label").leftovers()

    assert [(resource.name, entry.id) for resource, entry in found] == [("widget", str(left))]
    assert failures == ["listing GET /gizmos for leftovers -> 503"]


def test_once_the_host_is_unreachable_no_more_calls_are_sent(tmp_path: Path) -> None:
    """Each call to a host that does not answer would wait out its timeout: after the first, the others
    are not sent, and stay in the ledger for the next run."""
    api = write_api(tmp_path)
    unreachable = "http://127.0.0.1:1"  # nothing listens there: connection refused
    ledger = Ledger(tmp_path / "ledger", api.name, unreachable)
    ledger.created(Entry(OLD_RUN, "widget", "9"))
    sent: list[str] = []
    with requests.Session() as http:
        original = http.request

        def counted(method: str, url: str, **options: Any) -> requests.Response:
            sent.append(f"{method} {url}")
            return original(method, url, **options)

        http.request = counted  # type: ignore[method-assign,assignment]
        guard = OwnedResources(api, RUN, unreachable, http, requests.auth.HTTPBasicAuth("u", "p"), ledger)
        guard.resources["widget"].owned += ["5", "6", "7"]
        with pytest.raises(RuntimeError, match="cleaning up the live run's resources failed"):
            guard.close()
    assert sent == [f"DELETE {unreachable}/widgets/7"]
    assert guard.cleanup is not None and [failure.call for failure in guard.cleanup.undeleted][1:] == [
        "DELETE /widgets/6 -> not sent: the host did not answer before (unreachable (connection refused))",
        "DELETE /widgets/5 -> not sent: the host did not answer before (unreachable (connection refused))",
    ]
    assert guard.cleanup.sweep_failed == "the host did not answer before (unreachable (connection refused))"
    assert "- The run's own resources: 0 of 3 deleted (below)\n" in summary(guard.cleanup).markdown()
    assert [entry.id for entry in ledger.outstanding()] == ["9"]  # not swept: there for the next run


def test_a_delete_answered_with_a_redirect_is_not_deleted_nor_followed(run: Run) -> None:
    """A Laravel host whose key lapsed answers 302 to its login page: followed, a GET there answers 200, and
    the resource would be struck from the ledger while it stays on the host."""
    ours = run.create()
    run.host.redirect_deletes = True
    with pytest.raises(RuntimeError, match="cleaning up the live run's resources failed"):
        run.guard.close()
    record = run.guard.cleanup
    assert record is not None and ours in run.host.widgets and not record.deleted
    assert [failure.call for failure in record.undeleted] == [
        f"DELETE /widgets/{ours} -> 302 to login.elsewhere.invalid (not followed)"
    ]
    assert [entry.id for entry in run.ledger.outstanding()] == [str(ours)]  # for the next run
    # Not "none to delete": there was one, and it is still there.
    assert "- The run's own resources: 0 of 1 deleted (below)\n" in summary(record).markdown()


def test_a_host_that_pages_smaller_than_the_spec_says_loses_no_leftover(run: Run) -> None:
    """The spec's max_size is 2; the host lists 1 a page. A page short of the size is not the last."""
    run.host.page_cap = 1
    left = [run.host.add(f"{PREFIX}{OLD_RUN}-{n}") for n in range(1, 6)]
    for widget in left:
        run.ledger.created(Entry(OLD_RUN, "widget", str(widget)))
    run.guard.close()
    assert run.host.widgets == {} and run.ledger.outstanding() == []
    record = run.guard.cleanup
    assert record is not None and sorted(int(entry.id) for entry in record.swept) == left


@pytest.mark.parametrize(("cap", "left_over"), [(1, 3), (2, 3)])
def test_a_host_that_does_not_page_is_listed_once_and_told_apart(run: Run, cap: int, left_over: int) -> None:
    """A host that answers every page as the first: short of the spec's size (2), that page is all there is;
    a full one means the rest cannot be listed, which strikes nothing (rather than 1,000 calls)."""
    run.host.page_cap, run.host.ignores_page = cap, True
    widgets = [run.host.add(f"{PREFIX}{OLD_RUN}-{n}") for n in range(1, left_over + 1)]
    for widget in widgets:
        run.ledger.created(Entry(OLD_RUN, "widget", str(widget)))
    if cap == 2:
        with pytest.raises(RuntimeError, match="page 2 answers the items of the pages before it"):
            run.guard.close()
        assert len(run.ledger.outstanding()) == left_over  # nothing struck
    else:
        run.guard.close()  # one widget listed, the others "gone": the listing said all it has
    listings = [request for request in run.host.requests if request[:2] == ("GET", "/widgets")]
    assert len(listings) == 2


def test_an_id_a_host_answered_with_is_one_path_segment_of_the_delete(run: Run) -> None:
    sent: list[str] = []
    http = run.guard._http
    original = http.request

    def recorded(method: str, url: str, **options: Any) -> requests.Response:
        sent.append(f"{method} {url.removeprefix(run.host.url)}")
        return original(method, url, **options)

    http.request = recorded  # type: ignore[method-assign,assignment]
    run.guard.resources["widget"].owned.append("1/../../login")
    run.guard.close()
    assert sent[0] == "DELETE /widgets/1%2F..%2F..%2Flogin"  # not DELETE /login


def test_an_id_with_a_line_break_stays_on_its_line_of_the_summary(run: Run) -> None:
    forged = "7\n## Injected\n- Result: **passed**"
    run.guard.resources["widget"].owned.append(forged)
    with pytest.raises(RuntimeError) as failed:  # the fake host cannot read such an id: a 500
        run.guard.close()
    assert "\n" not in str(failed.value)
    markdown = summary(run.guard.cleanup).markdown()
    assert not any(line.startswith(("## Injected", "- Result: **passed**")) for line in markdown.splitlines())
    assert "widget 7\\x0a## Injected\\x0a- Result: **passed**, of this run" in markdown


def test_a_host_that_does_not_answer_is_a_line_per_resource_not_a_traceback(tmp_path: Path) -> None:
    api = write_api(tmp_path)
    unreachable = "http://127.0.0.1:1"  # nothing listens there: connection refused
    ledger = Ledger(tmp_path / "ledger", api.name, unreachable)
    ledger.created(Entry(OLD_RUN, "widget", "9"))  # a leftover to look for
    with requests.Session() as http:
        guard = OwnedResources(api, RUN, unreachable, http, requests.auth.HTTPBasicAuth("u", "p"), ledger)
        guard.resources["widget"].owned += ["5", "6"]
        with pytest.raises(RuntimeError, match="cleaning up the live run's resources failed"):
            guard.close()
    assert guard.cleanup is not None and guard.cleanup.finished
    assert [failure.call for failure in guard.cleanup.undeleted] == [
        "DELETE /widgets/6 -> no answer (unreachable (connection refused))",  # the newest first
        "DELETE /widgets/5 -> not sent: the host did not answer before (unreachable (connection refused))",
    ]
    assert guard.cleanup.sweep_failed == "the host did not answer before (unreachable (connection refused))"
    assert "- The run's own resources: 0 of 2 deleted (below)\n" in summary(guard.cleanup).markdown()


def test_a_clean_run_says_so_briefly_and_a_run_without_the_guard_has_no_section(run: Run, tmp_path: Path) -> None:
    run.create()
    run.guard.close()
    assert run.guard.cleanup is not None
    text = summary(run.guard.cleanup).markdown()
    assert "- The run's own resources: 1 deleted (widget: 1)" in text
    assert "- Not deleted: none" in text and f"({run.ledger.path}): nothing" in text
    assert summary(run.guard.cleanup).result() == "**passed**: 0 of 1 tests failed"
    assert run.guard.cleanup.console_line() == (
        "clean-up: deleted 1 of the run's own resources and 0 leftovers of older runs (see the summary)"
    )
    assert NoGuard().cleanup is None  # the emulator's run, and a read-only live one (no guard is made)
    assert "Clean-up" not in summary(None).markdown()


def summary(record: CleanUp | None, **extra: Any) -> Summary:
    return Summary(api="widget-api", target="a host", live=True, seed=1, seed_variable="WIDGETS_CONTRACT_SEED",
                   profile="fast", tally=Tally(), items={"test": ItemResult("test", "passed")}, seconds=1.0,
                   cleanup=record, **extra)  # fmt: skip
