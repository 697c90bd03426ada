from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.connection_response import ConnectionResponse
from ...models.create_connection_request import CreateConnectionRequest
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateConnectionRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/connections",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[ConnectionResponse, Error]]:
    if response.status_code == 201:
        response_201 = ConnectionResponse.from_dict(response.json())

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
) -> Response[Union[ConnectionResponse, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateConnectionRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[ConnectionResponse, Error]]:
    """Store a provider connection the playground runs prompts through

     Needs `admin`. `provider` is `openai` (any OpenAI-compatible Chat Completions API:
    `baseUrl` is the URL that `/chat/completions` is appended to, e.g.
    `https://api.openai.com/v1`) or `anthropic` (`baseUrl` is the URL `/messages` is
    appended to, e.g. `https://api.anthropic.com/v1`). `apiKey` is stored sealed
    (AES-256-GCM under the operator's key, as webhook secrets are) and never answered.
    `baseUrl` follows the address rules of webhooks: http(s), and its host must resolve to
    global unicast addresses only, checked when saved and again when connecting, unless
    the operator opens loopback, private and link-local addresses
    (`PROMPTOPS_WEBHOOK_ALLOW_PRIVATE`). Names are unique in the project (else 409
    `CONFLICT`). A project has at most `PROMPTOPS_QUOTA_CONNECTIONS` connections (default
    10; else 409 `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ConnectionResponse, Error]]
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
    body: CreateConnectionRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[ConnectionResponse, Error]]:
    """Store a provider connection the playground runs prompts through

     Needs `admin`. `provider` is `openai` (any OpenAI-compatible Chat Completions API:
    `baseUrl` is the URL that `/chat/completions` is appended to, e.g.
    `https://api.openai.com/v1`) or `anthropic` (`baseUrl` is the URL `/messages` is
    appended to, e.g. `https://api.anthropic.com/v1`). `apiKey` is stored sealed
    (AES-256-GCM under the operator's key, as webhook secrets are) and never answered.
    `baseUrl` follows the address rules of webhooks: http(s), and its host must resolve to
    global unicast addresses only, checked when saved and again when connecting, unless
    the operator opens loopback, private and link-local addresses
    (`PROMPTOPS_WEBHOOK_ALLOW_PRIVATE`). Names are unique in the project (else 409
    `CONFLICT`). A project has at most `PROMPTOPS_QUOTA_CONNECTIONS` connections (default
    10; else 409 `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ConnectionResponse, Error]
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateConnectionRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[ConnectionResponse, Error]]:
    """Store a provider connection the playground runs prompts through

     Needs `admin`. `provider` is `openai` (any OpenAI-compatible Chat Completions API:
    `baseUrl` is the URL that `/chat/completions` is appended to, e.g.
    `https://api.openai.com/v1`) or `anthropic` (`baseUrl` is the URL `/messages` is
    appended to, e.g. `https://api.anthropic.com/v1`). `apiKey` is stored sealed
    (AES-256-GCM under the operator's key, as webhook secrets are) and never answered.
    `baseUrl` follows the address rules of webhooks: http(s), and its host must resolve to
    global unicast addresses only, checked when saved and again when connecting, unless
    the operator opens loopback, private and link-local addresses
    (`PROMPTOPS_WEBHOOK_ALLOW_PRIVATE`). Names are unique in the project (else 409
    `CONFLICT`). A project has at most `PROMPTOPS_QUOTA_CONNECTIONS` connections (default
    10; else 409 `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ConnectionResponse, Error]]
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
    body: CreateConnectionRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[ConnectionResponse, Error]]:
    """Store a provider connection the playground runs prompts through

     Needs `admin`. `provider` is `openai` (any OpenAI-compatible Chat Completions API:
    `baseUrl` is the URL that `/chat/completions` is appended to, e.g.
    `https://api.openai.com/v1`) or `anthropic` (`baseUrl` is the URL `/messages` is
    appended to, e.g. `https://api.anthropic.com/v1`). `apiKey` is stored sealed
    (AES-256-GCM under the operator's key, as webhook secrets are) and never answered.
    `baseUrl` follows the address rules of webhooks: http(s), and its host must resolve to
    global unicast addresses only, checked when saved and again when connecting, unless
    the operator opens loopback, private and link-local addresses
    (`PROMPTOPS_WEBHOOK_ALLOW_PRIVATE`). Names are unique in the project (else 409
    `CONFLICT`). A project has at most `PROMPTOPS_QUOTA_CONNECTIONS` connections (default
    10; else 409 `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ConnectionResponse, Error]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
