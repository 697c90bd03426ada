from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deployment_response import DeploymentResponse
from ...models.error import Error
from ...models.promote_request import PromoteRequest
from ...models.release_response import ReleaseResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    prompt_id: str,
    *,
    body: PromoteRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/prompts/{prompt_id}/promote".format(
            prompt_id=prompt_id,
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[DeploymentResponse, Error, ReleaseResponse]]:
    if response.status_code == 200:
        response_200 = DeploymentResponse.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = ReleaseResponse.from_dict(response.json())

        return response_202

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
) -> Response[Union[DeploymentResponse, Error, ReleaseResponse]]:
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
    body: PromoteRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[DeploymentResponse, Error, ReleaseResponse]]:
    r"""Make a version live in an environment

     Needs `prompts:write`. Creates or updates the environment's deployment and records it
    in the history. Promoting the version that is already live changes nothing. A version
    of another prompt is a 404.

    The body names the version by `versionId` or by `versionNumber`, exactly one of them
    (neither or both is a 400; a number past the newest version is a 404), and the path
    names the prompt by id or slug: `POST /api/v1/prompts/welcome-email/promote` with
    `{\"environment\": \"production\", \"versionNumber\": 3}`.

    A key's environment bounds its writes: it may promote only to its own environment,
    unless it has `admin` (the first key of a project, `dev` with every scope, promotes to
    production). Promoting elsewhere is a 403 whose `details.environment` names the
    environment the key may write.

    Into a protected environment (required approvals or checks) the promote answers 202
    with a pending release of this one prompt instead of applying. A promote (or a
    rollback) of a prompt that a release is rolling out in the environment is a 409
    naming the release: complete it or roll it back first.

    Composition is bounded where it happens. Partials that would include the prompt
    itself or nest deeper than 5 are a 409. So is a promote after which a prompt live in
    the environment (this one, or one that includes it, directly or through other
    partials, in its live version or in the new version a split or gradual release serves
    to its share) would compose past its bounds: its messages with their partials expanded
    larger than the render limit (`PROMPTOPS_RENDER_LIMIT`, 1 MiB by default; the 409's
    `details` give `composedBytes`, `limit` and the `chain` of partials the most comes
    through), or a message holding more than 1,000 placeholders and partial tags with its
    partials expanded (`details.limit`). Partials that do not resolve in the environment
    are passed over (the prompt's resolve is then a 404 until they do); a pinned partial
    `{{> slug@3}}` resolves there only once version 3 has been live there, as
    `version=3` on resolve.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        idempotency_key (Union[Unset, str]):
        body (PromoteRequest): The environment, and the version to make live there: by `versionId`
            or by
            `versionNumber`, exactly one of the two (neither, or both, is a 400).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[DeploymentResponse, Error, ReleaseResponse]]
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
    body: PromoteRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[DeploymentResponse, Error, ReleaseResponse]]:
    r"""Make a version live in an environment

     Needs `prompts:write`. Creates or updates the environment's deployment and records it
    in the history. Promoting the version that is already live changes nothing. A version
    of another prompt is a 404.

    The body names the version by `versionId` or by `versionNumber`, exactly one of them
    (neither or both is a 400; a number past the newest version is a 404), and the path
    names the prompt by id or slug: `POST /api/v1/prompts/welcome-email/promote` with
    `{\"environment\": \"production\", \"versionNumber\": 3}`.

    A key's environment bounds its writes: it may promote only to its own environment,
    unless it has `admin` (the first key of a project, `dev` with every scope, promotes to
    production). Promoting elsewhere is a 403 whose `details.environment` names the
    environment the key may write.

    Into a protected environment (required approvals or checks) the promote answers 202
    with a pending release of this one prompt instead of applying. A promote (or a
    rollback) of a prompt that a release is rolling out in the environment is a 409
    naming the release: complete it or roll it back first.

    Composition is bounded where it happens. Partials that would include the prompt
    itself or nest deeper than 5 are a 409. So is a promote after which a prompt live in
    the environment (this one, or one that includes it, directly or through other
    partials, in its live version or in the new version a split or gradual release serves
    to its share) would compose past its bounds: its messages with their partials expanded
    larger than the render limit (`PROMPTOPS_RENDER_LIMIT`, 1 MiB by default; the 409's
    `details` give `composedBytes`, `limit` and the `chain` of partials the most comes
    through), or a message holding more than 1,000 placeholders and partial tags with its
    partials expanded (`details.limit`). Partials that do not resolve in the environment
    are passed over (the prompt's resolve is then a 404 until they do); a pinned partial
    `{{> slug@3}}` resolves there only once version 3 has been live there, as
    `version=3` on resolve.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        idempotency_key (Union[Unset, str]):
        body (PromoteRequest): The environment, and the version to make live there: by `versionId`
            or by
            `versionNumber`, exactly one of the two (neither, or both, is a 400).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[DeploymentResponse, Error, ReleaseResponse]
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
    body: PromoteRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[DeploymentResponse, Error, ReleaseResponse]]:
    r"""Make a version live in an environment

     Needs `prompts:write`. Creates or updates the environment's deployment and records it
    in the history. Promoting the version that is already live changes nothing. A version
    of another prompt is a 404.

    The body names the version by `versionId` or by `versionNumber`, exactly one of them
    (neither or both is a 400; a number past the newest version is a 404), and the path
    names the prompt by id or slug: `POST /api/v1/prompts/welcome-email/promote` with
    `{\"environment\": \"production\", \"versionNumber\": 3}`.

    A key's environment bounds its writes: it may promote only to its own environment,
    unless it has `admin` (the first key of a project, `dev` with every scope, promotes to
    production). Promoting elsewhere is a 403 whose `details.environment` names the
    environment the key may write.

    Into a protected environment (required approvals or checks) the promote answers 202
    with a pending release of this one prompt instead of applying. A promote (or a
    rollback) of a prompt that a release is rolling out in the environment is a 409
    naming the release: complete it or roll it back first.

    Composition is bounded where it happens. Partials that would include the prompt
    itself or nest deeper than 5 are a 409. So is a promote after which a prompt live in
    the environment (this one, or one that includes it, directly or through other
    partials, in its live version or in the new version a split or gradual release serves
    to its share) would compose past its bounds: its messages with their partials expanded
    larger than the render limit (`PROMPTOPS_RENDER_LIMIT`, 1 MiB by default; the 409's
    `details` give `composedBytes`, `limit` and the `chain` of partials the most comes
    through), or a message holding more than 1,000 placeholders and partial tags with its
    partials expanded (`details.limit`). Partials that do not resolve in the environment
    are passed over (the prompt's resolve is then a 404 until they do); a pinned partial
    `{{> slug@3}}` resolves there only once version 3 has been live there, as
    `version=3` on resolve.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        idempotency_key (Union[Unset, str]):
        body (PromoteRequest): The environment, and the version to make live there: by `versionId`
            or by
            `versionNumber`, exactly one of the two (neither, or both, is a 400).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[DeploymentResponse, Error, ReleaseResponse]]
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
    body: PromoteRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[DeploymentResponse, Error, ReleaseResponse]]:
    r"""Make a version live in an environment

     Needs `prompts:write`. Creates or updates the environment's deployment and records it
    in the history. Promoting the version that is already live changes nothing. A version
    of another prompt is a 404.

    The body names the version by `versionId` or by `versionNumber`, exactly one of them
    (neither or both is a 400; a number past the newest version is a 404), and the path
    names the prompt by id or slug: `POST /api/v1/prompts/welcome-email/promote` with
    `{\"environment\": \"production\", \"versionNumber\": 3}`.

    A key's environment bounds its writes: it may promote only to its own environment,
    unless it has `admin` (the first key of a project, `dev` with every scope, promotes to
    production). Promoting elsewhere is a 403 whose `details.environment` names the
    environment the key may write.

    Into a protected environment (required approvals or checks) the promote answers 202
    with a pending release of this one prompt instead of applying. A promote (or a
    rollback) of a prompt that a release is rolling out in the environment is a 409
    naming the release: complete it or roll it back first.

    Composition is bounded where it happens. Partials that would include the prompt
    itself or nest deeper than 5 are a 409. So is a promote after which a prompt live in
    the environment (this one, or one that includes it, directly or through other
    partials, in its live version or in the new version a split or gradual release serves
    to its share) would compose past its bounds: its messages with their partials expanded
    larger than the render limit (`PROMPTOPS_RENDER_LIMIT`, 1 MiB by default; the 409's
    `details` give `composedBytes`, `limit` and the `chain` of partials the most comes
    through), or a message holding more than 1,000 placeholders and partial tags with its
    partials expanded (`details.limit`). Partials that do not resolve in the environment
    are passed over (the prompt's resolve is then a 404 until they do); a pinned partial
    `{{> slug@3}}` resolves there only once version 3 has been live there, as
    `version=3` on resolve.

    Args:
        prompt_id (str): Names a prompt of the key's project in a path: its id (a UUID), or its
            slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        idempotency_key (Union[Unset, str]):
        body (PromoteRequest): The environment, and the version to make live there: by `versionId`
            or by
            `versionNumber`, exactly one of the two (neither, or both, is a 400).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[DeploymentResponse, Error, ReleaseResponse]
    """

    return (
        await asyncio_detailed(
            prompt_id=prompt_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
