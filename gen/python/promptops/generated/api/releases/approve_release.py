from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.release_response import ReleaseResponse
from ...models.review_request import ReviewRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    release_id: UUID,
    *,
    body: ReviewRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/releases/{release_id}/approve".format(
            release_id=release_id,
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, ReleaseResponse]]:
    if response.status_code == 200:
        response_200 = ReleaseResponse.from_dict(response.json())

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
) -> Response[Union[Error, ReleaseResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    release_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: ReviewRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, ReleaseResponse]]:
    """Approve a pending release

     Only a person (a personal token) with the publisher role or above, who is not the
    release's author (403 saying so), may approve, once (a second review is a 409), and
    only a release pending approval (409 otherwise). The approval that completes the
    environment's required approvals, with its checks passed, applies the release at
    once (or schedules it, when its time is still to come). Should the project's state
    refuse that (another release rolling one of its prompts out, or a completion it
    refuses, such as a prompt that would compose past the render limit, with
    `composedBytes`, `limit` and `chain`), the approval is a 409 saying why and is not
    recorded: the release still waits for it, to be approved again once that is settled.

    Args:
        release_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (ReviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, ReleaseResponse]]
    """

    kwargs = _get_kwargs(
        release_id=release_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    release_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: ReviewRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, ReleaseResponse]]:
    """Approve a pending release

     Only a person (a personal token) with the publisher role or above, who is not the
    release's author (403 saying so), may approve, once (a second review is a 409), and
    only a release pending approval (409 otherwise). The approval that completes the
    environment's required approvals, with its checks passed, applies the release at
    once (or schedules it, when its time is still to come). Should the project's state
    refuse that (another release rolling one of its prompts out, or a completion it
    refuses, such as a prompt that would compose past the render limit, with
    `composedBytes`, `limit` and `chain`), the approval is a 409 saying why and is not
    recorded: the release still waits for it, to be approved again once that is settled.

    Args:
        release_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (ReviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, ReleaseResponse]
    """

    return sync_detailed(
        release_id=release_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    release_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: ReviewRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, ReleaseResponse]]:
    """Approve a pending release

     Only a person (a personal token) with the publisher role or above, who is not the
    release's author (403 saying so), may approve, once (a second review is a 409), and
    only a release pending approval (409 otherwise). The approval that completes the
    environment's required approvals, with its checks passed, applies the release at
    once (or schedules it, when its time is still to come). Should the project's state
    refuse that (another release rolling one of its prompts out, or a completion it
    refuses, such as a prompt that would compose past the render limit, with
    `composedBytes`, `limit` and `chain`), the approval is a 409 saying why and is not
    recorded: the release still waits for it, to be approved again once that is settled.

    Args:
        release_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (ReviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, ReleaseResponse]]
    """

    kwargs = _get_kwargs(
        release_id=release_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    release_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: ReviewRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, ReleaseResponse]]:
    """Approve a pending release

     Only a person (a personal token) with the publisher role or above, who is not the
    release's author (403 saying so), may approve, once (a second review is a 409), and
    only a release pending approval (409 otherwise). The approval that completes the
    environment's required approvals, with its checks passed, applies the release at
    once (or schedules it, when its time is still to come). Should the project's state
    refuse that (another release rolling one of its prompts out, or a completion it
    refuses, such as a prompt that would compose past the render limit, with
    `composedBytes`, `limit` and `chain`), the approval is a 409 saying why and is not
    recorded: the release still waits for it, to be approved again once that is settled.

    Args:
        release_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (ReviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, ReleaseResponse]
    """

    return (
        await asyncio_detailed(
            release_id=release_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
