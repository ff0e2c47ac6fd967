"""The read-only SPARQL 1.1 endpoint: the protocol, the guard, query workers, result formats, the query page and VoID."""
