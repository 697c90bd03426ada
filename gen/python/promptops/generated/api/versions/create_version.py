from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_version_request import CreateVersionRequest
from ...models.created_version_response import CreatedVersionResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    prompt_id: str,
    *,
    body: CreateVersionRequest,
    validate_only: Union[Unset, bool] = False,
    diff_against: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["validateOnly"] = validate_only

    params["diffAgainst"] = diff_against

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/prompts/{prompt_id}/versions".format(
            prompt_id=prompt_id,
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[CreatedVersionResponse, Error]]:
    if response.status_code == 200:
        response_200 = CreatedVersionResponse.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = CreatedVersionResponse.from_dict(response.json())

        return response_201

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
) -> Response[Union[CreatedVersionResponse, Error]]:
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
    body: CreateVersionRequest,
    validate_only: Union[Unset, bool] = False,
    diff_against: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[CreatedVersionResponse, Error]]:
    """Create a version and deploy it to dev

     Needs `prompts:write`. Versions are immutable and numbered 1, 2, 3… per prompt, never
    repeated, also under concurrent creates. The new version is deployed to `dev` in the
    same transaction. Templates are checked: a `{{` that is never closed or encloses no
    valid name is a 400 naming its line and column. Each template may hold at most 1,000
    placeholders and partial tags, every occurrence counted (more is a 400 naming the
    template, with the limit in `details.limit`), so that a render cannot multiply a value
    without bound. A prompt has at most `PROMPTOPS_QUOTA_VERSIONS` versions (default
    1,000; else 409 `QUOTA_EXCEEDED`). Line endings in the templates are stored as LF
    (a CRLF or a lone CR becomes LF).

    The version goes live in `dev` at once, so the bounds of composition apply there, as
    at promote: a 409 `CONFLICT` when it, or a prompt live in `dev` that includes it,
    would compose past them.

    Optimistic concurrency: with `baseVersion` (the number of the version the change was
    made from, 0 for none), the version is created only if that is still the prompt's
    newest version; otherwise 409 `VERSION_CONFLICT`, with `details.baseVersion` and
    `details.latestVersion`, and nothing changes. This is how `promptops prompts apply`
    refuses to overwrite an edit made since its files were pulled. Without `baseVersion`
    the version is created on top of whatever is newest.

    With `validateOnly=true`, every check of a create is made (schema, templates,
    placeholders, partials, composition in `dev`, quota, `baseVersion`) and nothing is
    kept (no version, no deployment, no event, no idempotency key): 200 with the version
    as it would be (its number, `contentHash`, `variables`, `warnings`; its `id` nil), or
    the error the create would answer. With `diffAgainst` too, the 200's `diff` compares
    the version as it would be with that version, as `GET …/versions/{versionId}/diff`
    compares two stored ones: what an editor shows before its author saves.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        validate_only (Union[Unset, bool]):  Default: False.
        diff_against (Union[Unset, str]): Names a version of the prompt of the path: its id (a
            UUID), or its `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.
        idempotency_key (Union[Unset, str]):
        body (CreateVersionRequest): Either `systemPrompt` and `userTemplate` (the reference's
            shape) or `messages`, not both.
            Every template is parsed (a `{{` that is never closed, an unclosed or mismatched
            section, or a partial naming a prompt or version that does not exist is a 400 with
            its position), every JSON Schema is compiled (a 400 whose field is the JSON pointer of
            the problem), tool names are unique and a named tool choice names one of them, and a
            partial may not include, directly or through others, the prompt itself (409).
            Template text (`systemPrompt`, `userTemplate` and each message's `content`) is stored
            with LF line endings: a CRLF or a lone CR becomes LF before anything else, so the
            version's `contentHash` is that of the LF text.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedVersionResponse, Error]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        body=body,
        validate_only=validate_only,
        diff_against=diff_against,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateVersionRequest,
    validate_only: Union[Unset, bool] = False,
    diff_against: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[CreatedVersionResponse, Error]]:
    """Create a version and deploy it to dev

     Needs `prompts:write`. Versions are immutable and numbered 1, 2, 3… per prompt, never
    repeated, also under concurrent creates. The new version is deployed to `dev` in the
    same transaction. Templates are checked: a `{{` that is never closed or encloses no
    valid name is a 400 naming its line and column. Each template may hold at most 1,000
    placeholders and partial tags, every occurrence counted (more is a 400 naming the
    template, with the limit in `details.limit`), so that a render cannot multiply a value
    without bound. A prompt has at most `PROMPTOPS_QUOTA_VERSIONS` versions (default
    1,000; else 409 `QUOTA_EXCEEDED`). Line endings in the templates are stored as LF
    (a CRLF or a lone CR becomes LF).

    The version goes live in `dev` at once, so the bounds of composition apply there, as
    at promote: a 409 `CONFLICT` when it, or a prompt live in `dev` that includes it,
    would compose past them.

    Optimistic concurrency: with `baseVersion` (the number of the version the change was
    made from, 0 for none), the version is created only if that is still the prompt's
    newest version; otherwise 409 `VERSION_CONFLICT`, with `details.baseVersion` and
    `details.latestVersion`, and nothing changes. This is how `promptops prompts apply`
    refuses to overwrite an edit made since its files were pulled. Without `baseVersion`
    the version is created on top of whatever is newest.

    With `validateOnly=true`, every check of a create is made (schema, templates,
    placeholders, partials, composition in `dev`, quota, `baseVersion`) and nothing is
    kept (no version, no deployment, no event, no idempotency key): 200 with the version
    as it would be (its number, `contentHash`, `variables`, `warnings`; its `id` nil), or
    the error the create would answer. With `diffAgainst` too, the 200's `diff` compares
    the version as it would be with that version, as `GET …/versions/{versionId}/diff`
    compares two stored ones: what an editor shows before its author saves.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        validate_only (Union[Unset, bool]):  Default: False.
        diff_against (Union[Unset, str]): Names a version of the prompt of the path: its id (a
            UUID), or its `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.
        idempotency_key (Union[Unset, str]):
        body (CreateVersionRequest): Either `systemPrompt` and `userTemplate` (the reference's
            shape) or `messages`, not both.
            Every template is parsed (a `{{` that is never closed, an unclosed or mismatched
            section, or a partial naming a prompt or version that does not exist is a 400 with
            its position), every JSON Schema is compiled (a 400 whose field is the JSON pointer of
            the problem), tool names are unique and a named tool choice names one of them, and a
            partial may not include, directly or through others, the prompt itself (409).
            Template text (`systemPrompt`, `userTemplate` and each message's `content`) is stored
            with LF line endings: a CRLF or a lone CR becomes LF before anything else, so the
            version's `contentHash` is that of the LF text.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedVersionResponse, Error]
    """

    return sync_detailed(
        prompt_id=prompt_id,
        client=client,
        body=body,
        validate_only=validate_only,
        diff_against=diff_against,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateVersionRequest,
    validate_only: Union[Unset, bool] = False,
    diff_against: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[CreatedVersionResponse, Error]]:
    """Create a version and deploy it to dev

     Needs `prompts:write`. Versions are immutable and numbered 1, 2, 3… per prompt, never
    repeated, also under concurrent creates. The new version is deployed to `dev` in the
    same transaction. Templates are checked: a `{{` that is never closed or encloses no
    valid name is a 400 naming its line and column. Each template may hold at most 1,000
    placeholders and partial tags, every occurrence counted (more is a 400 naming the
    template, with the limit in `details.limit`), so that a render cannot multiply a value
    without bound. A prompt has at most `PROMPTOPS_QUOTA_VERSIONS` versions (default
    1,000; else 409 `QUOTA_EXCEEDED`). Line endings in the templates are stored as LF
    (a CRLF or a lone CR becomes LF).

    The version goes live in `dev` at once, so the bounds of composition apply there, as
    at promote: a 409 `CONFLICT` when it, or a prompt live in `dev` that includes it,
    would compose past them.

    Optimistic concurrency: with `baseVersion` (the number of the version the change was
    made from, 0 for none), the version is created only if that is still the prompt's
    newest version; otherwise 409 `VERSION_CONFLICT`, with `details.baseVersion` and
    `details.latestVersion`, and nothing changes. This is how `promptops prompts apply`
    refuses to overwrite an edit made since its files were pulled. Without `baseVersion`
    the version is created on top of whatever is newest.

    With `validateOnly=true`, every check of a create is made (schema, templates,
    placeholders, partials, composition in `dev`, quota, `baseVersion`) and nothing is
    kept (no version, no deployment, no event, no idempotency key): 200 with the version
    as it would be (its number, `contentHash`, `variables`, `warnings`; its `id` nil), or
    the error the create would answer. With `diffAgainst` too, the 200's `diff` compares
    the version as it would be with that version, as `GET …/versions/{versionId}/diff`
    compares two stored ones: what an editor shows before its author saves.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        validate_only (Union[Unset, bool]):  Default: False.
        diff_against (Union[Unset, str]): Names a version of the prompt of the path: its id (a
            UUID), or its `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.
        idempotency_key (Union[Unset, str]):
        body (CreateVersionRequest): Either `systemPrompt` and `userTemplate` (the reference's
            shape) or `messages`, not both.
            Every template is parsed (a `{{` that is never closed, an unclosed or mismatched
            section, or a partial naming a prompt or version that does not exist is a 400 with
            its position), every JSON Schema is compiled (a 400 whose field is the JSON pointer of
            the problem), tool names are unique and a named tool choice names one of them, and a
            partial may not include, directly or through others, the prompt itself (409).
            Template text (`systemPrompt`, `userTemplate` and each message's `content`) is stored
            with LF line endings: a CRLF or a lone CR becomes LF before anything else, so the
            version's `contentHash` is that of the LF text.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedVersionResponse, Error]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        body=body,
        validate_only=validate_only,
        diff_against=diff_against,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateVersionRequest,
    validate_only: Union[Unset, bool] = False,
    diff_against: Union[Unset, str] = UNSET,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[CreatedVersionResponse, Error]]:
    """Create a version and deploy it to dev

     Needs `prompts:write`. Versions are immutable and numbered 1, 2, 3… per prompt, never
    repeated, also under concurrent creates. The new version is deployed to `dev` in the
    same transaction. Templates are checked: a `{{` that is never closed or encloses no
    valid name is a 400 naming its line and column. Each template may hold at most 1,000
    placeholders and partial tags, every occurrence counted (more is a 400 naming the
    template, with the limit in `details.limit`), so that a render cannot multiply a value
    without bound. A prompt has at most `PROMPTOPS_QUOTA_VERSIONS` versions (default
    1,000; else 409 `QUOTA_EXCEEDED`). Line endings in the templates are stored as LF
    (a CRLF or a lone CR becomes LF).

    The version goes live in `dev` at once, so the bounds of composition apply there, as
    at promote: a 409 `CONFLICT` when it, or a prompt live in `dev` that includes it,
    would compose past them.

    Optimistic concurrency: with `baseVersion` (the number of the version the change was
    made from, 0 for none), the version is created only if that is still the prompt's
    newest version; otherwise 409 `VERSION_CONFLICT`, with `details.baseVersion` and
    `details.latestVersion`, and nothing changes. This is how `promptops prompts apply`
    refuses to overwrite an edit made since its files were pulled. Without `baseVersion`
    the version is created on top of whatever is newest.

    With `validateOnly=true`, every check of a create is made (schema, templates,
    placeholders, partials, composition in `dev`, quota, `baseVersion`) and nothing is
    kept (no version, no deployment, no event, no idempotency key): 200 with the version
    as it would be (its number, `contentHash`, `variables`, `warnings`; its `id` nil), or
    the error the create would answer. With `diffAgainst` too, the 200's `diff` compares
    the version as it would be with that version, as `GET …/versions/{versionId}/diff`
    compares two stored ones: what an editor shows before its author saves.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        validate_only (Union[Unset, bool]):  Default: False.
        diff_against (Union[Unset, str]): Names a version of the prompt of the path: its id (a
            UUID), or its `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.
        idempotency_key (Union[Unset, str]):
        body (CreateVersionRequest): Either `systemPrompt` and `userTemplate` (the reference's
            shape) or `messages`, not both.
            Every template is parsed (a `{{` that is never closed, an unclosed or mismatched
            section, or a partial naming a prompt or version that does not exist is a 400 with
            its position), every JSON Schema is compiled (a 400 whose field is the JSON pointer of
            the problem), tool names are unique and a named tool choice names one of them, and a
            partial may not include, directly or through others, the prompt itself (409).
            Template text (`systemPrompt`, `userTemplate` and each message's `content`) is stored
            with LF line endings: a CRLF or a lone CR becomes LF before anything else, so the
            version's `contentHash` is that of the LF text.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedVersionResponse, Error]
    """

    return (
        await asyncio_detailed(
            prompt_id=prompt_id,
            client=client,
            body=body,
            validate_only=validate_only,
            diff_against=diff_against,
            idempotency_key=idempotency_key,
        )
    ).parsed
