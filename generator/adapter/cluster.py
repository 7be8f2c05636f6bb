"""A Dask cluster for one build: where the plugin option `distributed` points, or a local one.

    distributed: ""                  # off: this machine's processes (the default)
    distributed: local:2             # a LocalCluster of 2 worker processes on this machine
    distributed: tcp://host:8786     # an existing cluster's scheduler (README: Distributed build)

Work goes out as tasks of a few hundred pages, a bounded number at a
time: the scheduler never holds the whole site's work, and results are written as they come.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

R = TypeVar("R")

DISTRIBUTED_ENV = "SANG_KIEN_DISTRIBUTED"
"""Overrides the plugin option `distributed` (same values), e.g. for one build on a cluster."""
CONNECT_SECONDS = 30.0
"""How long to wait for the scheduler, and then for its first worker: never forever."""
_LOCAL = re.compile(r"local:([0-9]+)")


class ClusterError(RuntimeError):
    """The cluster could not be reached, or a task failed on a worker (its traceback inside)."""


def target(option: str) -> str:
    """The cluster a build uses: the environment's, else the option's; "" for none."""
    value = (os.environ.get(DISTRIBUTED_ENV) or option).strip()
    if value and not (_LOCAL.fullmatch(value) or "://" in value):
        raise ClusterError(f"distributed: '{value}' is neither local:N nor a scheduler address "
                           "such as tcp://host:8786")
    return value


@dataclass
class Task:
    """One unit of work for a worker: func(*args), and where its result goes."""

    func: Callable[..., Any]
    args: tuple[Any, ...]
    name: str
    """Shown if it fails: which pages."""


class Cluster:
    """A Dask client for one build: opened at the first distributed stage, closed at the end."""

    def __init__(self, address: str) -> None:
        # Imported here: a build without a cluster never loads Dask (an optional extra).
        try:
            import distributed
        except ImportError as exc:
            raise ClusterError("Dask is not installed: pip install '.[distributed]'") from exc
        self.address = address
        self.local: Any = None
        try:
            match = _LOCAL.fullmatch(address)
            if match:
                # One thread per worker process: rendering is pure Python (the GIL).
                self.local = distributed.LocalCluster(
                    n_workers=int(match.group(1)), threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address=":0",
                    silence_logs=logging.ERROR)
                self.client = distributed.Client(self.local)
            else:
                self.client = distributed.Client(address, timeout=CONNECT_SECONDS)
            self.client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except Exception as exc:
            self.close()
            raise ClusterError(f"cannot use the cluster at {address}: {exc}") from exc

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))

    def share(self, state: Any) -> Any:
        """state sent once to every worker; pass the returned handle as a task argument."""
        try:
            return self.client.scatter(state, broadcast=True, hash=False)
        except Exception as exc:
            raise ClusterError(f"cannot send the build's state to the workers: {exc}") from exc

    def run(self, tasks: Sequence[Task], in_flight: int = 0) -> Iterator[tuple[int, Any]]:
        """(index, result) of each task as it completes; at most in_flight (default: three per
        worker) submitted at once. A task that fails, or whose worker dies, ends the build."""
        import distributed

        limit = in_flight or 3 * self.workers
        run_id = uuid.uuid4().hex[:12]  # keys of another build on the same cluster differ
        pending = iter(enumerate(tasks))
        live: dict[str, tuple[int, Any]] = {}
        running = distributed.as_completed()

        def submit() -> None:
            for index, task in pending:
                future = self.client.submit(task.func, *task.args, pure=False,
                                            key=f"sk-{run_id}-{index}")
                live[future.key] = (index, future)
                running.add(future)
                return

        for _ in range(limit):
            submit()
        for future in running:
            index, _ = live.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:
                self.client.cancel([other for _, other in live.values()])
                raise ClusterError(f"{tasks[index].name} failed on a worker: "
                                   f"{type(exc).__name__}: {exc}") from exc
            finally:
                future.release()
            submit()
            yield index, result

    def close(self) -> None:
        client, local = getattr(self, "client", None), self.local
        self.local = None
        if client is not None:
            client.close()
            self.client = None
        if local is not None:
            local.close()
