"""The vocabulary: namespaces and the ontology (ontology.ttl), read once; nothing else lists classes or relations."""
