from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.version_response import VersionResponse
from ...types import UNSET, Response


def _get_kwargs(
    prompt_id: str,
    version_id: str,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/prompts/{prompt_id}/versions/{version_id}".format(
            prompt_id=prompt_id,
            version_id=version_id,
        ),
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, VersionResponse]]:
    if response.status_code == 200:
        response_200 = VersionResponse.from_dict(response.json())

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
) -> Response[Union[Error, VersionResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    prompt_id: str,
    version_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, VersionResponse]]:
    """Get one version of a prompt

     Needs `prompts:read`. The version is named by its id or by its number, and the prompt
    by its id or its slug: `GET /api/v1/prompts/welcome-email/versions/3` is version 3 of
    the prompt `welcome-email`. A number past the newest version is a 404.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        version_id (str): Names a version of the prompt of the path: its id (a UUID), or its
            `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, VersionResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        version_id=version_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    prompt_id: str,
    version_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, VersionResponse]]:
    """Get one version of a prompt

     Needs `prompts:read`. The version is named by its id or by its number, and the prompt
    by its id or its slug: `GET /api/v1/prompts/welcome-email/versions/3` is version 3 of
    the prompt `welcome-email`. A number past the newest version is a 404.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        version_id (str): Names a version of the prompt of the path: its id (a UUID), or its
            `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, VersionResponse]
    """

    return sync_detailed(
        prompt_id=prompt_id,
        version_id=version_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    prompt_id: str,
    version_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, VersionResponse]]:
    """Get one version of a prompt

     Needs `prompts:read`. The version is named by its id or by its number, and the prompt
    by its id or its slug: `GET /api/v1/prompts/welcome-email/versions/3` is version 3 of
    the prompt `welcome-email`. A number past the newest version is a 404.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        version_id (str): Names a version of the prompt of the path: its id (a UUID), or its
            `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, VersionResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        version_id=version_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    prompt_id: str,
    version_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, VersionResponse]]:
    """Get one version of a prompt

     Needs `prompts:read`. The version is named by its id or by its number, and the prompt
    by its id or its slug: `GET /api/v1/prompts/welcome-email/versions/3` is version 3 of
    the prompt `welcome-email`. A number past the newest version is a 404.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        version_id (str): Names a version of the prompt of the path: its id (a UUID), or its
            `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, VersionResponse]
    """

    return (
        await asyncio_detailed(
            prompt_id=prompt_id,
            version_id=version_id,
            client=client,
        )
    ).parsed
