"""Statement-level exports: each claim as a statement of its own, in the formats of the tools that
work claim by claim (FollowTheMoney, RDF 1.2 reifiers, nanopublications, JSON-LD framed by claim).

`claims.py` reads the claims, their documents and entities back out of the dataset's quads (so any
store can be exported); one module per format writes them. They are registered beside the RDF
dataset formats in graph/store/export.py.
"""
