"""The one exception tree of storytrace.

Every error carries a stable code (``[ST1xx]``) so users can search for it and
the CLI and web edges can translate it into an exit code or an HTTP status::

    StorytraceError                [ST100]
    ├── SettingsError              [ST101]  bad key, value or config file
    ├── InputError                 [ST110]  an input a command needs gives no document
    │   └── FetchError             [ST111]  ... because its URL could not be fetched or was refused
    ├── StoreError                 [ST120]  the store cannot be opened or migrated
    │   └── NotFound               [ST121]  no such story or document
    ├── MissingExtra               [ST130]  an optional dependency is not installed
    ├── ReportError                [ST140]  a report cannot be written in that format
    └── AnalysisError              [ST150]  a per-story stage raised (names the stage; the cause is chained)

Bad *content* is not an exception: during a run, an input that cannot be read,
fetched or cleaned becomes a ``records.Rejected`` value with a reason
(``kinds.RejectionReason``) and the run goes on.  ``InputError`` and
``FetchError`` are for the callers that need one particular input and cannot
go on without it (``storytrace similar A B``); they carry the rejection's
reason and detail in their message.  Likewise a story whose analysis raises
is stored with a ``records.AnalysisFailure`` and the run goes on;
``AnalysisError`` is what :func:`storytrace.analyze.analyze_story` raises
for callers that analyse one story themselves.

Every class is importable from ``storytrace`` itself::

    >>> import storytrace
    >>> str(storytrace.SettingsError("bad value"))
    '[ST101] bad value'
    >>> issubclass(storytrace.NotFound, storytrace.StorytraceError)
    True
"""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "FetchError",
    "InputError",
    "MissingExtra",
    "NotFound",
    "ReportError",
    "SettingsError",
    "StoreError",
    "StorytraceError",
]


class StorytraceError(Exception):
    """The base of every storytrace error; ``code`` is its stable ``STxxx`` code."""

    code = "ST100"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class SettingsError(StorytraceError):
    code = "ST101"


class InputError(StorytraceError):
    code = "ST110"


class FetchError(InputError):
    code = "ST111"


class StoreError(StorytraceError):
    code = "ST120"


class NotFound(StoreError):
    code = "ST121"


class MissingExtra(StorytraceError):
    code = "ST130"

    def __init__(self, package: str, extra: str, purpose: str):
        super().__init__(
            f"{purpose} needs the optional package {package!r}; "
            f"install it with: pip install 'storytrace[{extra}]'"
        )
        self.package = package
        self.extra = extra


class ReportError(StorytraceError):
    code = "ST140"


class AnalysisError(StorytraceError):
    """A per-story analysis stage raised; ``stage`` names it and ``__cause__`` is what it raised."""

    code = "ST150"

    def __init__(self, story_id: str, stage: str, cause: BaseException):
        super().__init__(f"analysing story {story_id!r} failed in stage {stage!r}: {type(cause).__name__}: {cause}")
        self.story_id = story_id
        self.stage = stage
