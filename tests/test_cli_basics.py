"""The command line as a newcomer meets it: help, segments, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import SAMPLE, Run


def test_segments_json_lists_the_sample(run: Run) -> None:
    result = run("segments", SAMPLE, "--format", "json")
    assert result.code == 0, result.err
    units = json.loads(result.out)
    assert len(units) == 33
    assert {"id", "kind", "line", "text"} <= set(units[0])
    assert units[0]["kind"] == "front-matter" and units[0]["line"] == 2


def test_help_and_version(run: Run) -> None:
    assert run("--help").code == 0
    result = run("--version")
    assert result.code == 0 and result.out.startswith("transkit ")


def test_unknown_option_is_usage_error(run: Run) -> None:
    result = run("segments", SAMPLE, "--frobnicate")
    assert result.code == 2 and "Traceback" not in result.err


def test_bad_sources_give_one_line_errors(run: Run, tmp_path: Path) -> None:
    cases = {
        "missing.md": None,
        "binary.md": b"abc\x00def",
        "latin1.md": "Caf\u00e9\n".encode("latin-1"),
        "broken.md": b"---\ntitle: [x\n---\n\nText.\n",
    }
    for name, data in cases.items():
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        result = run("segments", path)
        assert result.code == 2, name
        assert result.err.startswith(f"transkit: error: {path}"), result.err
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert "Traceback" not in result.err


def test_sync_without_configuration_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    result = run("--root", tmp_path, "sync")
    assert result.code == 2
    assert "transkit.toml" in result.err and "Traceback" not in result.err


def test_a_language_code_in_another_case_works(run: Run, project: Path) -> None:
    upper = run("--root", project, "todo", "DE")
    assert upper.code == 0, upper.err
    assert upper.out == run("--root", project, "todo", "de").out
    assert run("--root", project, "status", "--lang", "Hy", "--format", "csv").code == 0


def test_an_unknown_language_suggests_the_nearest_without_blaming_the_config(
    run: Run, project: Path
) -> None:
    result = run("--root", project, "todo", "dee")
    assert result.code == 2
    assert result.err == ("transkit: error: 'dee' is not one of the project's languages "
                          "(hy, de, ru); did you mean de?\n")
    assert "transkit.toml" not in result.err


def test_help_shows_plain_types_and_completion_is_on(run: Run) -> None:
    main_help = run("--help")
    assert "--install-completion" in main_help.out and "--show-completion" in main_help.out
    completion = run("--show-completion", "bash")
    assert completion.code == 0 and "_transkit_completion" in completion.out
    for command in ("segments", "sync", "status", "check", "build", "todo", "import"):
        text = run(command, "--help").out
        assert "<list[" not in text and "<bool>" not in text and "<path>" not in text, command
    assert "-l, --lang LANG" in run("sync", "--help").out
    assert "--gate commit|publish" in run("check", "--help").out
