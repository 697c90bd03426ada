from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.version_diff_response import VersionDiffResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    prompt_id: str,
    version_id: str,
    *,
    against: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["against"] = against

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/prompts/{prompt_id}/versions/{version_id}/diff".format(
            prompt_id=prompt_id,
            version_id=version_id,
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, VersionDiffResponse]]:
    if response.status_code == 200:
        response_200 = VersionDiffResponse.from_dict(response.json())

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
) -> Response[Union[Error, VersionDiffResponse]]:
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
    against: Union[Unset, str] = UNSET,
) -> Response[Union[Error, VersionDiffResponse]]:
    """Compare a version with another

     Needs `prompts:read`. Compares the version with `against` (by default the version
    numbered one lower): per field whether it changed; for text (each message, the system
    prompt and user template) a unified diff and the same changes side by side (`lines`,
    the words that differ marked within each changed line); for JSON fields (tools, tool
    choice, response format, model parameters, variables schema, metadata) the JSON
    pointers that changed with their old and new values (tools matched by function name,
    so an inserted tool is one `add`). Version 1 with no `against` is compared with
    nothing (every field is new). `against` must be a version of the same prompt (else
    404).

    Messages are aligned by role and content, not by position: inserting one few-shot
    example is one `added` message and the messages after it stay `unchanged`; a message
    found elsewhere is `moved`; a rewritten one is `modified` (paired with its
    counterpart when similar). Each change is listed once: when either version is a
    conversation (messages other than one system and one user message) its messages are
    listed and not the `systemPrompt` and `userTemplate` views of them; otherwise those
    two views are listed and not the messages.

    Both versions may be named by id or by number, and the prompt by id or slug:
    `GET /api/v1/prompts/welcome-email/versions/3/diff?against=1`.

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
        against (Union[Unset, str]): Names a version of the prompt of the path: its id (a UUID),
            or its `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, VersionDiffResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        version_id=version_id,
        against=against,
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
    against: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, VersionDiffResponse]]:
    """Compare a version with another

     Needs `prompts:read`. Compares the version with `against` (by default the version
    numbered one lower): per field whether it changed; for text (each message, the system
    prompt and user template) a unified diff and the same changes side by side (`lines`,
    the words that differ marked within each changed line); for JSON fields (tools, tool
    choice, response format, model parameters, variables schema, metadata) the JSON
    pointers that changed with their old and new values (tools matched by function name,
    so an inserted tool is one `add`). Version 1 with no `against` is compared with
    nothing (every field is new). `against` must be a version of the same prompt (else
    404).

    Messages are aligned by role and content, not by position: inserting one few-shot
    example is one `added` message and the messages after it stay `unchanged`; a message
    found elsewhere is `moved`; a rewritten one is `modified` (paired with its
    counterpart when similar). Each change is listed once: when either version is a
    conversation (messages other than one system and one user message) its messages are
    listed and not the `systemPrompt` and `userTemplate` views of them; otherwise those
    two views are listed and not the messages.

    Both versions may be named by id or by number, and the prompt by id or slug:
    `GET /api/v1/prompts/welcome-email/versions/3/diff?against=1`.

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
        against (Union[Unset, str]): Names a version of the prompt of the path: its id (a UUID),
            or its `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, VersionDiffResponse]
    """

    return sync_detailed(
        prompt_id=prompt_id,
        version_id=version_id,
        client=client,
        against=against,
    ).parsed


async def asyncio_detailed(
    prompt_id: str,
    version_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    against: Union[Unset, str] = UNSET,
) -> Response[Union[Error, VersionDiffResponse]]:
    """Compare a version with another

     Needs `prompts:read`. Compares the version with `against` (by default the version
    numbered one lower): per field whether it changed; for text (each message, the system
    prompt and user template) a unified diff and the same changes side by side (`lines`,
    the words that differ marked within each changed line); for JSON fields (tools, tool
    choice, response format, model parameters, variables schema, metadata) the JSON
    pointers that changed with their old and new values (tools matched by function name,
    so an inserted tool is one `add`). Version 1 with no `against` is compared with
    nothing (every field is new). `against` must be a version of the same prompt (else
    404).

    Messages are aligned by role and content, not by position: inserting one few-shot
    example is one `added` message and the messages after it stay `unchanged`; a message
    found elsewhere is `moved`; a rewritten one is `modified` (paired with its
    counterpart when similar). Each change is listed once: when either version is a
    conversation (messages other than one system and one user message) its messages are
    listed and not the `systemPrompt` and `userTemplate` views of them; otherwise those
    two views are listed and not the messages.

    Both versions may be named by id or by number, and the prompt by id or slug:
    `GET /api/v1/prompts/welcome-email/versions/3/diff?against=1`.

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
        against (Union[Unset, str]): Names a version of the prompt of the path: its id (a UUID),
            or its `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, VersionDiffResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        version_id=version_id,
        against=against,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    prompt_id: str,
    version_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    against: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, VersionDiffResponse]]:
    """Compare a version with another

     Needs `prompts:read`. Compares the version with `against` (by default the version
    numbered one lower): per field whether it changed; for text (each message, the system
    prompt and user template) a unified diff and the same changes side by side (`lines`,
    the words that differ marked within each changed line); for JSON fields (tools, tool
    choice, response format, model parameters, variables schema, metadata) the JSON
    pointers that changed with their old and new values (tools matched by function name,
    so an inserted tool is one `add`). Version 1 with no `against` is compared with
    nothing (every field is new). `against` must be a version of the same prompt (else
    404).

    Messages are aligned by role and content, not by position: inserting one few-shot
    example is one `added` message and the messages after it stay `unchanged`; a message
    found elsewhere is `moved`; a rewritten one is `modified` (paired with its
    counterpart when similar). Each change is listed once: when either version is a
    conversation (messages other than one system and one user message) its messages are
    listed and not the `systemPrompt` and `userTemplate` views of them; otherwise those
    two views are listed and not the messages.

    Both versions may be named by id or by number, and the prompt by id or slug:
    `GET /api/v1/prompts/welcome-email/versions/3/diff?against=1`.

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
        against (Union[Unset, str]): Names a version of the prompt of the path: its id (a UUID),
            or its `versionNumber`
            written in decimal, from 1 and without leading zeros (`3`). A number past the
            prompt's newest version, like an unknown id, is a 404; `0`, `-1` or `abc` is a 400.
             Example: 3.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, VersionDiffResponse]
    """

    return (
        await asyncio_detailed(
            prompt_id=prompt_id,
            version_id=version_id,
            client=client,
            against=against,
        )
    ).parsed
