import re
from pathlib import Path

import pytest

from storytrace.errors import SettingsError
from storytrace.settings import SETTINGS, Settings, load_settings, settings_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_and_sections():
    s = Settings()
    assert s.group.threshold == s["group.threshold"]
    assert s.store.db == "storytrace.db"
    with pytest.raises(AttributeError):
        _ = s.group.no_such_key


def test_precedence_toml_env_cli(tmp_path):
    config = tmp_path / "run.toml"
    config.write_text("[group]\nthreshold = 0.2\ntime_window_days = 3\n[ingest]\nmax_bytes = 100\n")
    env = {"STORYTRACE_GROUP__TIME_WINDOW_DAYS": "5", "STORYTRACE_DB": "env.db"}
    s = load_settings(config, ["ingest.max_bytes=200"], env=env)
    assert s.group.threshold == 0.2  # from TOML
    assert s.group.time_window_days == 5  # env beats TOML
    assert s.ingest.max_bytes == 200  # CLI beats all
    assert s.store.db == "env.db"


def test_bad_settings_are_clear_errors(tmp_path):
    with pytest.raises(SettingsError, match="unknown setting"):
        load_settings(overrides=["group.nope=1"], env={})
    with pytest.raises(SettingsError, match=r"ingest.max_bytes must be an integer >= 1; got 'lots'"):
        load_settings(overrides=["ingest.max_bytes=lots"], env={})
    with pytest.raises(SettingsError, match="key=value"):
        load_settings(overrides=["group.threshold"], env={})
    bad = tmp_path / "bad.toml"
    bad.write_text("[group\n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(bad, env={})
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(tmp_path / "missing.toml", env={})


def test_booleans_parse_and_digest_tracks_results_only():
    s = load_settings(overrides=["citations.online=yes"], env={})
    assert s.citations.online is True
    assert Settings().digest() == Settings({"store.db": "elsewhere.db"}).digest()
    assert Settings().digest() != Settings({"group.threshold": 0.9}).digest()


def test_settings_are_immutable_and_picklable():
    import pickle

    s = Settings()
    with pytest.raises(AttributeError):
        s.x = 1
    assert pickle.loads(pickle.dumps(s)) == s
    assert s.replace(group__threshold=0.7).group.threshold == 0.7


def test_docs_list_every_setting():
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert text == settings_markdown(), "docs/settings.md is stale: run `make docs`"
    for setting in SETTINGS:
        assert f"`{setting.key}`" in text


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("group.threshold=7", r"\[ST101\] setting group.threshold must be a number from 0 to 1; got '7'"),
        ("group.threshold=-0.1", "group.threshold must be a number from 0 to 1"),
        ("group.threshold=nan", "group.threshold must be a number from 0 to 1"),
        ("run.workers=-3", r"run.workers must be an integer >= 0; got '-3'"),
        ("run.workers=2.5", "run.workers must be an integer >= 0"),
        ("clean.html_favor=precison", r"clean.html_favor must be one of: balanced, precision, recall; got 'precison'"),
        ("group.backend=magic", "group.backend must be one of: lexical, neural, hybrid"),
        ("facts.entity_backend=Spacy", "facts.entity_backend must be one of: rules, spacy"),
        ("facts.languages=en,xx", "facts.languages must be a comma-separated list of: en, pt, es, fr, de"),
        ("ingest.fetch_timeout=0", "ingest.fetch_timeout must be a number > 0"),
        ("group.max_candidates=0", "group.max_candidates must be an integer >= 1"),
        ("citations.online=maybe", "citations.online must be true or false; got 'maybe'"),
        ("ingest.max_bytes=1e3", "ingest.max_bytes must be an integer >= 1"),
        ("run.progress=false", "unknown setting 'run.progress'"),
    ],
)
def test_values_outside_the_declaration_are_refused_on_the_command_line(override, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(overrides=[override], env={})


def test_values_are_checked_from_the_environment():
    with pytest.raises(SettingsError, match=re.escape("group.threshold must be a number from 0 to 1; got '7'")):
        load_settings(env={"STORYTRACE_GROUP__THRESHOLD": "7"})
    with pytest.raises(SettingsError, match=re.escape("run.workers must be an integer >= 0")):
        load_settings(env={"STORYTRACE_RUN__WORKERS": "-3"})
    with pytest.raises(SettingsError, match=re.escape("clean.html_favor must be one of: balanced, precision, recall")):
        load_settings(env={"STORYTRACE_CLEAN__HTML_FAVOR": "precission"})
    with pytest.raises(SettingsError, match=re.escape("unknown setting 'group.treshold'")):
        load_settings(env={"STORYTRACE_GROUP__TRESHOLD": "0.5"})
    s = load_settings(env={"STORYTRACE_CLEAN__HTML_FAVOR": "recall", "STORYTRACE_RUN__WORKERS": "3",
                           "STORYTRACE_FACTS__LANGUAGES": "en, pt"})
    assert (s.clean.html_favor, s.run.workers, s.facts.languages) == ("recall", 3, "en, pt")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[group]\nthreshold = 7\n", "group.threshold must be a number from 0 to 1; got 7"),
        ("[group]\nthreshold = \"high\"\n", "group.threshold must be a number from 0 to 1; got 'high'"),
        ("[group]\nthreshold = true\n", "group.threshold must be a number from 0 to 1; got True"),
        ("[run]\nworkers = -3\n", "run.workers must be an integer >= 0; got -3"),
        ("[run]\nworkers = 1.5\n", "run.workers must be an integer >= 0; got 1.5"),
        ("[clean]\nhtml_favor = \"recal\"\n", "clean.html_favor must be one of: balanced, precision, recall; got 'recal'"),
        ("[citations]\nonline = 1\n", "citations.online must be true or false; got 1"),
        ("[store]\ndb = 5\n", "store.db must be a string; got 5"),
        ("[ingest]\nuser_agent = [\"a\"]\n", "ingest.user_agent must be a string"),
        ("[group]\nthresold = 0.5\n", "unknown setting 'group.thresold'"),
        ("[nosuch]\nkey = 1\n", "unknown setting 'nosuch.key'"),
    ],
)
def test_values_are_checked_from_toml(tmp_path, toml, message):
    config = tmp_path / "run.toml"
    config.write_text(toml)
    with pytest.raises(SettingsError, match=message):
        load_settings(config, env={})


def test_typed_toml_values_within_bounds_are_taken(tmp_path):
    config = tmp_path / "run.toml"
    config.write_text("[group]\nthreshold = 1\nbackend = \"hybrid\"\n[run]\nworkers = 2.0\n[facts]\nlanguages = \"\"\n")
    s = load_settings(config, env={})
    assert s.group.threshold == 1.0 and isinstance(s.group.threshold, float)
    assert s.run.workers == 2 and isinstance(s.run.workers, int)
    assert (s.group.backend, s.facts.languages) == ("hybrid", "")


def test_code_and_replace_are_checked_too():
    with pytest.raises(SettingsError, match=re.escape("group.neural_weight must be a number from 0 to 1")):
        Settings({"group.neural_weight": 1.5})
    with pytest.raises(SettingsError, match=re.escape("clean.min_chars must be an integer >= 0")):
        Settings().replace(clean__min_chars=-1)
    with pytest.raises(SettingsError, match=re.escape("web.max_request_bytes must be an integer >= 1; got True")):
        Settings({"web.max_request_bytes": True})


def test_an_unreadable_config_file_is_a_settings_error(tmp_path):
    with pytest.raises(SettingsError, match="cannot be read"):
        load_settings(tmp_path, env={})  # a directory


def test_every_default_is_allowed_and_every_setting_is_read():
    """Each declared setting passes its own check and some code reads it
    (``settings.group.threshold``, or ``web.token`` after ``web = settings.web``)."""
    import ast

    reads: set[tuple[str, str]] = set()
    for path in (ROOT / "src" / "storytrace").rglob("*.py"):
        if path.name == "settings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                owner = node.value
                section = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
                reads.add((section, node.attr))
    for setting in SETTINGS:
        assert setting.check(setting.default) == setting.default
        assert tuple(setting.key.split(".")) in reads, f"{setting.key} is declared but nothing reads it"
