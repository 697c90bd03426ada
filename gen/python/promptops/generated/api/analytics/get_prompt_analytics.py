import datetime
from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx
from dateutil.parser import isoparse

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.get_prompt_analytics_interval import GetPromptAnalyticsInterval
from ...models.prompt_analytics_response import PromptAnalyticsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    prompt_id: str,
    *,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    interval: Union[Unset, GetPromptAnalyticsInterval] = GetPromptAnalyticsInterval.DAY,
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

    json_interval: Union[Unset, str] = UNSET
    if not isinstance(interval, Unset):
        json_interval = interval.value

    params["interval"] = json_interval

    params["environment"] = environment

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/prompts/{prompt_id}/analytics".format(
            prompt_id=prompt_id,
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, PromptAnalyticsResponse]]:
    if response.status_code == 200:
        response_200 = PromptAnalyticsResponse.from_dict(response.json())

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
) -> Response[Union[Error, PromptAnalyticsResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    interval: Union[Unset, GetPromptAnalyticsInterval] = GetPromptAnalyticsInterval.DAY,
    environment: Union[Unset, str] = UNSET,
) -> Response[Union[Error, PromptAnalyticsResponse]]:
    """How each version of a prompt performed, per hour or day, and the last two live versions compared

     Needs `prompts:read`. For the prompt's events in one environment (`environment`,
    default the key's) from `from` to `to` (default now), with `to` rounded up to the
    `interval` (`hour` or `day`, default `day`; UTC), so that the interval holding it
    counts, and `from` rounded down (default 30 days before the rounded `to`): per version,
    its totals and one entry per interval with calls (intervals without calls are left
    out), each with count, errors, error rate, latency p50/p95/p99, tokens in and out and
    cost.

    `comparison` sets the version live in the environment now beside the one live
    before it (from the deployment history: the last other version promoted or rolled
    back to; a release's candidate serving a share of subjects was not live, so a
    release rolling out or rolled back leaves it as it was), over the same range: each figure with both
    values, the change (current − previous) and the change in percent (null when the
    previous value is 0). It is null until the environment has had two versions live.

    Figures come from hourly rollups, never from raw events, so a long range costs no
    more than its hours. Latency percentiles come from a fixed histogram (see
    `AnalyticsFigures`), exact to within the width of the bucket they fall in. A range
    may span at most 31 days by hour and 400 days by day; `from` must be before `to`.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        interval (Union[Unset, GetPromptAnalyticsInterval]):  Default:
            GetPromptAnalyticsInterval.DAY.
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
        Response[Union[Error, PromptAnalyticsResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        from_=from_,
        to=to,
        interval=interval,
        environment=environment,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    interval: Union[Unset, GetPromptAnalyticsInterval] = GetPromptAnalyticsInterval.DAY,
    environment: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, PromptAnalyticsResponse]]:
    """How each version of a prompt performed, per hour or day, and the last two live versions compared

     Needs `prompts:read`. For the prompt's events in one environment (`environment`,
    default the key's) from `from` to `to` (default now), with `to` rounded up to the
    `interval` (`hour` or `day`, default `day`; UTC), so that the interval holding it
    counts, and `from` rounded down (default 30 days before the rounded `to`): per version,
    its totals and one entry per interval with calls (intervals without calls are left
    out), each with count, errors, error rate, latency p50/p95/p99, tokens in and out and
    cost.

    `comparison` sets the version live in the environment now beside the one live
    before it (from the deployment history: the last other version promoted or rolled
    back to; a release's candidate serving a share of subjects was not live, so a
    release rolling out or rolled back leaves it as it was), over the same range: each figure with both
    values, the change (current − previous) and the change in percent (null when the
    previous value is 0). It is null until the environment has had two versions live.

    Figures come from hourly rollups, never from raw events, so a long range costs no
    more than its hours. Latency percentiles come from a fixed histogram (see
    `AnalyticsFigures`), exact to within the width of the bucket they fall in. A range
    may span at most 31 days by hour and 400 days by day; `from` must be before `to`.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        interval (Union[Unset, GetPromptAnalyticsInterval]):  Default:
            GetPromptAnalyticsInterval.DAY.
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
        Union[Error, PromptAnalyticsResponse]
    """

    return sync_detailed(
        prompt_id=prompt_id,
        client=client,
        from_=from_,
        to=to,
        interval=interval,
        environment=environment,
    ).parsed


async def asyncio_detailed(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    interval: Union[Unset, GetPromptAnalyticsInterval] = GetPromptAnalyticsInterval.DAY,
    environment: Union[Unset, str] = UNSET,
) -> Response[Union[Error, PromptAnalyticsResponse]]:
    """How each version of a prompt performed, per hour or day, and the last two live versions compared

     Needs `prompts:read`. For the prompt's events in one environment (`environment`,
    default the key's) from `from` to `to` (default now), with `to` rounded up to the
    `interval` (`hour` or `day`, default `day`; UTC), so that the interval holding it
    counts, and `from` rounded down (default 30 days before the rounded `to`): per version,
    its totals and one entry per interval with calls (intervals without calls are left
    out), each with count, errors, error rate, latency p50/p95/p99, tokens in and out and
    cost.

    `comparison` sets the version live in the environment now beside the one live
    before it (from the deployment history: the last other version promoted or rolled
    back to; a release's candidate serving a share of subjects was not live, so a
    release rolling out or rolled back leaves it as it was), over the same range: each figure with both
    values, the change (current − previous) and the change in percent (null when the
    previous value is 0). It is null until the environment has had two versions live.

    Figures come from hourly rollups, never from raw events, so a long range costs no
    more than its hours. Latency percentiles come from a fixed histogram (see
    `AnalyticsFigures`), exact to within the width of the bucket they fall in. A range
    may span at most 31 days by hour and 400 days by day; `from` must be before `to`.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        interval (Union[Unset, GetPromptAnalyticsInterval]):  Default:
            GetPromptAnalyticsInterval.DAY.
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
        Response[Union[Error, PromptAnalyticsResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        from_=from_,
        to=to,
        interval=interval,
        environment=environment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    interval: Union[Unset, GetPromptAnalyticsInterval] = GetPromptAnalyticsInterval.DAY,
    environment: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, PromptAnalyticsResponse]]:
    """How each version of a prompt performed, per hour or day, and the last two live versions compared

     Needs `prompts:read`. For the prompt's events in one environment (`environment`,
    default the key's) from `from` to `to` (default now), with `to` rounded up to the
    `interval` (`hour` or `day`, default `day`; UTC), so that the interval holding it
    counts, and `from` rounded down (default 30 days before the rounded `to`): per version,
    its totals and one entry per interval with calls (intervals without calls are left
    out), each with count, errors, error rate, latency p50/p95/p99, tokens in and out and
    cost.

    `comparison` sets the version live in the environment now beside the one live
    before it (from the deployment history: the last other version promoted or rolled
    back to; a release's candidate serving a share of subjects was not live, so a
    release rolling out or rolled back leaves it as it was), over the same range: each figure with both
    values, the change (current − previous) and the change in percent (null when the
    previous value is 0). It is null until the environment has had two versions live.

    Figures come from hourly rollups, never from raw events, so a long range costs no
    more than its hours. Latency percentiles come from a fixed histogram (see
    `AnalyticsFigures`), exact to within the width of the bucket they fall in. A range
    may span at most 31 days by hour and 400 days by day; `from` must be before `to`.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        interval (Union[Unset, GetPromptAnalyticsInterval]):  Default:
            GetPromptAnalyticsInterval.DAY.
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
        Union[Error, PromptAnalyticsResponse]
    """

    return (
        await asyncio_detailed(
            prompt_id=prompt_id,
            client=client,
            from_=from_,
            to=to,
            interval=interval,
            environment=environment,
        )
    ).parsed
