"""Seeds to quads: parse seed files into records, check them (references, quotes, SHACL), build RDF.

All checks pass or nothing is built.
"""
