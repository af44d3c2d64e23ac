"""One frozen settings tree, declared once with help text.

Precedence, lowest first: the defaults below, a user TOML file (``--config``),
``STORYTRACE_*`` environment variables (``STORYTRACE_GROUP__THRESHOLD=0.4``
sets ``group.threshold``; ``STORYTRACE_DB`` sets ``store.db``), then
``--set key=value`` on the command line.

Every value is checked on load against its declaration (type, choices,
range); anything else is refused with a :class:`~storytrace.errors.SettingsError`
that names the setting and the values it accepts, so a typo such as
``clean.html_favor=precison`` or ``group.threshold=7`` stops the run at once
instead of quietly changing results.

Each stage reads only its own section, e.g. ``settings.group.threshold``.
``docs/settings.md`` is generated from :data:`SETTINGS` and a test checks it is
current, so the table below is the one place a setting is declared.

>>> s = load_settings(overrides=["group.threshold=0.5"])
>>> s.group.threshold
0.5
>>> load_settings(overrides=["group.threshold=7"], env={})
Traceback (most recent call last):
  ...
storytrace.errors.SettingsError: [ST101] setting group.threshold must be a number from 0 to 1; got '7'
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import SettingsError
from .models import load_model

__all__ = ["SETTINGS", "Setting", "Settings", "load_settings", "settings_markdown"]


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its key, default, help text and the values it accepts.

    The type is the default's type (bool, int, float or str).  ``choices``
    lists the accepted strings (with ``several``, a comma-separated list of
    them, possibly empty); ``minimum``/``maximum`` bound a number (inclusive;
    ``above`` is an exclusive lower bound).
    """

    key: str
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    several: bool = False
    minimum: float | None = None
    maximum: float | None = None
    above: float | None = None

    @property
    def type_name(self) -> str:
        return {bool: "boolean", int: "integer", float: "number", str: "string"}[type(self.default)]

    def allowed(self) -> str:
        """The accepted values in words, e.g. ``a number from 0 to 1``."""
        if self.choices:
            listed = ", ".join(self.choices)
            return f"a comma-separated list of: {listed} (or empty)" if self.several else f"one of: {listed}"
        if isinstance(self.default, bool):
            return "true or false"
        bounds = []
        if self.above is not None:
            bounds.append(f"> {_num(self.above)}")
        if self.minimum is not None and self.maximum is not None:
            return f"{'an' if self.type_name == 'integer' else 'a'} {self.type_name} from {_num(self.minimum)} to {_num(self.maximum)}"
        if self.minimum is not None:
            bounds.append(f">= {_num(self.minimum)}")
        if self.maximum is not None:
            bounds.append(f"<= {_num(self.maximum)}")
        article = "an" if self.type_name == "integer" else "a"
        return f"{article} {self.type_name}" + (" " + " and ".join(bounds) if bounds else "")

    def check(self, value: Any) -> Any:
        """``value`` (a string from the CLI or environment, or a TOML value) as this setting's type.

        Raises:
            SettingsError: the wrong type, or a value outside ``allowed()``;
                the message names the setting and the allowed values.
        """
        given = value
        value = _coerce(self, value)
        if self.choices:
            items = [x.strip() for x in value.split(",") if x.strip()] if self.several else [value]
            wrong = [x for x in items if x not in self.choices]
            if wrong:
                raise SettingsError(f"setting {self.key} must be {self.allowed()}; got {given!r}")
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and (
            math.isnan(value)
            or (self.above is not None and not value > self.above)
            or (self.minimum is not None and value < self.minimum)
            or (self.maximum is not None and value > self.maximum)
        ):
            raise SettingsError(f"setting {self.key} must be {self.allowed()}; got {given!r}")
        return value


def _num(x: float) -> str:
    return f"{x:g}"


_FACT_LANGUAGES = ("en", "pt", "es", "fr", "de")  # the languages the fact extractors know

SETTINGS: tuple[Setting, ...] = (
    # store
    Setting("store.db", "storytrace.db", "Store location: a SQLite path, ':memory:', or a postgresql:// URL."),
    # ingest
    Setting("ingest.max_bytes", 10_000_000, "Inputs larger than this many bytes are rejected (reason too_large).", minimum=1),
    Setting("ingest.fetch_timeout", 15.0, "Seconds before fetching a URL gives up.", above=0),
    Setting("ingest.allow_private_addresses", False, "Allow fetching URLs that resolve to private, loopback or link-local addresses."),
    Setting("ingest.user_agent", "storytrace/0.1", "User-Agent header sent when fetching URLs."),
    Setting("ingest.follow_links_in_feeds", False, "Fetch the article pages that RSS/Atom entries link to (otherwise use the entry text)."),
    # clean
    Setting("clean.min_chars", 40, "Documents with fewer characters of clean text are rejected (reason no_text).", minimum=0),
    Setting("clean.split_appended", True, "Split unrelated articles appended after a story into their own documents."),
    Setting("clean.language_min_confidence", 0.25, "Below this language-identification confidence the language is left unknown.", minimum=0, maximum=1),
    Setting("clean.html_favor", "balanced", "HTML main-text extraction bias (trafilatura): balanced, precision or recall.",
            choices=("balanced", "precision", "recall")),
    # group
    Setting("group.threshold", 0.8, "Story similarity at or above which two documents are grouped together (the score is calibrated to SemEval-2022 Task 8: 1 same story, 0.67 'somewhat similar', 0 unrelated).",
            minimum=0, maximum=1),
    Setting("group.time_window_days", 14, "Only group documents published at most this many days apart (0: no window).", minimum=0),
    Setting("group.backend", "lexical", "Similarity backend: lexical (model-free), neural, or hybrid (both, averaged).",
            choices=("lexical", "neural", "hybrid")),
    Setting("group.neural_model", "", "Sentence-transformers model name or local path for the neural/hybrid backend."),
    Setting("group.neural_weight", 0.5, "Weight of the neural score in the hybrid backend.", minimum=0, maximum=1),
    Setting("group.max_candidates", 50, "At most this many candidate neighbours are scored per document.", minimum=1),
    # align
    Setting("align.min_score", 0.3, "Sentence pairs scoring below this are not aligned (they become additions/omissions); across languages 0.6 times this, and half that again for a sentence between two aligned neighbours.",
            minimum=0, maximum=1),
    # the default is the fitted model's own threshold, so a refit (bench/msrp.py --fit --write) reaches the pipeline
    Setting("align.paraphrase_threshold", float(load_model("paraphrase-v1")["threshold"]),
            "paraphrase_score at or above which two sentences count as paraphrases (default: the threshold stored with the paraphrase model, cross-validated on MSRP).",
            minimum=0, maximum=1),
    # lineage
    Setting("lineage.latent_min_exclusive", 0.15, "Share of each version's content absent from the other above which a shared latent source is assumed.",
            minimum=0, maximum=1),
    # facts
    Setting("facts.languages", ",".join(_FACT_LANGUAGES), "Languages whose fact extractors are used.", choices=_FACT_LANGUAGES, several=True),
    Setting("facts.entity_backend", "rules", "Entity extraction backend: rules (gazetteer, default) or spacy.", choices=("rules", "spacy")),
    Setting("facts.spacy_model", "", "spaCy pipeline name or path when facts.entity_backend is spacy."),
    Setting("facts.citation_max_age_days", 365, "A cited page dated more than this many days before the story is anachronistic (0: never).", minimum=0),
    # citations
    Setting("citations.online", False, "Also check cited URLs over the network (status, redirects, final URL)."),
    Setting("citations.timeout", 10.0, "Seconds before an online citation check gives up.", above=0),
    Setting("citations.per_host_interval", 1.0, "Minimum seconds between online checks of the same host.", minimum=0),
    Setting("citations.cache", "", "Path of the online-check cache (SQLite); empty: next to the store."),
    # report
    Setting("report.max_brief_sentences", 6, "At most this many sentences in the brief's 'what happened' part.", minimum=0),
    # web
    Setting("web.token", "", "Bearer token required by POST /api/documents; empty disables ingest over the API."),
    Setting("web.read_token_required", False, "Require the bearer token for reading pages and the API too."),
    Setting("web.max_request_bytes", 2_000_000, "Largest request body accepted by the API.", minimum=1),
    # runner
    Setting("run.workers", 0, "Processes that clean documents during ingest and fingerprint and score them during grouping; 0 = one per CPU, 1 = no worker processes.",
            minimum=0),
)

_BY_KEY = {s.key: s for s in SETTINGS}
_DEFAULTS = {s.key: s.default for s in SETTINGS}
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _coerce(setting: Setting, value: Any) -> Any:
    """Convert ``value`` to the type of the setting's default, refusing what does not fit.

    Strings (the CLI and the environment only give strings) are parsed; typed
    values (TOML, code) must already be of the right type, except that an
    integer is a fine number.  A boolean is never taken for a number, and a
    number with a fraction is never cut down to an integer.
    """
    default = setting.default
    wrong = SettingsError(f"setting {setting.key} must be {setting.allowed()}; got {value!r}")
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise wrong
    if isinstance(value, bool):
        raise wrong
    if isinstance(default, int):
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                raise wrong from None
        raise wrong
    if isinstance(default, float):
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                raise wrong from None
        raise wrong
    if isinstance(value, str):
        return value
    raise wrong


class _Section:
    __slots__ = ("_name", "_values")

    def __init__(self, name: str, values: Mapping[str, Any]):
        self._name = name
        self._values = values

    def __getattr__(self, item: str) -> Any:
        try:
            return self._values[f"{self._name}.{item}"]
        except KeyError:
            raise AttributeError(f"no setting {self._name}.{item}") from None

    def __repr__(self) -> str:
        return f"<settings section {self._name}>"


class Settings:
    """Immutable settings.  Read as ``s.group.threshold`` or ``s["group.threshold"]``."""

    __slots__ = ("_values",)
    _values: Mapping[str, Any]

    def __init__(self, values: Mapping[str, Any] | None = None):
        merged = dict(_DEFAULTS)
        for key, value in (values or {}).items():
            setting = _BY_KEY.get(key)
            if setting is None:
                raise SettingsError(f"unknown setting {key!r}; see 'storytrace settings' for the list")
            merged[key] = setting.check(value)
        object.__setattr__(self, "_values", MappingProxyType(merged))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Settings are immutable; use replace()")

    def __getattr__(self, section: str) -> _Section:
        if any(k.startswith(section + ".") for k in self._values):
            return _Section(section, self._values)
        raise AttributeError(f"no settings section {section!r}")

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and dict(self._values) == dict(other._values)

    def __hash__(self) -> int:
        return hash(self.digest())

    def __reduce__(self):  # picklable, for Spark and process pools
        return (Settings, (dict(self._values),))

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with ``section__key=value`` changes applied."""
        values = dict(self._values)
        for name, value in changes.items():
            values[name.replace("__", ".")] = value
        return Settings(values)

    def digest(self) -> str:
        """A short hash of every setting that affects results (not where they are stored)."""
        payload = {k: v for k, v in self._values.items() if not k.startswith(("store.", "web.", "run."))}
        blob = json.dumps(payload, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, full + "."))
        else:
            out[full] = value
    return out


def load_settings(
    config: str | os.PathLike[str] | None = None,
    overrides: Iterable[str] = (),
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Build settings from defaults, a TOML file, the environment and ``key=value`` overrides.

    Raises:
        SettingsError: unknown key, bad value, unreadable or invalid TOML.
    """
    values: dict[str, Any] = {}
    if config:
        path = Path(config)
        try:
            values.update(_flatten(tomllib.loads(path.read_text(encoding="utf-8"))))
        except FileNotFoundError:
            raise SettingsError(f"config file {path} does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"config file {path} is not valid TOML: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(f"config file {path} cannot be read: {exc}") from None
    env = os.environ if env is None else env
    if env.get("STORYTRACE_DB"):
        values["store.db"] = env["STORYTRACE_DB"]
    for name, value in env.items():
        if name.startswith("STORYTRACE_") and "__" in name:
            values[name[len("STORYTRACE_"):].lower().replace("__", ".")] = value
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep:
            raise SettingsError(f"--set expects key=value, got {item!r}")
        values[key.strip()] = value.strip()
    return Settings(values)


def settings_markdown() -> str:
    """The settings reference as a Markdown table (docs/settings.md is this text)."""
    lines = [
        "# Settings reference",
        "",
        "Set them in a TOML file (`--config run.toml`, sections are the part before the dot),",
        "with `STORYTRACE_SECTION__KEY=value` environment variables, or with `--set key=value`.",
        "",
        "Every value is checked when the settings are loaded: a value of the wrong type",
        "or outside the allowed values is refused with an error (`[ST101]`) that names",
        "the setting and what it accepts.",
        "",
        "| key | default | allowed | meaning |",
        "|---|---|---|---|",
    ]
    for s in SETTINGS:
        default = json.dumps(s.default)
        lines.append(f"| `{s.key}` | `{default}` | {s.allowed()} | {s.help} |")
    return "\n".join(lines) + "\n"
