"""`c4pipe synth`: a deterministic synthetic WET corpus (`c4pipe.synth`)."""

from c4pipe.synth import add_arguments, main  # noqa: F401
