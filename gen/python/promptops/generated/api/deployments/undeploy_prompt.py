from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.undeploy_request import UndeployRequest
from ...models.undeploy_response import UndeployResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    prompt_id: str,
    *,
    body: UndeployRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/prompts/{prompt_id}/undeploy".format(
            prompt_id=prompt_id,
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, UndeployResponse]]:
    if response.status_code == 200:
        response_200 = UndeployResponse.from_dict(response.json())

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
) -> Response[Union[Error, UndeployResponse]]:
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
    body: UndeployRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, UndeployResponse]]:
    """Remove a prompt from an environment

     Needs `prompts:write`, and the role (or key) that may change the environment's
    deployments, as promote. The prompt stops being live in the environment: its resolve
    there answers 404. The history records an `undeploy` (its `versionId` the version
    removed) and the event `deployment.undeployed` is recorded. After an undeploy, rollback
    in that environment has nothing to go back to (409), and the next promote starts the
    environment's history afresh.

    409 `CONFLICT` when nothing is live there, when a release is rolling the prompt out
    there (the message names the release, as promote's does), or when prompts live there
    include it as a partial (the message names them).

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        idempotency_key (Union[Unset, str]):
        body (UndeployRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, UndeployResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        body=body,
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
    body: UndeployRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, UndeployResponse]]:
    """Remove a prompt from an environment

     Needs `prompts:write`, and the role (or key) that may change the environment's
    deployments, as promote. The prompt stops being live in the environment: its resolve
    there answers 404. The history records an `undeploy` (its `versionId` the version
    removed) and the event `deployment.undeployed` is recorded. After an undeploy, rollback
    in that environment has nothing to go back to (409), and the next promote starts the
    environment's history afresh.

    409 `CONFLICT` when nothing is live there, when a release is rolling the prompt out
    there (the message names the release, as promote's does), or when prompts live there
    include it as a partial (the message names them).

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        idempotency_key (Union[Unset, str]):
        body (UndeployRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, UndeployResponse]
    """

    return sync_detailed(
        prompt_id=prompt_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UndeployRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, UndeployResponse]]:
    """Remove a prompt from an environment

     Needs `prompts:write`, and the role (or key) that may change the environment's
    deployments, as promote. The prompt stops being live in the environment: its resolve
    there answers 404. The history records an `undeploy` (its `versionId` the version
    removed) and the event `deployment.undeployed` is recorded. After an undeploy, rollback
    in that environment has nothing to go back to (409), and the next promote starts the
    environment's history afresh.

    409 `CONFLICT` when nothing is live there, when a release is rolling the prompt out
    there (the message names the release, as promote's does), or when prompts live there
    include it as a partial (the message names them).

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        idempotency_key (Union[Unset, str]):
        body (UndeployRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, UndeployResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    prompt_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: UndeployRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, UndeployResponse]]:
    """Remove a prompt from an environment

     Needs `prompts:write`, and the role (or key) that may change the environment's
    deployments, as promote. The prompt stops being live in the environment: its resolve
    there answers 404. The history records an `undeploy` (its `versionId` the version
    removed) and the event `deployment.undeployed` is recorded. After an undeploy, rollback
    in that environment has nothing to go back to (409), and the next promote starts the
    environment's history afresh.

    409 `CONFLICT` when nothing is live there, when a release is rolling the prompt out
    there (the message names the release, as promote's does), or when prompts live there
    include it as a partial (the message names them).

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        idempotency_key (Union[Unset, str]):
        body (UndeployRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, UndeployResponse]
    """

    return (
        await asyncio_detailed(
            prompt_id=prompt_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
