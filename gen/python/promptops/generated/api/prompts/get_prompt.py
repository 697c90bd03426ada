from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.prompt_detail_response import PromptDetailResponse
from ...types import UNSET, Response


def _get_kwargs(
    id: str,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/prompts/{id}".format(
            id=id,
        ),
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, PromptDetailResponse]]:
    if response.status_code == 200:
        response_200 = PromptDetailResponse.from_dict(response.json())

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
) -> Response[Union[Error, PromptDetailResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, PromptDetailResponse]]:
    """Get a prompt with its newest versions and its deployments

     Needs `prompts:read`. `versions` holds the newest 20 versions, newest first; when
    `versionCount` is larger, page through the rest with
    `GET /api/v1/prompts/{id}/versions?page=2&limit=20` (the same order). Deployments come
    in the order dev, staging, production.

    Args:
        id (str): Names a prompt of the key's project in a path: its id (a UUID), or its slug. A
            slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, PromptDetailResponse]]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, PromptDetailResponse]]:
    """Get a prompt with its newest versions and its deployments

     Needs `prompts:read`. `versions` holds the newest 20 versions, newest first; when
    `versionCount` is larger, page through the rest with
    `GET /api/v1/prompts/{id}/versions?page=2&limit=20` (the same order). Deployments come
    in the order dev, staging, production.

    Args:
        id (str): Names a prompt of the key's project in a path: its id (a UUID), or its slug. A
            slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, PromptDetailResponse]
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, PromptDetailResponse]]:
    """Get a prompt with its newest versions and its deployments

     Needs `prompts:read`. `versions` holds the newest 20 versions, newest first; when
    `versionCount` is larger, page through the rest with
    `GET /api/v1/prompts/{id}/versions?page=2&limit=20` (the same order). Deployments come
    in the order dev, staging, production.

    Args:
        id (str): Names a prompt of the key's project in a path: its id (a UUID), or its slug. A
            slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, PromptDetailResponse]]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, PromptDetailResponse]]:
    """Get a prompt with its newest versions and its deployments

     Needs `prompts:read`. `versions` holds the newest 20 versions, newest first; when
    `versionCount` is larger, page through the rest with
    `GET /api/v1/prompts/{id}/versions?page=2&limit=20` (the same order). Deployments come
    in the order dev, staging, production.

    Args:
        id (str): Names a prompt of the key's project in a path: its id (a UUID), or its slug. A
            slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, PromptDetailResponse]
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
