from http import HTTPStatus
from typing import Any, Optional, Union, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_release_request import CreateReleaseRequest
from ...models.error import Error
from ...models.release_response import ReleaseResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateReleaseRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/releases",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[Error, ReleaseResponse]]:
    if response.status_code == 201:
        response_201 = ReleaseResponse.from_dict(response.json())

        return response_201

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
) -> Response[Union[Error, ReleaseResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateReleaseRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, ReleaseResponse]]:
    r"""Release one or more prompts into an environment, together

     Needs `prompts:write` and the role (or key) that may change the deployments of the
    environment, as promote does. Every change moves one prompt (by id or slug) to one of
    its versions (by id, or number); all of them move together, in one transaction, so
    no reader sees some moved and others not.

    `strategy` says how (`immediate` when absent): `immediate` makes each version live
    at once (201, `completed`); `split` serves the new versions to `percent` % of subjects
    and the current ones to the rest until the release is completed or rolled back (202,
    `rolling_out`); `gradual` does the same at each step's `percent`, holding each step
    for its `duration` and until its guards are judged without breach, then serves the
    new versions to all (`completed`). A guard breach rolls the release back by itself,
    with `rollbackReason`. Split and gradual need a version live in the environment
    already (409 otherwise); a prompt whose new version is live already stays as it is,
    and the guards judge only the prompts the release rolls out. Only those are held
    while it rolls out (promote, rollback, undeploy and other releases of them there are
    a 409 naming it); the others stay free to change, and completing or rolling back the
    release leaves them alone. A release moves the
    prompts it names: while it rolls out a prompt that others include as a partial
    (`{{> slug}}`), they include its current version for every subject, and its new
    version once the release completes. `scheduledAt` (in the future, at most a year
    ahead) applies the release at that time (202, `scheduled`); cancel stops it until then.
    Should the project's state refuse it then (another release rolling one of its
    prompts out, a version no longer live for a split, a completion refused as below),
    it is cancelled, with `release.cancelled` and `rollbackReason` saying why (\"Could not
    apply at its scheduled time: …\").

    A release starts only if the project's state, as it stands, lets it complete: a
    split or gradual one whose new versions could not be live for everyone (a prompt
    live in the environment that includes one of its prompts would compose past the
    render limit with the new version, say) is refused as an immediate one is, with the
    409 of a promote refused for its composition (`details.composedBytes`, `limit` and
    the includer's `chain`), and nothing is stored. Should the state come to refuse a
    gradual release's completion after it has started (such an includer promoted
    since), the release is held after its last step as it is, still `rolling_out` at
    that step's share, with `release.held` and `waitingFor` saying why; its evaluations
    go on, and the first one the state allows completes it. It can still be rolled
    back, or completed by hand once the state allows.

    A protected environment holds the release in `pending_approval` (202) until it has
    its approvals and every required check has passed on each new version; `waitingFor`
    says what is missing, and the release applies by itself once nothing is. As a
    promote into such an environment, it is checked against the project's state when it
    applies, not before: the approval that would apply a release the state refuses is
    that 409, and is not recorded; a check report (or a lowered protection) that leaves
    it nothing else to wait for holds it, still `pending_approval`, with `release.held`
    and `waitingFor` saying why, and the next reconsideration the state allows applies it.

    400 for a bad strategy, more than 50 changes, a prompt named twice or an unknown
    environment; 404 for an unknown prompt or version (the message names it); 409 when
    another release is rolling out one of the prompts in the environment, when the
    environment requires a predecessor where the version has never been live, or when
    the project's state refuses the release's completion as it would start (\"The release
    could not complete: summarize v3 cannot be live in production: …\", with
    `composedBytes`, `limit` and `chain` for a composition past the render limit). The
    prompts a release moves are judged together, by the state they leave: a partial and a
    prompt that includes it may move in one release whatever the order of their slugs,
    and so may its rollback.

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateReleaseRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, ReleaseResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateReleaseRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, ReleaseResponse]]:
    r"""Release one or more prompts into an environment, together

     Needs `prompts:write` and the role (or key) that may change the deployments of the
    environment, as promote does. Every change moves one prompt (by id or slug) to one of
    its versions (by id, or number); all of them move together, in one transaction, so
    no reader sees some moved and others not.

    `strategy` says how (`immediate` when absent): `immediate` makes each version live
    at once (201, `completed`); `split` serves the new versions to `percent` % of subjects
    and the current ones to the rest until the release is completed or rolled back (202,
    `rolling_out`); `gradual` does the same at each step's `percent`, holding each step
    for its `duration` and until its guards are judged without breach, then serves the
    new versions to all (`completed`). A guard breach rolls the release back by itself,
    with `rollbackReason`. Split and gradual need a version live in the environment
    already (409 otherwise); a prompt whose new version is live already stays as it is,
    and the guards judge only the prompts the release rolls out. Only those are held
    while it rolls out (promote, rollback, undeploy and other releases of them there are
    a 409 naming it); the others stay free to change, and completing or rolling back the
    release leaves them alone. A release moves the
    prompts it names: while it rolls out a prompt that others include as a partial
    (`{{> slug}}`), they include its current version for every subject, and its new
    version once the release completes. `scheduledAt` (in the future, at most a year
    ahead) applies the release at that time (202, `scheduled`); cancel stops it until then.
    Should the project's state refuse it then (another release rolling one of its
    prompts out, a version no longer live for a split, a completion refused as below),
    it is cancelled, with `release.cancelled` and `rollbackReason` saying why (\"Could not
    apply at its scheduled time: …\").

    A release starts only if the project's state, as it stands, lets it complete: a
    split or gradual one whose new versions could not be live for everyone (a prompt
    live in the environment that includes one of its prompts would compose past the
    render limit with the new version, say) is refused as an immediate one is, with the
    409 of a promote refused for its composition (`details.composedBytes`, `limit` and
    the includer's `chain`), and nothing is stored. Should the state come to refuse a
    gradual release's completion after it has started (such an includer promoted
    since), the release is held after its last step as it is, still `rolling_out` at
    that step's share, with `release.held` and `waitingFor` saying why; its evaluations
    go on, and the first one the state allows completes it. It can still be rolled
    back, or completed by hand once the state allows.

    A protected environment holds the release in `pending_approval` (202) until it has
    its approvals and every required check has passed on each new version; `waitingFor`
    says what is missing, and the release applies by itself once nothing is. As a
    promote into such an environment, it is checked against the project's state when it
    applies, not before: the approval that would apply a release the state refuses is
    that 409, and is not recorded; a check report (or a lowered protection) that leaves
    it nothing else to wait for holds it, still `pending_approval`, with `release.held`
    and `waitingFor` saying why, and the next reconsideration the state allows applies it.

    400 for a bad strategy, more than 50 changes, a prompt named twice or an unknown
    environment; 404 for an unknown prompt or version (the message names it); 409 when
    another release is rolling out one of the prompts in the environment, when the
    environment requires a predecessor where the version has never been live, or when
    the project's state refuses the release's completion as it would start (\"The release
    could not complete: summarize v3 cannot be live in production: …\", with
    `composedBytes`, `limit` and `chain` for a composition past the render limit). The
    prompts a release moves are judged together, by the state they leave: a partial and a
    prompt that includes it may move in one release whatever the order of their slugs,
    and so may its rollback.

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateReleaseRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, ReleaseResponse]
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateReleaseRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[Error, ReleaseResponse]]:
    r"""Release one or more prompts into an environment, together

     Needs `prompts:write` and the role (or key) that may change the deployments of the
    environment, as promote does. Every change moves one prompt (by id or slug) to one of
    its versions (by id, or number); all of them move together, in one transaction, so
    no reader sees some moved and others not.

    `strategy` says how (`immediate` when absent): `immediate` makes each version live
    at once (201, `completed`); `split` serves the new versions to `percent` % of subjects
    and the current ones to the rest until the release is completed or rolled back (202,
    `rolling_out`); `gradual` does the same at each step's `percent`, holding each step
    for its `duration` and until its guards are judged without breach, then serves the
    new versions to all (`completed`). A guard breach rolls the release back by itself,
    with `rollbackReason`. Split and gradual need a version live in the environment
    already (409 otherwise); a prompt whose new version is live already stays as it is,
    and the guards judge only the prompts the release rolls out. Only those are held
    while it rolls out (promote, rollback, undeploy and other releases of them there are
    a 409 naming it); the others stay free to change, and completing or rolling back the
    release leaves them alone. A release moves the
    prompts it names: while it rolls out a prompt that others include as a partial
    (`{{> slug}}`), they include its current version for every subject, and its new
    version once the release completes. `scheduledAt` (in the future, at most a year
    ahead) applies the release at that time (202, `scheduled`); cancel stops it until then.
    Should the project's state refuse it then (another release rolling one of its
    prompts out, a version no longer live for a split, a completion refused as below),
    it is cancelled, with `release.cancelled` and `rollbackReason` saying why (\"Could not
    apply at its scheduled time: …\").

    A release starts only if the project's state, as it stands, lets it complete: a
    split or gradual one whose new versions could not be live for everyone (a prompt
    live in the environment that includes one of its prompts would compose past the
    render limit with the new version, say) is refused as an immediate one is, with the
    409 of a promote refused for its composition (`details.composedBytes`, `limit` and
    the includer's `chain`), and nothing is stored. Should the state come to refuse a
    gradual release's completion after it has started (such an includer promoted
    since), the release is held after its last step as it is, still `rolling_out` at
    that step's share, with `release.held` and `waitingFor` saying why; its evaluations
    go on, and the first one the state allows completes it. It can still be rolled
    back, or completed by hand once the state allows.

    A protected environment holds the release in `pending_approval` (202) until it has
    its approvals and every required check has passed on each new version; `waitingFor`
    says what is missing, and the release applies by itself once nothing is. As a
    promote into such an environment, it is checked against the project's state when it
    applies, not before: the approval that would apply a release the state refuses is
    that 409, and is not recorded; a check report (or a lowered protection) that leaves
    it nothing else to wait for holds it, still `pending_approval`, with `release.held`
    and `waitingFor` saying why, and the next reconsideration the state allows applies it.

    400 for a bad strategy, more than 50 changes, a prompt named twice or an unknown
    environment; 404 for an unknown prompt or version (the message names it); 409 when
    another release is rolling out one of the prompts in the environment, when the
    environment requires a predecessor where the version has never been live, or when
    the project's state refuses the release's completion as it would start (\"The release
    could not complete: summarize v3 cannot be live in production: …\", with
    `composedBytes`, `limit` and `chain` for a composition past the render limit). The
    prompts a release moves are judged together, by the state they leave: a partial and a
    prompt that includes it may move in one release whatever the order of their slugs,
    and so may its rollback.

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateReleaseRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[Error, ReleaseResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    body: CreateReleaseRequest,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[Error, ReleaseResponse]]:
    r"""Release one or more prompts into an environment, together

     Needs `prompts:write` and the role (or key) that may change the deployments of the
    environment, as promote does. Every change moves one prompt (by id or slug) to one of
    its versions (by id, or number); all of them move together, in one transaction, so
    no reader sees some moved and others not.

    `strategy` says how (`immediate` when absent): `immediate` makes each version live
    at once (201, `completed`); `split` serves the new versions to `percent` % of subjects
    and the current ones to the rest until the release is completed or rolled back (202,
    `rolling_out`); `gradual` does the same at each step's `percent`, holding each step
    for its `duration` and until its guards are judged without breach, then serves the
    new versions to all (`completed`). A guard breach rolls the release back by itself,
    with `rollbackReason`. Split and gradual need a version live in the environment
    already (409 otherwise); a prompt whose new version is live already stays as it is,
    and the guards judge only the prompts the release rolls out. Only those are held
    while it rolls out (promote, rollback, undeploy and other releases of them there are
    a 409 naming it); the others stay free to change, and completing or rolling back the
    release leaves them alone. A release moves the
    prompts it names: while it rolls out a prompt that others include as a partial
    (`{{> slug}}`), they include its current version for every subject, and its new
    version once the release completes. `scheduledAt` (in the future, at most a year
    ahead) applies the release at that time (202, `scheduled`); cancel stops it until then.
    Should the project's state refuse it then (another release rolling one of its
    prompts out, a version no longer live for a split, a completion refused as below),
    it is cancelled, with `release.cancelled` and `rollbackReason` saying why (\"Could not
    apply at its scheduled time: …\").

    A release starts only if the project's state, as it stands, lets it complete: a
    split or gradual one whose new versions could not be live for everyone (a prompt
    live in the environment that includes one of its prompts would compose past the
    render limit with the new version, say) is refused as an immediate one is, with the
    409 of a promote refused for its composition (`details.composedBytes`, `limit` and
    the includer's `chain`), and nothing is stored. Should the state come to refuse a
    gradual release's completion after it has started (such an includer promoted
    since), the release is held after its last step as it is, still `rolling_out` at
    that step's share, with `release.held` and `waitingFor` saying why; its evaluations
    go on, and the first one the state allows completes it. It can still be rolled
    back, or completed by hand once the state allows.

    A protected environment holds the release in `pending_approval` (202) until it has
    its approvals and every required check has passed on each new version; `waitingFor`
    says what is missing, and the release applies by itself once nothing is. As a
    promote into such an environment, it is checked against the project's state when it
    applies, not before: the approval that would apply a release the state refuses is
    that 409, and is not recorded; a check report (or a lowered protection) that leaves
    it nothing else to wait for holds it, still `pending_approval`, with `release.held`
    and `waitingFor` saying why, and the next reconsideration the state allows applies it.

    400 for a bad strategy, more than 50 changes, a prompt named twice or an unknown
    environment; 404 for an unknown prompt or version (the message names it); 409 when
    another release is rolling out one of the prompts in the environment, when the
    environment requires a predecessor where the version has never been live, or when
    the project's state refuses the release's completion as it would start (\"The release
    could not complete: summarize v3 cannot be live in production: …\", with
    `composedBytes`, `limit` and `chain` for a composition past the render limit). The
    prompts a release moves are judged together, by the state they leave: a partial and a
    prompt that includes it may move in one release whatever the order of their slugs,
    and so may its rollback.

    Args:
        idempotency_key (Union[Unset, str]):
        body (CreateReleaseRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[Error, ReleaseResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
