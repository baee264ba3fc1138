"""Formulas as data: a whitelisting grammar, trees, exact evaluation, claims and proofs."""
