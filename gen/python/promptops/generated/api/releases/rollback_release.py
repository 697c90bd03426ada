from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.release_response import ReleaseResponse
from ...models.rollback_release_request import RollbackReleaseRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    release_id: UUID,
    *,
    body: RollbackReleaseRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/releases/{release_id}/rollback".format(
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
    body: RollbackReleaseRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, ReleaseResponse]]:
    r"""Put every prompt of a release back as it was

     Needs the role (or key) that may change the deployments of the release's
    environment. A release rolling out stops serving its new versions (the prompts that
    include its prompts included their current versions all along, so no
    `prompt.dependency_changed` is recorded for them); a completed one puts every prompt
    back to the version live before it (or removes it from the environment where none
    was), all in one transaction; a prompt whose version was live already when the
    release applied, which the release never moved, is left as it is. 409 for a release
    in another status, or when a prompt it moved has moved since (the message names it).
    The release becomes `rolled_back` with `rollbackReason` (the reason given, or \"rolled
    back by\" whoever did it).

    Args:
        release_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (RollbackReleaseRequest):

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
    body: RollbackReleaseRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, ReleaseResponse]]:
    r"""Put every prompt of a release back as it was

     Needs the role (or key) that may change the deployments of the release's
    environment. A release rolling out stops serving its new versions (the prompts that
    include its prompts included their current versions all along, so no
    `prompt.dependency_changed` is recorded for them); a completed one puts every prompt
    back to the version live before it (or removes it from the environment where none
    was), all in one transaction; a prompt whose version was live already when the
    release applied, which the release never moved, is left as it is. 409 for a release
    in another status, or when a prompt it moved has moved since (the message names it).
    The release becomes `rolled_back` with `rollbackReason` (the reason given, or \"rolled
    back by\" whoever did it).

    Args:
        release_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (RollbackReleaseRequest):

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
    body: RollbackReleaseRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, ReleaseResponse]]:
    r"""Put every prompt of a release back as it was

     Needs the role (or key) that may change the deployments of the release's
    environment. A release rolling out stops serving its new versions (the prompts that
    include its prompts included their current versions all along, so no
    `prompt.dependency_changed` is recorded for them); a completed one puts every prompt
    back to the version live before it (or removes it from the environment where none
    was), all in one transaction; a prompt whose version was live already when the
    release applied, which the release never moved, is left as it is. 409 for a release
    in another status, or when a prompt it moved has moved since (the message names it).
    The release becomes `rolled_back` with `rollbackReason` (the reason given, or \"rolled
    back by\" whoever did it).

    Args:
        release_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (RollbackReleaseRequest):

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
    body: RollbackReleaseRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, ReleaseResponse]]:
    r"""Put every prompt of a release back as it was

     Needs the role (or key) that may change the deployments of the release's
    environment. A release rolling out stops serving its new versions (the prompts that
    include its prompts included their current versions all along, so no
    `prompt.dependency_changed` is recorded for them); a completed one puts every prompt
    back to the version live before it (or removes it from the environment where none
    was), all in one transaction; a prompt whose version was live already when the
    release applied, which the release never moved, is left as it is. 409 for a release
    in another status, or when a prompt it moved has moved since (the message names it).
    The release becomes `rolled_back` with `rollbackReason` (the reason given, or \"rolled
    back by\" whoever did it).

    Args:
        release_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (RollbackReleaseRequest):

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
