"""The C4 rules as pure functions on text and pages, in pipeline order:

`length` (too-long pages), `domains` (RealNews, WebText), `urls` (URL normalization,
page id, split and shard) and `url_dedup` (newest page per URL), `clean_page` (the line
and page rules), `line_dedup` / `span_dedup` (duplicate lines or three-sentence spans),
`english` (langdetect >= 0.99), `badwords`.

No Beam and nothing else of c4pipe: each rule takes an injected `count(name, amount=1)`
(`counting`) and returns its result, so the rules are unit-testable and the Beam
transforms in `beam_jobs/` stay thin. `page` is the record they work on.
"""
