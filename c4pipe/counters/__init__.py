"""What a run records as pages flow: counter names (`names`), the balances they must
satisfy (`balance`), and a deterministic sample of rejects per rule (`samples`)."""
