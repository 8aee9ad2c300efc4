"""Google's own gcld3, as the reference's mC4 builder configures it, on a list of texts.

Runs INSIDE the reference venv (where setup_ref_env.sh builds `gcld3` from source):

    .ref-venv/bin/python scripts/reference/run_cld3.py TEXTS.json RESULTS.json

TEXTS.json is a JSON list of strings; RESULTS.json gets, for each, [language,
probability, is_reliable, proportion]. `tests/langid/test_cld3_parity.py` compares them
with c4pipe's CLD3 (`c4pipe.langid.cld3`, from the `cld3-py` wheel).
"""

from __future__ import annotations

import importlib.metadata
import json
import sys
from pathlib import Path


def main(argv=None) -> int:
    texts_path, results_path = (argv or sys.argv[1:])[:2]
    import gcld3

    if importlib.metadata.version("gcld3") != "3.0.13" or Path(sys.prefix) not in Path(gcld3.__file__).parents:
        print(f"not the reference's gcld3: {gcld3.__file__}", file=sys.stderr)
        return 1
    detector = gcld3.NNetLanguageIdentifier(min_num_bytes=100, max_num_bytes=10000)
    results = []
    for text in json.loads(Path(texts_path).read_text(encoding="utf-8")):
        result = detector.FindLanguage(text)
        results.append([result.language, result.probability, result.is_reliable, result.proportion])
    Path(results_path).write_text(json.dumps(results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
