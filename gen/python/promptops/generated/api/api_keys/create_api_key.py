from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_api_key_request import CreateApiKeyRequest
from ...models.created_api_key_response import CreatedApiKeyResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateApiKeyRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/api-keys",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[CreatedApiKeyResponse, Error]]:
    if response.status_code == 201:
        response_201 = CreatedApiKeyResponse.from_dict(response.json())

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
) -> Response[Union[CreatedApiKeyResponse, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateApiKeyRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[CreatedApiKeyResponse, Error]]:
    """Create an API key

     Needs `admin`. The full key is returned once, as `fullKey`. Without `scopes` the key has
    every scope of the calling key; a key can only be given scopes its creator has (else 403).
    `expiresAt` must lie in the future. A key may not outlive its creator: a calling key
    that expires can only create keys with an `expiresAt` no later than its own (else 400
    naming `/expiresAt`; leaving it out would make a key that never expires). A project has
    at most `PROMPTOPS_QUOTA_KEYS` active keys (default 100; else 409 `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateApiKeyRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedApiKeyResponse, Error]]
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
    body: CreateApiKeyRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[CreatedApiKeyResponse, Error]]:
    """Create an API key

     Needs `admin`. The full key is returned once, as `fullKey`. Without `scopes` the key has
    every scope of the calling key; a key can only be given scopes its creator has (else 403).
    `expiresAt` must lie in the future. A key may not outlive its creator: a calling key
    that expires can only create keys with an `expiresAt` no later than its own (else 400
    naming `/expiresAt`; leaving it out would make a key that never expires). A project has
    at most `PROMPTOPS_QUOTA_KEYS` active keys (default 100; else 409 `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateApiKeyRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedApiKeyResponse, Error]
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateApiKeyRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[CreatedApiKeyResponse, Error]]:
    """Create an API key

     Needs `admin`. The full key is returned once, as `fullKey`. Without `scopes` the key has
    every scope of the calling key; a key can only be given scopes its creator has (else 403).
    `expiresAt` must lie in the future. A key may not outlive its creator: a calling key
    that expires can only create keys with an `expiresAt` no later than its own (else 400
    naming `/expiresAt`; leaving it out would make a key that never expires). A project has
    at most `PROMPTOPS_QUOTA_KEYS` active keys (default 100; else 409 `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateApiKeyRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedApiKeyResponse, Error]]
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
    body: CreateApiKeyRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[CreatedApiKeyResponse, Error]]:
    """Create an API key

     Needs `admin`. The full key is returned once, as `fullKey`. Without `scopes` the key has
    every scope of the calling key; a key can only be given scopes its creator has (else 403).
    `expiresAt` must lie in the future. A key may not outlive its creator: a calling key
    that expires can only create keys with an `expiresAt` no later than its own (else 400
    naming `/expiresAt`; leaving it out would make a key that never expires). A project has
    at most `PROMPTOPS_QUOTA_KEYS` active keys (default 100; else 409 `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateApiKeyRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedApiKeyResponse, Error]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
