from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.includers_response import IncludersResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    prompt_id: str,
    *,
    environment: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["environment"] = environment

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/prompts/{prompt_id}/includers".format(
            prompt_id=prompt_id,
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, IncludersResponse]]:
    if response.status_code == 200:
        response_200 = IncludersResponse.from_dict(response.json())

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
) -> Response[Union[Error, IncludersResponse]]:
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
    environment: Union[Unset, str] = UNSET,
) -> Response[Union[Error, IncludersResponse]]:
    """The live prompts that include this one, per environment

     Needs `prompts:read`. For each environment where the prompt is live (only
    `environment`, when given), the prompts whose live version there includes the
    prompt's live version: through `{{> slug}}`, or `{{> slug@N}}` where N is that
    version, directly or through other partials. These are the prompts a promote or a
    rollback of it changes there, each recorded as `prompt.dependency_changed`, and
    those that keep an undeploy from taking it out (409). Ordered by environment (dev,
    staging, production, then the others by name), then slug; a prompt live nowhere, or
    included by none, has an empty list. The work is bounded by the project's quotas:
    one query per environment, following at most 5 levels of inclusion through an index.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, IncludersResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        environment=environment,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, IncludersResponse]]:
    """The live prompts that include this one, per environment

     Needs `prompts:read`. For each environment where the prompt is live (only
    `environment`, when given), the prompts whose live version there includes the
    prompt's live version: through `{{> slug}}`, or `{{> slug@N}}` where N is that
    version, directly or through other partials. These are the prompts a promote or a
    rollback of it changes there, each recorded as `prompt.dependency_changed`, and
    those that keep an undeploy from taking it out (409). Ordered by environment (dev,
    staging, production, then the others by name), then slug; a prompt live nowhere, or
    included by none, has an empty list. The work is bounded by the project's quotas:
    one query per environment, following at most 5 levels of inclusion through an index.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, IncludersResponse]
    """

    return sync_detailed(
        prompt_id=prompt_id,
        client=client,
        environment=environment,
    ).parsed


async def asyncio_detailed(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, str] = UNSET,
) -> Response[Union[Error, IncludersResponse]]:
    """The live prompts that include this one, per environment

     Needs `prompts:read`. For each environment where the prompt is live (only
    `environment`, when given), the prompts whose live version there includes the
    prompt's live version: through `{{> slug}}`, or `{{> slug@N}}` where N is that
    version, directly or through other partials. These are the prompts a promote or a
    rollback of it changes there, each recorded as `prompt.dependency_changed`, and
    those that keep an undeploy from taking it out (409). Ordered by environment (dev,
    staging, production, then the others by name), then slug; a prompt live nowhere, or
    included by none, has an empty list. The work is bounded by the project's quotas:
    one query per environment, following at most 5 levels of inclusion through an index.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, IncludersResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        environment=environment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    environment: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, IncludersResponse]]:
    """The live prompts that include this one, per environment

     Needs `prompts:read`. For each environment where the prompt is live (only
    `environment`, when given), the prompts whose live version there includes the
    prompt's live version: through `{{> slug}}`, or `{{> slug@N}}` where N is that
    version, directly or through other partials. These are the prompts a promote or a
    rollback of it changes there, each recorded as `prompt.dependency_changed`, and
    those that keep an undeploy from taking it out (409). Ordered by environment (dev,
    staging, production, then the others by name), then slug; a prompt live nowhere, or
    included by none, has an empty list. The work is bounded by the project's quotas:
    one query per environment, following at most 5 levels of inclusion through an index.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging`
            and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, IncludersResponse]
    """

    return (
        await asyncio_detailed(
            prompt_id=prompt_id,
            client=client,
            environment=environment,
        )
    ).parsed
