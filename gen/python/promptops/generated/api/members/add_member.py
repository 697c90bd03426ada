from http import HTTPStatus
from typing import Any, Optional, Union, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_member_request import AddMemberRequest
from ...models.error import Error
from ...models.member_response import MemberResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: UUID,
    *,
    body: AddMemberRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/projects/{project_id}/members".format(
            project_id=project_id,
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, MemberResponse]]:
    if response.status_code == 201:
        response_201 = MemberResponse.from_dict(response.json())

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
) -> Response[Union[Error, MemberResponse]]:
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
    body: AddMemberRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, MemberResponse]]:
    """Add a user to the project

     Needs `admin`. Adds the user who has the account of `email` (whatever its case; none
    is a 404: invite them instead) with `role`; making an owner needs the owner role
    (else 403). A user who is a member already is a 409 `CONFLICT`; one who belongs to
    their quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`) a 409
    `QUOTA_EXCEEDED` (`memberships`).

    Args:
        project_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (AddMemberRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, MemberResponse]]
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
    body: AddMemberRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, MemberResponse]]:
    """Add a user to the project

     Needs `admin`. Adds the user who has the account of `email` (whatever its case; none
    is a 404: invite them instead) with `role`; making an owner needs the owner role
    (else 403). A user who is a member already is a 409 `CONFLICT`; one who belongs to
    their quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`) a 409
    `QUOTA_EXCEEDED` (`memberships`).

    Args:
        project_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (AddMemberRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, MemberResponse]
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
    body: AddMemberRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, MemberResponse]]:
    """Add a user to the project

     Needs `admin`. Adds the user who has the account of `email` (whatever its case; none
    is a 404: invite them instead) with `role`; making an owner needs the owner role
    (else 403). A user who is a member already is a 409 `CONFLICT`; one who belongs to
    their quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`) a 409
    `QUOTA_EXCEEDED` (`memberships`).

    Args:
        project_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (AddMemberRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, MemberResponse]]
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
    body: AddMemberRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, MemberResponse]]:
    """Add a user to the project

     Needs `admin`. Adds the user who has the account of `email` (whatever its case; none
    is a 404: invite them instead) with `role`; making an owner needs the owner role
    (else 403). A user who is a member already is a 409 `CONFLICT`; one who belongs to
    their quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`) a 409
    `QUOTA_EXCEEDED` (`memberships`).

    Args:
        project_id (UUID):
        idempotency_key (Union[Unset, str]):
        body (AddMemberRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, MemberResponse]
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
