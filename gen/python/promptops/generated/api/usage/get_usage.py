from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.usage_response import UsageResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    days: Union[Unset, int] = 30,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["days"] = days

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/usage",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, UsageResponse]]:
    if response.status_code == 200:
        response_200 = UsageResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Response[Union[Error, UsageResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    days: Union[Unset, int] = 30,
) -> Response[Union[Error, UsageResponse]]:
    r"""The calling project's usage, its rate-limit window and its quotas

     Any valid key of the project. For the calling project:
    - `requestsPerDay`: authenticated requests per UTC day for the last `days` days
      (30 unless asked; today last; days without requests show 0), each split by
      environment and by key (the day's 100 keys with the most requests; `keysTotal`
      says how many made requests, and the day's totals count them all);
    - `rateLimit`: the calling key's current window (the same figures as the
      `X-RateLimit-*` headers of this response);
    - `resources`: what the project holds beside each quota;
    - `resolves`: resolve and render calls per prompt version per key over the last 24
      hours (\"which applications run which version\"), most calls first: the 1,000 with
      the most calls (`resolvesTotal` says how many there are).

    The answer is bounded: at most 30 × 100 key entries and 1,000 resolve entries,
    whatever the project's keys, prompts and versions.

    Requests are counted in memory by each instance and added to the database every
    `PROMPTOPS_USAGE_FLUSH_INTERVAL` (default 10 s) in one statement; this instance's
    counts not yet written are included, another instance's appear after its next flush.
    An instance that crashes loses at most one interval of counts; one that shuts down
    writes its counts first.

    Args:
        days (Union[Unset, int]):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, UsageResponse]]
    """

    kwargs = _get_kwargs(
        days=days,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
    days: Union[Unset, int] = 30,
) -> Optional[Union[Error, UsageResponse]]:
    r"""The calling project's usage, its rate-limit window and its quotas

     Any valid key of the project. For the calling project:
    - `requestsPerDay`: authenticated requests per UTC day for the last `days` days
      (30 unless asked; today last; days without requests show 0), each split by
      environment and by key (the day's 100 keys with the most requests; `keysTotal`
      says how many made requests, and the day's totals count them all);
    - `rateLimit`: the calling key's current window (the same figures as the
      `X-RateLimit-*` headers of this response);
    - `resources`: what the project holds beside each quota;
    - `resolves`: resolve and render calls per prompt version per key over the last 24
      hours (\"which applications run which version\"), most calls first: the 1,000 with
      the most calls (`resolvesTotal` says how many there are).

    The answer is bounded: at most 30 × 100 key entries and 1,000 resolve entries,
    whatever the project's keys, prompts and versions.

    Requests are counted in memory by each instance and added to the database every
    `PROMPTOPS_USAGE_FLUSH_INTERVAL` (default 10 s) in one statement; this instance's
    counts not yet written are included, another instance's appear after its next flush.
    An instance that crashes loses at most one interval of counts; one that shuts down
    writes its counts first.

    Args:
        days (Union[Unset, int]):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, UsageResponse]
    """

    return sync_detailed(
        client=client,
        days=days,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    days: Union[Unset, int] = 30,
) -> Response[Union[Error, UsageResponse]]:
    r"""The calling project's usage, its rate-limit window and its quotas

     Any valid key of the project. For the calling project:
    - `requestsPerDay`: authenticated requests per UTC day for the last `days` days
      (30 unless asked; today last; days without requests show 0), each split by
      environment and by key (the day's 100 keys with the most requests; `keysTotal`
      says how many made requests, and the day's totals count them all);
    - `rateLimit`: the calling key's current window (the same figures as the
      `X-RateLimit-*` headers of this response);
    - `resources`: what the project holds beside each quota;
    - `resolves`: resolve and render calls per prompt version per key over the last 24
      hours (\"which applications run which version\"), most calls first: the 1,000 with
      the most calls (`resolvesTotal` says how many there are).

    The answer is bounded: at most 30 × 100 key entries and 1,000 resolve entries,
    whatever the project's keys, prompts and versions.

    Requests are counted in memory by each instance and added to the database every
    `PROMPTOPS_USAGE_FLUSH_INTERVAL` (default 10 s) in one statement; this instance's
    counts not yet written are included, another instance's appear after its next flush.
    An instance that crashes loses at most one interval of counts; one that shuts down
    writes its counts first.

    Args:
        days (Union[Unset, int]):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, UsageResponse]]
    """

    kwargs = _get_kwargs(
        days=days,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    days: Union[Unset, int] = 30,
) -> Optional[Union[Error, UsageResponse]]:
    r"""The calling project's usage, its rate-limit window and its quotas

     Any valid key of the project. For the calling project:
    - `requestsPerDay`: authenticated requests per UTC day for the last `days` days
      (30 unless asked; today last; days without requests show 0), each split by
      environment and by key (the day's 100 keys with the most requests; `keysTotal`
      says how many made requests, and the day's totals count them all);
    - `rateLimit`: the calling key's current window (the same figures as the
      `X-RateLimit-*` headers of this response);
    - `resources`: what the project holds beside each quota;
    - `resolves`: resolve and render calls per prompt version per key over the last 24
      hours (\"which applications run which version\"), most calls first: the 1,000 with
      the most calls (`resolvesTotal` says how many there are).

    The answer is bounded: at most 30 × 100 key entries and 1,000 resolve entries,
    whatever the project's keys, prompts and versions.

    Requests are counted in memory by each instance and added to the database every
    `PROMPTOPS_USAGE_FLUSH_INTERVAL` (default 10 s) in one statement; this instance's
    counts not yet written are included, another instance's appear after its next flush.
    An instance that crashes loses at most one interval of counts; one that shuts down
    writes its counts first.

    Args:
        days (Union[Unset, int]):  Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, UsageResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            days=days,
        )
    ).parsed
