"""The package as it is distributed: a wheel with its types and the generated client, no tests."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).parents[1]


def test_wheel_builds(tmp_path: pathlib.Path) -> None:
    # --no-isolation: the build backend (hatchling) is the virtual environment's, pinned there.
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("promptops-1.0.0-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "promptops/py.typed" in names
    assert "promptops/generated/client.py" in names
    assert "promptops/generated/api/resolve/resolve_prompt.py" in names
    assert not [n for n in names if n.startswith("tests/")]
    metadata = zipfile.ZipFile(wheel).read("promptops-1.0.0.dist-info/METADATA").decode()
    assert "Requires-Python: >=3.9" in metadata
    assert "Provides-Extra: otel" in metadata
