"""Process-level helpers every stage may use: per-key memos and pausing the garbage collector."""
