from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.analytics_event import AnalyticsEvent
from ...models.analytics_event_batch import AnalyticsEventBatch
from ...models.error import Error
from ...models.track_response import TrackResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: Union["AnalyticsEvent", "AnalyticsEventBatch"],
    environment: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["environment"] = environment

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/analytics/track",
        "params": params,
    }

    _kwargs["json"]: dict[str, Any]
    if isinstance(body, AnalyticsEvent):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, TrackResponse]]:
    if response.status_code == 202:
        response_202 = TrackResponse.from_dict(response.json())

        return response_202

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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

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
) -> Response[Union[Error, TrackResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: Union["AnalyticsEvent", "AnalyticsEventBatch"],
    environment: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, TrackResponse]]:
    r"""Record how prompt versions performed in the application

     Needs `prompts:read`, so the key an application resolves with can report what it
    did with the prompt. The body is one `AnalyticsEvent` or `{\"events\": [...]}` with 1 to
    1,000 of them; the answer is 202 with the number stored.

    An event names the prompt by `slug` and the version by `versionNumber` (any version
    of the prompt, live or not); `environment` defaults to the key's, and only a key with
    `admin` may name another (a dev key does not write production's figures): an event of
    another environment from any other key makes the batch a 403 `FORBIDDEN` whose
    `details.environment` is the key's own, as promote answers, and nothing is stored.
    `timestamp` defaults to now and may be at most 7 days old and 5 minutes ahead. `error` goes only
    with `success: false`. `traceId` and `spanId` (W3C trace context, lowercase hex)
    link the event to an OpenTelemetry trace. Tokens and cost left out count as 0.

    The batch is all or nothing: each invalid event is a problem in the 400's
    `details.fields`, its field a JSON pointer starting with the event's index
    (`/events/3/latencyMs`; a single event's pointers have no index), and a batch with
    any invalid event stores none. An unknown slug, a version number the prompt does
    not have, or an environment the project does not have, is such a problem
    (`/events/3/slug`, `/events/3/versionNumber`, `/events/3/environment`).

    Events are stored with PostgreSQL `COPY` in a table partitioned by day, kept for
    `PROMPTOPS_ANALYTICS_RETENTION` (default 90 days: older days are dropped whole), and
    added in the same transaction to hourly rollups per prompt, version and environment,
    which the analytics reads use; costs are summed there to a billionth of a dollar.
    Partitions are made days ahead by a periodic job; should an event's day have none
    (the job has not run), the batch is a 503 saying so, with nothing stored.

    A call of a prompt that a release is rolling out in the event's environment also
    counts in that release's metrics, in the same transaction: as its `current` variant
    when `versionNumber` is the version the deployment serves to most subjects, as its
    `candidate` when it is the release's version, and in no release otherwise (another
    version of the prompt, another environment, no release rolling it out, or a
    `timestamp` before the release began rolling out). These metrics drive the
    release's guards and `GET /api/v1/releases/{releaseId}/analytics`.

    An event's `metadata` is at most 4,096 bytes of JSON as sent (else a 400 naming
    it). What a project's analytics take is bounded (`PROMPTOPS_QUOTA_ANALYTICS_BYTES`,
    default 1 GiB over the retention), counted per event as 160 bytes plus its
    `metadata`, `error`, `traceId` and `spanId` as sent, and 500 bytes per rollup row a
    batch adds; `GET /api/v1/usage` reports it as `resources.analyticsBytes`. A batch
    that would pass it is a 409 `QUOTA_EXCEEDED` (`details.quota.resource`
    `analyticsBytes`) and stores nothing; room returns as days pass the retention.

    Args:
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        idempotency_key (Union[Unset, str]):
        body (Union['AnalyticsEvent', 'AnalyticsEventBatch']): One event, or a batch of them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, TrackResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
        environment=environment,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
    body: Union["AnalyticsEvent", "AnalyticsEventBatch"],
    environment: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, TrackResponse]]:
    r"""Record how prompt versions performed in the application

     Needs `prompts:read`, so the key an application resolves with can report what it
    did with the prompt. The body is one `AnalyticsEvent` or `{\"events\": [...]}` with 1 to
    1,000 of them; the answer is 202 with the number stored.

    An event names the prompt by `slug` and the version by `versionNumber` (any version
    of the prompt, live or not); `environment` defaults to the key's, and only a key with
    `admin` may name another (a dev key does not write production's figures): an event of
    another environment from any other key makes the batch a 403 `FORBIDDEN` whose
    `details.environment` is the key's own, as promote answers, and nothing is stored.
    `timestamp` defaults to now and may be at most 7 days old and 5 minutes ahead. `error` goes only
    with `success: false`. `traceId` and `spanId` (W3C trace context, lowercase hex)
    link the event to an OpenTelemetry trace. Tokens and cost left out count as 0.

    The batch is all or nothing: each invalid event is a problem in the 400's
    `details.fields`, its field a JSON pointer starting with the event's index
    (`/events/3/latencyMs`; a single event's pointers have no index), and a batch with
    any invalid event stores none. An unknown slug, a version number the prompt does
    not have, or an environment the project does not have, is such a problem
    (`/events/3/slug`, `/events/3/versionNumber`, `/events/3/environment`).

    Events are stored with PostgreSQL `COPY` in a table partitioned by day, kept for
    `PROMPTOPS_ANALYTICS_RETENTION` (default 90 days: older days are dropped whole), and
    added in the same transaction to hourly rollups per prompt, version and environment,
    which the analytics reads use; costs are summed there to a billionth of a dollar.
    Partitions are made days ahead by a periodic job; should an event's day have none
    (the job has not run), the batch is a 503 saying so, with nothing stored.

    A call of a prompt that a release is rolling out in the event's environment also
    counts in that release's metrics, in the same transaction: as its `current` variant
    when `versionNumber` is the version the deployment serves to most subjects, as its
    `candidate` when it is the release's version, and in no release otherwise (another
    version of the prompt, another environment, no release rolling it out, or a
    `timestamp` before the release began rolling out). These metrics drive the
    release's guards and `GET /api/v1/releases/{releaseId}/analytics`.

    An event's `metadata` is at most 4,096 bytes of JSON as sent (else a 400 naming
    it). What a project's analytics take is bounded (`PROMPTOPS_QUOTA_ANALYTICS_BYTES`,
    default 1 GiB over the retention), counted per event as 160 bytes plus its
    `metadata`, `error`, `traceId` and `spanId` as sent, and 500 bytes per rollup row a
    batch adds; `GET /api/v1/usage` reports it as `resources.analyticsBytes`. A batch
    that would pass it is a 409 `QUOTA_EXCEEDED` (`details.quota.resource`
    `analyticsBytes`) and stores nothing; room returns as days pass the retention.

    Args:
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        idempotency_key (Union[Unset, str]):
        body (Union['AnalyticsEvent', 'AnalyticsEventBatch']): One event, or a batch of them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, TrackResponse]
    """

    return sync_detailed(
        client=client,
        body=body,
        environment=environment,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: Union["AnalyticsEvent", "AnalyticsEventBatch"],
    environment: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, TrackResponse]]:
    r"""Record how prompt versions performed in the application

     Needs `prompts:read`, so the key an application resolves with can report what it
    did with the prompt. The body is one `AnalyticsEvent` or `{\"events\": [...]}` with 1 to
    1,000 of them; the answer is 202 with the number stored.

    An event names the prompt by `slug` and the version by `versionNumber` (any version
    of the prompt, live or not); `environment` defaults to the key's, and only a key with
    `admin` may name another (a dev key does not write production's figures): an event of
    another environment from any other key makes the batch a 403 `FORBIDDEN` whose
    `details.environment` is the key's own, as promote answers, and nothing is stored.
    `timestamp` defaults to now and may be at most 7 days old and 5 minutes ahead. `error` goes only
    with `success: false`. `traceId` and `spanId` (W3C trace context, lowercase hex)
    link the event to an OpenTelemetry trace. Tokens and cost left out count as 0.

    The batch is all or nothing: each invalid event is a problem in the 400's
    `details.fields`, its field a JSON pointer starting with the event's index
    (`/events/3/latencyMs`; a single event's pointers have no index), and a batch with
    any invalid event stores none. An unknown slug, a version number the prompt does
    not have, or an environment the project does not have, is such a problem
    (`/events/3/slug`, `/events/3/versionNumber`, `/events/3/environment`).

    Events are stored with PostgreSQL `COPY` in a table partitioned by day, kept for
    `PROMPTOPS_ANALYTICS_RETENTION` (default 90 days: older days are dropped whole), and
    added in the same transaction to hourly rollups per prompt, version and environment,
    which the analytics reads use; costs are summed there to a billionth of a dollar.
    Partitions are made days ahead by a periodic job; should an event's day have none
    (the job has not run), the batch is a 503 saying so, with nothing stored.

    A call of a prompt that a release is rolling out in the event's environment also
    counts in that release's metrics, in the same transaction: as its `current` variant
    when `versionNumber` is the version the deployment serves to most subjects, as its
    `candidate` when it is the release's version, and in no release otherwise (another
    version of the prompt, another environment, no release rolling it out, or a
    `timestamp` before the release began rolling out). These metrics drive the
    release's guards and `GET /api/v1/releases/{releaseId}/analytics`.

    An event's `metadata` is at most 4,096 bytes of JSON as sent (else a 400 naming
    it). What a project's analytics take is bounded (`PROMPTOPS_QUOTA_ANALYTICS_BYTES`,
    default 1 GiB over the retention), counted per event as 160 bytes plus its
    `metadata`, `error`, `traceId` and `spanId` as sent, and 500 bytes per rollup row a
    batch adds; `GET /api/v1/usage` reports it as `resources.analyticsBytes`. A batch
    that would pass it is a 409 `QUOTA_EXCEEDED` (`details.quota.resource`
    `analyticsBytes`) and stores nothing; room returns as days pass the retention.

    Args:
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        idempotency_key (Union[Unset, str]):
        body (Union['AnalyticsEvent', 'AnalyticsEventBatch']): One event, or a batch of them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, TrackResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
        environment=environment,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    body: Union["AnalyticsEvent", "AnalyticsEventBatch"],
    environment: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, TrackResponse]]:
    r"""Record how prompt versions performed in the application

     Needs `prompts:read`, so the key an application resolves with can report what it
    did with the prompt. The body is one `AnalyticsEvent` or `{\"events\": [...]}` with 1 to
    1,000 of them; the answer is 202 with the number stored.

    An event names the prompt by `slug` and the version by `versionNumber` (any version
    of the prompt, live or not); `environment` defaults to the key's, and only a key with
    `admin` may name another (a dev key does not write production's figures): an event of
    another environment from any other key makes the batch a 403 `FORBIDDEN` whose
    `details.environment` is the key's own, as promote answers, and nothing is stored.
    `timestamp` defaults to now and may be at most 7 days old and 5 minutes ahead. `error` goes only
    with `success: false`. `traceId` and `spanId` (W3C trace context, lowercase hex)
    link the event to an OpenTelemetry trace. Tokens and cost left out count as 0.

    The batch is all or nothing: each invalid event is a problem in the 400's
    `details.fields`, its field a JSON pointer starting with the event's index
    (`/events/3/latencyMs`; a single event's pointers have no index), and a batch with
    any invalid event stores none. An unknown slug, a version number the prompt does
    not have, or an environment the project does not have, is such a problem
    (`/events/3/slug`, `/events/3/versionNumber`, `/events/3/environment`).

    Events are stored with PostgreSQL `COPY` in a table partitioned by day, kept for
    `PROMPTOPS_ANALYTICS_RETENTION` (default 90 days: older days are dropped whole), and
    added in the same transaction to hourly rollups per prompt, version and environment,
    which the analytics reads use; costs are summed there to a billionth of a dollar.
    Partitions are made days ahead by a periodic job; should an event's day have none
    (the job has not run), the batch is a 503 saying so, with nothing stored.

    A call of a prompt that a release is rolling out in the event's environment also
    counts in that release's metrics, in the same transaction: as its `current` variant
    when `versionNumber` is the version the deployment serves to most subjects, as its
    `candidate` when it is the release's version, and in no release otherwise (another
    version of the prompt, another environment, no release rolling it out, or a
    `timestamp` before the release began rolling out). These metrics drive the
    release's guards and `GET /api/v1/releases/{releaseId}/analytics`.

    An event's `metadata` is at most 4,096 bytes of JSON as sent (else a 400 naming
    it). What a project's analytics take is bounded (`PROMPTOPS_QUOTA_ANALYTICS_BYTES`,
    default 1 GiB over the retention), counted per event as 160 bytes plus its
    `metadata`, `error`, `traceId` and `spanId` as sent, and 500 bytes per rollup row a
    batch adds; `GET /api/v1/usage` reports it as `resources.analyticsBytes`. A batch
    that would pass it is a 409 `QUOTA_EXCEEDED` (`details.quota.resource`
    `analyticsBytes`) and stores nothing; room returns as days pass the retention.

    Args:
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        idempotency_key (Union[Unset, str]):
        body (Union['AnalyticsEvent', 'AnalyticsEventBatch']): One event, or a batch of them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, TrackResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            environment=environment,
            idempotency_key=idempotency_key,
        )
    ).parsed
