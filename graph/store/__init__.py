"""The built dataset behind one read interface (embedded Oxigraph or a remote SPARQL server).

Snapshots, reloads, RDF exports, and pushing the dataset into a SPARQL server.
"""
