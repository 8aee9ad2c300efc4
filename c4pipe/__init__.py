"""c4pipe: build the C4 corpus from Common Crawl WET files with Apache Beam.

The core, grouped by what it holds: `io` (reading and writing files), `text`
(sentences), `dedup` (the dedup vote), `langid` (language identification), `counters`
(counter names, balances, reject samples), `stages` (the per-page work, no Beam),
`tokens` (vocabulary and tokenized shards), `report`, `synth`, `pretrain`. The rules
themselves are in the top-level `filters` package, the Beam pipeline in `beam_jobs`,
and the command line in `c4pipe.cli` and `c4pipe.commands`.
"""

__version__ = "0.1.0"
