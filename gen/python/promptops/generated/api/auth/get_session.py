from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.session_response import SessionResponse
from ...types import UNSET, Response


def _get_kwargs() -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/auth/session",
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, SessionResponse]]:
    if response.status_code == 200:
        response_200 = SessionResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

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
) -> Response[Union[Error, SessionResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, SessionResponse]]:
    r"""Who is calling

     For a personal token, the user and every project they are a member of, with their
    role (at most `PROMPTOPS_QUOTA_MEMBERSHIPS`, 100 by default, since no one may belong
    to more; see \"Quotas\"); for an API key, the key (its environment and scopes) and its project. Any
    valid
    key or token may ask.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, SessionResponse]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, SessionResponse]]:
    r"""Who is calling

     For a personal token, the user and every project they are a member of, with their
    role (at most `PROMPTOPS_QUOTA_MEMBERSHIPS`, 100 by default, since no one may belong
    to more; see \"Quotas\"); for an API key, the key (its environment and scopes) and its project. Any
    valid
    key or token may ask.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, SessionResponse]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, SessionResponse]]:
    r"""Who is calling

     For a personal token, the user and every project they are a member of, with their
    role (at most `PROMPTOPS_QUOTA_MEMBERSHIPS`, 100 by default, since no one may belong
    to more; see \"Quotas\"); for an API key, the key (its environment and scopes) and its project. Any
    valid
    key or token may ask.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, SessionResponse]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, SessionResponse]]:
    r"""Who is calling

     For a personal token, the user and every project they are a member of, with their
    role (at most `PROMPTOPS_QUOTA_MEMBERSHIPS`, 100 by default, since no one may belong
    to more; see \"Quotas\"); for an API key, the key (its environment and scopes) and its project. Any
    valid
    key or token may ask.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, SessionResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
