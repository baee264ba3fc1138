"""Scoring: score(form, rulebook) -> ScoreSheet, every number with its trace."""
