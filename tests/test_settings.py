import pytest

from storylens.errors import ConfigError
from storylens.settings import Settings, load_settings


def test_defaults_then_file_then_flags(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings().db == "storylens.db"
    (tmp_path / "storylens.toml").write_text('db = "corpus.db"\nworkers = 2\n')
    s = load_settings()
    assert (s.db, s.workers) == ("corpus.db", 2)
    s = load_settings(db="flag.db", workers=None)
    assert (s.db, s.workers) == ("flag.db", 2)


def test_every_setting_has_help():
    assert all(Settings.help().values())


def test_bad_config_is_a_clean_error(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("db = ")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(p)
    p.write_text('nonsense = 1\n')
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(p)
