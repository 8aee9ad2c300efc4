"""The C4 pipeline in Apache Beam: `pipeline` builds and runs it from these transforms.

`read_and_clean` (WET files to cleaned pages), `url_dedup` (the URL rules per URL
bucket, then the dedup offers, or the page steps without dedup), `dedup` (the
corpus-wide vote and removal, then the page steps), `write_shards`, `report_data`;
`local_pool` runs their tasks in forked workers on a local run, `metrics` and `packed`
are their plumbing.
"""
