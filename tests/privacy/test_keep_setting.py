"""One setting says how long generated files are kept; its old name is still read."""

import pytest

from app.config import load_config


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("CANTINA_EXPORTS_KEEP_MONTHS", "CANTINA_REPORT_KEEP_MONTHS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _kept(config):
    return config["EXPORTS_KEEP_MONTHS"], config["REPORT_KEEP_MONTHS"]


def test_one_setting_rules_both_clean_ups(clean_env):
    assert _kept(load_config()) == (24, 24)
    clean_env.setenv("CANTINA_EXPORTS_KEEP_MONTHS", "12")
    assert _kept(load_config()) == (12, 12)


def test_the_old_name_is_an_alias_and_the_new_one_wins(clean_env):
    clean_env.setenv("CANTINA_REPORT_KEEP_MONTHS", "6")
    assert _kept(load_config()) == (6, 6)
    clean_env.setenv("CANTINA_EXPORTS_KEEP_MONTHS", "18")
    assert _kept(load_config()) == (18, 18)
