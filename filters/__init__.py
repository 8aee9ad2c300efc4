"""The C4 heuristics as pure functions on text and pages.

No Beam here: every function takes an injected `count(name, amount=1)` and returns
its result, so the rules are unit-testable and the Beam transforms in `beam_jobs/`
stay thin wrappers.
"""
