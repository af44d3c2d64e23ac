"""The public API of ``storytrace``: a complete, sorted ``__all__`` whose names
all resolve, the whole exception tree exported, and the ``py.typed`` marker."""

from __future__ import annotations

import inspect
from pathlib import Path

import storytrace
from storytrace import errors, records


def test_all_is_sorted_complete_and_resolves() -> None:
    assert storytrace.__all__ == sorted(storytrace.__all__)
    assert set(storytrace.__all__) == {"__version__", *storytrace._API}
    assert dir(storytrace) == storytrace.__all__
    for name in storytrace.__all__:
        assert getattr(storytrace, name) is not None, name


def test_every_exception_is_exported_and_carries_a_code() -> None:
    for name in errors.__all__:
        cls = getattr(storytrace, name)
        assert cls is getattr(errors, name) and issubclass(cls, storytrace.StorytraceError)
        assert cls.code.startswith("ST") and f"[{cls.code}]" in errors.__doc__
    codes = [getattr(errors, n).code for n in errors.__all__]
    assert len(set(codes)) == len(codes)


def test_every_record_class_is_exported() -> None:
    classes = {n for n in records.__all__ if inspect.isclass(getattr(records, n)) and n != "FrozenDict"}
    assert classes <= set(storytrace.__all__)


def test_the_package_says_it_is_typed() -> None:
    assert (Path(storytrace.__file__).parent / "py.typed").is_file()
