from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_prompts_fields_item import ListPromptsFieldsItem
from ...models.list_prompts_sort import ListPromptsSort
from ...models.prompt_list_response import PromptListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListPromptsSort] = ListPromptsSort.CREATEDATDESC,
    fields: Union[Unset, list[ListPromptsFieldsItem]] = UNSET,
    q: Union[Unset, str] = UNSET,
    environment: Union[Unset, str] = UNSET,
    tag: Union[Unset, str] = UNSET,
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

    params["q"] = q

    params["environment"] = environment

    params["tag"] = tag

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/prompts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, PromptListResponse]]:
    if response.status_code == 200:
        response_200 = PromptListResponse.from_dict(response.json())

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
) -> Response[Union[Error, PromptListResponse]]:
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
    sort: Union[Unset, ListPromptsSort] = ListPromptsSort.CREATEDATDESC,
    fields: Union[Unset, list[ListPromptsFieldsItem]] = UNSET,
    q: Union[Unset, str] = UNSET,
    environment: Union[Unset, str] = UNSET,
    tag: Union[Unset, str] = UNSET,
) -> Response[Union[Error, PromptListResponse]]:
    """List the project's prompts

     Needs `prompts:read`.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListPromptsSort]):  Default: ListPromptsSort.CREATEDATDESC.
        fields (Union[Unset, list[ListPromptsFieldsItem]]):
        q (Union[Unset, str]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        tag (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, PromptListResponse]]
    """

    kwargs = _get_kwargs(
        page=page,
        limit=limit,
        sort=sort,
        fields=fields,
        q=q,
        environment=environment,
        tag=tag,
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
    sort: Union[Unset, ListPromptsSort] = ListPromptsSort.CREATEDATDESC,
    fields: Union[Unset, list[ListPromptsFieldsItem]] = UNSET,
    q: Union[Unset, str] = UNSET,
    environment: Union[Unset, str] = UNSET,
    tag: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, PromptListResponse]]:
    """List the project's prompts

     Needs `prompts:read`.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListPromptsSort]):  Default: ListPromptsSort.CREATEDATDESC.
        fields (Union[Unset, list[ListPromptsFieldsItem]]):
        q (Union[Unset, str]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        tag (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, PromptListResponse]
    """

    return sync_detailed(
        client=client,
        page=page,
        limit=limit,
        sort=sort,
        fields=fields,
        q=q,
        environment=environment,
        tag=tag,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListPromptsSort] = ListPromptsSort.CREATEDATDESC,
    fields: Union[Unset, list[ListPromptsFieldsItem]] = UNSET,
    q: Union[Unset, str] = UNSET,
    environment: Union[Unset, str] = UNSET,
    tag: Union[Unset, str] = UNSET,
) -> Response[Union[Error, PromptListResponse]]:
    """List the project's prompts

     Needs `prompts:read`.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListPromptsSort]):  Default: ListPromptsSort.CREATEDATDESC.
        fields (Union[Unset, list[ListPromptsFieldsItem]]):
        q (Union[Unset, str]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        tag (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, PromptListResponse]]
    """

    kwargs = _get_kwargs(
        page=page,
        limit=limit,
        sort=sort,
        fields=fields,
        q=q,
        environment=environment,
        tag=tag,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    page: Union[Unset, int] = 1,
    limit: Union[Unset, int] = 20,
    sort: Union[Unset, ListPromptsSort] = ListPromptsSort.CREATEDATDESC,
    fields: Union[Unset, list[ListPromptsFieldsItem]] = UNSET,
    q: Union[Unset, str] = UNSET,
    environment: Union[Unset, str] = UNSET,
    tag: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, PromptListResponse]]:
    """List the project's prompts

     Needs `prompts:read`.

    Args:
        page (Union[Unset, int]):  Default: 1.
        limit (Union[Unset, int]):  Default: 20.
        sort (Union[Unset, ListPromptsSort]):  Default: ListPromptsSort.CREATEDATDESC.
        fields (Union[Unset, list[ListPromptsFieldsItem]]):
        q (Union[Unset, str]):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        tag (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, PromptListResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            limit=limit,
            sort=sort,
            fields=fields,
            q=q,
            environment=environment,
            tag=tag,
        )
    ).parsed
