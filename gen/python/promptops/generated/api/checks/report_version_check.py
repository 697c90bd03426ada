from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.report_check_request import ReportCheckRequest
from ...models.version_check_response import VersionCheckResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    prompt_id: str,
    version_id: str,
    *,
    body: ReportCheckRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/prompts/{prompt_id}/versions/{version_id}/checks".format(
            prompt_id=prompt_id,
            version_id=version_id,
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, VersionCheckResponse]]:
    if response.status_code == 200:
        response_200 = VersionCheckResponse.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = VersionCheckResponse.from_dict(response.json())

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
) -> Response[Union[Error, VersionCheckResponse]]:
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
    body: ReportCheckRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, VersionCheckResponse]]:
    r"""Report a check on a version

     Needs `prompts:write`. CI or an evaluation job reports on a version, like a commit
    status: `POST /api/v1/prompts/welcome-email/versions/3/checks` with `{\"name\": \"eval\",
    \"status\": \"passed\", \"score\": 0.92, \"detailsUrl\": \"https://ci.example.com/runs/812\"}`.
    One report is kept per name: a first report answers 201, a later one replaces it and
    answers 200. `detailsUrl` must be an http(s) URL. A version holds at most
    `PROMPTOPS_QUOTA_CHECKS` (100 by default) distinct names: a new name past it is a 409
    `QUOTA_EXCEEDED` (`checks`), while a name reported already is still replaced. A protected
    environment may require
    named checks to have passed (and a minimum score) before a version goes live there.
    Records `version.check_reported`.

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
        idempotency_key (Union[Unset, str]):
        body (ReportCheckRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, VersionCheckResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        version_id=version_id,
        body=body,
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
    body: ReportCheckRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, VersionCheckResponse]]:
    r"""Report a check on a version

     Needs `prompts:write`. CI or an evaluation job reports on a version, like a commit
    status: `POST /api/v1/prompts/welcome-email/versions/3/checks` with `{\"name\": \"eval\",
    \"status\": \"passed\", \"score\": 0.92, \"detailsUrl\": \"https://ci.example.com/runs/812\"}`.
    One report is kept per name: a first report answers 201, a later one replaces it and
    answers 200. `detailsUrl` must be an http(s) URL. A version holds at most
    `PROMPTOPS_QUOTA_CHECKS` (100 by default) distinct names: a new name past it is a 409
    `QUOTA_EXCEEDED` (`checks`), while a name reported already is still replaced. A protected
    environment may require
    named checks to have passed (and a minimum score) before a version goes live there.
    Records `version.check_reported`.

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
        idempotency_key (Union[Unset, str]):
        body (ReportCheckRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, VersionCheckResponse]
    """

    return sync_detailed(
        prompt_id=prompt_id,
        version_id=version_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    prompt_id: str,
    version_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: ReportCheckRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, VersionCheckResponse]]:
    r"""Report a check on a version

     Needs `prompts:write`. CI or an evaluation job reports on a version, like a commit
    status: `POST /api/v1/prompts/welcome-email/versions/3/checks` with `{\"name\": \"eval\",
    \"status\": \"passed\", \"score\": 0.92, \"detailsUrl\": \"https://ci.example.com/runs/812\"}`.
    One report is kept per name: a first report answers 201, a later one replaces it and
    answers 200. `detailsUrl` must be an http(s) URL. A version holds at most
    `PROMPTOPS_QUOTA_CHECKS` (100 by default) distinct names: a new name past it is a 409
    `QUOTA_EXCEEDED` (`checks`), while a name reported already is still replaced. A protected
    environment may require
    named checks to have passed (and a minimum score) before a version goes live there.
    Records `version.check_reported`.

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
        idempotency_key (Union[Unset, str]):
        body (ReportCheckRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, VersionCheckResponse]]
    """

    kwargs = _get_kwargs(
        prompt_id=prompt_id,
        version_id=version_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    prompt_id: str,
    version_id: str,
    *,
    client: Union[AuthenticatedClient, Client],
    body: ReportCheckRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, VersionCheckResponse]]:
    r"""Report a check on a version

     Needs `prompts:write`. CI or an evaluation job reports on a version, like a commit
    status: `POST /api/v1/prompts/welcome-email/versions/3/checks` with `{\"name\": \"eval\",
    \"status\": \"passed\", \"score\": 0.92, \"detailsUrl\": \"https://ci.example.com/runs/812\"}`.
    One report is kept per name: a first report answers 201, a later one replaces it and
    answers 200. `detailsUrl` must be an http(s) URL. A version holds at most
    `PROMPTOPS_QUOTA_CHECKS` (100 by default) distinct names: a new name past it is a 409
    `QUOTA_EXCEEDED` (`checks`), while a name reported already is still replaced. A protected
    environment may require
    named checks to have passed (and a minimum score) before a version goes live there.
    Records `version.check_reported`.

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
        idempotency_key (Union[Unset, str]):
        body (ReportCheckRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, VersionCheckResponse]
    """

    return (
        await asyncio_detailed(
            prompt_id=prompt_id,
            version_id=version_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
