"""One frozen settings tree, declared once with help text.

Precedence, lowest first: the defaults below, a user TOML file (``--config``),
``STORYTRACE_*`` environment variables (``STORYTRACE_GROUP__THRESHOLD=0.4``
sets ``group.threshold``; ``STORYTRACE_DB`` sets ``store.db``), then
``--set key=value`` on the command line.

Each stage reads only its own section, e.g. ``settings.group.threshold``.
``docs/settings.md`` is generated from :data:`SETTINGS` and a test checks it is
current, so the table below is the one place a setting is declared.

>>> s = load_settings(overrides=["group.threshold=0.5"])
>>> s.group.threshold
0.5
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from .errors import SettingsError

__all__ = ["SETTINGS", "Setting", "Settings", "load_settings", "settings_markdown"]


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    # store
    Setting("store.db", "storytrace.db", "Store location: a SQLite path, ':memory:', or a postgresql:// URL."),
    # ingest
    Setting("ingest.max_bytes", 10_000_000, "Inputs larger than this many bytes are rejected (reason too_large)."),
    Setting("ingest.fetch_timeout", 15.0, "Seconds before fetching a URL gives up."),
    Setting("ingest.allow_private_addresses", False, "Allow fetching URLs that resolve to private, loopback or link-local addresses."),
    Setting("ingest.user_agent", "storytrace/0.1", "User-Agent header sent when fetching URLs."),
    Setting("ingest.follow_links_in_feeds", False, "Fetch the article pages that RSS/Atom entries link to (otherwise use the entry text)."),
    # clean
    Setting("clean.min_chars", 40, "Documents with fewer characters of clean text are rejected (reason no_text)."),
    Setting("clean.split_appended", True, "Split unrelated articles appended after a story into their own documents."),
    Setting("clean.language_min_confidence", 0.25, "Below this language-identification confidence the language is left unknown."),
    Setting("clean.html_favor", "balanced", "HTML main-text extraction bias (trafilatura): balanced, precision or recall."),
    # group
    Setting("group.threshold", 0.8, "Story similarity at or above which two documents are grouped together (the score is calibrated to SemEval-2022 Task 8: 1 same story, 0.67 'somewhat similar', 0 unrelated)."),
    Setting("group.time_window_days", 14, "Only group documents published at most this many days apart (0: no window)."),
    Setting("group.backend", "lexical", "Similarity backend: lexical (model-free), neural, or hybrid (both, averaged)."),
    Setting("group.neural_model", "", "Sentence-transformers model name or local path for the neural/hybrid backend."),
    Setting("group.neural_weight", 0.5, "Weight of the neural score in the hybrid backend."),
    Setting("group.max_candidates", 50, "At most this many candidate neighbours are scored per document."),
    # align
    Setting("align.min_score", 0.3, "Sentence pairs scoring below this are not aligned (they become additions/omissions); across languages 0.6 times this, and half that again for a sentence between two aligned neighbours."),
    Setting("align.paraphrase_threshold", 0.46, "paraphrase_score at or above which two sentences count as paraphrases (0.46 is the MSRP cross-validated threshold)."),
    # lineage
    Setting("lineage.latent_min_exclusive", 0.15, "Share of each version's content absent from the other above which a shared latent source is assumed."),
    # facts
    Setting("facts.languages", "en,pt,es,fr,de", "Languages whose fact extractors are used."),
    Setting("facts.entity_backend", "rules", "Entity extraction backend: rules (gazetteer, default) or spacy."),
    Setting("facts.spacy_model", "", "spaCy pipeline name or path when facts.entity_backend is spacy."),
    Setting("facts.citation_max_age_days", 365, "A cited page dated more than this many days before the story is anachronistic (0: never)."),
    # citations
    Setting("citations.online", False, "Also check cited URLs over the network (status, redirects, final URL)."),
    Setting("citations.timeout", 10.0, "Seconds before an online citation check gives up."),
    Setting("citations.per_host_interval", 1.0, "Minimum seconds between online checks of the same host."),
    Setting("citations.cache", "", "Path of the online-check cache (SQLite); empty: next to the store."),
    # report
    Setting("report.max_brief_sentences", 6, "At most this many sentences in the brief's 'what happened' part."),
    # web
    Setting("web.token", "", "Bearer token required by POST /api/documents; empty disables ingest over the API."),
    Setting("web.read_token_required", False, "Require the bearer token for reading pages and the API too."),
    Setting("web.max_request_bytes", 2_000_000, "Largest request body accepted by the API."),
    # runner
    Setting("run.progress", True, "Show progress bars on long runs (--quiet turns them off)."),
    Setting("run.workers", 0, "Processes that clean documents during ingest and fingerprint and score them during grouping; 0 = one per CPU, 1 = no worker processes."),
)

_DEFAULTS = {s.key: s.default for s in SETTINGS}


def _coerce(key: str, value: Any) -> Any:
    """Convert ``value`` (often a string from the CLI or env) to the type of the default."""
    default = _DEFAULTS[key]
    if isinstance(value, type(default)) and not (isinstance(default, int) and isinstance(value, bool) and not isinstance(default, bool)):
        return value
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered in {"1", "true", "yes", "on"}:
                    return True
                if lowered in {"0", "false", "no", "off"}:
                    return False
                raise ValueError(value)
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        raise SettingsError(
            f"setting {key} expects a {type(default).__name__}, got {value!r}"
        ) from None


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

    def __init__(self, values: Mapping[str, Any] | None = None):
        merged = dict(_DEFAULTS)
        for key, value in (values or {}).items():
            if key not in _DEFAULTS:
                raise SettingsError(f"unknown setting {key!r}; see 'storytrace settings' for the list")
            merged[key] = _coerce(key, value)
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

    def replace(self, **changes: Any) -> "Settings":
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
        "| key | default | meaning |",
        "|---|---|---|",
    ]
    for s in SETTINGS:
        default = json.dumps(s.default)
        lines.append(f"| `{s.key}` | `{default}` | {s.help} |")
    return "\n".join(lines) + "\n"
