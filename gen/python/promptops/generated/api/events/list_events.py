import datetime
from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx
from dateutil.parser import isoparse

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.event_list_response import EventListResponse
from ...models.event_type import EventType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    type_: Union[Unset, EventType] = UNSET,
    since: Union[Unset, datetime.datetime] = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["page"] = page

    params["limit"] = limit

    json_type_: Union[Unset, str] = UNSET
    if not isinstance(type_, Unset):
        json_type_ = type_.value

    params["type"] = json_type_

    json_since: Union[Unset, str] = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, EventListResponse]]:
    if response.status_code == 200:
        response_200 = EventListResponse.from_dict(response.json())

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
) -> Response[Union[Error, EventListResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    type_: Union[Unset, EventType] = UNSET,
    since: Union[Unset, datetime.datetime] = UNSET,
) -> Response[Union[Error, EventListResponse]]:
    """The project's audit log, newest first

     Needs `admin`. Every state change writes an event in the same transaction as the change:
    `project.created`, `project.updated`, `prompt.created`, `prompt.updated`, `prompt.deleted`,
    `version.created`, `deployment.promoted`, `deployment.rolled_back`, `apikey.created`,
    `apikey.revoked`, `webhook.created`, `webhook.updated`, `webhook.deleted`,
    `webhook.secret_rotated`, `environment.created`, `environment.updated`,
    `version.check_reported`, `deployment.undeployed`. `data` is the resource as the API
    shows it (never a secret). The data of `deployment.promoted`, `deployment.rolled_back`
    and `deployment.undeployed` is `{promptId, slug, environment, activeVersionId,
    versionNumber, previousVersionId, promotedAt, releaseId}` (`releaseId` null unless a
    release made the move; an undeploy's `activeVersionId`, `versionNumber` and
    `promotedAt` are those of the version removed). The data of `prompt.dependency_changed`
    is `{promptId, slug, environment, versionNumber, dependency: {slug, versionNumber},
    releaseId}`: a prompt whose live version (or whose candidate, in a release rolling it
    out) includes a partial that now resolves to another version, with the live version's
    number and the release that moved the partial (null when none did). Readers holding
    several prompts leave an event with a `releaseId` to the release's own event, which
    names all its prompts (re-read them and those that include them together).
    `clientAddress` and `userAgent` name the request that made the change.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        type_ (Union[Unset, EventType]):
        since (Union[Unset, datetime.datetime]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, EventListResponse]]
    """

    kwargs = _get_kwargs(
        page=page,
        limit=limit,
        type_=type_,
        since=since,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    type_: Union[Unset, EventType] = UNSET,
    since: Union[Unset, datetime.datetime] = UNSET,
) -> Optional[Union[Error, EventListResponse]]:
    """The project's audit log, newest first

     Needs `admin`. Every state change writes an event in the same transaction as the change:
    `project.created`, `project.updated`, `prompt.created`, `prompt.updated`, `prompt.deleted`,
    `version.created`, `deployment.promoted`, `deployment.rolled_back`, `apikey.created`,
    `apikey.revoked`, `webhook.created`, `webhook.updated`, `webhook.deleted`,
    `webhook.secret_rotated`, `environment.created`, `environment.updated`,
    `version.check_reported`, `deployment.undeployed`. `data` is the resource as the API
    shows it (never a secret). The data of `deployment.promoted`, `deployment.rolled_back`
    and `deployment.undeployed` is `{promptId, slug, environment, activeVersionId,
    versionNumber, previousVersionId, promotedAt, releaseId}` (`releaseId` null unless a
    release made the move; an undeploy's `activeVersionId`, `versionNumber` and
    `promotedAt` are those of the version removed). The data of `prompt.dependency_changed`
    is `{promptId, slug, environment, versionNumber, dependency: {slug, versionNumber},
    releaseId}`: a prompt whose live version (or whose candidate, in a release rolling it
    out) includes a partial that now resolves to another version, with the live version's
    number and the release that moved the partial (null when none did). Readers holding
    several prompts leave an event with a `releaseId` to the release's own event, which
    names all its prompts (re-read them and those that include them together).
    `clientAddress` and `userAgent` name the request that made the change.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        type_ (Union[Unset, EventType]):
        since (Union[Unset, datetime.datetime]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, EventListResponse]
    """

    return sync_detailed(
        client=client,
        page=page,
        limit=limit,
        type_=type_,
        since=since,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    type_: Union[Unset, EventType] = UNSET,
    since: Union[Unset, datetime.datetime] = UNSET,
) -> Response[Union[Error, EventListResponse]]:
    """The project's audit log, newest first

     Needs `admin`. Every state change writes an event in the same transaction as the change:
    `project.created`, `project.updated`, `prompt.created`, `prompt.updated`, `prompt.deleted`,
    `version.created`, `deployment.promoted`, `deployment.rolled_back`, `apikey.created`,
    `apikey.revoked`, `webhook.created`, `webhook.updated`, `webhook.deleted`,
    `webhook.secret_rotated`, `environment.created`, `environment.updated`,
    `version.check_reported`, `deployment.undeployed`. `data` is the resource as the API
    shows it (never a secret). The data of `deployment.promoted`, `deployment.rolled_back`
    and `deployment.undeployed` is `{promptId, slug, environment, activeVersionId,
    versionNumber, previousVersionId, promotedAt, releaseId}` (`releaseId` null unless a
    release made the move; an undeploy's `activeVersionId`, `versionNumber` and
    `promotedAt` are those of the version removed). The data of `prompt.dependency_changed`
    is `{promptId, slug, environment, versionNumber, dependency: {slug, versionNumber},
    releaseId}`: a prompt whose live version (or whose candidate, in a release rolling it
    out) includes a partial that now resolves to another version, with the live version's
    number and the release that moved the partial (null when none did). Readers holding
    several prompts leave an event with a `releaseId` to the release's own event, which
    names all its prompts (re-read them and those that include them together).
    `clientAddress` and `userAgent` name the request that made the change.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        type_ (Union[Unset, EventType]):
        since (Union[Unset, datetime.datetime]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, EventListResponse]]
    """

    kwargs = _get_kwargs(
        page=page,
        limit=limit,
        type_=type_,
        since=since,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    type_: Union[Unset, EventType] = UNSET,
    since: Union[Unset, datetime.datetime] = UNSET,
) -> Optional[Union[Error, EventListResponse]]:
    """The project's audit log, newest first

     Needs `admin`. Every state change writes an event in the same transaction as the change:
    `project.created`, `project.updated`, `prompt.created`, `prompt.updated`, `prompt.deleted`,
    `version.created`, `deployment.promoted`, `deployment.rolled_back`, `apikey.created`,
    `apikey.revoked`, `webhook.created`, `webhook.updated`, `webhook.deleted`,
    `webhook.secret_rotated`, `environment.created`, `environment.updated`,
    `version.check_reported`, `deployment.undeployed`. `data` is the resource as the API
    shows it (never a secret). The data of `deployment.promoted`, `deployment.rolled_back`
    and `deployment.undeployed` is `{promptId, slug, environment, activeVersionId,
    versionNumber, previousVersionId, promotedAt, releaseId}` (`releaseId` null unless a
    release made the move; an undeploy's `activeVersionId`, `versionNumber` and
    `promotedAt` are those of the version removed). The data of `prompt.dependency_changed`
    is `{promptId, slug, environment, versionNumber, dependency: {slug, versionNumber},
    releaseId}`: a prompt whose live version (or whose candidate, in a release rolling it
    out) includes a partial that now resolves to another version, with the live version's
    number and the release that moved the partial (null when none did). Readers holding
    several prompts leave an event with a `releaseId` to the release's own event, which
    names all its prompts (re-read them and those that include them together).
    `clientAddress` and `userAgent` name the request that made the change.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        type_ (Union[Unset, EventType]):
        since (Union[Unset, datetime.datetime]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, EventListResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            limit=limit,
            type_=type_,
            since=since,
        )
    ).parsed
