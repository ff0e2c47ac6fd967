"""Drafting claims from a new article: nothing drafted enters the graph until a curator confirms it.

`stargate-kg draft ARTICLE -o DRAFT.yaml` reads an article (Chinese in either script, or English),
links the entities the graph knows, proposes the names it does not, reads money, quantities and
dates into the seed value model, and suggests claims from the relations' trigger words declared in
graph/vocab/ontology.ttl. Word lists live in rules.yaml, not in code.
"""
