"""The ``jixiao`` command: a thin shell over the library."""
