from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.personal_token_response import PersonalTokenResponse
from ...types import UNSET, Response


def _get_kwargs(
    id: UUID,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/auth/tokens/{id}".format(
            id=id,
        ),
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, PersonalTokenResponse]]:
    if response.status_code == 200:
        response_200 = PersonalTokenResponse.from_dict(response.json())

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
) -> Response[Union[Error, PersonalTokenResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, PersonalTokenResponse]]:
    """Revoke a personal token

     Needs a personal token (an API key is a 403); only the caller's own tokens can be
    revoked (another's is a 404). A soft delete: sets `revokedAt`, and the token fails
    from its next request on, on every instance, and its WebSockets close (1008,
    `personal token revoked`); the token making the request may revoke itself (signing
    out). Revoking a revoked token changes nothing and answers 200.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, PersonalTokenResponse]]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, PersonalTokenResponse]]:
    """Revoke a personal token

     Needs a personal token (an API key is a 403); only the caller's own tokens can be
    revoked (another's is a 404). A soft delete: sets `revokedAt`, and the token fails
    from its next request on, on every instance, and its WebSockets close (1008,
    `personal token revoked`); the token making the request may revoke itself (signing
    out). Revoking a revoked token changes nothing and answers 200.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, PersonalTokenResponse]
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, PersonalTokenResponse]]:
    """Revoke a personal token

     Needs a personal token (an API key is a 403); only the caller's own tokens can be
    revoked (another's is a 404). A soft delete: sets `revokedAt`, and the token fails
    from its next request on, on every instance, and its WebSockets close (1008,
    `personal token revoked`); the token making the request may revoke itself (signing
    out). Revoking a revoked token changes nothing and answers 200.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, PersonalTokenResponse]]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, PersonalTokenResponse]]:
    """Revoke a personal token

     Needs a personal token (an API key is a 403); only the caller's own tokens can be
    revoked (another's is a 404). A soft delete: sets `revokedAt`, and the token fails
    from its next request on, on every instance, and its WebSockets close (1008,
    `personal token revoked`); the token making the request may revoke itself (signing
    out). Revoking a revoked token changes nothing and answers 200.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, PersonalTokenResponse]
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
