"""Configuration: found upward like .git, validated with the file and key named."""

from __future__ import annotations

from pathlib import Path

import pytest

from transkit.config import find_root, load_config
from transkit.core.languages import plural_forms
from transkit.core.sync.model import MinorDrift
from transkit.errors import ConfigError


def write(root: Path, text: str) -> None:
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "transkit.toml").write_text(text, encoding="utf-8")


def test_defaults_and_paths(tmp_path: Path) -> None:
    write(tmp_path, 'languages = ["de"]\n')
    config = load_config(tmp_path)
    assert config.languages == ("de",)
    assert config.catalog_path("de", "a") == tmp_path.resolve() / "locales" / "de" / "a.po"
    # the verdict: final only when every unit is translated; no extra gate on entries
    assert config.threshold("de") == 0.0 and config.build_threshold("de") == 100.0
    assert config.wrap_width == 79


def test_root_is_found_upward(tmp_path: Path) -> None:
    write(tmp_path, "")
    deep = tmp_path / "sources" / "x" / "y"
    deep.mkdir(parents=True)
    assert find_root(deep) == tmp_path.resolve()


def test_pyproject_table(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.transkit]\nlanguages = ["ru"]\n', encoding="utf-8"
    )
    assert find_root(tmp_path) == tmp_path.resolve()
    assert load_config(tmp_path).languages == ("ru",)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('colour = "red"\n', "unknown key 'colour'"),
        ('languages = ["de", "xx"]\n', "'xx' is not a known language code"),
        ('languages = ["de", "en"]\n', "lists the source language"),
        ('source_language = "zz"\n', "'zz' is not a known language code"),
        ('languages = ["de"]\nsources = "missing"\n', "folder 'missing' does not exist"),
        ('languages = ["de"]\nlocales = "../elsewhere"\n', "leads outside the project root"),
        ("languages = [\n", "not valid TOML"),
        ('languages = ["de"]\nthresholds = { de = 120 }\n', "from 0 to 100"),
    ],
)
def test_invalid_configuration_names_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    assert "transkit.toml" in str(err.value) and needle in str(err.value)


def test_languages_are_required(tmp_path: Path) -> None:
    # no silent defaults: an empty configuration is not some sample's Armenian, German, Russian
    write(tmp_path, 'project = "Le Monde"\n')
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    message = str(err.value)
    assert "key 'languages' is missing" in message and "transkit init --languages" in message
    assert message.startswith(str(tmp_path.resolve() / "transkit.toml"))


def test_plural_forms_come_from_the_language_table() -> None:
    assert plural_forms("de") == "nplurals=2; plural=(n != 1);"
    assert plural_forms("ru").startswith("nplurals=3;")
    assert plural_forms("hy") == "nplurals=2; plural=n > 1;"


def test_minor_drift_is_fuzzy_unless_the_project_keeps_it(tmp_path: Path) -> None:
    write(tmp_path, 'languages = ["de"]\n')
    assert load_config(tmp_path).minor_drift is MinorDrift.FUZZY
    write(tmp_path, 'languages = ["de"]\nminor_drift = "keep"\n')
    assert load_config(tmp_path).minor_drift is MinorDrift.KEEP
    write(tmp_path, 'languages = ["de"]\nminor_drift = "ignore"\n')
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    assert "transkit.toml:2" in str(err.value) and "key 'minor_drift' must be" in str(err.value)
