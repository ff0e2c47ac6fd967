"""Where the server shows a claim in context: one address scheme for the reader, the review page's
saved claims and GraphQL's `readerPath` (the graph page's script builds the same, web/viz)."""

from __future__ import annotations


def claim_url(claim_key: str) -> str:
    """The reader's link to a claim ('<document>/<local id>'), relative to the server's root."""
    document, local = claim_key.split("/", 1)
    return f"read/{document}#claim-{local}"
