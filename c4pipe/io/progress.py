"""A live progress bar for local runs: input files done, pages and bytes, ETA.

It polls the per-file results in the work directory (`c4pipe.io.workdir`), which the
workers write as they finish files, so it works across worker processes without
any channel of its own. Cluster runs expose the same figures as Beam counters
(`split-wet-file:wet-file`, `split-wet-file:passed`, `input:bytes`).
"""

from __future__ import annotations

import sys
import threading

from c4pipe.io.workdir import FileResults


class FileProgress:
    def __init__(self, results: FileResults, total_files: int, interval: float = 1.0, enabled: bool = True):
        self.results, self.total, self.interval = results, total_files, interval
        self.enabled = enabled
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="c4pipe-progress", daemon=True)

    def __enter__(self):
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        from tqdm import tqdm

        with tqdm(total=self.total, unit="file", desc="WET files", file=sys.stderr, dynamic_ncols=True) as bar:
            while True:
                metas = self.results.done_metas()
                pages = sum(m.get("pages", 0) for m in metas)
                megabytes = sum(m.get("bytes", 0) for m in metas) / 1e6
                bar.update(len(metas) - bar.n)
                stage = "dedup, language ID, writing" if len(metas) >= self.total else "parse and clean"
                bar.set_postfix_str(f"{pages:,} pages, {megabytes:,.1f} MB read; {stage}")
                if self._stop.wait(self.interval):
                    return
