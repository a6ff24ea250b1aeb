"""The live-write guard (contract_tests/safety.py) on a tree of resources saved in arrays
(tests/contract/tree_api.py): a home of the run's own that every write stays inside, names and ids in
every item, an upsert's answer recorded like a create's, lookups by another key kept back, and a clean-up
that deletes children before their parents and takes the API's "not found" for gone."""

from __future__ import annotations

from contract_tests.ledger import Entry
from contract_tests.safety import PREFIX
from tests.contract.tree_api import ROOT_ID, RUN, Tree


def test_the_run_creates_its_home_then_writes_only_inside_it(tree: Tree) -> None:
    customers = tree.host.add("Documents")
    saved = tree.send("PUT", [{"folder": {"parent": customers, "name": "a"}}, {"folder": {"parent": customers,
                                                                                         "name": "b"}}])  # fmt: skip
    assert saved.status_code == 200
    home, aimed_at, first, second = sorted(set(tree.host.folders) - {ROOT_ID, customers})
    assert tree.folder(home)["parent"] == ROOT_ID  # by the home body's lookup of the root's reference
    assert tree.folder(aimed_at)["parent"] == home
    assert tree.folder(first)["parent"] == tree.folder(second)["parent"] == aimed_at  # re-aimed, item by item
    names = [tree.folder(folder_id)["name"] for folder_id in (home, aimed_at, first, second)]
    assert names == [f"{PREFIX}{RUN}-{n}" for n in (1, 2, 3, 4)]  # every item of the body named
    assert tree.guard.resources["folder"].owned == [str(aimed_at), str(first), str(second)]  # the home apart
    assert [entry.id for entry in tree.ledger.outstanding()] == [str(home), str(aimed_at), str(first), str(second)]
    assert tree.folder(customers) == {"id": customers, "parent": ROOT_ID, "name": "Documents", "reference": None}


def test_an_upserts_answer_is_the_runs_and_a_lookup_by_another_key_is_kept_back(tree: Tree) -> None:
    created = tree.send("POST", [{"folder": {"id": None, "parent": ROOT_ID, "name": "c"}}])  # POST creates too
    new = str(created.json()[0]["folder"]["id"])
    assert new in tree.guard.resources["folder"].owned and Entry(RUN, "folder", new) in tree.ledger.outstanding()
    lookup = tree.schema["/folders"]["PUT"].Case(body=[{"folder": {"lookup:parent": {"reference": "top"}}}])
    assert not tree.guard.admit(lookup)
    assert tree.guard.not_sent["PUT /folders"] == {
        "a value in an id place (body /*/folder/lookup:parent) that a server may read as an id": 1
    }


def test_at_the_end_children_go_before_their_parents_the_home_last_and_a_gone_one_is_no_problem(tree: Tree) -> None:
    customers = tree.host.add("Documents")
    tree.send("PUT", [{"folder": {"parent": customers, "name": "a"}}])
    first, second = (int(folder_id) for folder_id in tree.guard.resources["folder"].owned)
    home = tree.folder(first)["parent"]
    # Moved since (by the run's own changes): the older inside the newer, which waits for it then.
    tree.host.folders[second]["parent"], tree.host.folders[first]["parent"] = home, second
    tree.send("PUT", [{"folder": {"parent": second, "name": "c"}}])
    third = int(tree.guard.resources["folder"].owned[-1])
    del tree.host.folders[third]  # gone already: the host says folder.not_found

    tree.guard.close()

    assert set(tree.host.folders) == {ROOT_ID, customers}
    assert tree.ledger.outstanding() == [] and not tree.ledger.path.exists()
