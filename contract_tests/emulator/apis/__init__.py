"""One package per API, for what its spec cannot say: behaviour beyond CRUD, its tables, its seeds, its
control routes (core/api.py says what a package provides). An API without a package is served from its
spec alone.

patchworks_core/   the Patchworks Core API
"""
