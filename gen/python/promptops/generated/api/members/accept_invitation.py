from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accept_invitation_request import AcceptInvitationRequest
from ...models.error import Error
from ...models.membership_response import MembershipResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: AcceptInvitationRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/invitations/accept",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, MembershipResponse]]:
    if response.status_code == 200:
        response_200 = MembershipResponse.from_dict(response.json())

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
) -> Response[Union[Error, MembershipResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: AcceptInvitationRequest,
) -> Response[Union[Error, MembershipResponse]]:
    """Accept an invitation

     Needs the invitee's own personal token (an API key is a 403; no project header). Makes
    the caller a member of the invitation's project with its role. A token that is not
    known or was used already is a 404; one made for another email a 403; an expired one,
    or a caller who is a member already, a 409 `CONFLICT`; a caller who belongs to their
    quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`), a 409 `QUOTA_EXCEEDED`
    (`memberships`), the invitation left pending. Takes no `Idempotency-Key` (the header
    is ignored): accepting twice is a 404.

    Args:
        body (AcceptInvitationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, MembershipResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
    body: AcceptInvitationRequest,
) -> Optional[Union[Error, MembershipResponse]]:
    """Accept an invitation

     Needs the invitee's own personal token (an API key is a 403; no project header). Makes
    the caller a member of the invitation's project with its role. A token that is not
    known or was used already is a 404; one made for another email a 403; an expired one,
    or a caller who is a member already, a 409 `CONFLICT`; a caller who belongs to their
    quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`), a 409 `QUOTA_EXCEEDED`
    (`memberships`), the invitation left pending. Takes no `Idempotency-Key` (the header
    is ignored): accepting twice is a 404.

    Args:
        body (AcceptInvitationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, MembershipResponse]
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: AcceptInvitationRequest,
) -> Response[Union[Error, MembershipResponse]]:
    """Accept an invitation

     Needs the invitee's own personal token (an API key is a 403; no project header). Makes
    the caller a member of the invitation's project with its role. A token that is not
    known or was used already is a 404; one made for another email a 403; an expired one,
    or a caller who is a member already, a 409 `CONFLICT`; a caller who belongs to their
    quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`), a 409 `QUOTA_EXCEEDED`
    (`memberships`), the invitation left pending. Takes no `Idempotency-Key` (the header
    is ignored): accepting twice is a 404.

    Args:
        body (AcceptInvitationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, MembershipResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    body: AcceptInvitationRequest,
) -> Optional[Union[Error, MembershipResponse]]:
    """Accept an invitation

     Needs the invitee's own personal token (an API key is a 403; no project header). Makes
    the caller a member of the invitation's project with its role. A token that is not
    known or was used already is a 404; one made for another email a 403; an expired one,
    or a caller who is a member already, a 409 `CONFLICT`; a caller who belongs to their
    quota of projects already (`PROMPTOPS_QUOTA_MEMBERSHIPS`), a 409 `QUOTA_EXCEEDED`
    (`memberships`), the invitation left pending. Takes no `Idempotency-Key` (the header
    is ignored): accepting twice is a 404.

    Args:
        body (AcceptInvitationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, MembershipResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
