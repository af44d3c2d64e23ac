"""Property: re-ingesting any set of documents, in any order, leaves the store unchanged."""

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from storytrace.runners.local import ingest
from storytrace.settings import Settings
from storytrace.store import open_store

TEXTS = [
    "Port reopens after storm\n\nThe harbour authority said on Monday that 40 cranes were back in service after the storm.",
    "Rail strike ends\n\nUnions and the operator agreed on Tuesday to a 4.5% raise, ending a strike that halted 1,200 trains.",
    "Comet seen from Lisbon\n\nAstronomers in Lisbon said the comet would be visible for about three weeks in June.",
    "Greve termina\n\nOs sindicatos e a operadora chegaram a acordo na terça-feira, pondo fim a uma greve de 1.200 comboios.",
    "",  # rejected: empty
    "\x00\x01binary\x00",  # rejected: binary
]


def write_corpus(tmp_path):
    paths = []
    for i, text in enumerate(TEXTS):
        path = tmp_path / f"doc{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_reingest_any_subset_in_any_order_is_a_noop(tmp_path, data):
    paths = write_corpus(tmp_path)
    settings = Settings()
    store = open_store(":memory:")
    first_order = data.draw(st.permutations(paths))
    ingest(first_order, store, settings)
    before = store.snapshot()
    again = data.draw(st.lists(st.sampled_from(paths), max_size=12))
    result = ingest(again, store, settings)
    assert result.added == []
    assert store.snapshot() == before


@hsettings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_ingest_order_does_not_change_the_store(tmp_path, data):
    paths = write_corpus(tmp_path)
    settings = Settings()
    a, b = open_store(":memory:"), open_store(":memory:")
    ingest(paths, a, settings)
    ingest(data.draw(st.permutations(paths)), b, settings)
    assert a.snapshot() == b.snapshot()


def test_parallel_ingest_stores_exactly_what_one_process_stores(tmp_path):
    """run.workers > 1 cleans in worker processes; order and results must not change."""
    texts = [t for t in TEXTS if t.strip() and "\x00" not in t]
    paths = []
    for i in range(40):  # above the size at which ingest starts a pool
        path = tmp_path / f"doc{i:02d}.txt"
        base = texts[i % len(texts)]
        path.write_text(base.replace("\n\n", f"\n\nUpdate {i}: ", 1) if i >= len(texts) else base, encoding="utf-8")
        paths.append(str(path))
    (tmp_path / "empty.txt").write_text("")
    paths.append(str(tmp_path / "empty.txt"))
    one, two = open_store(":memory:"), open_store(":memory:")
    first = ingest(paths, one, Settings({"run.workers": 1}))
    second = ingest(paths, two, Settings({"run.workers": 2}))
    assert first.added == second.added and len(first.added) == 40
    assert [r.reason for r in second.rejected] == ["empty"]
    assert one.snapshot() == two.snapshot()
