from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_token_request import CreateTokenRequest
from ...models.created_token_response import CreatedTokenResponse
from ...models.error import Error
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: CreateTokenRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/tokens",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[CreatedTokenResponse, Error]]:
    if response.status_code == 201:
        response_201 = CreatedTokenResponse.from_dict(response.json())

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
) -> Response[Union[CreatedTokenResponse, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateTokenRequest,
) -> Response[Union[CreatedTokenResponse, Error]]:
    """Create a personal token

     Needs a personal token (an API key is a 403). The token is returned once, as
    `token`: store it, it cannot be shown again. `expiresAt`, when given, must lie in the
    future; without it the token works until it is revoked. A person holds at most
    `PROMPTOPS_QUOTA_TOKENS` active tokens (default 100, sign-in's included; else 409
    `QUOTA_EXCEEDED`). Takes no `Idempotency-Key` (the header is ignored): the answer
    carries a new secret, as sign-up's does.

    Args:
        body (CreateTokenRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedTokenResponse, Error]]
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
    client: Union[AuthenticatedClient, Client],
    body: CreateTokenRequest,
) -> Optional[Union[CreatedTokenResponse, Error]]:
    """Create a personal token

     Needs a personal token (an API key is a 403). The token is returned once, as
    `token`: store it, it cannot be shown again. `expiresAt`, when given, must lie in the
    future; without it the token works until it is revoked. A person holds at most
    `PROMPTOPS_QUOTA_TOKENS` active tokens (default 100, sign-in's included; else 409
    `QUOTA_EXCEEDED`). Takes no `Idempotency-Key` (the header is ignored): the answer
    carries a new secret, as sign-up's does.

    Args:
        body (CreateTokenRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedTokenResponse, Error]
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateTokenRequest,
) -> Response[Union[CreatedTokenResponse, Error]]:
    """Create a personal token

     Needs a personal token (an API key is a 403). The token is returned once, as
    `token`: store it, it cannot be shown again. `expiresAt`, when given, must lie in the
    future; without it the token works until it is revoked. A person holds at most
    `PROMPTOPS_QUOTA_TOKENS` active tokens (default 100, sign-in's included; else 409
    `QUOTA_EXCEEDED`). Takes no `Idempotency-Key` (the header is ignored): the answer
    carries a new secret, as sign-up's does.

    Args:
        body (CreateTokenRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedTokenResponse, Error]]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateTokenRequest,
) -> Optional[Union[CreatedTokenResponse, Error]]:
    """Create a personal token

     Needs a personal token (an API key is a 403). The token is returned once, as
    `token`: store it, it cannot be shown again. `expiresAt`, when given, must lie in the
    future; without it the token works until it is revoked. A person holds at most
    `PROMPTOPS_QUOTA_TOKENS` active tokens (default 100, sign-in's included; else 409
    `QUOTA_EXCEEDED`). Takes no `Idempotency-Key` (the header is ignored): the answer
    carries a new secret, as sign-up's does.

    Args:
        body (CreateTokenRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedTokenResponse, Error]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
