from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.readiness import Readiness
from ...types import UNSET, Response


def _get_kwargs() -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/health/ready",
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, Readiness]]:
    if response.status_code == 200:
        response_200 = Readiness.from_dict(response.json())

        return response_200

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Readiness.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Response[Union[Error, Readiness]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, Readiness]]:
    """Whether the instance should receive traffic (a readiness probe)

     Needs no key. Ready when the database answers, its schema has every migration this
    binary knows, and the instance hears committed changes (its feed is connected, so its
    caches are current). Otherwise 503, with `checks` naming what is not ready; a load
    balancer then sends requests to other instances until it is.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, Readiness]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, Readiness]]:
    """Whether the instance should receive traffic (a readiness probe)

     Needs no key. Ready when the database answers, its schema has every migration this
    binary knows, and the instance hears committed changes (its feed is connected, so its
    caches are current). Otherwise 503, with `checks` naming what is not ready; a load
    balancer then sends requests to other instances until it is.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, Readiness]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, Readiness]]:
    """Whether the instance should receive traffic (a readiness probe)

     Needs no key. Ready when the database answers, its schema has every migration this
    binary knows, and the instance hears committed changes (its feed is connected, so its
    caches are current). Otherwise 503, with `checks` naming what is not ready; a load
    balancer then sends requests to other instances until it is.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, Readiness]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, Readiness]]:
    """Whether the instance should receive traffic (a readiness probe)

     Needs no key. Ready when the database answers, its schema has every migration this
    binary knows, and the instance hears committed changes (its feed is connected, so its
    caches are current). Otherwise 503, with `checks` naming what is not ready; a load
    balancer then sends requests to other instances until it is.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, Readiness]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
