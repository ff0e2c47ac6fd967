"""The spreadsheet tables by name, each with what its rows are.

Plain text, so the command line can offer the tables without importing the analytics that fill
them; graph/analytics/tables.py builds each table of these names.
"""

from __future__ import annotations

TABLE_HELP: dict[str, str] = {
    "claims": "one row per claim: document, date, quote and its translation and offsets, subject, joint parties, "
    "relation, object, polarity, modality, attribution, claimant, amount or range, currency, bound, status",
    "entities": "one row per entity: class, English and Chinese names, aliases, description, claims about it",
    "contradictions": "one row per claim of each side of each contradiction: kind, explanation, rule, verdict and "
    "its reason, the side's position, and the claim's document, date, claimant, modality, quote and value",
    "findings": "one row per conflict-of-interest finding: rule, explanation, parties, relationships, claims, "
    "documents, what it rests on when an edge is no asserted claim",
}
