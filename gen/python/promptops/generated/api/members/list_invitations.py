from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.invitation_list_response import InvitationListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: UUID,
    *,
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["page"] = page

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/projects/{project_id}/invitations".format(
            project_id=project_id,
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, InvitationListResponse]]:
    if response.status_code == 200:
        response_200 = InvitationListResponse.from_dict(response.json())

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
) -> Response[Union[Error, InvitationListResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
) -> Response[Union[Error, InvitationListResponse]]:
    """List the project's pending invitations

     Needs `admin`, as inviting does. The invitations that can still be accepted (neither
    accepted, revoked nor expired), newest first, each with who made it (`inviter`, as
    they were then; null for invitations made before inviters were recorded). Never a
    token: it was shown once, to the inviter. At most `PROMPTOPS_QUOTA_INVITATIONS` are
    pending at once, so the list is bounded by that quota.

    Args:
        project_id (UUID):
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, InvitationListResponse]]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        page=page,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
) -> Optional[Union[Error, InvitationListResponse]]:
    """List the project's pending invitations

     Needs `admin`, as inviting does. The invitations that can still be accepted (neither
    accepted, revoked nor expired), newest first, each with who made it (`inviter`, as
    they were then; null for invitations made before inviters were recorded). Never a
    token: it was shown once, to the inviter. At most `PROMPTOPS_QUOTA_INVITATIONS` are
    pending at once, so the list is bounded by that quota.

    Args:
        project_id (UUID):
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, InvitationListResponse]
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        page=page,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    project_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
) -> Response[Union[Error, InvitationListResponse]]:
    """List the project's pending invitations

     Needs `admin`, as inviting does. The invitations that can still be accepted (neither
    accepted, revoked nor expired), newest first, each with who made it (`inviter`, as
    they were then; null for invitations made before inviters were recorded). Never a
    token: it was shown once, to the inviter. At most `PROMPTOPS_QUOTA_INVITATIONS` are
    pending at once, so the list is bounded by that quota.

    Args:
        project_id (UUID):
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, InvitationListResponse]]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        page=page,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
) -> Optional[Union[Error, InvitationListResponse]]:
    """List the project's pending invitations

     Needs `admin`, as inviting does. The invitations that can still be accepted (neither
    accepted, revoked nor expired), newest first, each with who made it (`inviter`, as
    they were then; null for invitations made before inviters were recorded). Never a
    token: it was shown once, to the inviter. At most `PROMPTOPS_QUOTA_INVITATIONS` are
    pending at once, so the list is bounded by that quota.

    Args:
        project_id (UUID):
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, InvitationListResponse]
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            page=page,
            limit=limit,
        )
    ).parsed
