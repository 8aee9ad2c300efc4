"""The C4 variants on hand-built WET files with known answers."""

from __future__ import annotations

import pytest

from c4pipe.recipes import RECIPES
from filters.urls import page_id
from tests.fixtures.paths import SHARED_DATA
from tests.fixtures.pipeline_runs import read_json_shards, run
from tests.fixtures.wet_files import gzip_members, record, warcinfo

pytestmark = pytest.mark.slow

PROSE = [
    "The museum opened a new exhibition about the history of the river valley this spring.",
    "Visitors can walk through rooms that show how farmers lived two hundred years ago.",
    "Local volunteers spent many months restoring the old tools and furniture on display.",
    "The curator said that school groups are especially welcome during the week.",
    "A small cafe next to the entrance serves soup, bread and fresh apple cake every day.",
    "Tickets are cheaper for families, students and people over sixty five years old.",
]


def page(*lines: str) -> str:
    return "\n".join(lines)


def unique_body(place: str) -> str:
    """Four English lines no other page shares (so line dedup leaves them alone)."""
    return page(*(f"{line[:-1]} in {place}." for line in PROSE[:4]))


def write_wet(tmp_path, pages: dict) -> list:
    path = tmp_path / "in.warc.wet.gz"
    path.write_bytes(gzip_members(warcinfo(), *(record(text, url=url) for url, text in pages.items())))
    return [path]


def written(output) -> dict:
    rows = read_json_shards(output, "train") + read_json_shards(output, "validation")
    return {row["url"]: row["text"] for row in rows}


def test_noclean_keeps_uncleaned_text_and_still_dedups_urls(tmp_path):
    pages = {
        "http://a.example/story": page("Menu | Home | Contact", *PROSE[:3], "Buy now", PROSE[0]),
        "https://www.a.example/story/": page(*PROSE[3:]),  # same normalized URL, same date
    }
    stats = run(write_wet(tmp_path, pages), tmp_path / "out", recipe="noclean")
    out = written(tmp_path / "out")
    assert len(out) == 1  # one page per normalized URL
    (text,) = out.values()
    assert text == pages[next(iter(out))]  # no line removed: no clean_page, no dedup
    assert stats["counters"]["duplicate-url-filter:filtered"] == 1
    assert not any(k.startswith(("clean-page:", "dedupe-", "badwords-")) for k in stats["counters"])


def test_tfds_2_2_0_checks_bad_words_per_kept_line_with_the_old_pattern(tmp_path):
    bad = "bastard"
    pages = {
        "http://ok-start.example/": page(f"{bad.capitalize()} is the first word of this long line here.", *PROSE[:3]),
        "http://dropped-mid.example/": page(*PROSE[:3], f"They called the old dog a {bad} in the street."),
        "http://short-line.example/": page(f"a {bad} b", *PROSE[3:6]),  # too short: never checked
    }
    run(write_wet(tmp_path, pages), tmp_path / "v2", recipe="tfds-2.2.0")
    out = written(tmp_path / "v2")
    assert "http://ok-start.example/" in out  # [^a-z] needs a character before the word
    assert "http://dropped-mid.example/" not in out
    assert "http://short-line.example/" in out
    run(write_wet(tmp_path, pages), tmp_path / "v3", recipe="tfds-3.1.0")
    assert "http://ok-start.example/" not in written(tmp_path / "v3")  # 3.1.0 also matches at ^


def test_tfds_2_2_0_line_dedup_is_ascii_lowercase_keeps_local_repeats_and_uses_normalized_url(tmp_path):
    accented = "ÉCOLE lessons start again for every child in the village next week."
    pages = {
        "http://one.example/a": page(accented, *PROSE[0:3], PROSE[0]),
        "http://two.example/b": page(accented.replace("ÉCOLE", "école"), *PROSE[3:6]),
    }
    run(write_wet(tmp_path, pages), tmp_path / "v2", recipe="tfds-2.2.0")
    v2 = written(tmp_path / "v2")
    # ASCII lowercasing: "ÉCOLE" and "école" stay different, both survive.
    assert accented in v2["http://one.example/a"] and "école" in v2["http://two.example/b"]
    assert v2["http://one.example/a"].count(PROSE[0]) == 2  # local repeat kept
    run(write_wet(tmp_path, pages), tmp_path / "v3", recipe="tfds-3.1.0")
    v3 = written(tmp_path / "v3")
    assert sum(("ÉCOLE" in t or "école" in t) for t in v3.values()) == 1
    assert v3["http://one.example/a"].count(PROSE[0]) == 1


def test_tfds_2_2_0_keeper_is_smallest_md5_of_normalized_url(tmp_path):
    shared = PROSE[0]
    urls = [f"http://site{i}.example/page" for i in range(6)]
    raw_keeper = min(urls, key=page_id)
    norm_keeper = min(urls, key=lambda u: page_id(u[len("http://"):]))
    assert raw_keeper != norm_keeper  # the fixture must tell the two rules apart
    pages = {url: page(shared, *PROSE[1 + i % 3: 4 + i % 3], f"Page {i} ends with its own sentence here.") for i, url in enumerate(urls)}
    run(write_wet(tmp_path, pages), tmp_path / "v2", recipe="tfds-2.2.0")
    assert [u for u, t in written(tmp_path / "v2").items() if shared in t] == [norm_keeper]


def test_realnewslike_keeps_realnews_domains_and_allowed_subdomains(tmp_path):
    if not SHARED_DATA.is_dir():
        pytest.skip("needs ../shared/data/realnews")
    pages = {
        "https://www.nytimes.com/2019/04/01/story.html": unique_body("Boston"),  # True: any subdomain
        "https://money.msn.com/article": unique_body("Denver"),  # listed subdomain
        "https://games.msn.com/article": unique_body("Seattle"),  # msn.com, not listed
        "https://blog.example.org/post": unique_body("Chicago"),  # not a news domain
    }
    stats = run(write_wet(tmp_path, pages), tmp_path / "out", recipe="realnewslike",
                extra=["--realnews-domains", str(SHARED_DATA / "realnews" / "domain_to_allowed_subdomains.json")])
    assert set(written(tmp_path / "out")) == {"https://www.nytimes.com/2019/04/01/story.html", "https://money.msn.com/article"}
    assert stats["counters"]["realnews-domain-filter:filtered:bad_domain"] == 1
    assert stats["counters"]["realnews-domain-filter:filtered:bad_subdomain"] == 1
    assert stats["balance"]["balanced"]


def test_webtextlike_keeps_listed_normalized_urls(tmp_path):
    pages = {
        "http://listed.example/a": unique_body("Boston"),
        "https://www.listed.example/b/?utm_source=feed": unique_body("Denver"),
        "http://unlisted.example/c": unique_body("Seattle"),
    }
    lists = tmp_path / "owt"
    lists.mkdir()
    (lists / "0001.txt").write_text("https://www.listed.example/a/\nhttp://never-crawled.example/\n")
    (lists / "0002.txt").write_text("listed.example/b\n")
    stats = run(write_wet(tmp_path, pages), tmp_path / "out", recipe="webtextlike",
                extra=["--webtext-urls", str(lists / "*.txt")])
    assert set(written(tmp_path / "out")) == {"http://listed.example/a", "https://www.listed.example/b/?utm_source=feed"}
    counters = stats["counters"]
    assert counters["webtextlike-filter:filtered"] == 1 and counters["webtextlike-filter:missing-page"] == 1
    assert stats["balance"]["balanced"]


def test_every_recipe_is_documented_in_the_readme():
    from tests.fixtures.paths import REPO_ROOT

    readme = (REPO_ROOT / "README.md").read_text()
    for name in RECIPES:
        assert f"| `{name}`" in readme, name
