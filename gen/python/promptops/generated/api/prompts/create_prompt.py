from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_prompt_request import CreatePromptRequest
from ...models.created_prompt_response import CreatedPromptResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreatePromptRequest,
    validate_only: Union[Unset, bool] = False,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["validateOnly"] = validate_only

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/prompts",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[CreatedPromptResponse, Error]]:
    if response.status_code == 200:
        response_200 = CreatedPromptResponse.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = CreatedPromptResponse.from_dict(response.json())

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
) -> Response[Union[CreatedPromptResponse, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreatePromptRequest,
    validate_only: Union[Unset, bool] = False,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[CreatedPromptResponse, Error]]:
    r"""Create a prompt, optionally with its first version

     Needs `prompts:write`. The slug is unique in the project (409 `CONFLICT` if taken) and
    never changes. A project has at most `PROMPTOPS_QUOTA_PROMPTS` prompts (default 1,000;
    else 409 `QUOTA_EXCEEDED`).

    With `version` (a `CreateVersionRequest`), the prompt and its first version are
    created in one transaction, or neither: a version the server refuses (400, or 409 as
    in `POST /api/v1/prompts/{promptId}/versions`, its 400's fields under `/version`)
    leaves no prompt behind. The version is deployed to `dev`, and the answer holds it
    (`version`) with its `warnings`. Its `baseVersion`, if given, must be 0 (a new prompt
    has no version), else 409 `VERSION_CONFLICT`. For example
    `{\"slug\": \"welcome-email\", \"name\": \"Welcome Email\", \"version\": {\"systemPrompt\": \"You
    are
    a helpful assistant.\", \"userTemplate\": \"Hello {{userName}}!\"}}`.

    With `validateOnly=true`, every check is made (the prompt's and its version's, the
    quota and the slug's uniqueness too) and nothing is kept: 200 with what would be
    created (ids nil), or the error the create would answer.

    Args:
        validate_only (Union[Unset, bool]):  Default: False.
        idempotency_key (Union[Unset, str]):
        body (CreatePromptRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedPromptResponse, Error]]
    """

    kwargs = _get_kwargs(
        body=body,
        validate_only=validate_only,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreatePromptRequest,
    validate_only: Union[Unset, bool] = False,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[CreatedPromptResponse, Error]]:
    r"""Create a prompt, optionally with its first version

     Needs `prompts:write`. The slug is unique in the project (409 `CONFLICT` if taken) and
    never changes. A project has at most `PROMPTOPS_QUOTA_PROMPTS` prompts (default 1,000;
    else 409 `QUOTA_EXCEEDED`).

    With `version` (a `CreateVersionRequest`), the prompt and its first version are
    created in one transaction, or neither: a version the server refuses (400, or 409 as
    in `POST /api/v1/prompts/{promptId}/versions`, its 400's fields under `/version`)
    leaves no prompt behind. The version is deployed to `dev`, and the answer holds it
    (`version`) with its `warnings`. Its `baseVersion`, if given, must be 0 (a new prompt
    has no version), else 409 `VERSION_CONFLICT`. For example
    `{\"slug\": \"welcome-email\", \"name\": \"Welcome Email\", \"version\": {\"systemPrompt\": \"You
    are
    a helpful assistant.\", \"userTemplate\": \"Hello {{userName}}!\"}}`.

    With `validateOnly=true`, every check is made (the prompt's and its version's, the
    quota and the slug's uniqueness too) and nothing is kept: 200 with what would be
    created (ids nil), or the error the create would answer.

    Args:
        validate_only (Union[Unset, bool]):  Default: False.
        idempotency_key (Union[Unset, str]):
        body (CreatePromptRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedPromptResponse, Error]
    """

    return sync_detailed(
        client=client,
        body=body,
        validate_only=validate_only,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreatePromptRequest,
    validate_only: Union[Unset, bool] = False,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[CreatedPromptResponse, Error]]:
    r"""Create a prompt, optionally with its first version

     Needs `prompts:write`. The slug is unique in the project (409 `CONFLICT` if taken) and
    never changes. A project has at most `PROMPTOPS_QUOTA_PROMPTS` prompts (default 1,000;
    else 409 `QUOTA_EXCEEDED`).

    With `version` (a `CreateVersionRequest`), the prompt and its first version are
    created in one transaction, or neither: a version the server refuses (400, or 409 as
    in `POST /api/v1/prompts/{promptId}/versions`, its 400's fields under `/version`)
    leaves no prompt behind. The version is deployed to `dev`, and the answer holds it
    (`version`) with its `warnings`. Its `baseVersion`, if given, must be 0 (a new prompt
    has no version), else 409 `VERSION_CONFLICT`. For example
    `{\"slug\": \"welcome-email\", \"name\": \"Welcome Email\", \"version\": {\"systemPrompt\": \"You
    are
    a helpful assistant.\", \"userTemplate\": \"Hello {{userName}}!\"}}`.

    With `validateOnly=true`, every check is made (the prompt's and its version's, the
    quota and the slug's uniqueness too) and nothing is kept: 200 with what would be
    created (ids nil), or the error the create would answer.

    Args:
        validate_only (Union[Unset, bool]):  Default: False.
        idempotency_key (Union[Unset, str]):
        body (CreatePromptRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[CreatedPromptResponse, Error]]
    """

    kwargs = _get_kwargs(
        body=body,
        validate_only=validate_only,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreatePromptRequest,
    validate_only: Union[Unset, bool] = False,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[CreatedPromptResponse, Error]]:
    r"""Create a prompt, optionally with its first version

     Needs `prompts:write`. The slug is unique in the project (409 `CONFLICT` if taken) and
    never changes. A project has at most `PROMPTOPS_QUOTA_PROMPTS` prompts (default 1,000;
    else 409 `QUOTA_EXCEEDED`).

    With `version` (a `CreateVersionRequest`), the prompt and its first version are
    created in one transaction, or neither: a version the server refuses (400, or 409 as
    in `POST /api/v1/prompts/{promptId}/versions`, its 400's fields under `/version`)
    leaves no prompt behind. The version is deployed to `dev`, and the answer holds it
    (`version`) with its `warnings`. Its `baseVersion`, if given, must be 0 (a new prompt
    has no version), else 409 `VERSION_CONFLICT`. For example
    `{\"slug\": \"welcome-email\", \"name\": \"Welcome Email\", \"version\": {\"systemPrompt\": \"You
    are
    a helpful assistant.\", \"userTemplate\": \"Hello {{userName}}!\"}}`.

    With `validateOnly=true`, every check is made (the prompt's and its version's, the
    quota and the slug's uniqueness too) and nothing is kept: 200 with what would be
    created (ids nil), or the error the create would answer.

    Args:
        validate_only (Union[Unset, bool]):  Default: False.
        idempotency_key (Union[Unset, str]):
        body (CreatePromptRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[CreatedPromptResponse, Error]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            validate_only=validate_only,
            idempotency_key=idempotency_key,
        )
    ).parsed
