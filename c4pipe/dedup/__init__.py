"""The corpus-wide dedup vote on packed rows of (unit key, page id)."""
