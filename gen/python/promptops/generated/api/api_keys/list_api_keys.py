from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_key_list_response import ApiKeyListResponse
from ...models.error import Error
from ...models.list_api_keys_fields_item import ListApiKeysFieldsItem
from ...models.list_api_keys_sort import ListApiKeysSort
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListApiKeysSort] = ListApiKeysSort.CREATEDATDESC,
    fields: Union[Unset, list[ListApiKeysFieldsItem]] = UNSET,
    environment: Union[Unset, str] = UNSET,
    revoked: Union[Unset, bool] = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["page"] = page

    params["limit"] = limit

    json_sort: Union[Unset, str] = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    json_fields: Union[Unset, list[str]] = UNSET
    if not isinstance(fields, Unset):
        json_fields = []
        for fields_item_data in fields:
            fields_item = fields_item_data.value
            json_fields.append(fields_item)

    params["fields"] = json_fields

    params["environment"] = environment

    params["revoked"] = revoked

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/api-keys",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[ApiKeyListResponse, Error]]:
    if response.status_code == 200:
        response_200 = ApiKeyListResponse.from_dict(response.json())

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
) -> Response[Union[ApiKeyListResponse, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListApiKeysSort] = ListApiKeysSort.CREATEDATDESC,
    fields: Union[Unset, list[ListApiKeysFieldsItem]] = UNSET,
    environment: Union[Unset, str] = UNSET,
    revoked: Union[Unset, bool] = UNSET,
) -> Response[Union[ApiKeyListResponse, Error]]:
    """List the project's API keys

     Needs `admin`. Shows each key's prefix, never the key or its hash.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListApiKeysSort]):  Default: ListApiKeysSort.CREATEDATDESC.
        fields (Union[Unset, list[ListApiKeysFieldsItem]]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        revoked (Union[Unset, bool]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ApiKeyListResponse, Error]]
    """

    kwargs = _get_kwargs(
        page=page,
        limit=limit,
        sort=sort,
        fields=fields,
        environment=environment,
        revoked=revoked,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListApiKeysSort] = ListApiKeysSort.CREATEDATDESC,
    fields: Union[Unset, list[ListApiKeysFieldsItem]] = UNSET,
    environment: Union[Unset, str] = UNSET,
    revoked: Union[Unset, bool] = UNSET,
) -> Optional[Union[ApiKeyListResponse, Error]]:
    """List the project's API keys

     Needs `admin`. Shows each key's prefix, never the key or its hash.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListApiKeysSort]):  Default: ListApiKeysSort.CREATEDATDESC.
        fields (Union[Unset, list[ListApiKeysFieldsItem]]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        revoked (Union[Unset, bool]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ApiKeyListResponse, Error]
    """

    return sync_detailed(
        client=client,
        page=page,
        limit=limit,
        sort=sort,
        fields=fields,
        environment=environment,
        revoked=revoked,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListApiKeysSort] = ListApiKeysSort.CREATEDATDESC,
    fields: Union[Unset, list[ListApiKeysFieldsItem]] = UNSET,
    environment: Union[Unset, str] = UNSET,
    revoked: Union[Unset, bool] = UNSET,
) -> Response[Union[ApiKeyListResponse, Error]]:
    """List the project's API keys

     Needs `admin`. Shows each key's prefix, never the key or its hash.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListApiKeysSort]):  Default: ListApiKeysSort.CREATEDATDESC.
        fields (Union[Unset, list[ListApiKeysFieldsItem]]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        revoked (Union[Unset, bool]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ApiKeyListResponse, Error]]
    """

    kwargs = _get_kwargs(
        page=page,
        limit=limit,
        sort=sort,
        fields=fields,
        environment=environment,
        revoked=revoked,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListApiKeysSort] = ListApiKeysSort.CREATEDATDESC,
    fields: Union[Unset, list[ListApiKeysFieldsItem]] = UNSET,
    environment: Union[Unset, str] = UNSET,
    revoked: Union[Unset, bool] = UNSET,
) -> Optional[Union[ApiKeyListResponse, Error]]:
    """List the project's API keys

     Needs `admin`. Shows each key's prefix, never the key or its hash.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListApiKeysSort]):  Default: ListApiKeysSort.CREATEDATDESC.
        fields (Union[Unset, list[ListApiKeysFieldsItem]]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        revoked (Union[Unset, bool]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ApiKeyListResponse, Error]
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            limit=limit,
            sort=sort,
            fields=fields,
            environment=environment,
            revoked=revoked,
        )
    ).parsed
