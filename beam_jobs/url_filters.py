"""Beam steps that keep pages by origin: RealNews domains, OpenWebText URL lists."""

from __future__ import annotations

import apache_beam as beam

from beam_jobs.metrics import BeamCount
from filters import domains
from filters.urls import normalize_url


class KeepRealNewsDomains(beam.PTransform):
    """Pages from RealNews domains, before URL dedup as in the reference: in and out in
    `beam_jobs.url_dedup.keyed_by_url`'s form, keyed by normalized URL."""

    def __init__(self, realnews_domains: dict):
        super().__init__()
        self.realnews_domains = realnews_domains

    def expand(self, parsed_pages):
        count, allowed = BeamCount(domains.REALNEWS_NAMESPACE), self.realnews_domains
        return parsed_pages | beam.Filter(
            lambda keyed: domains.is_realnews_domain(keyed[0], allowed, count)
        )


class _KeepListed(beam.DoFn):
    def setup(self):
        self.count = BeamCount(domains.WEBTEXT_NAMESPACE)

    def process(self, joined):
        _, groups = joined
        pages, listed = groups["pages"], groups["listed"]
        if not listed:
            self.count("filtered", len(pages))
            return
        if not pages:
            self.count("missing-page")
            return
        self.count("passed", len(pages))
        yield from pages


class KeepListedUrls(beam.PTransform):
    """ParsedPage -> ParsedPage whose normalized URL is in the URL list files.

    The lists are read and joined in the pipeline (CoGroupByKey on the normalized
    URL), never collected in the driver: OpenWebText's lists hold millions of URLs.
    """

    def __init__(self, url_file_pattern: str):
        super().__init__()
        self.url_file_pattern = url_file_pattern

    def expand(self, parsed_pages):
        listed = (
            parsed_pages.pipeline
            | "ReadUrlLists" >> beam.io.ReadFromText(self.url_file_pattern)
            | "NormalizeListed" >> beam.Map(lambda url: (normalize_url(url.strip()), True))
        )
        keyed = parsed_pages | "KeyByNormalizedUrl" >> beam.Map(lambda parsed: (parsed.page.normalized_url, parsed))
        return (
            {"pages": keyed, "listed": listed}
            | "JoinUrlLists" >> beam.CoGroupByKey()
            | "KeepListed" >> beam.ParDo(_KeepListed())
        )
