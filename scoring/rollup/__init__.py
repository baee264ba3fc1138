"""Roll-ups: fund-weighted aggregation of parts and forms, and their reference figures."""
