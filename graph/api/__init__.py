"""The GraphQL API over the graph (strawberry on starlette).

Resolvers read the graph only through the snapshot's Store, with the named SPARQL queries in
`queries/`, so the same API answers from the embedded Oxigraph store and from a remote SPARQL
server. `schema.py` assembles the root Query from the per-topic modules; `routes.py` serves it.
"""
