from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_versions_sort import ListVersionsSort
from ...models.version_list_response import VersionListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    prompt_id: str,
    *,
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListVersionsSort] = ListVersionsSort.VERSIONNUMBERDESC,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["page"] = page

    params["limit"] = limit

    json_sort: Union[Unset, str] = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/prompts/{prompt_id}/versions".format(
            prompt_id=prompt_id,
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, VersionListResponse]]:
    if response.status_code == 200:
        response_200 = VersionListResponse.from_dict(response.json())

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
) -> Response[Union[Error, VersionListResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListVersionsSort] = ListVersionsSort.VERSIONNUMBERDESC,
) -> Response[Union[Error, VersionListResponse]]:
    """List a prompt's versions, newest first

     Needs `prompts:read`. Like every path of a prompt, this one takes the prompt's id or its
    slug: `GET /api/v1/prompts/welcome-email/versions`.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListVersionsSort]):  Default: ListVersionsSort.VERSIONNUMBERDESC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, VersionListResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        page=page,
        limit=limit,
        sort=sort,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListVersionsSort] = ListVersionsSort.VERSIONNUMBERDESC,
) -> Optional[Union[Error, VersionListResponse]]:
    """List a prompt's versions, newest first

     Needs `prompts:read`. Like every path of a prompt, this one takes the prompt's id or its
    slug: `GET /api/v1/prompts/welcome-email/versions`.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListVersionsSort]):  Default: ListVersionsSort.VERSIONNUMBERDESC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, VersionListResponse]
    """

    return sync_detailed(
        prompt_id=prompt_id,
        client=client,
        page=page,
        limit=limit,
        sort=sort,
    ).parsed


async def asyncio_detailed(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListVersionsSort] = ListVersionsSort.VERSIONNUMBERDESC,
) -> Response[Union[Error, VersionListResponse]]:
    """List a prompt's versions, newest first

     Needs `prompts:read`. Like every path of a prompt, this one takes the prompt's id or its
    slug: `GET /api/v1/prompts/welcome-email/versions`.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListVersionsSort]):  Default: ListVersionsSort.VERSIONNUMBERDESC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, VersionListResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        page=page,
        limit=limit,
        sort=sort,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListVersionsSort] = ListVersionsSort.VERSIONNUMBERDESC,
) -> Optional[Union[Error, VersionListResponse]]:
    """List a prompt's versions, newest first

     Needs `prompts:read`. Like every path of a prompt, this one takes the prompt's id or its
    slug: `GET /api/v1/prompts/welcome-email/versions`.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListVersionsSort]):  Default: ListVersionsSort.VERSIONNUMBERDESC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, VersionListResponse]
    """

    return (
        await asyncio_detailed(
            prompt_id=prompt_id,
            client=client,
            page=page,
            limit=limit,
            sort=sort,
        )
    ).parsed
