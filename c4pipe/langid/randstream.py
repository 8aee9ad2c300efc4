"""The exact draws langdetect's ``random.Random(seed)`` makes, without the Python calls.

Per text langdetect reseeds with the same seed (0), then alternates ``gauss`` (one
per trial) and ``choice(ngrams)`` (one per update).  Every call consumes 32-bit
Mersenne Twister words from one fixed stream, so we generate that stream once per
process and replay the consumption with numpy:

* ``choice`` of a list of length n is ``getrandbits(k) = word >> (32 - k)`` with
  ``k = n.bit_length()``, redrawn while ``>= n`` (``_randbelow_with_getrandbits``);
* ``random()`` is ``((w0 >> 5) * 2**26 + (w1 >> 6)) / 2**53``;
* ``gauss`` uses two ``random()`` calls and caches its second value for the next
  call (``gauss_next``), which is not reset by ``choice``.

Because this relies on CPython's generator internals, :func:`emulation_is_exact`
checks it against real ``random.Random`` calls; callers fall back to the real
object (slowly) if it ever fails.
"""

import math
import random
import threading

import numpy as np

_TWOPI = getattr(random, "TWOPI", 2.0 * math.pi)
_INITIAL_WORDS = 1 << 15


class WordStream:
    """Growable array of the MT19937 output words of ``random.Random(seed)``."""

    def __init__(self, seed):
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.words = np.empty(0, dtype=np.uint32)
        self.ensure(_INITIAL_WORDS)

    def ensure(self, count):
        """Make at least ``count`` words available (appends, never changes old ones)."""
        if count <= self.words.size:
            return self.words
        with self._lock:
            if count > self.words.size:
                extra = max(count - self.words.size, self.words.size)
                raw = self._rng.getrandbits(32 * extra).to_bytes(4 * extra, "little")
                self.words = np.concatenate([self.words, np.frombuffer(raw, np.uint32)])
        return self.words


class ReplayedRandom:
    """Stand-in for one text's ``Random(seed)``: gauss() and ``choice(choices)`` in batches.

    All accepted ``choice`` draws of the word stream are decoded up front (in a
    window that grows on demand).  ``draws`` looks ahead without consuming, so a
    caller can use them in vectorized chunks and then ``consume`` exactly as many
    as langdetect used.
    """

    def __init__(self, stream: WordStream, choices: np.ndarray, window: int = 1024):
        n_choices = int(choices.size)
        if n_choices < 1:
            raise ValueError("cannot choose from an empty sequence")
        self._stream = stream
        self._choices = choices
        self._n = n_choices
        self._shift = np.uint32(32 - n_choices.bit_length())
        self._pos = 0  # next unread word
        self._next = 0  # index of the next unread accepted draw
        self._gauss_next = None
        self._scanned = 0
        self._acc_pos = self._acc_val = None
        self._scan(window)

    def _scan(self, upto):
        """(Re)decode words [0, upto) into accepted draws: positions and chosen items."""
        self._words = self._stream.ensure(upto)[:upto]
        vals = self._words >> self._shift
        self._acc_pos = np.flatnonzero(vals < self._n)
        self._acc_val = self._choices[vals[self._acc_pos]]
        self._scanned = upto

    def _random(self):
        """``random.random()``: 53 bits from the next two words."""
        pos = self._pos
        if pos + 2 > self._scanned:
            self._scan(2 * self._scanned)
        a = int(self._words[pos]) >> 5
        b = int(self._words[pos + 1]) >> 6
        self._pos = pos + 2
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)

    def gauss(self, mu=0.0, sigma=1.0):
        """Same arithmetic as ``random.Random.gauss``."""
        z = self._gauss_next
        self._gauss_next = None
        if z is None:
            x2pi = self._random() * _TWOPI
            g2rad = math.sqrt(-2.0 * math.log(1.0 - self._random()))
            z = math.cos(x2pi) * g2rad
            self._gauss_next = math.sin(x2pi) * g2rad
            self._skip_to_position()
        return mu + z * sigma

    def _skip_to_position(self):
        """Point ``_next`` at the first accepted draw at or after word ``_pos``.

        ``gauss`` only moves ``_pos`` two words past the last consumed draw, so this
        is at most two steps forward.
        """
        while self._scanned <= self._pos:
            self._scan(2 * self._scanned)
        acc_pos, nxt = self._acc_pos, self._next
        while nxt < acc_pos.size and acc_pos[nxt] < self._pos:
            nxt += 1
        self._next = nxt

    def draws(self, skip, count):
        """Items chosen by the next draws number skip..skip+count-1 (not consumed)."""
        end = self._next + skip + count
        while self._acc_val.size < end:
            self._scan(2 * self._scanned)
        return self._acc_val[self._next + skip:end]

    def consume(self, count):
        """Advance past ``count`` draws (as ``count`` calls to ``choice`` would)."""
        if count:
            self.draws(0, count)
            self._next += count
            self._pos = int(self._acc_pos[self._next - 1]) + 1


def emulation_is_exact(seed=0):
    """Compare the replay with real ``random.Random`` calls on a few call patterns."""
    stream = WordStream(seed)
    for n in (1, 2, 3, 5, 64, 65, 1000, 4097, 29999):
        real, fake = random.Random(seed), ReplayedRandom(stream, np.arange(n))
        seq = list(range(n))
        for trial in range(9):
            if real.gauss(0.0, 1.0) != fake.gauss(0.0, 1.0):
                return False
            count = 3 + 37 * trial % 101
            want = [real.choice(seq) for _ in range(count)]
            if fake.draws(0, count).tolist() != want:
                return False
            fake.consume(count)
    return True
