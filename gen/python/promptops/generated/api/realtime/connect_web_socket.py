from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, Response


def _get_kwargs() -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/ws",
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Any, Error]]:
    if response.status_code == 101:
        response_101 = cast(Any, None)
        return response_101

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Response[Union[Any, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Any, Error]]:
    r"""Real-time events over a WebSocket

     Needs no key in the request: the first message authenticates. The protocol, all JSON
    text messages:

    - client → `{\"type\": \"auth\", \"token\": \"po_live_…\"}`; server → `{\"type\": \"auth_ok\",
      \"projectId\": \"…\", \"environment\": \"production\", \"expiresAt\": null}` (`expiresAt`:
      the key's, as a date-time, or null; a replica keeps it to stop serving at that time
      even while it cannot reach the server). A person sends a personal token and the
      project to follow, by id or slug: `{\"type\": \"auth\", \"token\": \"po_pat_…\", \"project\":
      \"my-ai-app\"}`; the socket then has the person's role there (a `viewer` reads the
      prompt events, an `admin` every event), `environment` is null and `expiresAt` is the
      token's (`project` is ignored with an API key, whose project is its own). A missing,
      unknown, revoked or expired key or token, a personal token without `project` or
      naming a project the person is no member of, or no auth within 10 s, closes the
      socket with 1008 (policy violation) and a reason that says which; failed
      authentications count against the client address as for HTTP requests (past the
      limit, the reason says \"Too many failed authentications\").
    - client → `{\"type\": \"subscribe\", \"channel\": \"prompts\" | \"events\" | \"system\"}`; server →
      `{\"type\": \"subscribed\", \"channel\": \"…\"}`. `unsubscribe` is the reverse. An unknown
      channel or message type gets `{\"type\": \"error\", \"message\": \"…\"}`.
    - server → `{\"type\": \"event\", \"channel\": \"…\", \"event\": Event}`: `prompts` carries
      `prompt.*`, `version.*`, `deployment.*` and `release.*` events (any key with
      `prompts:read`: a release's start, step or end changes what resolve answers);
      `events` carries every event the key may see (all of them for `admin` keys, the
      prompt events otherwise; to a key without `admin`, an event's `clientAddress` and
      `userAgent` are null, as only `admin` may read the audit log); `system` carries `{\"type\":
    \"system\", \"message\": \"…\"}`
      notices, such as a server shutting down.

    Events are the key's project's only, from whichever instance made the change
    (PostgreSQL LISTEN/NOTIFY). The server pings every 30 s; a client that cannot keep up
    (64 messages behind) is disconnected with 1013 rather than slowing others.

    A socket lives no longer than its key: when the key is revoked, its sockets on every
    instance are closed within moments with 1008 and the reason `API key revoked`; at the
    key's `expiresAt` with 1008 and `API key expired`. A person's socket likewise closes
    with `personal token revoked` or `personal token expired`, and when the person is
    removed from the project (`no longer a member of this project`) or their role there
    changes (`role in this project changed; reconnect`). The key is also checked again
    before every event is delivered, so no event committed after a revocation reaches the
    key's sockets (a person's token and membership too). A key that cannot be checked
    (the database is down) closes the socket with 1013: reconnect later.

    Limits, kept by each instance (with N instances a client may hold up to N times as
    many sockets):
    - per client address (an IPv6 client by its /64 prefix), at most
      `PROMPTOPS_WS_MAX_PER_ADDR` sockets (default 200), counted from the upgrade, before
      the auth message: past it the upgrade is answered 429 `RATE_LIMIT_EXCEEDED` with
      `Retry-After` (a hint: a place frees up when one of the address's sockets closes),
      and no socket is opened;
    - per key (or personal token), at most `PROMPTOPS_WS_MAX_PER_KEY` sockets (default 50): the next one
    is
      closed after its auth message with 1008 and a reason starting `too many sockets for
      this API key`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Any, Error]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Any, Error]]:
    r"""Real-time events over a WebSocket

     Needs no key in the request: the first message authenticates. The protocol, all JSON
    text messages:

    - client → `{\"type\": \"auth\", \"token\": \"po_live_…\"}`; server → `{\"type\": \"auth_ok\",
      \"projectId\": \"…\", \"environment\": \"production\", \"expiresAt\": null}` (`expiresAt`:
      the key's, as a date-time, or null; a replica keeps it to stop serving at that time
      even while it cannot reach the server). A person sends a personal token and the
      project to follow, by id or slug: `{\"type\": \"auth\", \"token\": \"po_pat_…\", \"project\":
      \"my-ai-app\"}`; the socket then has the person's role there (a `viewer` reads the
      prompt events, an `admin` every event), `environment` is null and `expiresAt` is the
      token's (`project` is ignored with an API key, whose project is its own). A missing,
      unknown, revoked or expired key or token, a personal token without `project` or
      naming a project the person is no member of, or no auth within 10 s, closes the
      socket with 1008 (policy violation) and a reason that says which; failed
      authentications count against the client address as for HTTP requests (past the
      limit, the reason says \"Too many failed authentications\").
    - client → `{\"type\": \"subscribe\", \"channel\": \"prompts\" | \"events\" | \"system\"}`; server →
      `{\"type\": \"subscribed\", \"channel\": \"…\"}`. `unsubscribe` is the reverse. An unknown
      channel or message type gets `{\"type\": \"error\", \"message\": \"…\"}`.
    - server → `{\"type\": \"event\", \"channel\": \"…\", \"event\": Event}`: `prompts` carries
      `prompt.*`, `version.*`, `deployment.*` and `release.*` events (any key with
      `prompts:read`: a release's start, step or end changes what resolve answers);
      `events` carries every event the key may see (all of them for `admin` keys, the
      prompt events otherwise; to a key without `admin`, an event's `clientAddress` and
      `userAgent` are null, as only `admin` may read the audit log); `system` carries `{\"type\":
    \"system\", \"message\": \"…\"}`
      notices, such as a server shutting down.

    Events are the key's project's only, from whichever instance made the change
    (PostgreSQL LISTEN/NOTIFY). The server pings every 30 s; a client that cannot keep up
    (64 messages behind) is disconnected with 1013 rather than slowing others.

    A socket lives no longer than its key: when the key is revoked, its sockets on every
    instance are closed within moments with 1008 and the reason `API key revoked`; at the
    key's `expiresAt` with 1008 and `API key expired`. A person's socket likewise closes
    with `personal token revoked` or `personal token expired`, and when the person is
    removed from the project (`no longer a member of this project`) or their role there
    changes (`role in this project changed; reconnect`). The key is also checked again
    before every event is delivered, so no event committed after a revocation reaches the
    key's sockets (a person's token and membership too). A key that cannot be checked
    (the database is down) closes the socket with 1013: reconnect later.

    Limits, kept by each instance (with N instances a client may hold up to N times as
    many sockets):
    - per client address (an IPv6 client by its /64 prefix), at most
      `PROMPTOPS_WS_MAX_PER_ADDR` sockets (default 200), counted from the upgrade, before
      the auth message: past it the upgrade is answered 429 `RATE_LIMIT_EXCEEDED` with
      `Retry-After` (a hint: a place frees up when one of the address's sockets closes),
      and no socket is opened;
    - per key (or personal token), at most `PROMPTOPS_WS_MAX_PER_KEY` sockets (default 50): the next one
    is
      closed after its auth message with 1008 and a reason starting `too many sockets for
      this API key`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Any, Error]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Any, Error]]:
    r"""Real-time events over a WebSocket

     Needs no key in the request: the first message authenticates. The protocol, all JSON
    text messages:

    - client → `{\"type\": \"auth\", \"token\": \"po_live_…\"}`; server → `{\"type\": \"auth_ok\",
      \"projectId\": \"…\", \"environment\": \"production\", \"expiresAt\": null}` (`expiresAt`:
      the key's, as a date-time, or null; a replica keeps it to stop serving at that time
      even while it cannot reach the server). A person sends a personal token and the
      project to follow, by id or slug: `{\"type\": \"auth\", \"token\": \"po_pat_…\", \"project\":
      \"my-ai-app\"}`; the socket then has the person's role there (a `viewer` reads the
      prompt events, an `admin` every event), `environment` is null and `expiresAt` is the
      token's (`project` is ignored with an API key, whose project is its own). A missing,
      unknown, revoked or expired key or token, a personal token without `project` or
      naming a project the person is no member of, or no auth within 10 s, closes the
      socket with 1008 (policy violation) and a reason that says which; failed
      authentications count against the client address as for HTTP requests (past the
      limit, the reason says \"Too many failed authentications\").
    - client → `{\"type\": \"subscribe\", \"channel\": \"prompts\" | \"events\" | \"system\"}`; server →
      `{\"type\": \"subscribed\", \"channel\": \"…\"}`. `unsubscribe` is the reverse. An unknown
      channel or message type gets `{\"type\": \"error\", \"message\": \"…\"}`.
    - server → `{\"type\": \"event\", \"channel\": \"…\", \"event\": Event}`: `prompts` carries
      `prompt.*`, `version.*`, `deployment.*` and `release.*` events (any key with
      `prompts:read`: a release's start, step or end changes what resolve answers);
      `events` carries every event the key may see (all of them for `admin` keys, the
      prompt events otherwise; to a key without `admin`, an event's `clientAddress` and
      `userAgent` are null, as only `admin` may read the audit log); `system` carries `{\"type\":
    \"system\", \"message\": \"…\"}`
      notices, such as a server shutting down.

    Events are the key's project's only, from whichever instance made the change
    (PostgreSQL LISTEN/NOTIFY). The server pings every 30 s; a client that cannot keep up
    (64 messages behind) is disconnected with 1013 rather than slowing others.

    A socket lives no longer than its key: when the key is revoked, its sockets on every
    instance are closed within moments with 1008 and the reason `API key revoked`; at the
    key's `expiresAt` with 1008 and `API key expired`. A person's socket likewise closes
    with `personal token revoked` or `personal token expired`, and when the person is
    removed from the project (`no longer a member of this project`) or their role there
    changes (`role in this project changed; reconnect`). The key is also checked again
    before every event is delivered, so no event committed after a revocation reaches the
    key's sockets (a person's token and membership too). A key that cannot be checked
    (the database is down) closes the socket with 1013: reconnect later.

    Limits, kept by each instance (with N instances a client may hold up to N times as
    many sockets):
    - per client address (an IPv6 client by its /64 prefix), at most
      `PROMPTOPS_WS_MAX_PER_ADDR` sockets (default 200), counted from the upgrade, before
      the auth message: past it the upgrade is answered 429 `RATE_LIMIT_EXCEEDED` with
      `Retry-After` (a hint: a place frees up when one of the address's sockets closes),
      and no socket is opened;
    - per key (or personal token), at most `PROMPTOPS_WS_MAX_PER_KEY` sockets (default 50): the next one
    is
      closed after its auth message with 1008 and a reason starting `too many sockets for
      this API key`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Any, Error]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Any, Error]]:
    r"""Real-time events over a WebSocket

     Needs no key in the request: the first message authenticates. The protocol, all JSON
    text messages:

    - client → `{\"type\": \"auth\", \"token\": \"po_live_…\"}`; server → `{\"type\": \"auth_ok\",
      \"projectId\": \"…\", \"environment\": \"production\", \"expiresAt\": null}` (`expiresAt`:
      the key's, as a date-time, or null; a replica keeps it to stop serving at that time
      even while it cannot reach the server). A person sends a personal token and the
      project to follow, by id or slug: `{\"type\": \"auth\", \"token\": \"po_pat_…\", \"project\":
      \"my-ai-app\"}`; the socket then has the person's role there (a `viewer` reads the
      prompt events, an `admin` every event), `environment` is null and `expiresAt` is the
      token's (`project` is ignored with an API key, whose project is its own). A missing,
      unknown, revoked or expired key or token, a personal token without `project` or
      naming a project the person is no member of, or no auth within 10 s, closes the
      socket with 1008 (policy violation) and a reason that says which; failed
      authentications count against the client address as for HTTP requests (past the
      limit, the reason says \"Too many failed authentications\").
    - client → `{\"type\": \"subscribe\", \"channel\": \"prompts\" | \"events\" | \"system\"}`; server →
      `{\"type\": \"subscribed\", \"channel\": \"…\"}`. `unsubscribe` is the reverse. An unknown
      channel or message type gets `{\"type\": \"error\", \"message\": \"…\"}`.
    - server → `{\"type\": \"event\", \"channel\": \"…\", \"event\": Event}`: `prompts` carries
      `prompt.*`, `version.*`, `deployment.*` and `release.*` events (any key with
      `prompts:read`: a release's start, step or end changes what resolve answers);
      `events` carries every event the key may see (all of them for `admin` keys, the
      prompt events otherwise; to a key without `admin`, an event's `clientAddress` and
      `userAgent` are null, as only `admin` may read the audit log); `system` carries `{\"type\":
    \"system\", \"message\": \"…\"}`
      notices, such as a server shutting down.

    Events are the key's project's only, from whichever instance made the change
    (PostgreSQL LISTEN/NOTIFY). The server pings every 30 s; a client that cannot keep up
    (64 messages behind) is disconnected with 1013 rather than slowing others.

    A socket lives no longer than its key: when the key is revoked, its sockets on every
    instance are closed within moments with 1008 and the reason `API key revoked`; at the
    key's `expiresAt` with 1008 and `API key expired`. A person's socket likewise closes
    with `personal token revoked` or `personal token expired`, and when the person is
    removed from the project (`no longer a member of this project`) or their role there
    changes (`role in this project changed; reconnect`). The key is also checked again
    before every event is delivered, so no event committed after a revocation reaches the
    key's sockets (a person's token and membership too). A key that cannot be checked
    (the database is down) closes the socket with 1013: reconnect later.

    Limits, kept by each instance (with N instances a client may hold up to N times as
    many sockets):
    - per client address (an IPv6 client by its /64 prefix), at most
      `PROMPTOPS_WS_MAX_PER_ADDR` sockets (default 200), counted from the upgrade, before
      the auth message: past it the upgrade is answered 429 `RATE_LIMIT_EXCEEDED` with
      `Retry-After` (a hint: a place frees up when one of the address's sockets closes),
      and no socket is opened;
    - per key (or personal token), at most `PROMPTOPS_WS_MAX_PER_KEY` sockets (default 50): the next one
    is
      closed after its auth message with 1008 and a reason starting `too many sockets for
      this API key`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Any, Error]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
