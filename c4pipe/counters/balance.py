"""The balances a finished run must satisfy, from its counters alone.

Pages: every page parsed is written or dropped by exactly one rule. Shuffles: every row
sent into a dedup shuffle comes out of it. A runner that loses elements (Beam's
DirectRunner in `multi_threading` mode loses rows in CoGroupByKey joins) breaks one of
them, and the run fails instead of writing a silently different corpus.
"""

from __future__ import annotations

from c4pipe.counters import names


def balance(counters: dict) -> dict:
    """Pages in (parsed from WET) against pages written plus pages dropped, per rule,
    and rows in against rows out of every dedup shuffle."""
    pages_in = counters.get(names.PAGES_IN, 0)
    dropped = {name: value for name, value in counters.items() if names.is_page_drop(name)}
    pages_out = sum(v for k, v in counters.items() if k.startswith(names.PAGES_OUT_PREFIX))
    shuffles = shuffle_balance(counters)
    return {
        "pages_in": pages_in,
        "pages_out": pages_out,
        "pages_dropped": sum(dropped.values()),
        "dropped": dropped,
        "shuffles": shuffles,
        "balanced": pages_in == pages_out + sum(dropped.values()) and all(s["balanced"] for s in shuffles.values()),
    }


def shuffle_balance(counters: dict) -> dict:
    """Rows sent into each dedup shuffle against rows that came out of it.

    Pages that vanish are caught by the page balance; these catch lost keys, which
    would silently change which text is kept.
    """
    result = {}
    for name, (sent, received) in names.SHUFFLES.items():
        n_sent = counters.get(f"{names.DEDUP_JOIN}:{sent}", 0)
        n_received = counters.get(f"{names.DEDUP_JOIN}:{received}", 0)
        result[name] = {"sent": n_sent, "received": n_received, "balanced": n_sent == n_received}
    return result
