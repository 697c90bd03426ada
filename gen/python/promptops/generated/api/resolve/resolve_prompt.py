from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.environment import Environment
from ...models.error import Error
from ...models.resolved_prompt_response import ResolvedPromptResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    slug: str,
    *,
    environment: Union[Unset, Environment] = UNSET,
    version: Union[Unset, int] = UNSET,
    compose: Union[Unset, bool] = False,
    if_none_match: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    json_environment: Union[Unset, str] = UNSET
    if not isinstance(environment, Unset):
        json_environment = environment.value

    params["environment"] = json_environment

    params["version"] = version

    params["compose"] = compose

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/prompts/{slug}/resolve".format(
            slug=slug,
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Any, Error, ResolvedPromptResponse]]:
    if response.status_code == 200:
        response_200 = ResolvedPromptResponse.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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
) -> Response[Union[Any, Error, ResolvedPromptResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, Environment] = UNSET,
    version: Union[Unset, int] = UNSET,
    compose: Union[Unset, bool] = False,
    if_none_match: Union[Unset, str] = UNSET,
) -> Response[Union[Any, Error, ResolvedPromptResponse]]:
    """The live version of a prompt for the key's environment

     Needs `prompts:read`. The environment is the key's. `version=N` pins version N, which
    must have been live in that environment at some time (else 404), so a key never
    reaches a version its environment was not given. Every 200 carries an `ETag`; a
    request whose `If-None-Match` matches it is answered 304 without a body. No such slug,
    or nothing deployed in the key's environment: 404.

    Partials resolve in the key's environment too: an unpinned `{{> slug}}` to the version
    live there, a pinned `{{> slug@3}}` to version 3 only if it has been live there (as
    `version=3`), so that a template never shows a version its environment was not
    given. A partial that does not resolve makes the resolve a 404 naming it. A prompt
    whose messages with their partials composed would be larger than the render limit
    (`PROMPTOPS_RENDER_LIMIT`) is a 409 naming `composedBytes`, `limit` and the `chain`
    of partials the most comes through, answered before any of it is built; promote
    refuses such states, so only one left from before the bound (or a lowered limit)
    answers so.

    Args:
        slug (str):
        environment (Union[Unset, Environment]):
        version (Union[Unset, int]):
        compose (Union[Unset, bool]):  Default: False.
        if_none_match (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Any, Error, ResolvedPromptResponse]]
    """

    kwargs = _get_kwargs(
        slug=slug,
        environment=environment,
        version=version,
        compose=compose,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, Environment] = UNSET,
    version: Union[Unset, int] = UNSET,
    compose: Union[Unset, bool] = False,
    if_none_match: Union[Unset, str] = UNSET,
) -> Optional[Union[Any, Error, ResolvedPromptResponse]]:
    """The live version of a prompt for the key's environment

     Needs `prompts:read`. The environment is the key's. `version=N` pins version N, which
    must have been live in that environment at some time (else 404), so a key never
    reaches a version its environment was not given. Every 200 carries an `ETag`; a
    request whose `If-None-Match` matches it is answered 304 without a body. No such slug,
    or nothing deployed in the key's environment: 404.

    Partials resolve in the key's environment too: an unpinned `{{> slug}}` to the version
    live there, a pinned `{{> slug@3}}` to version 3 only if it has been live there (as
    `version=3`), so that a template never shows a version its environment was not
    given. A partial that does not resolve makes the resolve a 404 naming it. A prompt
    whose messages with their partials composed would be larger than the render limit
    (`PROMPTOPS_RENDER_LIMIT`) is a 409 naming `composedBytes`, `limit` and the `chain`
    of partials the most comes through, answered before any of it is built; promote
    refuses such states, so only one left from before the bound (or a lowered limit)
    answers so.

    Args:
        slug (str):
        environment (Union[Unset, Environment]):
        version (Union[Unset, int]):
        compose (Union[Unset, bool]):  Default: False.
        if_none_match (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Any, Error, ResolvedPromptResponse]
    """

    return sync_detailed(
        slug=slug,
        client=client,
        environment=environment,
        version=version,
        compose=compose,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, Environment] = UNSET,
    version: Union[Unset, int] = UNSET,
    compose: Union[Unset, bool] = False,
    if_none_match: Union[Unset, str] = UNSET,
) -> Response[Union[Any, Error, ResolvedPromptResponse]]:
    """The live version of a prompt for the key's environment

     Needs `prompts:read`. The environment is the key's. `version=N` pins version N, which
    must have been live in that environment at some time (else 404), so a key never
    reaches a version its environment was not given. Every 200 carries an `ETag`; a
    request whose `If-None-Match` matches it is answered 304 without a body. No such slug,
    or nothing deployed in the key's environment: 404.

    Partials resolve in the key's environment too: an unpinned `{{> slug}}` to the version
    live there, a pinned `{{> slug@3}}` to version 3 only if it has been live there (as
    `version=3`), so that a template never shows a version its environment was not
    given. A partial that does not resolve makes the resolve a 404 naming it. A prompt
    whose messages with their partials composed would be larger than the render limit
    (`PROMPTOPS_RENDER_LIMIT`) is a 409 naming `composedBytes`, `limit` and the `chain`
    of partials the most comes through, answered before any of it is built; promote
    refuses such states, so only one left from before the bound (or a lowered limit)
    answers so.

    Args:
        slug (str):
        environment (Union[Unset, Environment]):
        version (Union[Unset, int]):
        compose (Union[Unset, bool]):  Default: False.
        if_none_match (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Any, Error, ResolvedPromptResponse]]
    """

    kwargs = _get_kwargs(
        slug=slug,
        environment=environment,
        version=version,
        compose=compose,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, Environment] = UNSET,
    version: Union[Unset, int] = UNSET,
    compose: Union[Unset, bool] = False,
    if_none_match: Union[Unset, str] = UNSET,
) -> Optional[Union[Any, Error, ResolvedPromptResponse]]:
    """The live version of a prompt for the key's environment

     Needs `prompts:read`. The environment is the key's. `version=N` pins version N, which
    must have been live in that environment at some time (else 404), so a key never
    reaches a version its environment was not given. Every 200 carries an `ETag`; a
    request whose `If-None-Match` matches it is answered 304 without a body. No such slug,
    or nothing deployed in the key's environment: 404.

    Partials resolve in the key's environment too: an unpinned `{{> slug}}` to the version
    live there, a pinned `{{> slug@3}}` to version 3 only if it has been live there (as
    `version=3`), so that a template never shows a version its environment was not
    given. A partial that does not resolve makes the resolve a 404 naming it. A prompt
    whose messages with their partials composed would be larger than the render limit
    (`PROMPTOPS_RENDER_LIMIT`) is a 409 naming `composedBytes`, `limit` and the `chain`
    of partials the most comes through, answered before any of it is built; promote
    refuses such states, so only one left from before the bound (or a lowered limit)
    answers so.

    Args:
        slug (str):
        environment (Union[Unset, Environment]):
        version (Union[Unset, int]):
        compose (Union[Unset, bool]):  Default: False.
        if_none_match (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Any, Error, ResolvedPromptResponse]
    """

    return (
        await asyncio_detailed(
            slug=slug,
            client=client,
            environment=environment,
            version=version,
            compose=compose,
            if_none_match=if_none_match,
        )
    ).parsed
