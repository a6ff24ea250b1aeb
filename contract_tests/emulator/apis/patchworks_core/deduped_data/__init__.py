"""Deduped records of a data pool: listed from the spec (a collection nested in its pool); beyond CRUD,
the CSV import, the CSV export and deleting records by id. models.py keeps them, responses.py answers."""
