"""Network analytics over the claim graph: projection, centrality, communities, paths and conflict-of-interest findings."""
