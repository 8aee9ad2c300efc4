"""Page steps (`c4pipe.stages.page_steps`) as a Beam transform, for recipes without dedup.

With dedup, the steps run inside the dedup task instead (`beam_jobs.dedup`).
"""

from __future__ import annotations

import apache_beam as beam

from beam_jobs.local_pool import PooledDoFn, Task
from beam_jobs.report_data import REJECTS
from c4pipe.stages.page_steps import run_steps, setup_all


class StepsTask(Task):
    """A batch of pages through `steps`."""

    def __init__(self, steps: tuple):
        self.steps = steps

    def setup(self) -> None:
        setup_all(self.steps)

    def run(self, pages: list, recorder):
        for page in run_steps(self.steps, pages, recorder):
            yield None, page


class RunSteps(beam.PTransform):
    """Page -> Page through `steps`, in batches (a pool worker's task is a batch)."""

    def __init__(self, steps: tuple):
        super().__init__()
        self.steps = steps

    def expand(self, pages):
        return (
            pages
            | "Batch" >> beam.BatchElements(min_batch_size=64, max_batch_size=256)
            | "Steps" >> beam.ParDo(PooledDoFn(StepsTask(self.steps), REJECTS)).with_outputs(REJECTS, main="pages")
        )
