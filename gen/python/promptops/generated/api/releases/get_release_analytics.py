from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.release_analytics_response import ReleaseAnalyticsResponse
from ...types import UNSET, Response


def _get_kwargs(
    release_id: UUID,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/releases/{release_id}/analytics".format(
            release_id=release_id,
        ),
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, ReleaseAnalyticsResponse]]:
    if response.status_code == 200:
        response_200 = ReleaseAnalyticsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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
) -> Response[Union[Error, ReleaseAnalyticsResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    release_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, ReleaseAnalyticsResponse]]:
    """How a release's variants performed, and what its guards make of it

     Needs `prompts:read`. For each prompt of the release (by slug), the figures of its
    `current` variant (the version the release moves from, `versionNumber` null when none
    was live) and of its `candidate` (the version it moves to), over every tracked call
    attributed to the release (see `POST /api/v1/analytics/track`) since it began rolling
    out. `errorRate` (errors ÷ calls), `latencyP50Ms`, `latencyP95Ms` (from the latency
    histogram of `AnalyticsFigures`) and `costPerCall` (cost ÷ calls, in US dollars) are
    null for a variant without calls; these are the figures the guards judge.

    `guards` has each guard of the release's strategy for each prompt it rolls out (none
    for a prompt whose new version was live already), as the release's evaluation judges
    them now: `not_judged` until the candidate (and, for `maxIncrease`, the current
    variant) has had `minCalls` calls, then `holding` or `breached`, with `detail`
    saying by how much (null unless breached). A release without guards has none. An unknown release, or
    another project's, is a 404.

    Args:
        release_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, ReleaseAnalyticsResponse]]
    """

    kwargs = _get_kwargs(
        release_id=release_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    release_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, ReleaseAnalyticsResponse]]:
    """How a release's variants performed, and what its guards make of it

     Needs `prompts:read`. For each prompt of the release (by slug), the figures of its
    `current` variant (the version the release moves from, `versionNumber` null when none
    was live) and of its `candidate` (the version it moves to), over every tracked call
    attributed to the release (see `POST /api/v1/analytics/track`) since it began rolling
    out. `errorRate` (errors ÷ calls), `latencyP50Ms`, `latencyP95Ms` (from the latency
    histogram of `AnalyticsFigures`) and `costPerCall` (cost ÷ calls, in US dollars) are
    null for a variant without calls; these are the figures the guards judge.

    `guards` has each guard of the release's strategy for each prompt it rolls out (none
    for a prompt whose new version was live already), as the release's evaluation judges
    them now: `not_judged` until the candidate (and, for `maxIncrease`, the current
    variant) has had `minCalls` calls, then `holding` or `breached`, with `detail`
    saying by how much (null unless breached). A release without guards has none. An unknown release, or
    another project's, is a 404.

    Args:
        release_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, ReleaseAnalyticsResponse]
    """

    return sync_detailed(
        release_id=release_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    release_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, ReleaseAnalyticsResponse]]:
    """How a release's variants performed, and what its guards make of it

     Needs `prompts:read`. For each prompt of the release (by slug), the figures of its
    `current` variant (the version the release moves from, `versionNumber` null when none
    was live) and of its `candidate` (the version it moves to), over every tracked call
    attributed to the release (see `POST /api/v1/analytics/track`) since it began rolling
    out. `errorRate` (errors ÷ calls), `latencyP50Ms`, `latencyP95Ms` (from the latency
    histogram of `AnalyticsFigures`) and `costPerCall` (cost ÷ calls, in US dollars) are
    null for a variant without calls; these are the figures the guards judge.

    `guards` has each guard of the release's strategy for each prompt it rolls out (none
    for a prompt whose new version was live already), as the release's evaluation judges
    them now: `not_judged` until the candidate (and, for `maxIncrease`, the current
    variant) has had `minCalls` calls, then `holding` or `breached`, with `detail`
    saying by how much (null unless breached). A release without guards has none. An unknown release, or
    another project's, is a 404.

    Args:
        release_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, ReleaseAnalyticsResponse]]
    """

    kwargs = _get_kwargs(
        release_id=release_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    release_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, ReleaseAnalyticsResponse]]:
    """How a release's variants performed, and what its guards make of it

     Needs `prompts:read`. For each prompt of the release (by slug), the figures of its
    `current` variant (the version the release moves from, `versionNumber` null when none
    was live) and of its `candidate` (the version it moves to), over every tracked call
    attributed to the release (see `POST /api/v1/analytics/track`) since it began rolling
    out. `errorRate` (errors ÷ calls), `latencyP50Ms`, `latencyP95Ms` (from the latency
    histogram of `AnalyticsFigures`) and `costPerCall` (cost ÷ calls, in US dollars) are
    null for a variant without calls; these are the figures the guards judge.

    `guards` has each guard of the release's strategy for each prompt it rolls out (none
    for a prompt whose new version was live already), as the release's evaluation judges
    them now: `not_judged` until the candidate (and, for `maxIncrease`, the current
    variant) has had `minCalls` calls, then `holding` or `breached`, with `detail`
    saying by how much (null unless breached). A release without guards has none. An unknown release, or
    another project's, is a 404.

    Args:
        release_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, ReleaseAnalyticsResponse]
    """

    return (
        await asyncio_detailed(
            release_id=release_id,
            client=client,
        )
    ).parsed
