"""The classes that act in the story: organisations and people (with their subclasses: Company,
JointVenture, Fund, GovernmentBody).

"Who matters" is asked about them: centrality rankings default to these classes, because places,
events and statements collect edges without acting (graph/analytics/centrality.py), and search
prefers them among equally good matches (graph/api/search.py).
"""

from __future__ import annotations

ACTORS = ("Organization", "Person")
