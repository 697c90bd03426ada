from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_invitation_request import CreateInvitationRequest
from ...models.created_invitation_response import CreatedInvitationResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: UUID,
    *,
    body: CreateInvitationRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/projects/{project_id}/invitations".format(
            project_id=project_id,
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[CreatedInvitationResponse, Error]]:
    if response.status_code == 201:
        response_201 = CreatedInvitationResponse.from_dict(response.json())

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
) -> Response[Union[CreatedInvitationResponse, Error]]:
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
    body: CreateInvitationRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[CreatedInvitationResponse, Error]]:
    """Invite someone to the project

     Needs `admin`. Returns an invitation token (`po_inv_…`) once, to hand to the invitee:
    it works for 7 days, once, for the account of `email` (whatever its case), which
    accepts it with `POST /api/v1/invitations/accept`. Under `PROMPTOPS_USER_SIGNUP=invite`
    a pending invitation is also what lets the email sign up. Ownership is not given by
    invitation (make an owner with PATCH once they are a member). A project holds at
    most `PROMPTOPS_QUOTA_INVITATIONS` pending invitations (default 100; else 409
    `QUOTA_EXCEEDED`); invitations accepted or expired over 30 days ago are deleted when
    the project next invites someone.

    Args:
        project_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (CreateInvitationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedInvitationResponse, Error]]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateInvitationRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[CreatedInvitationResponse, Error]]:
    """Invite someone to the project

     Needs `admin`. Returns an invitation token (`po_inv_…`) once, to hand to the invitee:
    it works for 7 days, once, for the account of `email` (whatever its case), which
    accepts it with `POST /api/v1/invitations/accept`. Under `PROMPTOPS_USER_SIGNUP=invite`
    a pending invitation is also what lets the email sign up. Ownership is not given by
    invitation (make an owner with PATCH once they are a member). A project holds at
    most `PROMPTOPS_QUOTA_INVITATIONS` pending invitations (default 100; else 409
    `QUOTA_EXCEEDED`); invitations accepted or expired over 30 days ago are deleted when
    the project next invites someone.

    Args:
        project_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (CreateInvitationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedInvitationResponse, Error]
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    project_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateInvitationRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[CreatedInvitationResponse, Error]]:
    """Invite someone to the project

     Needs `admin`. Returns an invitation token (`po_inv_…`) once, to hand to the invitee:
    it works for 7 days, once, for the account of `email` (whatever its case), which
    accepts it with `POST /api/v1/invitations/accept`. Under `PROMPTOPS_USER_SIGNUP=invite`
    a pending invitation is also what lets the email sign up. Ownership is not given by
    invitation (make an owner with PATCH once they are a member). A project holds at
    most `PROMPTOPS_QUOTA_INVITATIONS` pending invitations (default 100; else 409
    `QUOTA_EXCEEDED`); invitations accepted or expired over 30 days ago are deleted when
    the project next invites someone.

    Args:
        project_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (CreateInvitationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedInvitationResponse, Error]]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: UUID,
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateInvitationRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[CreatedInvitationResponse, Error]]:
    """Invite someone to the project

     Needs `admin`. Returns an invitation token (`po_inv_…`) once, to hand to the invitee:
    it works for 7 days, once, for the account of `email` (whatever its case), which
    accepts it with `POST /api/v1/invitations/accept`. Under `PROMPTOPS_USER_SIGNUP=invite`
    a pending invitation is also what lets the email sign up. Ownership is not given by
    invitation (make an owner with PATCH once they are a member). A project holds at
    most `PROMPTOPS_QUOTA_INVITATIONS` pending invitations (default 100; else 409
    `QUOTA_EXCEEDED`); invitations accepted or expired over 30 days ago are deleted when
    the project next invites someone.

    Args:
        project_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (CreateInvitationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedInvitationResponse, Error]
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
