from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_environment_request import CreateEnvironmentRequest
from ...models.error import Error
from ...models.project_environment_response import ProjectEnvironmentResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateEnvironmentRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/environments",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, ProjectEnvironmentResponse]]:
    if response.status_code == 201:
        response_201 = ProjectEnvironmentResponse.from_dict(response.json())

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
) -> Response[Union[Error, ProjectEnvironmentResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateEnvironmentRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, ProjectEnvironmentResponse]]:
    r"""Add an environment to the project

     Needs `admin`. Adds an environment, unprotected, to which keys can then be bound and
    prompts promoted: `{\"name\": \"eu-production\"}`. Changing its deployments needs the
    `publisher` role (only `dev` and `staging` are an editor's). A name the project has
    already is a 409 `CONFLICT`. A project has at most `PROMPTOPS_QUOTA_ENVIRONMENTS`
    environments, the three it starts with included (default 20; else 409
    `QUOTA_EXCEEDED`). Records `environment.created`.

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateEnvironmentRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, ProjectEnvironmentResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateEnvironmentRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, ProjectEnvironmentResponse]]:
    r"""Add an environment to the project

     Needs `admin`. Adds an environment, unprotected, to which keys can then be bound and
    prompts promoted: `{\"name\": \"eu-production\"}`. Changing its deployments needs the
    `publisher` role (only `dev` and `staging` are an editor's). A name the project has
    already is a 409 `CONFLICT`. A project has at most `PROMPTOPS_QUOTA_ENVIRONMENTS`
    environments, the three it starts with included (default 20; else 409
    `QUOTA_EXCEEDED`). Records `environment.created`.

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateEnvironmentRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, ProjectEnvironmentResponse]
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateEnvironmentRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, ProjectEnvironmentResponse]]:
    r"""Add an environment to the project

     Needs `admin`. Adds an environment, unprotected, to which keys can then be bound and
    prompts promoted: `{\"name\": \"eu-production\"}`. Changing its deployments needs the
    `publisher` role (only `dev` and `staging` are an editor's). A name the project has
    already is a 409 `CONFLICT`. A project has at most `PROMPTOPS_QUOTA_ENVIRONMENTS`
    environments, the three it starts with included (default 20; else 409
    `QUOTA_EXCEEDED`). Records `environment.created`.

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateEnvironmentRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, ProjectEnvironmentResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateEnvironmentRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, ProjectEnvironmentResponse]]:
    r"""Add an environment to the project

     Needs `admin`. Adds an environment, unprotected, to which keys can then be bound and
    prompts promoted: `{\"name\": \"eu-production\"}`. Changing its deployments needs the
    `publisher` role (only `dev` and `staging` are an editor's). A name the project has
    already is a 409 `CONFLICT`. A project has at most `PROMPTOPS_QUOTA_ENVIRONMENTS`
    environments, the three it starts with included (default 20; else 409
    `QUOTA_EXCEEDED`). Records `environment.created`.

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateEnvironmentRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, ProjectEnvironmentResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
