"""The pipeline's work on pages, with no Beam: the per-file stage and the page steps.

`beam_jobs` runs these as tasks (inline, or in the local worker pool); each counts and
samples its rejects through a `recording.Recorder`.
"""
