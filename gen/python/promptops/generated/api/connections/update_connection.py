from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.connection_response import ConnectionResponse
from ...models.error import Error
from ...models.update_connection_request import UpdateConnectionRequest
from ...types import UNSET, Response


def _get_kwargs(
    connection_id: UUID,
    *,
    body: UpdateConnectionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/connections/{connection_id}".format(
            connection_id=connection_id,
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[ConnectionResponse, Error]]:
    if response.status_code == 200:
        response_200 = ConnectionResponse.from_dict(response.json())

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
) -> Response[Union[ConnectionResponse, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    connection_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UpdateConnectionRequest,
) -> Response[Union[ConnectionResponse, Error]]:
    """Change a provider connection

     Needs `admin`. Fields left out are kept; `defaultModel: null` removes it. A new
    `baseUrl` is checked as on creation; a new `apiKey` replaces the sealed one. A change
    of `baseUrl` or `provider` must carry `apiKey` too (400 otherwise, and nothing
    changes): the sealed key is only ever sent to the host it was given for, and is never
    shown again. A `baseUrl` or `provider` the same as stored is no change.

    Args:
        connection_id (UUID):
        body (UpdateConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ConnectionResponse, Error]]
    """

    kwargs = _get_kwargs(
        connection_id=connection_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    connection_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UpdateConnectionRequest,
) -> Optional[Union[ConnectionResponse, Error]]:
    """Change a provider connection

     Needs `admin`. Fields left out are kept; `defaultModel: null` removes it. A new
    `baseUrl` is checked as on creation; a new `apiKey` replaces the sealed one. A change
    of `baseUrl` or `provider` must carry `apiKey` too (400 otherwise, and nothing
    changes): the sealed key is only ever sent to the host it was given for, and is never
    shown again. A `baseUrl` or `provider` the same as stored is no change.

    Args:
        connection_id (UUID):
        body (UpdateConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ConnectionResponse, Error]
    """

    return sync_detailed(
        connection_id=connection_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    connection_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UpdateConnectionRequest,
) -> Response[Union[ConnectionResponse, Error]]:
    """Change a provider connection

     Needs `admin`. Fields left out are kept; `defaultModel: null` removes it. A new
    `baseUrl` is checked as on creation; a new `apiKey` replaces the sealed one. A change
    of `baseUrl` or `provider` must carry `apiKey` too (400 otherwise, and nothing
    changes): the sealed key is only ever sent to the host it was given for, and is never
    shown again. A `baseUrl` or `provider` the same as stored is no change.

    Args:
        connection_id (UUID):
        body (UpdateConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ConnectionResponse, Error]]
    """

    kwargs = _get_kwargs(
        connection_id=connection_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    connection_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UpdateConnectionRequest,
) -> Optional[Union[ConnectionResponse, Error]]:
    """Change a provider connection

     Needs `admin`. Fields left out are kept; `defaultModel: null` removes it. A new
    `baseUrl` is checked as on creation; a new `apiKey` replaces the sealed one. A change
    of `baseUrl` or `provider` must carry `apiKey` too (400 otherwise, and nothing
    changes): the sealed key is only ever sent to the host it was given for, and is never
    shown again. A `baseUrl` or `provider` the same as stored is no change.

    Args:
        connection_id (UUID):
        body (UpdateConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ConnectionResponse, Error]
    """

    return (
        await asyncio_detailed(
            connection_id=connection_id,
            client=client,
            body=body,
        )
    ).parsed
