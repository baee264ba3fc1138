"""Rulebooks: the cited rule sets (builtin/*.yaml), their model, loading, inheritance and checks."""
