"""Pages for URL dedup and the validation split: normalized variants, dates, ties, URL
oddities, validation URLs."""

from __future__ import annotations

from c4pipe.synth.generator import Generator
from c4pipe.synth.page import Pages, SynthPage, crawl_date
from filters.urls import normalize_url


def duplicate_urls(g: Generator) -> Pages:
    """Variants of URLs on one site: the newest wins, ties, normalization oddities."""
    site, _ = g.site()
    yield from _newer_url_wins(g, site)
    yield from _url_ties(g)
    yield from _url_oddities(g, site)


def _newer_url_wins(g: Generator, site: str) -> Pages:
    """Normalized variants of one URL at different dates: the newest wins."""
    r, art = g.r, g.article
    base = f"{site}/story/duplicate-{r.randrange(10**6)}"
    yield art(url=f"http://{base}", date=crawl_date(2, 100), n_par=6, edges=False)
    yield art(url=f"https://www.{base}/", date=crawl_date(3, 100), n_par=6, edges=False)
    yield art(url=f"http://www.{base}?utm_source=twitter&utm_medium=social", date=crawl_date(1, 100), n_par=6, edges=False)
    base2 = f"{site}/story/refs-{r.randrange(10**6)}"
    yield art(url=f"https://{base2}?ref=homepage", date=crawl_date(5, 5), n_par=6, edges=False)
    yield art(url=f"http://{base2}?feed=rss", date=crawl_date(4, 5), n_par=6, edges=False)
    yield art(url=f"http://{base2}?page=2", date=crawl_date(4, 5), n_par=6, edges=False)


def _url_ties(g: Generator) -> Pages:
    """Equal timestamps and identical text (a harmless tie), then a true tie: equal
    timestamps, different text (reference: first seen wins)."""
    same = g.article(n_par=6, edges=False)
    yield same
    yield SynthPage(same.url, same.date, list(same.lines))  # same raw URL: keeper unchanged
    tie_url = g.url()
    tie_date = g.date()
    yield g.unique_article(tie_url, tie_date)
    yield g.unique_article(tie_url, tie_date)
    yield g.unique_article(_toggle_www(tie_url), tie_date)


def _toggle_www(url: str) -> str:
    if "://www." not in url:
        return url.replace("://", "://www.", 1)
    return url.replace("://www.", "://", 1)


def _url_oddities(g: Generator, site: str) -> Pages:
    """URL normalization oddities: an archived URL, case, IDN, a near-miss query."""
    r, art = g.r, g.article
    yield art(url=f"http://web.archive.org/web/2019/https://www.{site}/archived-{r.randrange(10**6)}", n_par=5, edges=False)
    yield art(url=f"https://{site}/Case/Sensitive-{r.randrange(10**6)}/", n_par=5, edges=False)
    yield art(url=f"http://例え.テスト/ページ-{r.randrange(10**6)}", n_par=5, edges=False)
    yield art(url=f"http://{site}/search?utm=1&q=2&x={r.randrange(10**6)}", n_par=5, edges=False)


def validation_split(g: Generator) -> Pages:
    """Validation URLs, and a variant URL that normalizes onto one."""
    for _ in range(6):
        yield g.article(url=g.validation_url(), n_par=6, edges=False)
    v_norm = normalize_url(g.validation_url())
    yield g.article(url="https://www." + v_norm + "/?utm_campaign=x", date="2019-04-01T00:00:00Z", n_par=6, edges=False)
