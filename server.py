"""Run the stargate-kg server: `python server.py --help` lists every setting.

Builds the seed graph into the embedded store (or connects to a remote SPARQL store) and serves
GraphQL, SPARQL, exports and the visual page with uvicorn.
"""

from graph.server.serve import main

if __name__ == "__main__":
    raise SystemExit(main())
