"""Standard Webhooks signatures, checked as PromptOps signs its deliveries (internal/change/webhooks).

A delivery carries webhook-id, webhook-timestamp and webhook-signature: "v1," and the base64
HMAC-SHA256 of "id.timestamp.body" keyed with the secret's base64 part (after "whsec_"), one per
secret, space-separated, while a rotated secret overlaps the new one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping
from typing import Optional, Union

TOLERANCE = 300
"""How far (seconds) a delivery's timestamp may be from the receiver's clock, either way."""

SECRET_PREFIX = "whsec_"


class WebhookVerificationError(ValueError):
    """The delivery is not PromptOps' (a bad or missing signature), or too old or too new to accept."""


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """Return the webhook-signature header of a message, as the server writes it for one secret."""
    try:
        encoded = secret[len(SECRET_PREFIX) :] if secret.startswith(SECRET_PREFIX) else secret
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as err:
        raise WebhookVerificationError("the webhook secret is not whsec_ and base64") from err
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()


def _header(headers: Mapping[str, str], name: str) -> str:
    for k, v in headers.items():
        if k.lower() == name:
            return v
    raise WebhookVerificationError(f"the {name} header is missing")


def verify(
    body: Union[bytes, str],
    headers: Mapping[str, str],
    secret: str,
    *,
    now: Optional[float] = None,
    tolerance: int = TOLERANCE,
) -> None:
    """Check a delivery: raise WebhookVerificationError unless one of its signatures is secret's.

    body is the request body exactly as received (before any JSON parsing); headers its headers
    (any case). A timestamp more than tolerance seconds from now is refused, so a captured
    delivery cannot be replayed later.
    """
    raw = body.encode() if isinstance(body, str) else body
    msg_id = _header(headers, "webhook-id")
    stamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    try:
        ts = int(stamp)
    except ValueError as err:
        raise WebhookVerificationError(f"webhook-timestamp {stamp!r} is not a Unix time") from err
    clock = time.time() if now is None else now
    if abs(clock - ts) > tolerance:
        raise WebhookVerificationError(f"webhook-timestamp is {int(clock - ts)} seconds from now, past {tolerance}")
    want = sign(secret, msg_id, ts, raw)
    if not any(hmac.compare_digest(s, want) for s in signatures.split()):
        raise WebhookVerificationError("no signature of the delivery matches the secret")
