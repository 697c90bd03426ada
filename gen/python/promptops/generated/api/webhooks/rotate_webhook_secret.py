from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.rotated_webhook_response import RotatedWebhookResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/webhooks/{id}/rotate-secret".format(
            id=id,
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, RotatedWebhookResponse]]:
    if response.status_code == 200:
        response_200 = RotatedWebhookResponse.from_dict(response.json())

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
) -> Response[Union[Error, RotatedWebhookResponse]]:
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
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, RotatedWebhookResponse]]:
    """Replace a webhook's signing secret

     Needs `admin`. Makes a new signing secret and returns it, this once (like creation).
    For an overlap the operator sets (`PROMPTOPS_WEBHOOK_SECRET_OVERLAP`, 24 h by default;
    until `previousSecretExpiresAt`), deliveries are signed with both secrets:
    `webhook-signature` carries two space-separated signatures, `v1,<new> v1,<previous>`, and
    a receiver accepts the delivery if either verifies, so it can switch to the new secret
    at its own pace. After the overlap only the new secret signs. Rotating again within the
    overlap replaces the previous secret: only the two newest ever sign. Records a
    `webhook.secret_rotated` event (without any secret).

    Args:
        id (UUID):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, RotatedWebhookResponse]]
    """

    kwargs = _get_kwargs(
        id=id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, RotatedWebhookResponse]]:
    """Replace a webhook's signing secret

     Needs `admin`. Makes a new signing secret and returns it, this once (like creation).
    For an overlap the operator sets (`PROMPTOPS_WEBHOOK_SECRET_OVERLAP`, 24 h by default;
    until `previousSecretExpiresAt`), deliveries are signed with both secrets:
    `webhook-signature` carries two space-separated signatures, `v1,<new> v1,<previous>`, and
    a receiver accepts the delivery if either verifies, so it can switch to the new secret
    at its own pace. After the overlap only the new secret signs. Rotating again within the
    overlap replaces the previous secret: only the two newest ever sign. Records a
    `webhook.secret_rotated` event (without any secret).

    Args:
        id (UUID):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, RotatedWebhookResponse]
    """

    return sync_detailed(
        id=id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, RotatedWebhookResponse]]:
    """Replace a webhook's signing secret

     Needs `admin`. Makes a new signing secret and returns it, this once (like creation).
    For an overlap the operator sets (`PROMPTOPS_WEBHOOK_SECRET_OVERLAP`, 24 h by default;
    until `previousSecretExpiresAt`), deliveries are signed with both secrets:
    `webhook-signature` carries two space-separated signatures, `v1,<new> v1,<previous>`, and
    a receiver accepts the delivery if either verifies, so it can switch to the new secret
    at its own pace. After the overlap only the new secret signs. Rotating again within the
    overlap replaces the previous secret: only the two newest ever sign. Records a
    `webhook.secret_rotated` event (without any secret).

    Args:
        id (UUID):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, RotatedWebhookResponse]]
    """

    kwargs = _get_kwargs(
        id=id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, RotatedWebhookResponse]]:
    """Replace a webhook's signing secret

     Needs `admin`. Makes a new signing secret and returns it, this once (like creation).
    For an overlap the operator sets (`PROMPTOPS_WEBHOOK_SECRET_OVERLAP`, 24 h by default;
    until `previousSecretExpiresAt`), deliveries are signed with both secrets:
    `webhook-signature` carries two space-separated signatures, `v1,<new> v1,<previous>`, and
    a receiver accepts the delivery if either verifies, so it can switch to the new secret
    at its own pace. After the overlap only the new secret signs. Rotating again within the
    overlap replaces the previous secret: only the two newest ever sign. Records a
    `webhook.secret_rotated` event (without any secret).

    Args:
        id (UUID):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, RotatedWebhookResponse]
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
