"""Sáng kiến: a static site generator for the "01 triệu sáng kiến" programme."""
