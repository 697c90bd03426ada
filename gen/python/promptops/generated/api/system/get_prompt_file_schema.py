from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.get_prompt_file_schema_response_200 import GetPromptFileSchemaResponse200
from ...types import UNSET, Response


def _get_kwargs() -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/schemas/prompt-file.json",
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, GetPromptFileSchemaResponse200]]:
    if response.status_code == 200:
        response_200 = GetPromptFileSchemaResponse200.from_dict(response.json())

        return response_200

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Response[Union[Error, GetPromptFileSchemaResponse200]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, GetPromptFileSchemaResponse200]]:
    """The JSON Schema of a prompt file

     Needs no key. The JSON Schema (draft 2020-12) of a `<slug>.prompt.yaml` file of
    `promptops prompts pull | plan | apply`, for editors to validate and complete prompt
    files (with the YAML language server: `# yaml-language-server: $schema=<this URL>`).
    The command line checks files against the same schema.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, GetPromptFileSchemaResponse200]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, GetPromptFileSchemaResponse200]]:
    """The JSON Schema of a prompt file

     Needs no key. The JSON Schema (draft 2020-12) of a `<slug>.prompt.yaml` file of
    `promptops prompts pull | plan | apply`, for editors to validate and complete prompt
    files (with the YAML language server: `# yaml-language-server: $schema=<this URL>`).
    The command line checks files against the same schema.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, GetPromptFileSchemaResponse200]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Error, GetPromptFileSchemaResponse200]]:
    """The JSON Schema of a prompt file

     Needs no key. The JSON Schema (draft 2020-12) of a `<slug>.prompt.yaml` file of
    `promptops prompts pull | plan | apply`, for editors to validate and complete prompt
    files (with the YAML language server: `# yaml-language-server: $schema=<this URL>`).
    The command line checks files against the same schema.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, GetPromptFileSchemaResponse200]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Error, GetPromptFileSchemaResponse200]]:
    """The JSON Schema of a prompt file

     Needs no key. The JSON Schema (draft 2020-12) of a `<slug>.prompt.yaml` file of
    `promptops prompts pull | plan | apply`, for editors to validate and complete prompt
    files (with the YAML language server: `# yaml-language-server: $schema=<this URL>`).
    The command line checks files against the same schema.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, GetPromptFileSchemaResponse200]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
