"""Import Beam without the connectors, and NLTK without the modules, that a local run never touches.

`import apache_beam` imports every IO connector whose client library is installed: with
the gcp extra that is BigQuery (which pulls in IPython through tqdm's notebook bar), GCS,
Pub/Sub and Google's API core; pandas comes in for schema type hints. Together they
are most of a small run's start-up CPU, and a local run on local paths uses none of them.
Beam (and pyarrow, for pandas) imports each of them inside `try: ... except ImportError`,
so an import hook that refuses them makes Beam skip them as if the extras were absent.

`import_lean_beam()` must run before anything imports Beam, and only in a process that
reads and writes local paths (`c4pipe run` on the local runner checks that): it is the
only place that decides which modules a run can do without. Workers forked by the local
pool inherit the same modules.

`import_punkt_alone()` loads NLTK's Punkt module without running `nltk/__init__.py`,
which imports all of NLTK (corpora, translation, parsers, numpy's linear algebra) for
a fifth of a second; c4pipe uses Punkt only. The `nltk` package object is then empty,
so only a process that runs nothing but c4pipe (`c4pipe run`) may do it.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
import types

# Modules Beam (and its optional clients) import only for remote IO or dataframes.
SKIPPED_MODULES = (
    "apache_beam.io.gcp.bigquery",
    "apache_beam.io.gcp.gcsfilesystem",
    "apache_beam.io.aws.s3filesystem",
    "apache_beam.io.azure.blobstoragefilesystem",
    "apache_beam.io.hadoopfilesystem",
    "google.api_core",
    "apitools",
    "pandas",
    "IPython",
)


class _Refuse(importlib.abc.MetaPathFinder):
    """Makes `import NAME` raise ImportError for `SKIPPED_MODULES` and their submodules.

    A hook, not `None` entries in `sys.modules`: Cython modules (pyarrow) read
    `sys.modules` directly and would take the `None` for the module.
    """

    def find_spec(self, name, path=None, target=None):
        if any(name == skipped or name.startswith(skipped + ".") for skipped in SKIPPED_MODULES):
            raise ModuleNotFoundError(f"{name} is left out of a local run (beam_jobs.lean_import)", name=name)
        return None


def import_lean_beam() -> bool:
    """Import Beam with `SKIPPED_MODULES` unimportable; False (nothing done) if too late.

    Too late means Beam or one of those modules is already imported: then the process
    keeps what it has, and only start-up time is lost.
    """
    if "apache_beam" in sys.modules or any(name in sys.modules for name in SKIPPED_MODULES):
        return False
    sys.meta_path.insert(0, _Refuse())
    import apache_beam  # noqa: F401
    import apache_beam.io.filesystems  # noqa: F401

    return True


def import_punkt_alone() -> bool:
    """Import `nltk.tokenize.punkt` under empty `nltk` and `nltk.tokenize` packages; False if too late."""
    if "nltk" in sys.modules:
        return False
    spec = importlib.util.find_spec("nltk")
    if spec is None or spec.origin is None:
        return False
    root = os.path.dirname(spec.origin)
    for name, path in (("nltk", root), ("nltk.tokenize", os.path.join(root, "tokenize"))):
        package = types.ModuleType(name)
        package.__path__ = [path]
        package.__package__ = name
        sys.modules[name] = package
    import nltk.tokenize.punkt  # noqa: F401

    return True
