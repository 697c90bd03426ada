from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_project_request import CreateProjectRequest
from ...models.created_project_response import CreatedProjectResponse
from ...models.error import Error
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: CreateProjectRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/projects",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[CreatedProjectResponse, Error]]:
    if response.status_code == 201:
        response_201 = CreatedProjectResponse.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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
) -> Response[Union[CreatedProjectResponse, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateProjectRequest,
) -> Response[Union[CreatedProjectResponse, Error]]:
    """Create a project and its first API key

     Needs no key. With a personal token (optional; an API key sent is ignored, as the
    reference does), the user becomes the project's owner, and an instance owner (made by
    `promptops users create --owner`) may create projects even when sign-up is closed,
    without the limit per address; a token that is not valid is a 401.
    Creates the project and its first key (environment `dev`, every scope),
    returned once as `apiKey`: store it, it cannot be shown again. Limited per client
    address (`PROMPTOPS_SIGNUP_RATE_LIMIT` an hour; an IPv6 client counts by its /64
    prefix, an IPv4 client by its address); an operator can close sign-up, and then
    this answers 403 and projects are made with `promptops projects create`. A person who
    belongs to their quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`) is refused
    with a 409 `QUOTA_EXCEEDED` (`memberships`).
    Sign-up takes no `Idempotency-Key` (the header is ignored): there is no project to
    keep the key in, and its answer carries a new admin key, which a replay must never
    hand to another client that happens to send the same key and body.

    Args:
        body (CreateProjectRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedProjectResponse, Error]]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CreateProjectRequest,
) -> Optional[Union[CreatedProjectResponse, Error]]:
    """Create a project and its first API key

     Needs no key. With a personal token (optional; an API key sent is ignored, as the
    reference does), the user becomes the project's owner, and an instance owner (made by
    `promptops users create --owner`) may create projects even when sign-up is closed,
    without the limit per address; a token that is not valid is a 401.
    Creates the project and its first key (environment `dev`, every scope),
    returned once as `apiKey`: store it, it cannot be shown again. Limited per client
    address (`PROMPTOPS_SIGNUP_RATE_LIMIT` an hour; an IPv6 client counts by its /64
    prefix, an IPv4 client by its address); an operator can close sign-up, and then
    this answers 403 and projects are made with `promptops projects create`. A person who
    belongs to their quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`) is refused
    with a 409 `QUOTA_EXCEEDED` (`memberships`).
    Sign-up takes no `Idempotency-Key` (the header is ignored): there is no project to
    keep the key in, and its answer carries a new admin key, which a replay must never
    hand to another client that happens to send the same key and body.

    Args:
        body (CreateProjectRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedProjectResponse, Error]
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateProjectRequest,
) -> Response[Union[CreatedProjectResponse, Error]]:
    """Create a project and its first API key

     Needs no key. With a personal token (optional; an API key sent is ignored, as the
    reference does), the user becomes the project's owner, and an instance owner (made by
    `promptops users create --owner`) may create projects even when sign-up is closed,
    without the limit per address; a token that is not valid is a 401.
    Creates the project and its first key (environment `dev`, every scope),
    returned once as `apiKey`: store it, it cannot be shown again. Limited per client
    address (`PROMPTOPS_SIGNUP_RATE_LIMIT` an hour; an IPv6 client counts by its /64
    prefix, an IPv4 client by its address); an operator can close sign-up, and then
    this answers 403 and projects are made with `promptops projects create`. A person who
    belongs to their quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`) is refused
    with a 409 `QUOTA_EXCEEDED` (`memberships`).
    Sign-up takes no `Idempotency-Key` (the header is ignored): there is no project to
    keep the key in, and its answer carries a new admin key, which a replay must never
    hand to another client that happens to send the same key and body.

    Args:
        body (CreateProjectRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedProjectResponse, Error]]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateProjectRequest,
) -> Optional[Union[CreatedProjectResponse, Error]]:
    """Create a project and its first API key

     Needs no key. With a personal token (optional; an API key sent is ignored, as the
    reference does), the user becomes the project's owner, and an instance owner (made by
    `promptops users create --owner`) may create projects even when sign-up is closed,
    without the limit per address; a token that is not valid is a 401.
    Creates the project and its first key (environment `dev`, every scope),
    returned once as `apiKey`: store it, it cannot be shown again. Limited per client
    address (`PROMPTOPS_SIGNUP_RATE_LIMIT` an hour; an IPv6 client counts by its /64
    prefix, an IPv4 client by its address); an operator can close sign-up, and then
    this answers 403 and projects are made with `promptops projects create`. A person who
    belongs to their quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`) is refused
    with a 409 `QUOTA_EXCEEDED` (`memberships`).
    Sign-up takes no `Idempotency-Key` (the header is ignored): there is no project to
    keep the key in, and its answer carries a new admin key, which a replay must never
    hand to another client that happens to send the same key and body.

    Args:
        body (CreateProjectRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedProjectResponse, Error]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
