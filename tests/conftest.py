"""Shared fixtures.

Tests that need the seeds or the public data sets find them in ``../shared``
beside the project (or in ``$STORYTRACE_SHARED``) and skip with a clear message
when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def find_shared() -> Path | None:
    candidate = Path(os.environ.get("STORYTRACE_SHARED", ROOT.parent / "shared"))
    return candidate if (candidate / "seeds").is_dir() else None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = find_shared()
    if path is None:
        pytest.skip("../shared (seeds and data sets) is not beside the project; set STORYTRACE_SHARED to run these tests")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    """Seed texts keyed by their three-digit prefix: {"000": ..., "004": ...}."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
