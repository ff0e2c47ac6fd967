"""The built dataset behind one read interface (embedded Oxigraph or a remote SPARQL server): snapshots, reloads, RDF exports, push."""
