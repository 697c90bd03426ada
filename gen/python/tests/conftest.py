"""The live server the tests run against, started by the Go test TestPythonSDK.

PROMPTOPS_URL is a TCP relay to the server that PROMPTOPS_CONTROL_URL stops (as a killed server
goes: the port closed and every connection cut), starts again and slows; PROMPTOPS_DIRECT_URL
reaches the server past it, for the admin's calls while it is "down". Without them the live
tests skip, saying so (the conformance vectors need no server).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from typing import Any, Callable, TypeVar, cast

import attrs
import httpx
import pytest

from promptops.generated.api.api_keys import create_api_key, revoke_api_key
from promptops.generated.api.deployments import promote_prompt, undeploy_prompt
from promptops.generated.api.projects import create_project
from promptops.generated.api.prompts import create_prompt
from promptops.generated.api.versions import create_version
from promptops.generated.client import AuthenticatedClient, Client
from promptops.generated.models import (
    CreateApiKeyRequest,
    CreateProjectRequest,
    CreatePromptRequest,
    CreateVersionRequest,
    PromoteRequest,
    UndeployRequest,
)
from promptops.generated.types import UNSET

URL = os.environ.get("PROMPTOPS_URL", "")
DIRECT_URL = os.environ.get("PROMPTOPS_DIRECT_URL", "")
CONTROL_URL = os.environ.get("PROMPTOPS_CONTROL_URL", "")

live = pytest.mark.skipif(
    not (URL and DIRECT_URL and CONTROL_URL),
    reason="PROMPTOPS_URL, PROMPTOPS_DIRECT_URL and PROMPTOPS_CONTROL_URL are not set: "
    "the live tests run under the Go test TestPythonSDK (make test)",
)


def control(what: str) -> None:
    """Stop, start or slow (slow?ms=N) the relay in front of the server."""
    resp = httpx.post(f"{CONTROL_URL}/{what}")
    assert resp.status_code == 204, f"control {what}: {resp.status_code} {resp.text}"


def until(done: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Wait for done() to hold, polling; fail naming what did not happen."""
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.005)


M = TypeVar("M")


def model(cls: type[M], body: dict[str, Any]) -> M:
    """Return the generated model of a request body, as the body says.

    openapi-python-client's from_dict turns an optional list that the body leaves out into an
    empty one ([] for messages and tools), which the server reads otherwise (messages must then
    hold one item): such fields are unset again.
    """
    obj: Any = cls.from_dict(body)  # type: ignore[attr-defined]
    for f in attrs.fields(cls):  # type: ignore[arg-type]
        head, *rest = f.name.split("_")
        if head + "".join(p.title() for p in rest) not in body and getattr(obj, f.name) == []:
            setattr(obj, f.name, UNSET)
    return obj  # type: ignore[no-any-return]


class Admin:
    """A project on the live server, administered with its first key through the generated client."""

    def __init__(self) -> None:
        # The generator types an operation of optional security ([{}, bearerAuth]) as needing an
        # AuthenticatedClient; project creation is anonymous here, and the plain Client works.
        anonymous = cast(AuthenticatedClient, Client(base_url=DIRECT_URL))
        resp = create_project.sync_detailed(
            client=anonymous, body=CreateProjectRequest(name=f"Python SDK {uuid.uuid4().hex[:8]}")
        )
        assert resp.status_code == 201, resp.content
        parsed: Any = resp.parsed
        self.key: str = parsed.data.api_key
        self.project_id = str(parsed.data.project.id)
        self.client = AuthenticatedClient(base_url=DIRECT_URL, token=self.key)

    def prompt(self, slug: str, *versions: dict[str, Any]) -> tuple[str, list[str]]:
        """Create a prompt and its versions; return its id and the versions' ids."""
        resp = create_prompt.sync_detailed(client=self.client, body=CreatePromptRequest(slug=slug, name=slug))
        assert resp.status_code == 201, resp.content
        parsed: Any = resp.parsed
        prompt_id = str(parsed.data.id)
        return prompt_id, [self.version(prompt_id, body) for body in versions]

    def version(self, prompt_id: str, body: dict[str, Any]) -> str:
        resp = create_version.sync_detailed(prompt_id, client=self.client, body=model(CreateVersionRequest, body))
        assert resp.status_code == 201, resp.content
        parsed: Any = resp.parsed
        return str(parsed.data.id)

    def promote(self, prompt_id: str, version_id: str, environment: str = "production") -> None:
        resp = promote_prompt.sync_detailed(
            prompt_id,
            client=self.client,
            body=PromoteRequest.from_dict({"environment": environment, "versionId": version_id}),
        )
        assert resp.status_code == 200, resp.content

    def undeploy(self, prompt_id: str, environment: str = "production") -> None:
        resp = undeploy_prompt.sync_detailed(
            prompt_id, client=self.client, body=UndeployRequest(environment=environment)
        )
        assert resp.status_code == 200, resp.content

    def new_key(self, label: str, environment: str = "production") -> tuple[str, str]:
        """Create a prompts:read key; return its id and the full key."""
        resp = create_api_key.sync_detailed(
            client=self.client,
            body=CreateApiKeyRequest.from_dict(
                {"environment": environment, "label": label, "scopes": ["prompts:read"]}
            ),
        )
        assert resp.status_code == 201, resp.content
        parsed: Any = resp.parsed
        return str(parsed.data.id), parsed.data.full_key

    def revoke(self, key_id: str) -> None:
        resp = revoke_api_key.sync_detailed(uuid.UUID(key_id), client=self.client)
        assert resp.status_code in (200, 204), resp.content


@pytest.fixture(scope="session")
def admin() -> Admin:
    return Admin()


@pytest.fixture(scope="session")
def prod_key(admin: Admin) -> str:
    return admin.new_key("python app")[1]


@pytest.fixture
def relay_restored() -> Iterator[None]:
    """Start the relay and take its delay away after a test that stopped or slowed it."""
    yield
    control("start")
    control("slow?ms=0")
