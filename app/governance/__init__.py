"""The governance rules engine: rule data from rules/*.yaml, guard functions registered by rule id."""
