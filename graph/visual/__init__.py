"""Pictures of the entity graph: dumps for Gephi, Cytoscape, D3 and Graphviz, and the offline page.

The analytics projection (graph/analytics/projection.py) is the one graph drawn: a scope (scope.py) picks
a subgraph of it, a view (view.py) flattens that subgraph with centrality, community, colour and
provenance, and the contradictions its claims take part in (contradictions.py: where the sources
disagree, as the build found and the curators judged them), and each format (formats.py) writes a
view. Nothing here computes analytics.
"""
