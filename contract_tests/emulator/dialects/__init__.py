"""Dialects: how the application behind an API answers in general (core/dialect.py says what a dialect
decides). One module per dialect with a DIALECT; a dialect imports only the core (and its own helpers).

laravel.py            a Laravel application: errors and statuses, pagination, timestamps, deletes
laravel_responses.py  Laravel's error bodies, validator wording, paginator, timestamps
spatie.py             spatie/laravel-query-builder's filter, sort and include conventions
"""
