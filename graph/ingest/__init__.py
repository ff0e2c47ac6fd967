"""Seeds to quads: parse seed files into records, check them (references, quotes, SHACL), build RDF; all pass or nothing is built."""
