"""Reading WET files in Beam: one file per element, spread across workers."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from beam_jobs.metrics import BeamCount
from c4pipe import wet


def _open_raw(path: str):
    """The raw bytes: warcio decompresses gzip itself, much faster than Beam does.

    HTTP(S) inputs (Common Crawl's public endpoint) stream through a reader that
    retries and resumes with range requests; everything else goes through Beam's
    file systems (local, gs://, s3://).
    """
    if path.startswith(("http://", "https://")):
        from c4pipe.http_stream import open_url

        return open_url(path)
    return FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)


class _ReadWetFile(beam.DoFn):
    def setup(self):
        self.count = BeamCount(wet.COUNTER_NAMESPACE)

    def process(self, path: str):
        yield from wet.read_wet(lambda: _open_raw(path), path, self.count)


class ReadWetFiles(beam.PTransform):
    """Paths (already expanded) -> Pages. The reshuffle spreads files over workers."""

    def __init__(self, paths: list[str]):
        super().__init__()
        self.paths = sorted(paths)

    def expand(self, pbegin):
        return (
            pbegin
            | "WetPaths" >> beam.Create(self.paths)
            | "SpreadFiles" >> beam.Reshuffle()
            | "ParseWet" >> beam.ParDo(_ReadWetFile())
        )
