from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, Response


def _get_kwargs(
    id: str,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/prompts/{id}".format(
            id=id,
        ),
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Any, Error]]:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Union[Any, Error]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Any, Error]]:
    """Delete a prompt with all its versions and deployments

     Needs `prompts:write`. Resolving its slug is a 404 from the next request on. 409 while
    a release not yet ended (pending approval, scheduled or rolling out) moves the prompt:
    the release's other prompts would move without it. The message names the release;
    cancel it, complete it or roll it back first. The caller also needs to be allowed to
    change the deployments of every environment but dev the prompt is live in, as
    undeploying it there does (403 otherwise; a new version goes live in dev whoever
    creates it): a person needs the role (an editor may not delete a prompt
    live in production: `requiredRole`), a key needs that environment or `admin` (a
    staging key may not delete a prompt live in production).

    Args:
        id (str): Names a prompt of the key's project in a path: its id (a UUID), or its slug. A
            slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Any, Error]]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Any, Error]]:
    """Delete a prompt with all its versions and deployments

     Needs `prompts:write`. Resolving its slug is a 404 from the next request on. 409 while
    a release not yet ended (pending approval, scheduled or rolling out) moves the prompt:
    the release's other prompts would move without it. The message names the release;
    cancel it, complete it or roll it back first. The caller also needs to be allowed to
    change the deployments of every environment but dev the prompt is live in, as
    undeploying it there does (403 otherwise; a new version goes live in dev whoever
    creates it): a person needs the role (an editor may not delete a prompt
    live in production: `requiredRole`), a key needs that environment or `admin` (a
    staging key may not delete a prompt live in production).

    Args:
        id (str): Names a prompt of the key's project in a path: its id (a UUID), or its slug. A
            slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Any, Error]
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Response[Union[Any, Error]]:
    """Delete a prompt with all its versions and deployments

     Needs `prompts:write`. Resolving its slug is a 404 from the next request on. 409 while
    a release not yet ended (pending approval, scheduled or rolling out) moves the prompt:
    the release's other prompts would move without it. The message names the release;
    cancel it, complete it or roll it back first. The caller also needs to be allowed to
    change the deployments of every environment but dev the prompt is live in, as
    undeploying it there does (403 otherwise; a new version goes live in dev whoever
    creates it): a person needs the role (an editor may not delete a prompt
    live in production: `requiredRole`), a key needs that environment or `admin` (a
    staging key may not delete a prompt live in production).

    Args:
        id (str): Names a prompt of the key's project in a path: its id (a UUID), or its slug. A
            slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Any, Error]]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: Union[AuthenticatedClient, Client],
) -> Optional[Union[Any, Error]]:
    """Delete a prompt with all its versions and deployments

     Needs `prompts:write`. Resolving its slug is a 404 from the next request on. 409 while
    a release not yet ended (pending approval, scheduled or rolling out) moves the prompt:
    the release's other prompts would move without it. The message names the release;
    cancel it, complete it or roll it back first. The caller also needs to be allowed to
    change the deployments of every environment but dev the prompt is live in, as
    undeploying it there does (403 otherwise; a new version goes live in dev whoever
    creates it): a person needs the role (an editor may not delete a prompt
    live in production: `requiredRole`), a key needs that environment or `admin` (a
    staging key may not delete a prompt live in production).

    Args:
        id (str): Names a prompt of the key's project in a path: its id (a UUID), or its slug. A
            slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Any, Error]
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
