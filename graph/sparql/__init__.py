"""The read-only SPARQL 1.1 endpoint: protocol, guard, query workers, result formats, the query page and VoID."""
