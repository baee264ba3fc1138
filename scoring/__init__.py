"""jixiao: score and verify budget-performance self-evaluation forms."""
