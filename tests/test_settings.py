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
        s.group.no_such_key


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
    with pytest.raises(SettingsError, match="expects a int"):
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
