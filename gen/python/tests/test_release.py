"""Releases in the SDK against a live server (see conftest): local assignment, the feed, the snapshot file."""

from __future__ import annotations

import asyncio
import os
import uuid
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from promptops import AsyncPromptOps, PromptOps, PromptOpsError
from promptops.assign import variant
from tests.conftest import CONTROL_URL, DIRECT_URL, URL, Admin, control, live, until

pytestmark = live


def rolled_out(admin: Admin, percent: float, *names: str) -> tuple[list[str], list[list[str]], dict[str, str]]:
    """Make prompts, each with two versions, the first live in production, and roll the second out to percent.

    Return the slugs, each prompt's version ids and the release ({"id", "salt"}).
    """
    slugs, changes, versions = [], {}, []
    for name in names:
        slug = f"{name}-{uuid.uuid4().hex[:6]}"
        prompt_id, ids = admin.prompt(
            slug,
            {"systemPrompt": "", "userTemplate": f"{name} one {{{{name}}}}"},
            {"systemPrompt": "", "userTemplate": f"{name} two {{{{name}}}}"},
        )
        admin.promote(prompt_id, ids[0])
        slugs.append(slug)
        versions.append(ids)
        changes[prompt_id] = ids[1]
    resp = httpx.post(
        f"{CONTROL_URL}/release", json={"projectId": admin.project_id, "percent": percent, "changes": changes}
    )
    assert resp.status_code == 200, resp.text
    return slugs, versions, resp.json()


def read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def server_resolve(key: str, slug: str, subject: str) -> httpx.Response:
    resp = httpx.get(
        f"{DIRECT_URL}/api/v1/prompts/{slug}/resolve",
        params={"subject": subject},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert resp.status_code == 200, resp.text
    return resp


def test_subjects_the_server_refuses_are_refused(admin: Admin, prod_key: str) -> None:
    # An empty subject is not taken for none: get_prompt refuses it, as the others the server
    # refuses, with the server's 400, before it asks its cache (sync) or its loop (async). A
    # surrogate no client can encode: the server is sent the nearest thing one could, its
    # bytes in WTF-8 ("\ud800": %ED%A0%80).
    slugs, _, _ = rolled_out(admin, 50, "refused")
    with PromptOps(URL, prod_key, prefetch=slugs) as po:
        po.ready(10)
        for subject in ("", "x" * 257, "user\x001", "user-\ud800"):
            query = quote(subject.encode("utf-8", "surrogatepass"), safe="")
            resp = httpx.get(
                f"{DIRECT_URL}/api/v1/prompts/{slugs[0]}/resolve?subject={query}",
                headers={"Authorization": f"Bearer {prod_key}"},
            )
            assert resp.status_code == 400, resp.text
            want = resp.json()["error"]
            hits = po.stats()["hits"]
            with pytest.raises(PromptOpsError) as caught:
                po.get_prompt(slugs[0], subject=subject)
            err = caught.value
            assert (err.code, str(err), err.details) == ("BAD_REQUEST", want["message"], want["details"])
            assert po.stats()["hits"] == hits

            async def refused(s: str = subject) -> PromptOpsError:
                async with AsyncPromptOps(URL, prod_key) as apo:
                    with pytest.raises(PromptOpsError) as caught:
                        await apo.get_prompt(slugs[0], subject=s)
                    return caught.value

            err = asyncio.run(refused())
            assert (err.code, str(err), err.details) == ("BAD_REQUEST", want["message"], want["details"])


def test_subjects_get_the_servers_variant(admin: Admin, prod_key: str, tmp_path: Any, relay_restored: None) -> None:
    slugs, versions, release = rolled_out(admin, 10, "faq", "bye")
    path = str(tmp_path / "promptops-snapshot.json")
    candidates = 0
    with PromptOps(URL, prod_key, prefetch=slugs, snapshot_file=path) as po:
        po.ready(10)
        for i in range(200):
            subject = f"user-{i}"
            for slug in slugs:
                want = server_resolve(prod_key, slug, subject)
                got = po.get_prompt(slug, subject=subject)
                assert got.source == "cache"
                data = want.json()["data"]
                assert (got.data["versionId"], got.release) == (data["versionId"], data["release"])
                assert want.headers["PromptOps-Release"] == f"{release['id']}; variant={got.release['variant']}"  # type: ignore[index]
            if i % 20 == 0:
                resp = httpx.post(
                    f"{DIRECT_URL}/api/v1/prompts/{slugs[0]}/render",
                    json={"variables": {"name": "Ada"}},
                    headers={"Authorization": f"Bearer {prod_key}", "PromptOps-Subject": subject},
                )
                assert resp.status_code == 200, resp.text
                assert po.get_prompt(slugs[0], subject=subject).render({"name": "Ada"}).data == resp.json()["data"]
            candidates += variant(release["salt"], subject, 10) == "candidate"
        assert 0 < candidates < 200
        none = po.get_prompt(slugs[0])
        assert (none.data["versionId"], none.release) == (versions[0][0], {"id": release["id"], "variant": "current"})
        until(lambda: os.path.exists(path) and release["salt"] in read(path), "the release in the snapshot file")

    # The snapshot file keeps the release: a start with the server down assigns as before.
    control("stop")
    with PromptOps(URL, prod_key, snapshot_file=path, timeout=1) as restarted:
        for i in range(20):
            subject = f"user-{i}"
            got = restarted.get_prompt(slugs[0], subject=subject)
            expected = versions[0][1] if variant(release["salt"], subject, 10) == "candidate" else versions[0][0]
            assert (got.source, got.data["versionId"]) == ("stale", expected)


def test_a_release_moves_its_prompts_together(admin: Admin, prod_key: str) -> None:
    slugs, versions, release = rolled_out(admin, 10, "hello", "footer")
    subject, i = "watcher", 0
    while variant(release["salt"], subject, 10) == "candidate":
        subject, i = f"watcher-{i}", i + 1
    with PromptOps(URL, prod_key, prefetch=slugs) as po:
        po.ready(10)
        resp = httpx.post(f"{CONTROL_URL}/advance", params={"release": release["id"], "percent": 100})
        assert resp.status_code == 204, resp.text
        checks = 0

        def moved() -> bool:
            """Read both prompts from the cache, the first first: never the first moved and the second not."""
            nonlocal checks
            checks += 1
            first, second = (po.get_prompt(slug, subject=subject) for slug in slugs)
            assert (first.source, second.source) == ("cache", "cache")
            on = [p.data["versionId"] == v[1] for p, v in zip((first, second), versions)]
            assert on != [True, False], "one prompt of the release moved and not the other"
            return all(on)

        until(moved, "the release's advance in the cache")
        print(f"the advance reached the cache after {checks} checks of both prompts")
        assert po.get_prompt(slugs[1], subject=subject).release == {"id": release["id"], "variant": "candidate"}
