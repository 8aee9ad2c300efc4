"""`c4pipe report DIR`: the HTML page from stats.json (+ report_data.json)."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from c4pipe.commands import report as command
from c4pipe.report import charts, data
from c4pipe.report import page as html_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
CHROMIUM = Path("/usr/bin/chromium")
SECTION_TITLES = [title for _, title, _ in html_page.SECTIONS]
CHART_ALTS = [
    "pages and characters after each stage",
    "pages dropped per rule",
    "lines dropped per rule",
    "document length histograms before and after",
    "top domains kept (pages written)",
    "top domains dropped (pages dropped at any stage)",
    "language mix of dropped pages",
]


def make_run_dir(tmp_path: Path, with_report_data: bool = True) -> Path:
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    shutil.copy(FIXTURES / "stats.json", run_dir / "stats.json")
    if with_report_data:
        shutil.copy(FIXTURES / "report_data.json", run_dir / "report_data.json")
    return run_dir


def run_report(run_dir: Path, *extra: str) -> int:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return command.main(parser.parse_args([str(run_dir), *extra]))


@pytest.fixture(scope="module")
def full_report(tmp_path_factory) -> Path:
    run_dir = make_run_dir(tmp_path_factory.mktemp("report"))
    assert run_report(run_dir) == 0
    return run_dir / "report.html"


def images(page: str) -> list[str]:
    return re.findall(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]*)">', page)


def test_full_report_has_every_section_chart_and_the_balance(full_report):
    page = full_report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>c4pipe report: recipe c4</h1>" in page
    for title in SECTION_TITLES:
        assert f">{title}</h2>" in page, title
    assert "pages_in 34 = pages_out 13 + pages_dropped 21 — balance holds" in page
    assert sorted(images(page)) == sorted(CHART_ALTS)
    assert page.count("<img") == len(CHART_ALTS)
    # self-contained: no scripts, no external resources
    assert "<script" not in page.lower()
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert not os.path.exists(full_report.parent / "report")


def test_untrusted_text_is_escaped_and_truncated(full_report):
    page = full_report.read_text(encoding="utf-8")
    assert "Please enable Javascript: &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "alert(1)</script>" not in page
    assert "http://xss.test/page?a=1&amp;b=&lt;2&gt;" in page
    assert "terms &quot;of use&quot;." in page
    assert "Cheap $$$ offers" in page  # `$` in text and chart labels is plain text
    assert "TAIL_MARKER_NOT_SHOWN" not in page  # a long sample is cut at ~300 characters
    assert "Lorem ipsum dolor sit amet" in page
    assert "これは日本語のページです。" in page
    for rule in ("clean-page:line-filtered:javascript", "clean-page:line-filtered:policy",
                 "english-filter:filtered:ignored_language-de", "badwords-filter:filtered"):
        assert f"<code>{rule}</code>" in page


def test_counters_table_lists_every_counter(full_report):
    page = full_report.read_text(encoding="utf-8")
    counters = json.loads((FIXTURES / "stats.json").read_text())["counters"]
    tail = page.split('id="counters"', 1)[1]
    for full_name, value in counters.items():
        namespace, name = full_name.split(":", 1)
        assert f"<td>{namespace}</td><td>{name}</td><td class=\"n\">{value:,}</td>" in tail
    assert tail.index("chars_after:512<") < tail.index("chars_after:1024<")  # natural order


def test_missing_report_data_still_renders(tmp_path):
    run_dir = make_run_dir(tmp_path, with_report_data=False)
    assert run_report(run_dir) == 0
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "report_data.json not found" in page
    for title in SECTION_TITLES:
        assert f">{title}</h2>" in page, title
    assert "pages_in 34 = pages_out 13 + pages_dropped 21" in page
    assert sorted(images(page)) == sorted(
        alt for alt in CHART_ALTS if not alt.startswith("top domains"))


def test_skipped_stage_unbalanced_run_and_output_option(tmp_path):
    run_dir = make_run_dir(tmp_path)
    stats = json.loads((run_dir / "stats.json").read_text())
    for key in [k for k in stats["counters"] if k.startswith(("funnel:dedup:", "dedupe-spans:"))]:
        del stats["counters"][key]
    stats["recipe"]["dedup"] = "none"
    stats["balance"].update(pages_dropped=20, balanced=False)
    (run_dir / "stats.json").write_text(json.dumps(stats))
    output = tmp_path / "elsewhere" / "page.html"
    assert run_report(run_dir, "--output", str(output)) == 0
    assert not (run_dir / "report.html").exists()
    page = output.read_text(encoding="utf-8")
    assert "pages_in 34 ≠ pages_out 13 + pages_dropped 20 — NOT BALANCED" in page
    stages = [stage for stage, _, _ in data.funnel(data.counters_of(stats))]
    assert stages == ["parsed", "not_too_long", "url_dedup", "clean_page", "english",
                      "badwords", "written"]


def test_missing_stats_is_an_error(tmp_path, capsys):
    assert run_report(tmp_path) == 2
    assert "stats.json not found" in capsys.readouterr().err


def test_data_extraction_follows_the_contract():
    stats = json.loads((FIXTURES / "stats.json").read_text())
    counters = data.counters_of(stats)
    drops = data.page_drops(stats)
    assert drops["clean-page:filtered:too_few_sentences"] == 7
    assert drops["split-wet-file:filtered:no_url"] == 1
    assert not any("ignored_language-" in name for name in drops)
    assert sum(drops.values()) == stats["balance"]["pages_dropped"] + 1  # + the parse drop
    lines = data.line_drops(counters)
    assert lines == {
        "clean-page:line-filtered:no_endmark": 120, "clean-page:line-filtered:too_short": 85,
        "clean-page:line-filtered:javascript": 6, "clean-page:line-filtered:policy": 4,
        "clean-page:line-filtered:too_long_word": 1, "dedupe-spans:span-filtered:duplicate_span": 9,
    }
    assert data.language_mix(counters) == {"de": 2, "fr": 1, "ja": 1, "(low confidence)": 1}
    hist = data.histograms(counters)
    assert sum(hist["before"].values()) == 34 and sum(hist["after"].values()) == 13
    english_stages = [stage for stage in data.FUNNEL_STAGES if stage not in ("paragraphs", "language")]  # mC4's
    assert [row[0] for row in data.funnel(counters)] == english_stages


def test_top_folds_the_tail_into_one_bar_and_keeps_the_total():
    items = {f"rule{i:02d}": i for i in range(1, 26)}
    bars = data.top(items, limit=5)
    assert bars[:4] == [("rule25", 25), ("rule24", 24), ("rule23", 23), ("rule22", 22)]
    assert bars[4] == ("21 others", sum(range(1, 22)))
    assert data.top({"b": 1, "a": 1}) == [("a", 1), ("b", 1)]  # ties by name


def test_report_data_entries_are_normalized():
    report_data = {
        "domains_kept": [["a.test", 3], ["broken"], "xy", ["b.test", "2"], None],
        "reject_samples": {"z:rule": ["a bare text", {"url": "u"}], "a:rule": None},
    }
    assert data.pairs(report_data["domains_kept"]) == [("a.test", 3), ("b.test", 2)]
    assert data.top_domains(report_data, "domains_kept") == [("a.test", 3), ("b.test", 2)]
    many = {"domains_dropped": [[f"d{i}.test", 100 - i] for i in range(30)]}
    assert len(data.top_domains(many, "domains_dropped")) == data.TOP_BARS
    assert data.top_domains({}, "domains_kept") == []
    assert data.reject_samples(report_data) == [
        ("a:rule", []), ("z:rule", [("", "a bare text"), ("u", "")])]
    assert data.reject_samples(None) == []


def test_counter_rows_split_names_in_natural_order():
    counters = {"histogram:chars_after:1024": 1, "histogram:chars_after:512": 2, "a:b:c": 3}
    assert data.counter_rows(counters) == [
        ("a", "b:c", 3), ("histogram", "chars_after:512", 2), ("histogram", "chars_after:1024", 1)]
    assert data.counters_of({"counters": {"x:y": 2.0, "x:z": "n/a"}}) == {"x:y": 2}
    assert data.recipe_name({"recipe": {"name": "c4"}}) == "c4"
    assert data.recipe_name({"recipe": "noclean"}) == "noclean"
    assert data.recipe_name({}) == "?"


def test_page_helpers():
    assert [charts.human(n) for n in (999, 1500, 2_000_000, 0.5)] == ["999", "1.5k", "2M", "0.5"]
    assert [charts.bucket_label(n) for n in (512, 1024, 3 * 2**20, 1536)] == ["512", "1k", "3M", "1536"]
    assert html_page.truncate("abc  def", 5) == "abc …"
    assert html_page._e('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"
    assert html_page._balance({}) == '<p class="balance bad">No balance in stats.json.</p>'
    assert "balance ok" in html_page._balance({"pages_in": 3, "pages_out": 1, "pages_dropped": 2})
    # the run's own verdict wins over the arithmetic
    line = html_page._balance({"pages_in": 3, "pages_out": 1, "pages_dropped": 2, "balanced": False})
    assert "3 = pages_out 1 + pages_dropped 2 — NOT BALANCED" in line


def test_sections_without_charts_render_without_data():
    run = html_page.Run({}, {}, None)
    for _, _, section in html_page.SECTIONS:
        parts = section(run)
        assert parts and all(isinstance(part, str) for part in parts)
        assert not any("<img" in part for part in parts)


def test_import_is_cheap_and_the_cli_dispatches(tmp_path):
    for module in ("c4pipe.report", "c4pipe.commands.report"):
        code = f"import sys, {module}; sys.exit('matplotlib' in sys.modules)"
        assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0, module
    package = Path(html_page.__file__).parent
    for source in package.glob("*.py"):  # the command line lives in c4pipe.commands.report
        assert "argparse" not in source.read_text(encoding="utf-8"), source
    from c4pipe import cli
    run_dir = make_run_dir(tmp_path)
    assert cli.main(["report", str(run_dir)]) == 0
    assert (run_dir / "report.html").stat().st_size > 10_000


@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium not installed at /usr/bin/chromium "
                    "(apt-get install -y chromium)")
def test_renders_in_headless_chromium(full_report, tmp_path):
    from PIL import Image, ImageStat

    shot = tmp_path / "shot.png"
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
        "--window-size=1280,2400", full_report.resolve().as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert shot.exists(), f"no screenshot (rc {result.returncode}): {result.stderr[-2000:]}"
    with Image.open(shot) as image:
        assert image.size == (1280, 2400)
        rgb = image.convert("RGB")
        colors = rgb.getcolors(maxcolors=1 << 24)
        assert len(colors) > 200  # text, charts, tables: far from a blank page
        assert max(ImageStat.Stat(rgb).stddev) > 20
        # the charts' blue and red bars are on screen (the funnel and page drops)
        small = rgb.resize((320, 600))
        pixels = {color for _, color in small.getcolors(maxcolors=1 << 24)}
        assert any(abs(r - 0x2f) < 30 and abs(g - 0x7e) < 30 and abs(b - 0xbc) < 30
                   for r, g, b in pixels)
        assert any(abs(r - 0xd0) < 30 and abs(g - 0x59) < 30 and abs(b - 0x3b) < 30
                   for r, g, b in pixels)


def test_mc4_runs_show_the_language_mix_and_per_language_funnels():
    counters = {
        "language-filter:passed:de": 5, "language-filter:passed:und": 2, "language-filter:passed:ru-Latn": 1,
        "badwords-filter-de:filtered": 1,
        "output:pages:de": 3, "output:chars:de": 3000, "output:pages:de-validation": 1,
        "output:chars:de-validation": 900, "output:pages:und": 2, "output:chars:und": 500,
    }
    funnels = data.language_funnels(counters)
    assert [(row.language, row.identified, row.badwords_dropped, row.written, row.chars, row.validation)
            for row in funnels] == [("de", 5, 1, 4, 3900, 1), ("und", 2, 0, 2, 500, 0), ("ru-Latn", 1, 0, 0, 0, 0)]
    section = "\n".join(html_page.languages_section(html_page.Run({}, counters, None)))
    assert len(images(section)) == 1 and "Per-language funnels" in section
    assert "<td>ru-Latn</td>" in section and "88.6%" in section  # de: 3,900 of 4,400 characters
    assert data.language_funnels({"english-filter:passed": 3}) == []  # English runs keep their own chart
