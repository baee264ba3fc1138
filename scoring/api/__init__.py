"""The library's front door for embedding: check, score or aggregate forms given in any shape."""
