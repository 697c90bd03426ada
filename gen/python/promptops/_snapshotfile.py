"""The snapshot file: what a client served, kept on disk for a start with the server down.

As the edge's (internal/client/edge/file.go): the entries as GET /api/v1/snapshot gives them,
when they were current, whose key they are (by hash, so that a client of another key does not
serve them) and when that key expires. Once the key is refused the file holds only why, so that
a restart with the server down serves nothing either. Writes replace the file atomically (mode
0600) and take turns; after the revocation's, no write of prompts lands.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

log = logging.getLogger("promptops")


@dataclass
class Saved:
    """What a snapshot file holds for the client's key."""

    revoked: Optional[str] = None
    current_at: Optional[datetime.datetime] = None
    key_expires_at: Optional[datetime.datetime] = None
    environment: Optional[str] = None
    prompts: list[Mapping[str, Any]] = field(default_factory=list)


class SnapshotFile:
    """The snapshot file of one API key at path."""

    def __init__(self, path: str, api_key: str) -> None:
        self.path = path
        self.key_hash = hashlib.sha256(api_key.encode()).hexdigest()
        self.lock = threading.Lock()
        self.revoked = False

    def load(self) -> Optional[Saved]:
        """Read the file: None when there is none, or it is another key's or unreadable (logged)."""
        if not os.path.exists(self.path):
            return None
        try:
            with open(self.path, encoding="utf-8") as f:
                raw = json.load(f)
            if raw.get("keyHash") != self.key_hash:
                log.warning("promptops: snapshot file %s was written for another API key; not used", self.path)
                return None
            if raw.get("revoked"):
                return Saved(revoked=str(raw["revoked"]))
            expires = raw.get("keyExpiresAt")
            return Saved(
                current_at=datetime.datetime.fromisoformat(raw["currentAt"]),
                key_expires_at=datetime.datetime.fromisoformat(expires) if expires else None,
                environment=raw.get("environment"),
                prompts=list(raw.get("prompts") or []),
            )
        except (OSError, ValueError, KeyError, TypeError) as err:
            log.warning("promptops: snapshot file %s not used: %s", self.path, err)
            return None

    def write(
        self,
        prompts: Sequence[Mapping[str, Any]],
        environment: Optional[str],
        key_expires_at: Optional[datetime.datetime],
    ) -> None:
        """Replace the file with prompts, current now; nothing once the key is refused."""
        saved = {
            "keyHash": self.key_hash,
            "currentAt": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "keyExpiresAt": key_expires_at.isoformat() if key_expires_at else None,
            "environment": environment,
            "prompts": list(prompts),
        }
        with self.lock:
            if not self.revoked:
                self.replace(saved)

    def write_revoked(self, reason: str) -> None:
        """Replace the file with only why the key is refused."""
        with self.lock:
            self.revoked = True
            self.replace({"keyHash": self.key_hash, "revoked": reason})

    def replace(self, saved: Mapping[str, Any]) -> None:
        """Write saved to a temporary file beside the file, synced, then rename it over the file."""
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(self.path)), prefix=".promptops-snapshot-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(saved, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
