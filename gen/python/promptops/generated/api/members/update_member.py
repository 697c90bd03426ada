from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.member_response import MemberResponse
from ...models.update_member_request import UpdateMemberRequest
from ...types import UNSET, Response


def _get_kwargs(
    project_id: UUID,
    user_id: UUID,
    *,
    body: UpdateMemberRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/projects/{project_id}/members/{user_id}".format(
            project_id=project_id,
            user_id=user_id,
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, MemberResponse]]:
    if response.status_code == 200:
        response_200 = MemberResponse.from_dict(response.json())

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
) -> Response[Union[Error, MemberResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: UUID,
    user_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UpdateMemberRequest,
) -> Response[Union[Error, MemberResponse]]:
    """Change a member's role

     Needs `admin`. Making an owner (transferring ownership) or changing an owner's role
    needs the owner role (else 403). A project always keeps an owner: the last owner's
    role cannot be lowered (409; make another owner first). The member's rights change from
    their next request on, on every instance; their console pages' live-update sockets
    in the project close (1008), so that none keeps the old role's rights. Lowering a
    member below `admin`, the role that may invite, revokes the invitations they made
    that are still pending, in the same change (each with an `invitation.revoked`
    event), so that they cannot come back through one.

    Args:
        project_id (UUID):
        user_id (UUID):
        body (UpdateMemberRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, MemberResponse]]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        user_id=user_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: UUID,
    user_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UpdateMemberRequest,
) -> Optional[Union[Error, MemberResponse]]:
    """Change a member's role

     Needs `admin`. Making an owner (transferring ownership) or changing an owner's role
    needs the owner role (else 403). A project always keeps an owner: the last owner's
    role cannot be lowered (409; make another owner first). The member's rights change from
    their next request on, on every instance; their console pages' live-update sockets
    in the project close (1008), so that none keeps the old role's rights. Lowering a
    member below `admin`, the role that may invite, revokes the invitations they made
    that are still pending, in the same change (each with an `invitation.revoked`
    event), so that they cannot come back through one.

    Args:
        project_id (UUID):
        user_id (UUID):
        body (UpdateMemberRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, MemberResponse]
    """

    return sync_detailed(
        project_id=project_id,
        user_id=user_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    project_id: UUID,
    user_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UpdateMemberRequest,
) -> Response[Union[Error, MemberResponse]]:
    """Change a member's role

     Needs `admin`. Making an owner (transferring ownership) or changing an owner's role
    needs the owner role (else 403). A project always keeps an owner: the last owner's
    role cannot be lowered (409; make another owner first). The member's rights change from
    their next request on, on every instance; their console pages' live-update sockets
    in the project close (1008), so that none keeps the old role's rights. Lowering a
    member below `admin`, the role that may invite, revokes the invitations they made
    that are still pending, in the same change (each with an `invitation.revoked`
    event), so that they cannot come back through one.

    Args:
        project_id (UUID):
        user_id (UUID):
        body (UpdateMemberRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, MemberResponse]]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        user_id=user_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: UUID,
    user_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UpdateMemberRequest,
) -> Optional[Union[Error, MemberResponse]]:
    """Change a member's role

     Needs `admin`. Making an owner (transferring ownership) or changing an owner's role
    needs the owner role (else 403). A project always keeps an owner: the last owner's
    role cannot be lowered (409; make another owner first). The member's rights change from
    their next request on, on every instance; their console pages' live-update sockets
    in the project close (1008), so that none keeps the old role's rights. Lowering a
    member below `admin`, the role that may invite, revokes the invitations they made
    that are still pending, in the same change (each with an `invitation.revoked`
    event), so that they cannot come back through one.

    Args:
        project_id (UUID):
        user_id (UUID):
        body (UpdateMemberRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, MemberResponse]
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            user_id=user_id,
            client=client,
            body=body,
        )
    ).parsed
