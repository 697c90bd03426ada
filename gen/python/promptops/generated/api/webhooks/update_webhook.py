from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.update_webhook_request import UpdateWebhookRequest
from ...models.webhook_response import WebhookResponse
from ...types import UNSET, Response


def _get_kwargs(
    id: UUID,
    *,
    body: UpdateWebhookRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/webhooks/{id}".format(
            id=id,
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, WebhookResponse]]:
    if response.status_code == 200:
        response_200 = WebhookResponse.from_dict(response.json())

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
) -> Response[Union[Error, WebhookResponse]]:
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
    body: UpdateWebhookRequest,
) -> Response[Union[Error, WebhookResponse]]:
    """Change a webhook's URL, events, description, or turn it off and on

     Needs `admin`. Fields left out are kept. A disabled webhook receives nothing; its
    pending deliveries are dropped at once (`failed`, `lastError` `webhook disabled`), so
    turning it on again sends only what happens from then on (redeliver sends a dropped
    one). A delivery being sent at that moment is dropped too unless the receiver answers
    it 2xx (then it is `succeeded`); its attempt is in `attemptLog` either way.

    Args:
        id (UUID):
        body (UpdateWebhookRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, WebhookResponse]]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UpdateWebhookRequest,
) -> Optional[Union[Error, WebhookResponse]]:
    """Change a webhook's URL, events, description, or turn it off and on

     Needs `admin`. Fields left out are kept. A disabled webhook receives nothing; its
    pending deliveries are dropped at once (`failed`, `lastError` `webhook disabled`), so
    turning it on again sends only what happens from then on (redeliver sends a dropped
    one). A delivery being sent at that moment is dropped too unless the receiver answers
    it 2xx (then it is `succeeded`); its attempt is in `attemptLog` either way.

    Args:
        id (UUID):
        body (UpdateWebhookRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, WebhookResponse]
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UpdateWebhookRequest,
) -> Response[Union[Error, WebhookResponse]]:
    """Change a webhook's URL, events, description, or turn it off and on

     Needs `admin`. Fields left out are kept. A disabled webhook receives nothing; its
    pending deliveries are dropped at once (`failed`, `lastError` `webhook disabled`), so
    turning it on again sends only what happens from then on (redeliver sends a dropped
    one). A delivery being sent at that moment is dropped too unless the receiver answers
    it 2xx (then it is `succeeded`); its attempt is in `attemptLog` either way.

    Args:
        id (UUID):
        body (UpdateWebhookRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, WebhookResponse]]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UpdateWebhookRequest,
) -> Optional[Union[Error, WebhookResponse]]:
    """Change a webhook's URL, events, description, or turn it off and on

     Needs `admin`. Fields left out are kept. A disabled webhook receives nothing; its
    pending deliveries are dropped at once (`failed`, `lastError` `webhook disabled`), so
    turning it on again sends only what happens from then on (redeliver sends a dropped
    one). A delivery being sent at that moment is dropped too unless the receiver answers
    it 2xx (then it is `succeeded`); its attempt is in `attemptLog` either way.

    Args:
        id (UUID):
        body (UpdateWebhookRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, WebhookResponse]
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
