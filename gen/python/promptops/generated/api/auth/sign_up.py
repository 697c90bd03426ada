from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.sign_up_request import SignUpRequest
from ...models.user_response import UserResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: SignUpRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/sign-up",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, UserResponse]]:
    if response.status_code == 201:
        response_201 = UserResponse.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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
) -> Response[Union[Error, UserResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: SignUpRequest,
) -> Response[Union[Error, UserResponse]]:
    r"""Create an account

     Needs no key. Creates a user who can then sign in. Whether anyone may sign up is the
    operator's choice (`PROMPTOPS_USER_SIGNUP`): `open` lets anyone; `invite` (the
    default) only an email with a pending, unexpired invitation to some project;
    `closed` no one (403; the operator creates users with `promptops users create`).
    The password needs at least 12 characters, at most 256, at least 5 different ones,
    and may not be the email; it is stored as an argon2id hash (RFC 9106: 19 MiB of
    memory, 2 passes, 1 lane, a 16-byte random salt, a 32-byte tag) and never returned
    nor logged. An email already taken, whatever its case, is a 409. Sign-ups count
    against the client address's allowance of failed sign-ins (see sign-in): past it, 429.
    Signing up proves nothing of the email: anyone who knows one (an invitation's, say)
    may take it. So when its holder later signs in with a single sign-on provider that
    has verified it (the console's \"Sign in with …\"), the account is linked to them and
    what was set without that proof is set aside: the password becomes a random one no
    one knows (it no longer signs in) and every personal token of the account is revoked,
    its console sessions and sockets ending with them. Accounts made by the operator
    (`promptops users create`) or by single sign-on keep theirs.
    Takes no `Idempotency-Key` (the header is ignored).

    Args:
        body (SignUpRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, UserResponse]]
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
    body: SignUpRequest,
) -> Optional[Union[Error, UserResponse]]:
    r"""Create an account

     Needs no key. Creates a user who can then sign in. Whether anyone may sign up is the
    operator's choice (`PROMPTOPS_USER_SIGNUP`): `open` lets anyone; `invite` (the
    default) only an email with a pending, unexpired invitation to some project;
    `closed` no one (403; the operator creates users with `promptops users create`).
    The password needs at least 12 characters, at most 256, at least 5 different ones,
    and may not be the email; it is stored as an argon2id hash (RFC 9106: 19 MiB of
    memory, 2 passes, 1 lane, a 16-byte random salt, a 32-byte tag) and never returned
    nor logged. An email already taken, whatever its case, is a 409. Sign-ups count
    against the client address's allowance of failed sign-ins (see sign-in): past it, 429.
    Signing up proves nothing of the email: anyone who knows one (an invitation's, say)
    may take it. So when its holder later signs in with a single sign-on provider that
    has verified it (the console's \"Sign in with …\"), the account is linked to them and
    what was set without that proof is set aside: the password becomes a random one no
    one knows (it no longer signs in) and every personal token of the account is revoked,
    its console sessions and sockets ending with them. Accounts made by the operator
    (`promptops users create`) or by single sign-on keep theirs.
    Takes no `Idempotency-Key` (the header is ignored).

    Args:
        body (SignUpRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, UserResponse]
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: SignUpRequest,
) -> Response[Union[Error, UserResponse]]:
    r"""Create an account

     Needs no key. Creates a user who can then sign in. Whether anyone may sign up is the
    operator's choice (`PROMPTOPS_USER_SIGNUP`): `open` lets anyone; `invite` (the
    default) only an email with a pending, unexpired invitation to some project;
    `closed` no one (403; the operator creates users with `promptops users create`).
    The password needs at least 12 characters, at most 256, at least 5 different ones,
    and may not be the email; it is stored as an argon2id hash (RFC 9106: 19 MiB of
    memory, 2 passes, 1 lane, a 16-byte random salt, a 32-byte tag) and never returned
    nor logged. An email already taken, whatever its case, is a 409. Sign-ups count
    against the client address's allowance of failed sign-ins (see sign-in): past it, 429.
    Signing up proves nothing of the email: anyone who knows one (an invitation's, say)
    may take it. So when its holder later signs in with a single sign-on provider that
    has verified it (the console's \"Sign in with …\"), the account is linked to them and
    what was set without that proof is set aside: the password becomes a random one no
    one knows (it no longer signs in) and every personal token of the account is revoked,
    its console sessions and sockets ending with them. Accounts made by the operator
    (`promptops users create`) or by single sign-on keep theirs.
    Takes no `Idempotency-Key` (the header is ignored).

    Args:
        body (SignUpRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, UserResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    body: SignUpRequest,
) -> Optional[Union[Error, UserResponse]]:
    r"""Create an account

     Needs no key. Creates a user who can then sign in. Whether anyone may sign up is the
    operator's choice (`PROMPTOPS_USER_SIGNUP`): `open` lets anyone; `invite` (the
    default) only an email with a pending, unexpired invitation to some project;
    `closed` no one (403; the operator creates users with `promptops users create`).
    The password needs at least 12 characters, at most 256, at least 5 different ones,
    and may not be the email; it is stored as an argon2id hash (RFC 9106: 19 MiB of
    memory, 2 passes, 1 lane, a 16-byte random salt, a 32-byte tag) and never returned
    nor logged. An email already taken, whatever its case, is a 409. Sign-ups count
    against the client address's allowance of failed sign-ins (see sign-in): past it, 429.
    Signing up proves nothing of the email: anyone who knows one (an invitation's, say)
    may take it. So when its holder later signs in with a single sign-on provider that
    has verified it (the console's \"Sign in with …\"), the account is linked to them and
    what was set without that proof is set aside: the password becomes a random one no
    one knows (it no longer signs in) and every personal token of the account is revoked,
    its console sessions and sockets ending with them. Accounts made by the operator
    (`promptops users create`) or by single sign-on keep theirs.
    Takes no `Idempotency-Key` (the header is ignored).

    Args:
        body (SignUpRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, UserResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
