from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.resolved_prompt_response import ResolvedPromptResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    slug: str,
    *,
    environment: Union[Unset, str] = UNSET,
    subject: Union[Unset, str] = UNSET,
    version: Union[Unset, int] = UNSET,
    compose: Union[Unset, bool] = False,
    prompt_ops_subject: Union[Unset, str] = UNSET,
    if_none_match: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(prompt_ops_subject, Unset):
        headers["PromptOps-Subject"] = prompt_ops_subject

    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    params["environment"] = environment

    params["subject"] = subject

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
    environment: Union[Unset, str] = UNSET,
    subject: Union[Unset, str] = UNSET,
    version: Union[Unset, int] = UNSET,
    compose: Union[Unset, bool] = False,
    prompt_ops_subject: Union[Unset, str] = UNSET,
    if_none_match: Union[Unset, str] = UNSET,
) -> Response[Union[Any, Error, ResolvedPromptResponse]]:
    r"""The live version of a prompt for the key's environment

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

    Releases: while a rolling release (`split`, or a step of `gradual`) moves the prompt
    in the key's environment, the subject (`subject`, or the `PromptOps-Subject` header)
    decides the version: its bucket is the first 4 bytes of SHA-256(`salt` + \":\" +
    `subject`) as a big-endian unsigned integer, modulo 10,000, and buckets below
    `percent` × 100 get the release's new version (variant `candidate`), the others the
    current one (`current`). A subject keeps its bucket for the whole release, so one on
    the new version stays there as the release widens. Without a subject the answer is
    the current version. The answer names its release and variant in `release` and in
    the `PromptOps-Release` header (`<release id>; variant=candidate`, on a 304 too), and
    its `ETag` differs per variant; outside a release `release` is null and the header absent. A
    pinned `version` ignores releases (`release` null).

    An instance never goes back on a release: once it has answered any prompt of a
    release as moved (the release started, or widened), it answers every prompt of that
    release as moved, for every subject, from then on; a release that moves several
    prompts is never seen half applied. (Each answer read from the database carries the
    project's revision; one newer than what the instance holds makes everything it
    holds of the project stale first.)

    Args:
        slug (str):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        subject (Union[Unset, str]):
        version (Union[Unset, int]):
        compose (Union[Unset, bool]):  Default: False.
        prompt_ops_subject (Union[Unset, str]):
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
        subject=subject,
        version=version,
        compose=compose,
        prompt_ops_subject=prompt_ops_subject,
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
    environment: Union[Unset, str] = UNSET,
    subject: Union[Unset, str] = UNSET,
    version: Union[Unset, int] = UNSET,
    compose: Union[Unset, bool] = False,
    prompt_ops_subject: Union[Unset, str] = UNSET,
    if_none_match: Union[Unset, str] = UNSET,
) -> Optional[Union[Any, Error, ResolvedPromptResponse]]:
    r"""The live version of a prompt for the key's environment

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

    Releases: while a rolling release (`split`, or a step of `gradual`) moves the prompt
    in the key's environment, the subject (`subject`, or the `PromptOps-Subject` header)
    decides the version: its bucket is the first 4 bytes of SHA-256(`salt` + \":\" +
    `subject`) as a big-endian unsigned integer, modulo 10,000, and buckets below
    `percent` × 100 get the release's new version (variant `candidate`), the others the
    current one (`current`). A subject keeps its bucket for the whole release, so one on
    the new version stays there as the release widens. Without a subject the answer is
    the current version. The answer names its release and variant in `release` and in
    the `PromptOps-Release` header (`<release id>; variant=candidate`, on a 304 too), and
    its `ETag` differs per variant; outside a release `release` is null and the header absent. A
    pinned `version` ignores releases (`release` null).

    An instance never goes back on a release: once it has answered any prompt of a
    release as moved (the release started, or widened), it answers every prompt of that
    release as moved, for every subject, from then on; a release that moves several
    prompts is never seen half applied. (Each answer read from the database carries the
    project's revision; one newer than what the instance holds makes everything it
    holds of the project stale first.)

    Args:
        slug (str):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        subject (Union[Unset, str]):
        version (Union[Unset, int]):
        compose (Union[Unset, bool]):  Default: False.
        prompt_ops_subject (Union[Unset, str]):
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
        subject=subject,
        version=version,
        compose=compose,
        prompt_ops_subject=prompt_ops_subject,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, str] = UNSET,
    subject: Union[Unset, str] = UNSET,
    version: Union[Unset, int] = UNSET,
    compose: Union[Unset, bool] = False,
    prompt_ops_subject: Union[Unset, str] = UNSET,
    if_none_match: Union[Unset, str] = UNSET,
) -> Response[Union[Any, Error, ResolvedPromptResponse]]:
    r"""The live version of a prompt for the key's environment

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

    Releases: while a rolling release (`split`, or a step of `gradual`) moves the prompt
    in the key's environment, the subject (`subject`, or the `PromptOps-Subject` header)
    decides the version: its bucket is the first 4 bytes of SHA-256(`salt` + \":\" +
    `subject`) as a big-endian unsigned integer, modulo 10,000, and buckets below
    `percent` × 100 get the release's new version (variant `candidate`), the others the
    current one (`current`). A subject keeps its bucket for the whole release, so one on
    the new version stays there as the release widens. Without a subject the answer is
    the current version. The answer names its release and variant in `release` and in
    the `PromptOps-Release` header (`<release id>; variant=candidate`, on a 304 too), and
    its `ETag` differs per variant; outside a release `release` is null and the header absent. A
    pinned `version` ignores releases (`release` null).

    An instance never goes back on a release: once it has answered any prompt of a
    release as moved (the release started, or widened), it answers every prompt of that
    release as moved, for every subject, from then on; a release that moves several
    prompts is never seen half applied. (Each answer read from the database carries the
    project's revision; one newer than what the instance holds makes everything it
    holds of the project stale first.)

    Args:
        slug (str):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        subject (Union[Unset, str]):
        version (Union[Unset, int]):
        compose (Union[Unset, bool]):  Default: False.
        prompt_ops_subject (Union[Unset, str]):
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
        subject=subject,
        version=version,
        compose=compose,
        prompt_ops_subject=prompt_ops_subject,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, str] = UNSET,
    subject: Union[Unset, str] = UNSET,
    version: Union[Unset, int] = UNSET,
    compose: Union[Unset, bool] = False,
    prompt_ops_subject: Union[Unset, str] = UNSET,
    if_none_match: Union[Unset, str] = UNSET,
) -> Optional[Union[Any, Error, ResolvedPromptResponse]]:
    r"""The live version of a prompt for the key's environment

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

    Releases: while a rolling release (`split`, or a step of `gradual`) moves the prompt
    in the key's environment, the subject (`subject`, or the `PromptOps-Subject` header)
    decides the version: its bucket is the first 4 bytes of SHA-256(`salt` + \":\" +
    `subject`) as a big-endian unsigned integer, modulo 10,000, and buckets below
    `percent` × 100 get the release's new version (variant `candidate`), the others the
    current one (`current`). A subject keeps its bucket for the whole release, so one on
    the new version stays there as the release widens. Without a subject the answer is
    the current version. The answer names its release and variant in `release` and in
    the `PromptOps-Release` header (`<release id>; variant=candidate`, on a 304 too), and
    its `ETag` differs per variant; outside a release `release` is null and the header absent. A
    pinned `version` ignores releases (`release` null).

    An instance never goes back on a release: once it has answered any prompt of a
    release as moved (the release started, or widened), it answers every prompt of that
    release as moved, for every subject, from then on; a release that moves several
    prompts is never seen half applied. (Each answer read from the database carries the
    project's revision; one newer than what the instance holds makes everything it
    holds of the project stale first.)

    Args:
        slug (str):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        subject (Union[Unset, str]):
        version (Union[Unset, int]):
        compose (Union[Unset, bool]):  Default: False.
        prompt_ops_subject (Union[Unset, str]):
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
            subject=subject,
            version=version,
            compose=compose,
            prompt_ops_subject=prompt_ops_subject,
            if_none_match=if_none_match,
        )
    ).parsed
