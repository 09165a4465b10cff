"""`reader annotate --workers N | --scheduler ADDRESS`: spaCy on a Dask cluster of two worker
processes writes the same entity cache as one process."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from distributed import LocalCluster

from reader.cli import main
from tests.conftest import make_root

ARTICLES = {
    "port": "---\ntitle: Veracruz\n---\nVeracruz ships coffee to Hamburg and Houston.\n",
    "rail": "---\ntitle: Rails\n---\nThe Tren Maya reached Mérida in 2023, said Sheinbaum.\n",
    "mill": "---\ntitle: Mills\n---\nA mill in Puebla spun cotton for Levi Strauss in 1998.\n",
}


def cache_files(folder: Path) -> dict[str, str]:
    return {file.name: file.read_text("utf-8") for file in sorted(folder.glob("*.json"))}


@pytest.fixture(autouse=True)
def _plain_main(monkeypatch: pytest.MonkeyPatch) -> None:
    # Spawned workers import the parent's __main__ again; an AppTest run earlier in this process
    # leaves the app's script there (the command line's __main__ is guarded).
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))


@pytest.fixture
def root(tmp_path: Path) -> str:
    return str(make_root(tmp_path / "root", ARTICLES))


def annotate(root: str, cache: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setenv("READER_CACHE_DIR", str(cache))
    return main(["annotate", "--no-progress", "--root", root, *args])


def test_a_local_cluster_of_two_workers_writes_the_cache_of_one_process(
    root: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    assert annotate(root, tmp_path / "one", monkeypatch) == 0
    assert annotate(root, tmp_path / "two", monkeypatch, "--workers", "2") == 0
    one, two = cache_files(tmp_path / "one"), cache_files(tmp_path / "two")
    assert len(one) == 3
    assert two == one
    assert '"GPE"' in "".join(one.values())  # the model ran: Veracruz, Hamburg, Puebla …
    capsys.readouterr()
    assert annotate(root, tmp_path / "two", monkeypatch, "--workers", "2") == 0
    assert capsys.readouterr().out.count("already cached") == 3


def test_an_existing_cluster_by_its_scheduler_address(
    root: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert annotate(root, tmp_path / "one", monkeypatch, "port") == 0
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        assert annotate(root, tmp_path / "two", monkeypatch, "port", "--scheduler", address) == 0
    assert cache_files(tmp_path / "two") == cache_files(tmp_path / "one")


def test_workers_and_scheduler_together_are_bad_usage(root: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["annotate", "--root", root, "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"])
    assert exit_.value.code == 2


def _worker_setup() -> tuple[bool, str | None, str | None]:
    import os

    import dask

    return (
        dask.config.get("distributed.worker.profile.enabled"),
        os.environ.get("MALLOC_TRIM_THRESHOLD_"),
        os.environ.get("OMP_NUM_THREADS"),
    )


def test_the_local_cluster_runs_spacy_without_the_profiler_or_eager_trimming(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from distributed import Client

    from reader.library.distributed import local_cluster

    # A cluster started earlier in this process with Dask's defaults left the variable in its
    # environment (Dask's nanny sets it in the parent before spawning); a fresh `annotate` has none.
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with local_cluster(1) as cluster, Client(cluster) as client:
        setups = list(client.run(_worker_setup).values())
    # Dask's other thread limits stay: one process a core.
    assert setups == [(False, None, "1")]
