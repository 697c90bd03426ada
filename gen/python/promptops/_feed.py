"""The server's WebSocket feed (/ws), as a client keeps it: authenticated, subscribed, reconnected.

It subscribes to the prompts and system channels after every (re)connection, backs off from
reconnect_min, doubling to reconnect_max with jitter, and tells its listener what happens. A
close for policy (1008: the key revoked, expired or unknown) ends it, except one socket too
many for the key, which is retried like any drop.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import random
from typing import Any, Optional, Protocol

import websockets
from websockets.asyncio.client import ClientConnection, connect

log = logging.getLogger("promptops")


class Listener(Protocol):
    """What the feed tells: subscribed (with the key's environment and expiry), messages, drops."""

    def stopped(self) -> bool:
        """Return whether the feed is to stop (closed, or the key refused)."""
        ...

    def subscribed(self, environment: Optional[str], expires_at: Optional[datetime.datetime], again: bool) -> None:
        """Hear that the feed is live; again is whether it was before."""
        ...

    def message(self, msg: dict[str, Any]) -> None:
        """Hear a message of the server: an event, a system notice, an error."""
        ...

    def down(self) -> None:
        """Hear that the feed dropped and is to reconnect."""
        ...

    def refused(self, reason: str) -> None:
        """Hear that the server refused the key (1008)."""
        ...


class Feed:
    """One key's feed; run() until the listener says stop, close() ends the socket at once."""

    def __init__(
        self, base_url: str, api_key: str, timeout: float, backoff: tuple[float, float], listener: Listener
    ) -> None:
        self.url = base_url.rstrip("/").replace("http", "ws", 1) + "/ws"
        self.api_key = api_key
        self.timeout = timeout
        self.backoff = backoff
        self.listener = listener
        self.socket: Optional[ClientConnection] = None

    async def run(self) -> None:
        attempt = 0
        again = False
        while not self.listener.stopped():
            try:
                async with connect(self.url, open_timeout=self.timeout, max_size=None) as ws:
                    self.socket = ws
                    environment, expires_at = await self.subscribe(ws)
                    attempt = 0
                    self.listener.subscribed(environment, expires_at, again)
                    again = True
                    async for raw in ws:
                        self.listener.message(json.loads(raw))
            except websockets.ConnectionClosed as err:
                rcvd = err.rcvd
                if rcvd is not None and rcvd.code == 1008 and not rcvd.reason.lower().startswith("too many"):
                    self.listener.refused(rcvd.reason or "policy violation")
                    return
            except (OSError, ValueError, asyncio.TimeoutError, websockets.WebSocketException) as err:
                log.debug("promptops: feed: %s", err)
            finally:
                self.socket = None
            if self.listener.stopped():
                return
            self.listener.down()
            low, high = self.backoff
            await asyncio.sleep(min(high, low * 2**attempt) * (0.5 + random.random() / 2))
            attempt += 1

    async def subscribe(self, ws: ClientConnection) -> tuple[Optional[str], Optional[datetime.datetime]]:
        """Authenticate and subscribe; return the key's environment and expiry from auth_ok."""
        await ws.send(json.dumps({"type": "auth", "token": self.api_key}))
        ok = json.loads(await ws.recv())
        if ok.get("type") != "auth_ok":
            raise websockets.WebSocketException(f"the server answered the authentication with {ok.get('type')!r}")
        expires = ok.get("expiresAt")
        expires_at = datetime.datetime.fromisoformat(expires.replace("Z", "+00:00")) if expires else None
        for channel in ("prompts", "system"):
            await ws.send(json.dumps({"type": "subscribe", "channel": channel}))
        while True:
            msg = json.loads(await ws.recv())
            if msg.get("type") == "subscribed" and msg.get("channel") == "prompts":
                return ok.get("environment"), expires_at

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
