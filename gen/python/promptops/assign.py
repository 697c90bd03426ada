"""Release assignment, as the server assigns (internal/release/assign).

A subject's bucket is the first 4 bytes of SHA-256(salt + ":" + subject), big-endian, modulo
10,000; buckets below percent x 100 get the release's candidate. No subject: the current version.
"""

from __future__ import annotations

import hashlib
import math

BUCKETS = 10_000


def bucket(salt: str, subject: str) -> int:
    """Return the subject's bucket in a release of salt, in [0, BUCKETS)."""
    digest = hashlib.sha256((salt + ":" + subject).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % BUCKETS


def threshold(percent: float) -> int:
    """Return the number of buckets on the candidate at percent (0-100), rounded as Go's math.Round."""
    return math.floor(max(0.0, min(100.0, percent)) * BUCKETS / 100 + 0.5)


def variant(salt: str, subject: str, percent: float) -> str:
    """Return the variant the subject gets: "candidate" or "current"."""
    return "current" if subject == "" or bucket(salt, subject) >= threshold(percent) else "candidate"
