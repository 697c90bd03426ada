import datetime
from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx
from dateutil.parser import isoparse

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.analytics_summary_response import AnalyticsSummaryResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    environment: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    json_from_: Union[Unset, str] = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: Union[Unset, str] = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    params["environment"] = environment

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/summary",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[AnalyticsSummaryResponse, Error]]:
    if response.status_code == 200:
        response_200 = AnalyticsSummaryResponse.from_dict(response.json())

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
) -> Response[Union[AnalyticsSummaryResponse, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    environment: Union[Unset, str] = UNSET,
) -> Response[Union[AnalyticsSummaryResponse, Error]]:
    """The project's top prompts by calls, by errors and by cost

     Needs `prompts:read`. Over the project's events from `from` to `to` (default now), `to`
    rounded up to the hour and `from` down (default 30 days before the rounded `to`), in
    every environment or in
    `environment`: the ten prompts with the most calls, the ten with the most errors (only
    prompts with errors) and the ten with the highest cost (only prompts with a cost),
    each with its totals. Read from the hourly rollups; a range may span at most 400 days.

    Args:
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[AnalyticsSummaryResponse, Error]]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        environment=environment,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    environment: Union[Unset, str] = UNSET,
) -> Optional[Union[AnalyticsSummaryResponse, Error]]:
    """The project's top prompts by calls, by errors and by cost

     Needs `prompts:read`. Over the project's events from `from` to `to` (default now), `to`
    rounded up to the hour and `from` down (default 30 days before the rounded `to`), in
    every environment or in
    `environment`: the ten prompts with the most calls, the ten with the most errors (only
    prompts with errors) and the ten with the highest cost (only prompts with a cost),
    each with its totals. Read from the hourly rollups; a range may span at most 400 days.

    Args:
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[AnalyticsSummaryResponse, Error]
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        environment=environment,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    environment: Union[Unset, str] = UNSET,
) -> Response[Union[AnalyticsSummaryResponse, Error]]:
    """The project's top prompts by calls, by errors and by cost

     Needs `prompts:read`. Over the project's events from `from` to `to` (default now), `to`
    rounded up to the hour and `from` down (default 30 days before the rounded `to`), in
    every environment or in
    `environment`: the ten prompts with the most calls, the ten with the most errors (only
    prompts with errors) and the ten with the highest cost (only prompts with a cost),
    each with its totals. Read from the hourly rollups; a range may span at most 400 days.

    Args:
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[AnalyticsSummaryResponse, Error]]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        environment=environment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    environment: Union[Unset, str] = UNSET,
) -> Optional[Union[AnalyticsSummaryResponse, Error]]:
    """The project's top prompts by calls, by errors and by cost

     Needs `prompts:read`. Over the project's events from `from` to `to` (default now), `to`
    rounded up to the hour and `from` down (default 30 days before the rounded `to`), in
    every environment or in
    `environment`: the ten prompts with the most calls, the ten with the most errors (only
    prompts with errors) and the ten with the highest cost (only prompts with a cost),
    each with its totals. Read from the hourly rollups; a range may span at most 400 days.

    Args:
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[AnalyticsSummaryResponse, Error]
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            environment=environment,
        )
    ).parsed
