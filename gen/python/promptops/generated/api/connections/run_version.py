from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.run_request import RunRequest
from ...models.run_response import RunResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    prompt_id: str,
    version_id: str,
    *,
    body: RunRequest,
    environment: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["environment"] = environment

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/prompts/{prompt_id}/versions/{version_id}/run".format(
            prompt_id=prompt_id,
            version_id=version_id,
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, RunResponse]]:
    if response.status_code == 200:
        response_200 = RunResponse.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = Error.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Response[Union[Error, RunResponse]]:
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
    body: RunRequest,
    environment: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, RunResponse]]:
    """Run a version against a provider connection (the playground)

     Needs `prompts:write`. Renders the version (deployed or not) with `variables` exactly
    as `render` does for the connection's provider (`openai-chat` for `openai`,
    `anthropic` for `anthropic`; partials resolved in the key's environment), with
    `model` (else the connection's `defaultModel`, else the version's model), sends it to
    the connection and answers what came back: the text, the tool calls, the token
    counts, the latency, the cost and the provider's answer (`raw`).

    `costUsd` comes from a small price table of well-known models (USD per million input
    and output tokens); it is null for a model the table does not know. A run waits at
    most 30 s for the provider and reads at most 1 MiB of its answer; a provider that
    cannot be reached, times out, answers an error status or something that is not its
    API's answer is a 502 `PROVIDER_ERROR` with the provider's message (at most 1,000
    characters), and nothing is recorded. Each key (or person) may run at most
    `PROMPTOPS_RUN_RATE_LIMIT` prompts a minute (default 20; else 429).

    Each successful run is recorded as an analytics event of the version in the
    environment `playground`, which the project gets on its first run (beside its quota
    of environments): its analytics are those of `?environment=playground`.

    Variables are checked as by `render` (400 naming each); an unknown `connection` is a
    400 on `/connection`, as is a version that would compose past the render limit.

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
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        idempotency_key (Union[Unset, str]):
        body (RunRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, RunResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        version_id=version_id,
        body=body,
        environment=environment,
        idempotency_key=idempotency_key,
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
    body: RunRequest,
    environment: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, RunResponse]]:
    """Run a version against a provider connection (the playground)

     Needs `prompts:write`. Renders the version (deployed or not) with `variables` exactly
    as `render` does for the connection's provider (`openai-chat` for `openai`,
    `anthropic` for `anthropic`; partials resolved in the key's environment), with
    `model` (else the connection's `defaultModel`, else the version's model), sends it to
    the connection and answers what came back: the text, the tool calls, the token
    counts, the latency, the cost and the provider's answer (`raw`).

    `costUsd` comes from a small price table of well-known models (USD per million input
    and output tokens); it is null for a model the table does not know. A run waits at
    most 30 s for the provider and reads at most 1 MiB of its answer; a provider that
    cannot be reached, times out, answers an error status or something that is not its
    API's answer is a 502 `PROVIDER_ERROR` with the provider's message (at most 1,000
    characters), and nothing is recorded. Each key (or person) may run at most
    `PROMPTOPS_RUN_RATE_LIMIT` prompts a minute (default 20; else 429).

    Each successful run is recorded as an analytics event of the version in the
    environment `playground`, which the project gets on its first run (beside its quota
    of environments): its analytics are those of `?environment=playground`.

    Variables are checked as by `render` (400 naming each); an unknown `connection` is a
    400 on `/connection`, as is a version that would compose past the render limit.

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
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        idempotency_key (Union[Unset, str]):
        body (RunRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, RunResponse]
    """

    return sync_detailed(
        prompt_id=prompt_id,
        version_id=version_id,
        client=client,
        body=body,
        environment=environment,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    prompt_id: str,
    version_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: RunRequest,
    environment: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, RunResponse]]:
    """Run a version against a provider connection (the playground)

     Needs `prompts:write`. Renders the version (deployed or not) with `variables` exactly
    as `render` does for the connection's provider (`openai-chat` for `openai`,
    `anthropic` for `anthropic`; partials resolved in the key's environment), with
    `model` (else the connection's `defaultModel`, else the version's model), sends it to
    the connection and answers what came back: the text, the tool calls, the token
    counts, the latency, the cost and the provider's answer (`raw`).

    `costUsd` comes from a small price table of well-known models (USD per million input
    and output tokens); it is null for a model the table does not know. A run waits at
    most 30 s for the provider and reads at most 1 MiB of its answer; a provider that
    cannot be reached, times out, answers an error status or something that is not its
    API's answer is a 502 `PROVIDER_ERROR` with the provider's message (at most 1,000
    characters), and nothing is recorded. Each key (or person) may run at most
    `PROMPTOPS_RUN_RATE_LIMIT` prompts a minute (default 20; else 429).

    Each successful run is recorded as an analytics event of the version in the
    environment `playground`, which the project gets on its first run (beside its quota
    of environments): its analytics are those of `?environment=playground`.

    Variables are checked as by `render` (400 naming each); an unknown `connection` is a
    400 on `/connection`, as is a version that would compose past the render limit.

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
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        idempotency_key (Union[Unset, str]):
        body (RunRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, RunResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        version_id=version_id,
        body=body,
        environment=environment,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    prompt_id: str,
    version_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: RunRequest,
    environment: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, RunResponse]]:
    """Run a version against a provider connection (the playground)

     Needs `prompts:write`. Renders the version (deployed or not) with `variables` exactly
    as `render` does for the connection's provider (`openai-chat` for `openai`,
    `anthropic` for `anthropic`; partials resolved in the key's environment), with
    `model` (else the connection's `defaultModel`, else the version's model), sends it to
    the connection and answers what came back: the text, the tool calls, the token
    counts, the latency, the cost and the provider's answer (`raw`).

    `costUsd` comes from a small price table of well-known models (USD per million input
    and output tokens); it is null for a model the table does not know. A run waits at
    most 30 s for the provider and reads at most 1 MiB of its answer; a provider that
    cannot be reached, times out, answers an error status or something that is not its
    API's answer is a 502 `PROVIDER_ERROR` with the provider's message (at most 1,000
    characters), and nothing is recorded. Each key (or person) may run at most
    `PROMPTOPS_RUN_RATE_LIMIT` prompts a minute (default 20; else 429).

    Each successful run is recorded as an analytics event of the version in the
    environment `playground`, which the project gets on its first run (beside its quota
    of environments): its analytics are those of `?environment=playground`.

    Variables are checked as by `render` (400 naming each); an unknown `connection` is a
    400 on `/connection`, as is a version that would compose past the render limit.

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
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        idempotency_key (Union[Unset, str]):
        body (RunRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, RunResponse]
    """

    return (
        await asyncio_detailed(
            prompt_id=prompt_id,
            version_id=version_id,
            client=client,
            body=body,
            environment=environment,
            idempotency_key=idempotency_key,
        )
    ).parsed
