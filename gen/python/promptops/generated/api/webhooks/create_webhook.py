from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_webhook_request import CreateWebhookRequest
from ...models.created_webhook_response import CreatedWebhookResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateWebhookRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/webhooks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[CreatedWebhookResponse, Error]]:
    if response.status_code == 201:
        response_201 = CreatedWebhookResponse.from_dict(response.json())

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
) -> Response[Union[CreatedWebhookResponse, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateWebhookRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[CreatedWebhookResponse, Error]]:
    r"""Create a webhook

     Needs `admin`. `events` lists event types, or `[\"*\"]` for all. The signing secret
    (`whsec_…`) is returned once. Deliveries follow Standard Webhooks: headers
    `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of
    `id.timestamp.body` keyed with the base64-decoded secret after `whsec_`; after a
    rotation, two space-separated signatures), body `{id, type, createdAt, actor, data}`
    (`actor` as the event's, omitted when no one made the change).
    Receivers should refuse a `webhook-timestamp` more than 5 minutes from their clock. A
    delivery that is not answered 2xx within 10 s is retried with exponential backoff and
    jitter. Deliveries to one webhook go out in the order of their events' `createdAt`
    among the events committed (each waits while an earlier one is pending): changes made
    one after another arrive in order, two made at the same moment (overlapping
    transactions) in either. One project's backlog does not hold up another's deliveries. URLs must be
    http(s), and their host must resolve to
    global unicast addresses only: every IANA special-purpose block (loopback, private,
    link-local, shared, documentation, benchmarking, multicast, reserved, NAT64, 6to4,
    Teredo…) is refused, when saved and again when connecting. The operator may open
    loopback, private (RFC 1918, unique-local) and link-local ones
    (`PROMPTOPS_WEBHOOK_ALLOW_PRIVATE`). The secret is stored sealed (AES-256-GCM under the
    operator's key).
    A project has at most `PROMPTOPS_QUOTA_WEBHOOKS` webhooks (default 20; else 409
    `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateWebhookRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedWebhookResponse, Error]]
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
    body: CreateWebhookRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[CreatedWebhookResponse, Error]]:
    r"""Create a webhook

     Needs `admin`. `events` lists event types, or `[\"*\"]` for all. The signing secret
    (`whsec_…`) is returned once. Deliveries follow Standard Webhooks: headers
    `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of
    `id.timestamp.body` keyed with the base64-decoded secret after `whsec_`; after a
    rotation, two space-separated signatures), body `{id, type, createdAt, actor, data}`
    (`actor` as the event's, omitted when no one made the change).
    Receivers should refuse a `webhook-timestamp` more than 5 minutes from their clock. A
    delivery that is not answered 2xx within 10 s is retried with exponential backoff and
    jitter. Deliveries to one webhook go out in the order of their events' `createdAt`
    among the events committed (each waits while an earlier one is pending): changes made
    one after another arrive in order, two made at the same moment (overlapping
    transactions) in either. One project's backlog does not hold up another's deliveries. URLs must be
    http(s), and their host must resolve to
    global unicast addresses only: every IANA special-purpose block (loopback, private,
    link-local, shared, documentation, benchmarking, multicast, reserved, NAT64, 6to4,
    Teredo…) is refused, when saved and again when connecting. The operator may open
    loopback, private (RFC 1918, unique-local) and link-local ones
    (`PROMPTOPS_WEBHOOK_ALLOW_PRIVATE`). The secret is stored sealed (AES-256-GCM under the
    operator's key).
    A project has at most `PROMPTOPS_QUOTA_WEBHOOKS` webhooks (default 20; else 409
    `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateWebhookRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedWebhookResponse, Error]
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateWebhookRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[CreatedWebhookResponse, Error]]:
    r"""Create a webhook

     Needs `admin`. `events` lists event types, or `[\"*\"]` for all. The signing secret
    (`whsec_…`) is returned once. Deliveries follow Standard Webhooks: headers
    `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of
    `id.timestamp.body` keyed with the base64-decoded secret after `whsec_`; after a
    rotation, two space-separated signatures), body `{id, type, createdAt, actor, data}`
    (`actor` as the event's, omitted when no one made the change).
    Receivers should refuse a `webhook-timestamp` more than 5 minutes from their clock. A
    delivery that is not answered 2xx within 10 s is retried with exponential backoff and
    jitter. Deliveries to one webhook go out in the order of their events' `createdAt`
    among the events committed (each waits while an earlier one is pending): changes made
    one after another arrive in order, two made at the same moment (overlapping
    transactions) in either. One project's backlog does not hold up another's deliveries. URLs must be
    http(s), and their host must resolve to
    global unicast addresses only: every IANA special-purpose block (loopback, private,
    link-local, shared, documentation, benchmarking, multicast, reserved, NAT64, 6to4,
    Teredo…) is refused, when saved and again when connecting. The operator may open
    loopback, private (RFC 1918, unique-local) and link-local ones
    (`PROMPTOPS_WEBHOOK_ALLOW_PRIVATE`). The secret is stored sealed (AES-256-GCM under the
    operator's key).
    A project has at most `PROMPTOPS_QUOTA_WEBHOOKS` webhooks (default 20; else 409
    `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateWebhookRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedWebhookResponse, Error]]
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
    body: CreateWebhookRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[CreatedWebhookResponse, Error]]:
    r"""Create a webhook

     Needs `admin`. `events` lists event types, or `[\"*\"]` for all. The signing secret
    (`whsec_…`) is returned once. Deliveries follow Standard Webhooks: headers
    `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of
    `id.timestamp.body` keyed with the base64-decoded secret after `whsec_`; after a
    rotation, two space-separated signatures), body `{id, type, createdAt, actor, data}`
    (`actor` as the event's, omitted when no one made the change).
    Receivers should refuse a `webhook-timestamp` more than 5 minutes from their clock. A
    delivery that is not answered 2xx within 10 s is retried with exponential backoff and
    jitter. Deliveries to one webhook go out in the order of their events' `createdAt`
    among the events committed (each waits while an earlier one is pending): changes made
    one after another arrive in order, two made at the same moment (overlapping
    transactions) in either. One project's backlog does not hold up another's deliveries. URLs must be
    http(s), and their host must resolve to
    global unicast addresses only: every IANA special-purpose block (loopback, private,
    link-local, shared, documentation, benchmarking, multicast, reserved, NAT64, 6to4,
    Teredo…) is refused, when saved and again when connecting. The operator may open
    loopback, private (RFC 1918, unique-local) and link-local ones
    (`PROMPTOPS_WEBHOOK_ALLOW_PRIVATE`). The secret is stored sealed (AES-256-GCM under the
    operator's key).
    A project has at most `PROMPTOPS_QUOTA_WEBHOOKS` webhooks (default 20; else 409
    `QUOTA_EXCEEDED`).

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateWebhookRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedWebhookResponse, Error]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
