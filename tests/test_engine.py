"""The job runner: cache keys derived from a task's fields, a plain map for work that is not
remembered, failures that come back as the errors they were, and the lock a writing run holds."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest

from transkit import errors
from transkit.config import Config, load_config
from transkit.runs import build, check, memory, status, sync
from transkit.runs.engine import (
    UNKEYED,
    Done,
    Failed,
    Output,
    cache_key,
    canonical,
    parallel_iter,
    run_jobs,
    run_tasks,
)
from transkit.store.cache import CACHE_DIR
from transkit.store.files import Article
from transkit.store.write import holds_lock

OLD = 1_000_000_000  # a time stamp long past: the cache trusts a file's stat only after a second


def project_at(root: Path) -> Config:
    root.mkdir(parents=True, exist_ok=True)
    (root / "transkit.toml").write_text('languages = ["de"]\n', encoding="utf-8")
    (root / "sources").mkdir(exist_ok=True)
    return load_config(root)


def old_file(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(OLD * 10**9, OLD * 10**9))
    return path


# --- cache keys ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """A task with no key code: what it remembers ("cached") differs from what it computes
    ("computed"), so a result served from the cache shows."""

    config: Config
    factor: int = 1
    note: str = field(default="", metadata=UNKEYED)  # cannot change the result
    name: ClassVar[str] = "scale"
    record_type: ClassVar[Any] = tuple[str, int]

    def inputs(self, job: Path) -> list[Path]:
        return [job]

    def run(self, job: Path) -> Done[tuple[str, int]]:
        number = int(job.read_text(encoding="utf-8")) * self.factor
        return Done(("computed", number), record=("cached", number))


def test_a_new_field_changes_the_key_without_key_code(tmp_path: Path) -> None:
    config = project_at(tmp_path / "p")
    job = old_file(config.root / "n.txt", "7")
    assert run_tasks(config, Scale(config), [job], write=False).results == [("computed", 7)]
    # the same task again: from the cache (so the cache works, and the next assertion can fail)
    assert run_tasks(config, Scale(config), [job], write=False).results == [("cached", 7)]
    # another factor: a key that ignored the field would serve ("cached", 7)
    assert run_tasks(config, Scale(config, 3), [job], write=False).results == [("computed", 21)]
    # a field marked UNKEYED does not count
    assert run_tasks(config, Scale(config, 3, "why"), [job], write=False).results == [
        ("cached", 21)]


def test_every_field_of_the_project_configuration_counts(tmp_path: Path) -> None:
    config = project_at(tmp_path / "p")
    job = config.root / "n.txt"
    keys = {cache_key(Scale(config), job)}
    changes: list[dict[str, Any]] = [{"wrap_width": 0}, {"languages": ("de", "fr")},
                                      {"memory": False}, {"thresholds": {"de": 90.0}},
                                      {"project": "other"}]
    for change in changes:
        keys.add(cache_key(Scale(dataclasses.replace(config, **change)), job))
    assert len(keys) == 6


@pytest.mark.slow  # two more Python interpreters, each importing transkit
def test_a_key_is_the_same_in_every_process(tmp_path: Path) -> None:
    """Mappings and sets are sorted: string hashing differs between processes, keys do not."""
    config = dataclasses.replace(project_at(tmp_path / "p"),
                                 thresholds={"de": 90.0, "fr": 80.0, "hy": 70.0})
    job = sync.SyncJob(memory_article(config), ("de", "fr", "hy"))
    task = sync.SyncTask(config, defer=frozenset({"de", "fr", "hy"}))
    script = ("import sys; from pathlib import Path; from transkit.config import load_config; "
              "from transkit.runs import sync; from transkit.runs.engine import cache_key; "
              "import dataclasses; "
              "c = dataclasses.replace(load_config(Path(sys.argv[1])), "
              "thresholds={'hy': 70.0, 'fr': 80.0, 'de': 90.0}); "
              "from transkit.store.files import Article; a = Article('a', c.sources / 'a.md'); "
              "print(cache_key(sync.SyncTask(c, defer=frozenset({'hy', 'fr', 'de'})), "
              "sync.SyncJob(a, ('de', 'fr', 'hy'))))")
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", script, str(config.root)], check=True,
                              capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.stdout.strip() == cache_key(task, job)


def memory_article(config: Config) -> Article:
    return Article("a", config.sources / "a.md")


def test_a_value_with_no_stable_text_is_refused() -> None:
    @dataclass(frozen=True)
    class Holder:
        value: object

    with pytest.raises(TypeError, match="UNKEYED"):
        canonical(Holder(object()))
    with pytest.raises(TypeError, match="UNKEYED"):
        canonical(Holder(lambda: 1))
    assert canonical(Holder(len)).endswith("Holder(value=builtins.len)")


@pytest.mark.parametrize("task", [sync.SyncTask, check.CheckTask, status.StatusTask,
                                  build.BuildTask, memory.MemoryTask])
def test_every_cached_task_has_a_key_from_its_fields_alone(task: Any) -> None:
    """No task writes key code any more, and each one's fields can be keyed (or say why not)."""
    assert not hasattr(task, "key")
    assert task.name and task.record_type is not None
    names = {f.name for f in dataclasses.fields(task)}
    assert {"name", "record_type"}.isdisjoint(names)  # class constants, not key material


# --- work that is not remembered -----------------------------------------------------------


def test_a_settled_job_is_not_run_and_is_remembered(tmp_path: Path) -> None:
    """What `settled` knows (by content, where the cache knows nothing) is the result, without
    a run; the cache remembers it by time stamps for the next run, which asks `settled` no
    more."""
    config = project_at(tmp_path / "p")
    jobs = [old_file(config.root / f"{n}.txt", str(n)) for n in (2, 3)]
    asked: list[Path] = []

    def settled(job: Path) -> tuple[str, int] | None:
        asked.append(job)
        return ("settled", 20) if job == jobs[0] else None

    ran = run_tasks(config, Scale(config), jobs, settled=settled)
    assert ran.results == [("settled", 20), ("computed", 3)] and asked == jobs
    asked.clear()
    again = run_tasks(config, Scale(config), jobs, settled=settled)
    assert again.results == [("settled", 20), ("cached", 3)] and asked == []


@dataclass(frozen=True)
class Square:
    """Work with no name and no key: writes one file per job."""

    folder: Path

    def inputs(self, job: int) -> list[Path]:
        return [self.folder / f"{job}.txt"]

    def run(self, job: int) -> Done[int]:
        return Done(job * job, (Output(self.folder / f"{job}.txt", f"{job * job}\n"),))


def test_an_uncached_map_runs_every_job_in_order_and_remembers_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSKIT_JOBS", "2")  # 60 jobs: over the pool's threshold
    config = project_at(tmp_path / "p")
    out = config.root / "out"
    ran = run_jobs(config, Square(out), list(range(60)))
    assert ran.results == [n * n for n in range(60)]
    assert (out / "59.txt").read_text(encoding="utf-8") == "3481\n"
    assert len(ran.written) == 60
    assert not (config.root / CACHE_DIR).exists()
    again = run_jobs(config, Square(out), list(range(60)))
    assert again.results == ran.results and again.written == []  # unchanged files: not written


def double(n: int) -> int:
    return 2 * n


def test_the_plain_parallel_map_keeps_the_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSKIT_JOBS", "2")
    assert list(parallel_iter(double, list(range(100)))) == [2 * n for n in range(100)]


# --- failures -------------------------------------------------------------------------------


class OddError(errors.SourceError):
    """An error whose __init__ is not TranskitError's, with a field of its own."""

    def __init__(self, number: int) -> None:
        super().__init__(f"{number} is odd; use an even number", path=f"{number}.txt", line=number)
        self.number = number


@dataclass(frozen=True)
class Even:
    def inputs(self, job: int) -> list[Path]:
        return []

    def run(self, job: int) -> Done[int]:
        if job % 2:
            raise OddError(job)
        return Done(job)


def test_a_failure_comes_back_as_its_own_error(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSKIT_JOBS", "2")  # through worker processes: pickled and back
    config = project_at(tmp_path / "p")
    ran = run_jobs(config, Even(), list(range(50)), write=False, isolate=True)
    failed = ran.results[7]
    assert isinstance(failed, Failed)
    assert type(failed.error) is OddError
    assert failed.error.number == 7
    assert (failed.error.path, failed.error.line) == ("7.txt", 7)
    assert str(failed.error) == "7.txt:7: 7 is odd; use an even number"
    assert ran.failures()[3] == failed.problem()  # 1, 3, 5, 7
    assert ran.values() == list(range(0, 50, 2))
    with pytest.raises(OddError) as raised:
        run_jobs(config, Even(), list(range(50)), write=False)
    assert raised.value.number == 1


@pytest.mark.parametrize("kind", [errors.TranskitError, errors.CatalogError, errors.WriteError,
                                  errors.ConfigError, errors.UsageError])
def test_every_error_survives_pickling(kind: type[errors.TranskitError]) -> None:
    err = kind("cannot be read; fix it", path="a.po", line=3)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is kind
    assert (back.message, back.path, back.line, str(back)) == (
        err.message, err.path, err.line, str(err))


# --- the lock ---------------------------------------------------------------------------------

SECOND_WRITER = """
import sys
from pathlib import Path
from transkit.config import load_config
from transkit.errors import WriteError
from transkit.store.write import project_lock
try:
    with project_lock(load_config(Path(sys.argv[1])), timeout=0):
        print("acquired")
except WriteError as err:
    print(f"refused: {err}")
"""


def second_writer(root: Path) -> str:
    """What another process gets when it tries to take the project's lock now, not waiting."""
    done = subprocess.run([sys.executable, "-c", SECOND_WRITER, str(root)], check=True,
                          capture_output=True, text=True)
    return done.stdout.strip()


@dataclass(frozen=True)
class Probe:
    """Work whose job, run while the engine holds (or not) the lock, asks another process to
    take it: the hook that shows the lock held, deterministically, with no waiting."""

    root: Path

    def inputs(self, job: int) -> list[Path]:
        return []

    def run(self, job: int) -> Done[str]:
        return Done(second_writer(self.root), (Output(self.root / "probe.txt", "probe\n"),))


def test_a_writing_run_holds_the_project_lock(tmp_path: Path) -> None:
    config = project_at(tmp_path / "p")
    assert not holds_lock(config)
    (written,) = run_jobs(config, Probe(config.root), [1]).values()
    assert written.startswith("refused: .transkit.lock: another transkit run has held")
    assert not holds_lock(config)  # released with the run
    assert second_writer(config.root) == "acquired"
    (read,) = run_jobs(config, Probe(config.root), [1], write=False).values()
    assert read == "acquired"  # a run that writes nothing takes no lock


def test_the_lock_is_reentrant_within_a_process(tmp_path: Path) -> None:
    """A command that holds the lock around several runs is not blocked by its own runs."""
    from transkit.store.write import project_lock

    config = project_at(tmp_path / "p")
    with project_lock(config):
        (inside,) = run_jobs(config, Probe(config.root), [1]).values()
        assert holds_lock(config)  # still held after the inner run let go
        assert second_writer(config.root).startswith("refused")
    assert inside.startswith("refused")
    assert not holds_lock(config)


def test_a_sync_holds_the_lock_and_a_dry_run_does_not(project: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(project)
    seen: list[bool] = []
    real = sync.SyncTask.run

    def watched(self: sync.SyncTask, job: sync.SyncJob) -> Any:
        seen.append(holds_lock(config))
        return real(self, job)

    monkeypatch.setattr(sync.SyncTask, "run", watched)
    (project / "transkit.sum").unlink()  # a job to run: nothing recorded in step
    sync.sync_project(config, ["de"], memory=False)
    shutil.rmtree(project / CACHE_DIR)  # run the job again (nothing recorded: neither the
    (project / "transkit.sum").unlink()  # cache nor the committed record of catalogs in step)
    sync.sync_project(config, ["de"], dry_run=True, memory=False)
    assert seen == [True, False]
