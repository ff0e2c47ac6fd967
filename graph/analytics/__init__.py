"""Network analytics over the claim graph: projection, centrality, communities, paths, conflict-of-interest findings."""
