from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, Response


def _get_kwargs(
    project_id: UUID,
    invitation_id: UUID,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/projects/{project_id}/invitations/{invitation_id}".format(
            project_id=project_id,
            invitation_id=invitation_id,
        ),
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Any, Error]]:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Union[Any, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: UUID,
    invitation_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Any, Error]]:
    """Revoke a pending invitation

     Needs `admin`, as inviting does. The invitation can no longer be accepted (its token
    is then a 404, as an unknown one) and no longer lets its email sign up; the event
    `invitation.revoked` records it. An invitation that is unknown, of another project,
    or no longer pending (accepted, revoked or expired) is a 404. A member's pending
    invitations are also revoked when they are removed or their role is lowered below
    `admin` (see `RemoveMember`, `UpdateMember`).

    Args:
        project_id (UUID):
        invitation_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Any, Error]]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        invitation_id=invitation_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: UUID,
    invitation_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Any, Error]]:
    """Revoke a pending invitation

     Needs `admin`, as inviting does. The invitation can no longer be accepted (its token
    is then a 404, as an unknown one) and no longer lets its email sign up; the event
    `invitation.revoked` records it. An invitation that is unknown, of another project,
    or no longer pending (accepted, revoked or expired) is a 404. A member's pending
    invitations are also revoked when they are removed or their role is lowered below
    `admin` (see `RemoveMember`, `UpdateMember`).

    Args:
        project_id (UUID):
        invitation_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Any, Error]
    """

    return sync_detailed(
        project_id=project_id,
        invitation_id=invitation_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    project_id: UUID,
    invitation_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Any, Error]]:
    """Revoke a pending invitation

     Needs `admin`, as inviting does. The invitation can no longer be accepted (its token
    is then a 404, as an unknown one) and no longer lets its email sign up; the event
    `invitation.revoked` records it. An invitation that is unknown, of another project,
    or no longer pending (accepted, revoked or expired) is a 404. A member's pending
    invitations are also revoked when they are removed or their role is lowered below
    `admin` (see `RemoveMember`, `UpdateMember`).

    Args:
        project_id (UUID):
        invitation_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Any, Error]]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        invitation_id=invitation_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: UUID,
    invitation_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Any, Error]]:
    """Revoke a pending invitation

     Needs `admin`, as inviting does. The invitation can no longer be accepted (its token
    is then a 404, as an unknown one) and no longer lets its email sign up; the event
    `invitation.revoked` records it. An invitation that is unknown, of another project,
    or no longer pending (accepted, revoked or expired) is a 404. A member's pending
    invitations are also revoked when they are removed or their role is lowered below
    `admin` (see `RemoveMember`, `UpdateMember`).

    Args:
        project_id (UUID):
        invitation_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Any, Error]
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            invitation_id=invitation_id,
            client=client,
        )
    ).parsed
