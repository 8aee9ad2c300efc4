"""`beam_jobs.lean_import`: a local run imports Beam without remote connectors, Punkt without NLTK.

Each check runs in a fresh interpreter: the point is what a process imports.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap

import pytest

from c4pipe.commands.run import touches_only_local_paths


def run_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_beam_imports_without_the_skipped_modules_and_still_runs():
    out = run_python("""
        import sys
        from beam_jobs.lean_import import SKIPPED_MODULES, import_lean_beam
        assert import_lean_beam()
        import apache_beam as beam
        from apache_beam.io.filesystems import FileSystems
        loaded = [name for name in SKIPPED_MODULES if name in sys.modules]
        with beam.Pipeline("DirectRunner", options=beam.options.pipeline_options.PipelineOptions(
                ["--direct_running_mode=in_memory"])) as p:
            _ = p | beam.Create([3, 1, 2]) | beam.Map(lambda x: x * 2)
        print(loaded, FileSystems.get_scheme("/tmp/x"))
    """)
    assert out.split() == ["[]", "None"]


def test_refused_modules_raise_import_error_and_pyarrow_writes_parquet(tmp_path):
    """pyarrow asks for pandas from Cython code: the hook must look like an absent package."""
    out = run_python(f"""
        from beam_jobs.lean_import import import_lean_beam
        import_lean_beam()
        try:
            import pandas
        except ImportError as error:
            print("refused", error.name)
        import pyarrow as pa, pyarrow.parquet as pq
        pq.write_table(pa.table({{"text": pa.array(["a", "b"], type=pa.string())}}), {str(tmp_path / "t.parquet")!r})
        print(pq.read_table({str(tmp_path / "t.parquet")!r}).column("text").to_pylist())
    """)
    assert out.splitlines() == ["refused pandas", "['a', 'b']"]


def test_too_late_changes_nothing():
    out = run_python("""
        import apache_beam, sys
        from beam_jobs.lean_import import import_lean_beam
        print(import_lean_beam(), len([f for f in sys.meta_path if type(f).__name__ == "_Refuse"]))
    """)
    assert out.split() == ["False", "0"]


def test_punkt_alone_counts_sentences_as_with_all_of_nltk():
    text = "Dr. Smith went to Washington. He arrived at 5 p.m. on Monday! Did he stay? Yes."
    code = """
        import sys
        {prelude}
        from c4pipe.text.sentences import count_sentences
        print(count_sentences({text!r}, 100), "nltk.corpus" in sys.modules)
    """
    alone = run_python(code.format(prelude="from beam_jobs.lean_import import import_punkt_alone; "
                                           "assert import_punkt_alone()", text=text))
    whole = run_python(code.format(prelude="import nltk", text=text))
    assert alone.split() == ["4", "False"]
    assert whole.split() == ["4", "True"]


def _args(**kw) -> argparse.Namespace:
    base = dict(input=["/data/a.warc.wet.gz"], output="/out", work_dir=None, webtext_urls=None,
                wet_paths_file=None, cc_base_url=None, runner="direct")
    return argparse.Namespace(**{**base, **kw})


@pytest.mark.parametrize("kw,local", [
    ({}, True),
    ({"input": ["https://data.commoncrawl.org/x.warc.wet.gz"]}, True),  # read by c4pipe.io.http_stream
    ({"output": "gs://bucket/out"}, False),
    ({"input": ["s3://bucket/x.warc.wet.gz"]}, False),
    ({"work_dir": "gs://bucket/work"}, False),
    ({"cc_base_url": "s3://commoncrawl/"}, False),
    ({"runner": "flink"}, False),
    ({"runner": "DataflowRunner"}, False),
])
def test_only_a_local_run_on_local_paths_is_lean(kw, local):
    assert touches_only_local_paths(_args(**kw)) is local
