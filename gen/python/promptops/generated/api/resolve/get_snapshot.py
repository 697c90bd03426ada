from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.snapshot_response import SnapshotResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    environment: Union[Unset, str] = UNSET,
    slug: Union[Unset, list[str]] = UNSET,
    limit: Union[Unset, int] = 100,
    page_token: Union[Unset, str] = UNSET,
    if_none_match: Union[Unset, str] = UNSET,
    prompt_ops_edge_stale_answers: Union[Unset, int] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    if not isinstance(prompt_ops_edge_stale_answers, Unset):
        headers["PromptOps-Edge-Stale-Answers"] = str(prompt_ops_edge_stale_answers)

    params: dict[str, Any] = {}

    params["environment"] = environment

    json_slug: Union[Unset, list[str]] = UNSET
    if not isinstance(slug, Unset):
        json_slug = slug

    params["slug"] = json_slug

    params["limit"] = limit

    params["pageToken"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/snapshot",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Any, Error, SnapshotResponse]]:
    if response.status_code == 200:
        response_200 = SnapshotResponse.from_dict(response.json())

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
) -> Response[Union[Any, Error, SnapshotResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, str] = UNSET,
    slug: Union[Unset, list[str]] = UNSET,
    limit: Union[Unset, int] = 100,
    page_token: Union[Unset, str] = UNSET,
    if_none_match: Union[Unset, str] = UNSET,
    prompt_ops_edge_stale_answers: Union[Unset, int] = UNSET,
) -> Response[Union[Any, Error, SnapshotResponse]]:
    """Every prompt live in the key's environment, for a read replica

     Needs `prompts:read`. Every prompt with a version live in the key's environment, each
    as `resolve` returns it (templates as written) with the versions of the partials it
    includes and their text, so that a replica (`promptops edge`) answers `resolve` and
    `render` exactly as the server does. A prompt whose partials do not all resolve in
    the environment (its `resolve` is a 404), or that would compose past the render limit
    (its `resolve` is a 409), is left out; a replica, which then holds nothing for it,
    answers its `resolve` and `render` with a 404.

    `cursor` identifies what the snapshot holds (its prompts and the versions of each and
    of their partials), and is its `ETag`: a request whose `If-None-Match` matches it is
    answered 304 without a body, so a replica that was disconnected catches up with one
    request, and with no body when nothing changed. `slug` (repeatable, at most 100)
    limits the snapshot to those prompts (a slug with nothing live is simply absent), for
    a replica that heard one prompt change; the cursor is then that of the prompts it
    holds.

    The snapshot comes in pages, by slug: at most `limit` prompts, and at most
    `PROMPTOPS_SNAPSHOT_PAGE_BYTES` (4 MiB by default) of encoded prompts, except that a
    page always holds at least one prompt (one larger than that comes alone). A page
    that is not the last has `nextPageToken`: send it back as `pageToken` (with the same
    `slug`s) for the next page; the last page has none. Every page carries the `cursor`
    (and `ETag`) of the whole snapshot it belongs to, so a client puts its pages
    together only when all of them name the same cursor. The page token is not a
    cursor: it names a position in one state of the snapshot, and when what the
    snapshot holds has changed since its first page was read, the next page is a 409
    `CONFLICT`: read the snapshot again from its first page. `If-None-Match` applies to
    every page: 304 while its cursor is still the snapshot's.

    Args:
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        slug (Union[Unset, list[str]]):
        limit (Union[Unset, int]):  Default: 100.
        page_token (Union[Unset, str]):
        if_none_match (Union[Unset, str]):
        prompt_ops_edge_stale_answers (Union[Unset, int]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Any, Error, SnapshotResponse]]
    """

    kwargs = _get_kwargs(
        environment=environment,
        slug=slug,
        limit=limit,
        page_token=page_token,
        if_none_match=if_none_match,
        prompt_ops_edge_stale_answers=prompt_ops_edge_stale_answers,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, str] = UNSET,
    slug: Union[Unset, list[str]] = UNSET,
    limit: Union[Unset, int] = 100,
    page_token: Union[Unset, str] = UNSET,
    if_none_match: Union[Unset, str] = UNSET,
    prompt_ops_edge_stale_answers: Union[Unset, int] = UNSET,
) -> Optional[Union[Any, Error, SnapshotResponse]]:
    """Every prompt live in the key's environment, for a read replica

     Needs `prompts:read`. Every prompt with a version live in the key's environment, each
    as `resolve` returns it (templates as written) with the versions of the partials it
    includes and their text, so that a replica (`promptops edge`) answers `resolve` and
    `render` exactly as the server does. A prompt whose partials do not all resolve in
    the environment (its `resolve` is a 404), or that would compose past the render limit
    (its `resolve` is a 409), is left out; a replica, which then holds nothing for it,
    answers its `resolve` and `render` with a 404.

    `cursor` identifies what the snapshot holds (its prompts and the versions of each and
    of their partials), and is its `ETag`: a request whose `If-None-Match` matches it is
    answered 304 without a body, so a replica that was disconnected catches up with one
    request, and with no body when nothing changed. `slug` (repeatable, at most 100)
    limits the snapshot to those prompts (a slug with nothing live is simply absent), for
    a replica that heard one prompt change; the cursor is then that of the prompts it
    holds.

    The snapshot comes in pages, by slug: at most `limit` prompts, and at most
    `PROMPTOPS_SNAPSHOT_PAGE_BYTES` (4 MiB by default) of encoded prompts, except that a
    page always holds at least one prompt (one larger than that comes alone). A page
    that is not the last has `nextPageToken`: send it back as `pageToken` (with the same
    `slug`s) for the next page; the last page has none. Every page carries the `cursor`
    (and `ETag`) of the whole snapshot it belongs to, so a client puts its pages
    together only when all of them name the same cursor. The page token is not a
    cursor: it names a position in one state of the snapshot, and when what the
    snapshot holds has changed since its first page was read, the next page is a 409
    `CONFLICT`: read the snapshot again from its first page. `If-None-Match` applies to
    every page: 304 while its cursor is still the snapshot's.

    Args:
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        slug (Union[Unset, list[str]]):
        limit (Union[Unset, int]):  Default: 100.
        page_token (Union[Unset, str]):
        if_none_match (Union[Unset, str]):
        prompt_ops_edge_stale_answers (Union[Unset, int]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Any, Error, SnapshotResponse]
    """

    return sync_detailed(
        client=client,
        environment=environment,
        slug=slug,
        limit=limit,
        page_token=page_token,
        if_none_match=if_none_match,
        prompt_ops_edge_stale_answers=prompt_ops_edge_stale_answers,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, str] = UNSET,
    slug: Union[Unset, list[str]] = UNSET,
    limit: Union[Unset, int] = 100,
    page_token: Union[Unset, str] = UNSET,
    if_none_match: Union[Unset, str] = UNSET,
    prompt_ops_edge_stale_answers: Union[Unset, int] = UNSET,
) -> Response[Union[Any, Error, SnapshotResponse]]:
    """Every prompt live in the key's environment, for a read replica

     Needs `prompts:read`. Every prompt with a version live in the key's environment, each
    as `resolve` returns it (templates as written) with the versions of the partials it
    includes and their text, so that a replica (`promptops edge`) answers `resolve` and
    `render` exactly as the server does. A prompt whose partials do not all resolve in
    the environment (its `resolve` is a 404), or that would compose past the render limit
    (its `resolve` is a 409), is left out; a replica, which then holds nothing for it,
    answers its `resolve` and `render` with a 404.

    `cursor` identifies what the snapshot holds (its prompts and the versions of each and
    of their partials), and is its `ETag`: a request whose `If-None-Match` matches it is
    answered 304 without a body, so a replica that was disconnected catches up with one
    request, and with no body when nothing changed. `slug` (repeatable, at most 100)
    limits the snapshot to those prompts (a slug with nothing live is simply absent), for
    a replica that heard one prompt change; the cursor is then that of the prompts it
    holds.

    The snapshot comes in pages, by slug: at most `limit` prompts, and at most
    `PROMPTOPS_SNAPSHOT_PAGE_BYTES` (4 MiB by default) of encoded prompts, except that a
    page always holds at least one prompt (one larger than that comes alone). A page
    that is not the last has `nextPageToken`: send it back as `pageToken` (with the same
    `slug`s) for the next page; the last page has none. Every page carries the `cursor`
    (and `ETag`) of the whole snapshot it belongs to, so a client puts its pages
    together only when all of them name the same cursor. The page token is not a
    cursor: it names a position in one state of the snapshot, and when what the
    snapshot holds has changed since its first page was read, the next page is a 409
    `CONFLICT`: read the snapshot again from its first page. `If-None-Match` applies to
    every page: 304 while its cursor is still the snapshot's.

    Args:
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        slug (Union[Unset, list[str]]):
        limit (Union[Unset, int]):  Default: 100.
        page_token (Union[Unset, str]):
        if_none_match (Union[Unset, str]):
        prompt_ops_edge_stale_answers (Union[Unset, int]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Any, Error, SnapshotResponse]]
    """

    kwargs = _get_kwargs(
        environment=environment,
        slug=slug,
        limit=limit,
        page_token=page_token,
        if_none_match=if_none_match,
        prompt_ops_edge_stale_answers=prompt_ops_edge_stale_answers,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, str] = UNSET,
    slug: Union[Unset, list[str]] = UNSET,
    limit: Union[Unset, int] = 100,
    page_token: Union[Unset, str] = UNSET,
    if_none_match: Union[Unset, str] = UNSET,
    prompt_ops_edge_stale_answers: Union[Unset, int] = UNSET,
) -> Optional[Union[Any, Error, SnapshotResponse]]:
    """Every prompt live in the key's environment, for a read replica

     Needs `prompts:read`. Every prompt with a version live in the key's environment, each
    as `resolve` returns it (templates as written) with the versions of the partials it
    includes and their text, so that a replica (`promptops edge`) answers `resolve` and
    `render` exactly as the server does. A prompt whose partials do not all resolve in
    the environment (its `resolve` is a 404), or that would compose past the render limit
    (its `resolve` is a 409), is left out; a replica, which then holds nothing for it,
    answers its `resolve` and `render` with a 404.

    `cursor` identifies what the snapshot holds (its prompts and the versions of each and
    of their partials), and is its `ETag`: a request whose `If-None-Match` matches it is
    answered 304 without a body, so a replica that was disconnected catches up with one
    request, and with no body when nothing changed. `slug` (repeatable, at most 100)
    limits the snapshot to those prompts (a slug with nothing live is simply absent), for
    a replica that heard one prompt change; the cursor is then that of the prompts it
    holds.

    The snapshot comes in pages, by slug: at most `limit` prompts, and at most
    `PROMPTOPS_SNAPSHOT_PAGE_BYTES` (4 MiB by default) of encoded prompts, except that a
    page always holds at least one prompt (one larger than that comes alone). A page
    that is not the last has `nextPageToken`: send it back as `pageToken` (with the same
    `slug`s) for the next page; the last page has none. Every page carries the `cursor`
    (and `ETag`) of the whole snapshot it belongs to, so a client puts its pages
    together only when all of them name the same cursor. The page token is not a
    cursor: it names a position in one state of the snapshot, and when what the
    snapshot holds has changed since its first page was read, the next page is a 409
    `CONFLICT`: read the snapshot again from its first page. `If-None-Match` applies to
    every page: 304 while its cursor is still the snapshot's.

    Args:
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        slug (Union[Unset, list[str]]):
        limit (Union[Unset, int]):  Default: 100.
        page_token (Union[Unset, str]):
        if_none_match (Union[Unset, str]):
        prompt_ops_edge_stale_answers (Union[Unset, int]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Any, Error, SnapshotResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            environment=environment,
            slug=slug,
            limit=limit,
            page_token=page_token,
            if_none_match=if_none_match,
            prompt_ops_edge_stale_answers=prompt_ops_edge_stale_answers,
        )
    ).parsed
