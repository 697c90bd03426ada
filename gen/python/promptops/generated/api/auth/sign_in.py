from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.sign_in_request import SignInRequest
from ...models.signed_in_response import SignedInResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: SignInRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/sign-in",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, SignedInResponse]]:
    if response.status_code == 200:
        response_200 = SignedInResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

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
) -> Response[Union[Error, SignedInResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: SignInRequest,
) -> Response[Union[Error, SignedInResponse]]:
    """Sign in with an email and a password

     Needs no key. Answers a short-lived personal token (12 hours) to send as
    `Authorization: Bearer po_pat_…`, with its expiry and the user; it is listed with
    the user's tokens (named `sign-in`) and can be revoked like them. A wrong password,
    an unknown email and a disabled account are one and the same 401 `AUTH_INVALID`,
    which says nothing of which it was, and takes as long. Failed sign-ins are counted
    per client address (an IPv6 client by its /64; `PROMPTOPS_SIGNIN_ADDR_LIMIT`, default
    30 per 15 minutes) and per account (`PROMPTOPS_SIGNIN_ACCOUNT_LIMIT`, default 10 per
    15 minutes): past either, every sign-in of that address or account, a right one too,
    is a 429 with `Retry-After` until the allowance refills. A try is counted as it
    starts, before its password is checked, and given back when it succeeds, so that
    tries sent at once get no more passwords checked than the limit. Limits are shared by
    every instance on one database. The password of an account made by signing up stops
    signing in, and its tokens are revoked, once the email's holder first signs in with
    single sign-on (see sign-up). Takes no `Idempotency-Key` (the header is ignored).

    Args:
        body (SignInRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, SignedInResponse]]
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
    body: SignInRequest,
) -> Optional[Union[Error, SignedInResponse]]:
    """Sign in with an email and a password

     Needs no key. Answers a short-lived personal token (12 hours) to send as
    `Authorization: Bearer po_pat_…`, with its expiry and the user; it is listed with
    the user's tokens (named `sign-in`) and can be revoked like them. A wrong password,
    an unknown email and a disabled account are one and the same 401 `AUTH_INVALID`,
    which says nothing of which it was, and takes as long. Failed sign-ins are counted
    per client address (an IPv6 client by its /64; `PROMPTOPS_SIGNIN_ADDR_LIMIT`, default
    30 per 15 minutes) and per account (`PROMPTOPS_SIGNIN_ACCOUNT_LIMIT`, default 10 per
    15 minutes): past either, every sign-in of that address or account, a right one too,
    is a 429 with `Retry-After` until the allowance refills. A try is counted as it
    starts, before its password is checked, and given back when it succeeds, so that
    tries sent at once get no more passwords checked than the limit. Limits are shared by
    every instance on one database. The password of an account made by signing up stops
    signing in, and its tokens are revoked, once the email's holder first signs in with
    single sign-on (see sign-up). Takes no `Idempotency-Key` (the header is ignored).

    Args:
        body (SignInRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, SignedInResponse]
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: SignInRequest,
) -> Response[Union[Error, SignedInResponse]]:
    """Sign in with an email and a password

     Needs no key. Answers a short-lived personal token (12 hours) to send as
    `Authorization: Bearer po_pat_…`, with its expiry and the user; it is listed with
    the user's tokens (named `sign-in`) and can be revoked like them. A wrong password,
    an unknown email and a disabled account are one and the same 401 `AUTH_INVALID`,
    which says nothing of which it was, and takes as long. Failed sign-ins are counted
    per client address (an IPv6 client by its /64; `PROMPTOPS_SIGNIN_ADDR_LIMIT`, default
    30 per 15 minutes) and per account (`PROMPTOPS_SIGNIN_ACCOUNT_LIMIT`, default 10 per
    15 minutes): past either, every sign-in of that address or account, a right one too,
    is a 429 with `Retry-After` until the allowance refills. A try is counted as it
    starts, before its password is checked, and given back when it succeeds, so that
    tries sent at once get no more passwords checked than the limit. Limits are shared by
    every instance on one database. The password of an account made by signing up stops
    signing in, and its tokens are revoked, once the email's holder first signs in with
    single sign-on (see sign-up). Takes no `Idempotency-Key` (the header is ignored).

    Args:
        body (SignInRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, SignedInResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    body: SignInRequest,
) -> Optional[Union[Error, SignedInResponse]]:
    """Sign in with an email and a password

     Needs no key. Answers a short-lived personal token (12 hours) to send as
    `Authorization: Bearer po_pat_…`, with its expiry and the user; it is listed with
    the user's tokens (named `sign-in`) and can be revoked like them. A wrong password,
    an unknown email and a disabled account are one and the same 401 `AUTH_INVALID`,
    which says nothing of which it was, and takes as long. Failed sign-ins are counted
    per client address (an IPv6 client by its /64; `PROMPTOPS_SIGNIN_ADDR_LIMIT`, default
    30 per 15 minutes) and per account (`PROMPTOPS_SIGNIN_ACCOUNT_LIMIT`, default 10 per
    15 minutes): past either, every sign-in of that address or account, a right one too,
    is a 429 with `Retry-After` until the allowance refills. A try is counted as it
    starts, before its password is checked, and given back when it succeeds, so that
    tries sent at once get no more passwords checked than the limit. Limits are shared by
    every instance on one database. The password of an account made by signing up stops
    signing in, and its tokens are revoked, once the email's holder first signs in with
    single sign-on (see sign-up). Takes no `Idempotency-Key` (the header is ignored).

    Args:
        body (SignInRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, SignedInResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
