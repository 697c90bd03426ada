from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.render_request import RenderRequest
from ...models.rendered_prompt_response import RenderedPromptResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    slug: str,
    *,
    body: RenderRequest,
    environment: Union[Unset, str] = UNSET,
    subject: Union[Unset, str] = UNSET,
    prompt_ops_subject: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(prompt_ops_subject, Unset):
        headers["PromptOps-Subject"] = prompt_ops_subject

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["environment"] = environment

    params["subject"] = subject

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/prompts/{slug}/render".format(
            slug=slug,
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, RenderedPromptResponse]]:
    if response.status_code == 200:
        response_200 = RenderedPromptResponse.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

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

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Response[Union[Error, RenderedPromptResponse]]:
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
    body: RenderRequest,
    environment: Union[Unset, str] = UNSET,
    subject: Union[Unset, str] = UNSET,
    prompt_ops_subject: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, RenderedPromptResponse]]:
    """Resolve a prompt and fill in its templates

     Needs `prompts:read`. Resolves like `resolve` (the key's environment; `version` pins),
    then fills every `{{ name }}` of the system prompt and user template from `variables`
    and returns chat messages with the model settings. Strings, numbers and booleans are
    written as text. Variables the templates lack are ignored; a variable the templates
    need but the request lacks is a 400 listing every missing name in
    `details.missingVariables`.

    Renders are bounded by one budget for the whole render, all its messages and the
    partials they include together: a string value may hold at most 65,536 characters;
    the rendered messages together at most the server's render limit (1 MiB unless its
    operator set `PROMPTOPS_RENDER_LIMIT`); and the work at most 131,072 steps (each text,
    placeholder, section, partial, item of a list a section repeats, value of the context
    stack a name is looked up in and field a dotted name walks through is a step, a
    name looked up one more per 64 bytes, and an object or a list a placeholder writes as
    JSON one per byte of its JSON, so such values hold at most about 128 KB in one
    render), which keeps the worst render to a few milliseconds. A render past either is a 400 naming
    the budget in `details.limit`
    (bytes, or steps), refused before any of the text is built. A prompt that would
    compose past the render limit is a 409, as for resolve.

    Render changes nothing, so it keeps no answer for `Idempotency-Key`: a retry with the
    same key renders again (never `Idempotent-Replayed`) and never conflicts.

    A subject (`subject`, or the `PromptOps-Subject` header) picks the version during a
    rolling release exactly as for `resolve`, and the answer names it the same way
    (`release`, `PromptOps-Release`).

    Args:
        slug (str):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        subject (Union[Unset, str]):
        prompt_ops_subject (Union[Unset, str]):
        idempotency_key (Union[Unset, str]):
        body (RenderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, RenderedPromptResponse]]
    """

    kwargs = _get_kwargs(
        slug=slug,
        body=body,
        environment=environment,
        subject=subject,
        prompt_ops_subject=prompt_ops_subject,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: RenderRequest,
    environment: Union[Unset, str] = UNSET,
    subject: Union[Unset, str] = UNSET,
    prompt_ops_subject: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, RenderedPromptResponse]]:
    """Resolve a prompt and fill in its templates

     Needs `prompts:read`. Resolves like `resolve` (the key's environment; `version` pins),
    then fills every `{{ name }}` of the system prompt and user template from `variables`
    and returns chat messages with the model settings. Strings, numbers and booleans are
    written as text. Variables the templates lack are ignored; a variable the templates
    need but the request lacks is a 400 listing every missing name in
    `details.missingVariables`.

    Renders are bounded by one budget for the whole render, all its messages and the
    partials they include together: a string value may hold at most 65,536 characters;
    the rendered messages together at most the server's render limit (1 MiB unless its
    operator set `PROMPTOPS_RENDER_LIMIT`); and the work at most 131,072 steps (each text,
    placeholder, section, partial, item of a list a section repeats, value of the context
    stack a name is looked up in and field a dotted name walks through is a step, a
    name looked up one more per 64 bytes, and an object or a list a placeholder writes as
    JSON one per byte of its JSON, so such values hold at most about 128 KB in one
    render), which keeps the worst render to a few milliseconds. A render past either is a 400 naming
    the budget in `details.limit`
    (bytes, or steps), refused before any of the text is built. A prompt that would
    compose past the render limit is a 409, as for resolve.

    Render changes nothing, so it keeps no answer for `Idempotency-Key`: a retry with the
    same key renders again (never `Idempotent-Replayed`) and never conflicts.

    A subject (`subject`, or the `PromptOps-Subject` header) picks the version during a
    rolling release exactly as for `resolve`, and the answer names it the same way
    (`release`, `PromptOps-Release`).

    Args:
        slug (str):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        subject (Union[Unset, str]):
        prompt_ops_subject (Union[Unset, str]):
        idempotency_key (Union[Unset, str]):
        body (RenderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, RenderedPromptResponse]
    """

    return sync_detailed(
        slug=slug,
        client=client,
        body=body,
        environment=environment,
        subject=subject,
        prompt_ops_subject=prompt_ops_subject,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: RenderRequest,
    environment: Union[Unset, str] = UNSET,
    subject: Union[Unset, str] = UNSET,
    prompt_ops_subject: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, RenderedPromptResponse]]:
    """Resolve a prompt and fill in its templates

     Needs `prompts:read`. Resolves like `resolve` (the key's environment; `version` pins),
    then fills every `{{ name }}` of the system prompt and user template from `variables`
    and returns chat messages with the model settings. Strings, numbers and booleans are
    written as text. Variables the templates lack are ignored; a variable the templates
    need but the request lacks is a 400 listing every missing name in
    `details.missingVariables`.

    Renders are bounded by one budget for the whole render, all its messages and the
    partials they include together: a string value may hold at most 65,536 characters;
    the rendered messages together at most the server's render limit (1 MiB unless its
    operator set `PROMPTOPS_RENDER_LIMIT`); and the work at most 131,072 steps (each text,
    placeholder, section, partial, item of a list a section repeats, value of the context
    stack a name is looked up in and field a dotted name walks through is a step, a
    name looked up one more per 64 bytes, and an object or a list a placeholder writes as
    JSON one per byte of its JSON, so such values hold at most about 128 KB in one
    render), which keeps the worst render to a few milliseconds. A render past either is a 400 naming
    the budget in `details.limit`
    (bytes, or steps), refused before any of the text is built. A prompt that would
    compose past the render limit is a 409, as for resolve.

    Render changes nothing, so it keeps no answer for `Idempotency-Key`: a retry with the
    same key renders again (never `Idempotent-Replayed`) and never conflicts.

    A subject (`subject`, or the `PromptOps-Subject` header) picks the version during a
    rolling release exactly as for `resolve`, and the answer names it the same way
    (`release`, `PromptOps-Release`).

    Args:
        slug (str):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        subject (Union[Unset, str]):
        prompt_ops_subject (Union[Unset, str]):
        idempotency_key (Union[Unset, str]):
        body (RenderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, RenderedPromptResponse]]
    """

    kwargs = _get_kwargs(
        slug=slug,
        body=body,
        environment=environment,
        subject=subject,
        prompt_ops_subject=prompt_ops_subject,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: RenderRequest,
    environment: Union[Unset, str] = UNSET,
    subject: Union[Unset, str] = UNSET,
    prompt_ops_subject: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, RenderedPromptResponse]]:
    """Resolve a prompt and fill in its templates

     Needs `prompts:read`. Resolves like `resolve` (the key's environment; `version` pins),
    then fills every `{{ name }}` of the system prompt and user template from `variables`
    and returns chat messages with the model settings. Strings, numbers and booleans are
    written as text. Variables the templates lack are ignored; a variable the templates
    need but the request lacks is a 400 listing every missing name in
    `details.missingVariables`.

    Renders are bounded by one budget for the whole render, all its messages and the
    partials they include together: a string value may hold at most 65,536 characters;
    the rendered messages together at most the server's render limit (1 MiB unless its
    operator set `PROMPTOPS_RENDER_LIMIT`); and the work at most 131,072 steps (each text,
    placeholder, section, partial, item of a list a section repeats, value of the context
    stack a name is looked up in and field a dotted name walks through is a step, a
    name looked up one more per 64 bytes, and an object or a list a placeholder writes as
    JSON one per byte of its JSON, so such values hold at most about 128 KB in one
    render), which keeps the worst render to a few milliseconds. A render past either is a 400 naming
    the budget in `details.limit`
    (bytes, or steps), refused before any of the text is built. A prompt that would
    compose past the render limit is a 409, as for resolve.

    Render changes nothing, so it keeps no answer for `Idempotency-Key`: a retry with the
    same key renders again (never `Idempotent-Replayed`) and never conflicts.

    A subject (`subject`, or the `PromptOps-Subject` header) picks the version during a
    rolling release exactly as for `resolve`, and the answer names it the same way
    (`release`, `PromptOps-Release`).

    Args:
        slug (str):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        subject (Union[Unset, str]):
        prompt_ops_subject (Union[Unset, str]):
        idempotency_key (Union[Unset, str]):
        body (RenderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, RenderedPromptResponse]
    """

    return (
        await asyncio_detailed(
            slug=slug,
            client=client,
            body=body,
            environment=environment,
            subject=subject,
            prompt_ops_subject=prompt_ops_subject,
            idempotency_key=idempotency_key,
        )
    ).parsed
