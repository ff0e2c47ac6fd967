"""Process-level helpers every stage may use: per-key memos, pausing the garbage collector, progress."""
