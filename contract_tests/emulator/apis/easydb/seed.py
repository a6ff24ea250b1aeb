"""The demo data (--seed demo): a small pool tree, three levels under the standard pool, each pool named in
both of the instance's languages. It is saved as a client would save it (one insert of every pool, each
finding its parent by reference), so it holds to the rules every pool does."""

from __future__ import annotations

from contract_tests.emulator.apis.easydb.models import RIGHTS, STANDARD_REFERENCE, Pools, User
from contract_tests.emulator.core.storage import Database
from contract_tests.emulator.dialects.easydb import DIALECT

# (reference, the parent's reference, en-US name, de-DE name), parents before their children.
TREE = (
    ("demo:marketing", STANDARD_REFERENCE, "Marketing", "Marketing"),
    ("demo:campaigns", "demo:marketing", "Campaigns", "Kampagnen"),
    ("demo:spring-sale", "demo:campaigns", "Spring sale", "Frühjahrsaktion"),
    ("demo:brand", "demo:marketing", "Brand assets", "Markenmaterial"),
    ("demo:products", STANDARD_REFERENCE, "Product photos", "Produktfotos"),
    ("demo:catalogue", "demo:products", "Catalogue", "Katalog"),
    ("demo:web-shop", "demo:products", "Web shop", "Webshop"),
)
SEEDER = User("demo seed", "", frozenset(RIGHTS))  # who saves the pools: no account of the emulator's


def demo(db: Database) -> None:
    """Fill a database that has only its system pools."""
    items = [
        {
            "_basetype": "pool",
            "pool": {
                "_version": 1,
                "lookup:_id_parent": {"reference": parent},
                "reference": reference,
                "name": {"en-US": english, "de-DE": german},
            },
        }
        for reference, parent, english, german in TREE
    ]
    Pools(db, DIALECT.now).save(SEEDER, items)
