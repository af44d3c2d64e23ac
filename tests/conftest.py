"""Shared fixtures.

Tests that need the seeds or the public data sets find them in ``../shared``
beside the project (or in ``$STORYTRACE_SHARED``) and skip with a clear message
when it is absent.

The store tests (``test_store.py``, ``test_store_postgres.py``) share a real
PostgreSQL server started for the session: Debian's ``postgresql`` package
(``/usr/lib/postgresql/*/bin``), ``initdb`` into a temporary directory,
listening on a free loopback port with password (scram) authentication, its
socket in the same directory, stopped at the end of the session.  Root cannot
run postgres, so as root it runs as the ``postgres`` system user through
``runuser``/``setpriv``.  Without the binaries or psycopg the PostgreSQL cases
skip with a message saying what to install.

Markers are applied here, at collection, so that the test files stay as they
are: ``shared`` on every test that uses the ../shared fixtures (directly or
through another fixture), ``slow`` on the tests listed in :data:`SLOW` and on
every test that starts Spark.  ``pytest -m "not slow"`` is the quick loop;
``pytest -m "not shared"`` what runs without ../shared.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from storytrace.records import Document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PG_PASSWORD = "s3cret-pw"


# fixtures that read ../shared: a test that requests one (even through another
# fixture: item.fixturenames is the whole closure) gets the ``shared`` marker
SHARED_FIXTURES = frozenset({"shared_dir", "seeds_dir", "seed_texts", "seed_documents"})

# fixtures that start a Spark session (and run the whole pipeline on it)
SLOW_FIXTURES = frozenset({"spark", "spark_run"})

# tests that take over about 3 s on two cores (``pytest --durations=30``), setup
# included; an id without brackets covers every parameter of the test
SLOW = frozenset({
    "tests/test_browser.py::test_story_page_fact_click_and_side_by_side",
    "tests/test_clean.py::test_quality_floor_on_extraction_benchmark_pages",
    "tests/test_facts_frank.py::test_frank_balanced_accuracy_floor",
    "tests/test_fingerprint_table.py::test_workers_do_not_change_the_grouping[forkserver]",
    "tests/test_neural.py::test_neural_similarity_from_a_local_path",
})


@pytest.hookimpl(tryfirst=True)  # before -k/-m deselect, so that -m sees the markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    matched: set[str] = set()
    files = set()
    for item in items:
        nodeid = item.nodeid
        files.add(nodeid.split("::", 1)[0])
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SHARED_FIXTURES:
            item.add_marker(pytest.mark.shared)
        names = {nodeid, nodeid.split("[", 1)[0]} & SLOW
        if names or fixtures & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
            matched |= names
    # a renamed test would silently lose its marker: say so
    for nodeid in sorted(SLOW - matched):
        if nodeid.split("::", 1)[0] in files:
            warnings.warn(pytest.PytestWarning(f"conftest.SLOW lists {nodeid}, which no longer exists"), stacklevel=1)


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
def seed_documents(seeds_dir: Path) -> dict[str, Document]:
    """The seeds as clean Documents keyed by their prefix ("000".."004"), children excluded.

    Built with :func:`storytrace.clean.clean_document`; each keeps its prefix as
    its id so tests can name versions.  A test that needs a field the cleaner
    does not fill sets it on its own copy with ``dataclasses.replace``.
    """
    from dataclasses import replace

    from storytrace.clean import clean_document
    from storytrace.records import RawDocument

    docs = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        main = clean_document(RawDocument(str(path), path.read_bytes(), "text"))[0]
        assert isinstance(main, Document), main
        docs[path.name[:3]] = replace(main, id=path.name[:3])
    return docs


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


# -- a PostgreSQL server for the store tests ------------------------------------------


@dataclass
class PgServer:
    port: int
    superuser: str = "storytrace"

    def url(self, dbname: str = "postgres", user: str | None = None, password: str = PG_PASSWORD) -> str:
        return f"postgresql://{user or self.superuser}:{password}@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str, dbname: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            conn.execute(sql)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user() -> list[str]:
    """Command prefix that runs a program as a user postgres accepts (not root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no 'postgres' system user to run the server as")
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"]
    if shutil.which("setpriv"):
        entry = pwd.getpwnam("postgres")
        return ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups"]
    pytest.skip("running as root without runuser or setpriv to drop to the 'postgres' user")


@pytest.fixture(scope="session")
def pg_server():
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'storytrace[postgres]'")
    initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    bindir = Path(initdbs[-1]).parent if initdbs else (Path(shutil.which("initdb")).parent if shutil.which("initdb") else None)
    if bindir is None or not (bindir / "pg_ctl").exists():
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; install them: apt-get install -y postgresql")
    prefix = _as_server_user()
    base = Path(tempfile.mkdtemp(prefix="st-pg-"))  # short path: the socket name must fit in 107 bytes
    if prefix:
        entry = pwd.getpwnam("postgres")
        os.chown(base, entry.pw_uid, entry.pw_gid)
    pwfile = base / "pw"
    pwfile.write_text(PG_PASSWORD + "\n")
    if prefix:
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    data = base / "data"
    port = free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed:\n{done.stdout}\n{done.stderr}")

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "storytrace", f"--pwfile={pwfile}", "-E", "UTF8",
            "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off -c synchronous_commit=off"
                   " -c full_page_writes=off")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-t", "60", "-o", options, "start")
    except Exception:
        shutil.rmtree(base, ignore_errors=True)
        raise
    try:
        yield PgServer(port)
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


_numbers = itertools.count()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database; its default collation is ICU English to prove ORDER BY does not depend on it."""
    name = f"t{next(_numbers)}"
    try:
        pg_server.admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'")
    except Exception:  # a server built without ICU: the collation test then proves less
        pg_server.admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    return pg_server.url(name)
