"""Files in and out: problems located at file:line, line-aware YAML, packaged resources, atomic writes."""
