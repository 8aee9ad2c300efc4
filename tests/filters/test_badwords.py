"""Bad words: the reference's regex semantics and the pinned, cached list."""

from __future__ import annotations

import collections
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.io import assets
from c4pipe.recipes import LDNOOBW_EN_COMMIT
from filters.badwords import badwords_regex, has_no_badwords, kept_anyway, language_regexes, words_by_language
from filters.counting import CounterDict


def keeps(text, words, lang="en"):
    return has_no_badwords(text, lang, {lang: badwords_regex(words, lang)}, CounterDict(), lambda ns: CounterDict())


def test_word_boundaries():
    words = ["ass", "two girls one cup", "b!tch"]
    assert not keeps("what an ass.", words)
    assert not keeps("ass at the start", words)
    assert not keeps("at the end ass", words)
    assert keeps("a class act, assignments and bass", words)
    assert keeps("grass_ass_grass", words)  # '_' is a word character
    assert not keeps("see two girls one cup here", words)
    assert keeps("two girls one cupcake", words)
    assert not keeps("you b!tch!", words)  # entries are escaped


def test_text_lowercased_entries_not():
    assert not keeps("What An ASS", ["ass"])
    assert keeps("what an ass", ["Ass"])  # capitalised entries never match, as in the reference


def test_unicode_case():
    assert not keeps("GROSSE SCHEISSE hier", ["scheisse"])
    assert keeps("İstanbul", ["istanbul"])  # 'İ'.lower() is 'i̇' (two code points)


def test_no_boundary_languages_and_allowlist():
    assert not keeps("これはエロです", ["エロ"], lang="ja")
    assert keeps("女の子です", ["女の子"], lang="ja")
    assert keeps("性别", ["性"], lang="zh")


def test_counters():
    counts, per_language = CounterDict(), collections.defaultdict(CounterDict)
    regexes = {"en": badwords_regex(["bad"])}
    has_no_badwords("bad page", "en", regexes, counts, per_language.__getitem__)
    has_no_badwords("good page", "en", regexes, counts, per_language.__getitem__)
    has_no_badwords("bad page", "de", regexes, counts, per_language.__getitem__)  # no list: passes unchecked
    assert counts == {"filtered": 1, "passed": 2}
    assert per_language == {"badwords-filter-en": {"filtered": 1, "passed": 1}}


def test_lists_merge_by_language_and_page_languages_use_their_base():
    lists = {"fr": ["merde"], "fr-CA-u-sd-caqc": ["tabarnak"], "zh": ["坏"]}
    assert words_by_language(lists) == {"fr": ["merde", "tabarnak"], "zh": ["坏"]}
    regexes = language_regexes(lists)
    count = lambda ns: CounterDict()  # noqa: E731
    assert not has_no_badwords("quel tabarnak", "fr", regexes, CounterDict(), count)
    assert not has_no_badwords("zhe shi 坏", "zh-Latn", regexes, CounterDict(), count)


def test_soft_filter_keeps_the_reference_share():
    """float.as_integer_ratio(0.999) and md5 of the normalized URL, as the reference."""
    numerator, denominator = float.as_integer_ratio(0.999)
    urls = [f"example.com/{i}" for i in range(20_000)]
    kept = [url for url in urls if kept_anyway(url, 0.999)]
    assert kept == [url for url in urls if int(hashlib.md5(url.encode()).hexdigest(), 16) % denominator >= numerator]
    assert 5 <= len(kept) <= 40  # about 0.1%
    assert not any(kept_anyway(url, 1.0) for url in urls)  # the English filter drops every such page


def test_soft_kept_and_filtered_pages_count_apart():
    kept_url = next(f"example.com/{i}" for i in range(100_000) if kept_anyway(f"example.com/{i}", 0.999))
    counts, per_language = CounterDict(), collections.defaultdict(CounterDict)
    regexes = {"de": badwords_regex(["arsch"], "de")}
    for url in (kept_url, "example.com/dropped"):
        has_no_badwords("du arsch", "de", regexes, counts, per_language.__getitem__, url, 0.999)
    assert counts == {"soft-passed": 1, "filtered": 1}
    assert per_language["badwords-filter-de"] == {"soft-passed": 1, "filtered": 1}


def test_real_list_from_local_copy(shared_data):
    words = assets.load_badwords("en", LDNOOBW_EN_COMMIT, str(shared_data / "ldnoobw"))
    assert len(words) == 377
    assert sum(" " in w for w in words) == 124
    assert not keeps("this page is about bdsm and more", words)


def test_sha256_mismatch_is_an_error(tmp_path):
    (tmp_path / "en").write_text("not the real list\n")
    with pytest.raises(assets.AssetError, match="sha256"):
        assets.load_badwords("en", LDNOOBW_EN_COMMIT, str(tmp_path))


def test_missing_local_copy_says_where_it_looked(tmp_path):
    with pytest.raises(assets.AssetError, match=LDNOOBW_EN_COMMIT):
        assets.load_badwords("en", LDNOOBW_EN_COMMIT, str(tmp_path))


def test_cache_is_used_and_verified(tmp_path, monkeypatch, shared_data):
    monkeypatch.setenv(assets.CACHE_ENV, str(tmp_path))
    monkeypatch.delenv(assets.BADWORDS_DIR_ENV, raising=False)
    source = shared_data / "ldnoobw" / LDNOOBW_EN_COMMIT / "en"
    cached = tmp_path / "ldnoobw" / LDNOOBW_EN_COMMIT / "en"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(source.read_bytes())
    assert assets.load_badwords("en", LDNOOBW_EN_COMMIT) == assets.load_badwords("en", LDNOOBW_EN_COMMIT, str(shared_data / "ldnoobw"))
    cached.write_text("tampered\n")
    with pytest.raises(assets.AssetError, match="sha256"):
        assets.load_badwords("en", LDNOOBW_EN_COMMIT)


def test_no_network_gives_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv(assets.CACHE_ENV, str(tmp_path))
    monkeypatch.delenv(assets.BADWORDS_DIR_ENV, raising=False)

    def offline(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(assets.urllib.request, "urlopen", offline)
    with pytest.raises(assets.AssetError, match="--badwords-dir"):
        assets.load_badwords("en", LDNOOBW_EN_COMMIT)


def test_pinned_sha256_matches_the_shared_copy(shared_data):
    data = (shared_data / "ldnoobw" / LDNOOBW_EN_COMMIT / "en").read_bytes()
    assert hashlib.sha256(data).hexdigest() == assets.BADWORDS_SHA256[(LDNOOBW_EN_COMMIT, "en")]


def test_realnews_list_from_a_local_file_or_directory(shared_data, tmp_path):
    local = shared_data / "realnews" / "domain_to_allowed_subdomains.json"
    from_file = assets.load_realnews_domains(str(local))
    assert from_file == assets.load_realnews_domains(str(local.parent))
    assert from_file["nytimes.com"] is True and "money" in from_file["msn.com"]
    tampered = tmp_path / "domain_to_allowed_subdomains.json"
    tampered.write_text('{"example.com": true}')
    with pytest.raises(assets.AssetError, match="sha256"):
        assets.load_realnews_domains(str(tampered))


def test_realnews_offline_error_names_the_option(tmp_path, monkeypatch):
    monkeypatch.setenv(assets.CACHE_ENV, str(tmp_path))
    monkeypatch.delenv(assets.REALNEWS_ENV, raising=False)
    monkeypatch.setattr(assets.urllib.request, "urlopen", lambda *a, **k: (_ for _ in ()).throw(OSError("offline")))
    with pytest.raises(assets.AssetError, match="--realnews-domains"):
        assets.load_realnews_domains()


_WORDS = ["ass", "asshole", "a$$", "two girls one cup", "b!tch", "s&m", "xx", "x", "anal", "analsex", "2g1c", "ö"]
_pieces = st.sampled_from(_WORDS + ["class", " ", ".", "\n", "_", "-", "A", "Ö", "sex", "two girls", "!", "$", "1"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_pieces, max_size=12).map("".join), st.lists(st.sampled_from(_WORDS), min_size=1, unique=True))
def test_trie_pattern_matches_where_the_reference_pattern_does(text, words):
    from filters.badwords import reference_badwords_regex

    fast, reference = badwords_regex(words), reference_badwords_regex(words)
    assert (fast.search(text) is None) == (reference.search(text) is None)


def test_trie_pattern_on_the_real_list_and_real_text(shared_data):
    import gzip as gz
    import json

    from filters.badwords import reference_badwords_regex

    words = assets.load_badwords("en", LDNOOBW_EN_COMMIT, str(shared_data / "ldnoobw"))
    fast, reference = badwords_regex(words), reference_badwords_regex(words)
    path = shared_data / "cc-text" / "allenai-dolma" / "CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
    with gz.open(path, "rt") as f:
        texts = [json.loads(line)["text"].lower() for line in f]
    hits = 0
    for text in texts:
        for line in text.split("\n"):
            assert (fast.search(line) is None) == (reference.search(line) is None), line
            hits += reference.search(line) is not None
    assert hits > 10


def test_every_mc4_list_is_pinned_and_loads_from_a_folder_of_both_commits(shared_data):
    """The reference's 28 lists: English at the original C4's commit, the rest at the later one."""
    from c4pipe.recipes import LDNOOBW_MULTI_COMMIT, MC4_BADWORDS_LISTS

    assert len(MC4_BADWORDS_LISTS) == 28 and ("en", LDNOOBW_EN_COMMIT) in MC4_BADWORDS_LISTS
    assert {commit for lang, commit in MC4_BADWORDS_LISTS if lang != "en"} == {LDNOOBW_MULTI_COMMIT}
    for lang, commit in MC4_BADWORDS_LISTS:
        data = (shared_data / "ldnoobw" / commit / lang).read_bytes()
        assert hashlib.sha256(data).hexdigest() == assets.BADWORDS_SHA256[(commit, lang)], lang
    lists = assets.load_badwords_lists(MC4_BADWORDS_LISTS, str(shared_data / "ldnoobw"))
    assert set(lists) == {lang for lang, _ in MC4_BADWORDS_LISTS} and all(lists.values())
    assert "" not in {word for words in lists.values() for word in words}  # "" would match everywhere


def test_a_flat_folder_with_the_other_commits_list_is_refused(tmp_path, shared_data):
    """DIR/<lang> must hold the pinned commit's file: the later `en` is not the original C4's."""
    from c4pipe.recipes import LDNOOBW_MULTI_COMMIT

    (tmp_path / "en").write_bytes((shared_data / "ldnoobw" / LDNOOBW_MULTI_COMMIT / "en").read_bytes())
    with pytest.raises(assets.AssetError, match="sha256"):
        assets.load_badwords_lists((("en", LDNOOBW_EN_COMMIT),), str(tmp_path))
