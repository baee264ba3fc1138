"""Verification: every number the form states against the computed one, with a diagnosis."""
