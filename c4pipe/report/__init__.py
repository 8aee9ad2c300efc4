"""`c4pipe report DIR`: one self-contained HTML page about a finished run.

The page shows what a run did with its input: the balance (every page kept or
dropped for a named rule), the funnel, drops per rule, document lengths, top domains,
the language mix of dropped pages, sampled rejects and every counter. It reads
`DIR/stats.json` (written by `c4pipe run`) and, when present, `DIR/report_data.json`
(top domains and sampled rejects). It is one file with no JavaScript and no network
access, so it can be archived next to the run and opened anywhere.

- `data`: loads the two files and turns counters into what the page shows.
- `charts`: the matplotlib PNG charts; matplotlib is imported only while drawing, so
  importing this package stays cheap.
- `page`: the HTML, one function per section.
- `dataset_card`: the output directory's Hugging Face dataset card, which `c4pipe run`
  writes (not part of the HTML page).

The command line (`add_arguments`, `main`) is `c4pipe.commands.report`.
"""

from c4pipe.report.data import load
from c4pipe.report.page import render

__all__ = ["load", "render"]
