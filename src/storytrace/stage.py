"""A pipeline stage: a pure function with the names of what it reads and writes.

:class:`Stage` and :func:`run_stages` are the contract every declared stage
list uses (the corpus stages in :mod:`storytrace.pipeline`, the per-story
analysis stages in :mod:`storytrace.analyze`).  They live apart from both
lists so that each can import them without importing the other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Stage", "StageContractError", "run_stages"]


class StageContractError(RuntimeError):
    """A stage was run without one of its inputs, or did not return one of its outputs."""


@dataclass(frozen=True)
class Stage:
    """One stage of the pipeline.

    Attributes:
        name: short noun naming the stage ("align", "lineage").
        inputs: names of the state values the stage reads, in the order its
            function takes them as positional arguments.
        outputs: names of the values it returns (a single value when there is
            one name, a tuple of that many values otherwise).
        run: the pure stage function.
        summary: one line for the architecture table.

    Example:
        >>> double = Stage("double", ("x",), ("y",), lambda x: 2 * x, "doubles x")
        >>> run_stages([double], {"x": 21})["y"]
        42
    """

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    run: Callable[..., Any]
    summary: str = ""

    def __call__(self, state: Mapping[str, Any]) -> dict[str, Any]:
        """Run the stage on ``state`` and return its outputs by name."""
        missing = [name for name in self.inputs if name not in state]
        if missing:
            raise StageContractError(f"stage {self.name!r} needs {', '.join(missing)}, which no earlier stage produced")
        result = self.run(*(state[name] for name in self.inputs))
        if len(self.outputs) == 1:
            return {self.outputs[0]: result}
        if not isinstance(result, tuple) or len(result) != len(self.outputs):
            raise StageContractError(f"stage {self.name!r} must return {len(self.outputs)} values ({', '.join(self.outputs)})")
        return dict(zip(self.outputs, result))


def run_stages(stages: Sequence[Stage], state: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Run ``stages`` in order, each adding its outputs to ``state``; returns ``state``."""
    for stage in stages:
        state.update(stage(state))
    return state
