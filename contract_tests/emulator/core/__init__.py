"""The emulator's core: what serves any API. It imports nothing from dialects/ or apis/ and names no API;
it finds the API's spec, profile, dialect and package by name at start (app.py).

app.py        the app factory: routes from the spec, handlers, control routes
call.py       the pipeline's types: Emulator, Call, Handler, ControlRoute
pipeline.py   the request pipeline: route, rate limit, authentication, path and body checks, handler
routes.py     the spec's paths as one route, found by their segment count (as Starlette's router would)
request_log.py one log line per request (method, path, status, time), secrets masked
spec.py       the spec as the emulator reads it: operations, parameters, bodies, security schemes
answers.py    JSON responses and the problems the core meets (which the dialect words)
dialect.py    what a dialect decides, and how one is found
resources.py  resources from the spec's path shapes, and their generic handlers
stores.py     where records live: the Store questions, JSON documents (DocumentStore)
table_store.py an API's own table (TableStore): lists counted once per state, walked or sorted
search.py     partial conditions: the trigram index (SearchIndex), the broad-value sample
shapes.py     envelopes and least values from the response schemas
query.py      a list request: conditions, order, includes, page
storage.py    SQLite: connection, transactions, the tables each part declares
turns.py      a value worked out at most once an event-loop turn (TurnMemo)
security.py   credentials as the securitySchemes say, tokens, the rate limit
settings.py   the settings of one emulator
api.py        what an API package provides (EmulatorApi), and how one is found
control.py    the control routes under /__emulator__/
"""
