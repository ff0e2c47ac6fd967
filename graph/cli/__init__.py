"""The stargate-kg command line: one module per command group, each owning its arguments and its output."""
