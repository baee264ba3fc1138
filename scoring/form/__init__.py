"""The form as printed: the pydantic model every reader produces."""
