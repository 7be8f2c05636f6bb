"""Work shared among forked processes: the build machines have two cores and Python one GIL.

Forked workers inherit everything the parent has built (theme, shells, catalog) without
pickling it; only each share's result travels back through a pipe. The one place a process
is started on this machine: a list of work shared out (fork_map), one job begun now and
taken later or stopped (Forked), work handed out as it streams in (fork_pool). Many machines
are Dask's (adapter/cluster.py).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def fork_pool(workers: int) -> Any:
    """Workers forked now, inheriting this process as it is, that take tasks as they come
    (`apply_async`): for work that streams in, such as a spreadsheet's rows read one by one.
    The caller terminates it."""
    return multiprocessing.get_context("fork").Pool(workers)


def fork_map(work: Callable[[Sequence[T]], R], items: Sequence[T], workers: int,
             min_share: int = 200) -> list[R]:
    """work() applied to interleaved shares of items, the first share in this process.

    Returns the shares' results in share order. Falls back to one share when forking is not
    available or the items are too few to pay for a process.
    """
    workers = min(workers, len(items) // min_share) if min_share else workers
    # What exists now (catalog, theme, shells) lives as long as the build: the cyclic
    # collector need not walk it again and again while pages are made, nor touch (and so
    # copy) the pages a forked worker shares with its parent.
    # Frozen already (a preview server between rebuilds): whoever froze it thaws it.
    thaw = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        if workers <= 1 or not can_fork():
            return [work(items)]
        return _forked(work, items, workers)
    finally:
        if thaw:
            gc.unfreeze()


def _forked(work: Callable[[Sequence[T]], R], items: Sequence[T], workers: int) -> list[R]:
    context = multiprocessing.get_context("fork")
    shares = [items[i::workers] for i in range(workers)]
    children = []
    for share in shares[1:]:
        children.append(_start(context, work, share))
    try:
        results = [work(shares[0])]
    except BaseException:  # no worker outlives the work it was part of
        for child, reader in children:
            child.terminate()
            child.join()
            os.close(reader)
        raise
    results.extend(_received(child, reader) for child, reader in children)
    return results


def _start(context: Any, work: Callable[[Sequence[Any]], Any], share: Sequence[Any]
           ) -> tuple[Any, int]:
    """A forked process running work(share), and the pipe its result will come through.

    A plain pipe read by pickle.load as a stream: neither side holds the whole pickled
    result at once (half a million innovations come back from a share at a million)."""
    reader, writer = os.pipe()
    child = context.Process(target=_run_share, args=(work, share, writer))
    child.start()
    os.close(writer)
    return child, reader


def _received(child: Any, reader: int) -> Any:
    """What the child sent once it is done (the pipe closed, the child waited for); its
    failure, as a RuntimeError."""
    with os.fdopen(reader, "rb") as stream:
        try:
            outcome = pickle.load(stream)
        except (EOFError, pickle.UnpicklingError):
            child.join()
            outcome = _Failure(f"the worker process ended with code {child.exitcode} "
                               "before sending its result")
    child.join()
    if isinstance(outcome, _Failure):
        raise RuntimeError(f"a worker process failed:\n{outcome.text}")
    return outcome


class Forked(Generic[R]):
    """work() begun now in a forked process; its result taken later (result()).

    nice: the process's niceness. A low-priority process takes what the others leave of the
    cores: work that is needed only at the end of a build fills the idle core of its
    single-process stages instead of slowing its parallel ones."""

    def __init__(self, work: Callable[[], R], nice: int = 0) -> None:
        self._child, reader = _start(multiprocessing.get_context("fork"),
                                     _Niced(work, nice), ())
        self._reader: int | None = reader

    def result(self) -> R:
        """work()'s result, once it is done; its exception, as a RuntimeError, if it failed."""
        assert self._reader is not None, "a result is taken once"
        reader, self._reader = self._reader, None
        return _received(self._child, reader)  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Ended and waited for: the build it was part of has failed."""
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        if self._reader is not None:  # not yet closed by result()
            os.close(self._reader)
            self._reader = None


class _Niced:
    def __init__(self, work: Callable[[], Any], nice: int) -> None:
        self.work, self.nice = work, nice

    def __call__(self, _: Sequence[Any]) -> Any:
        if self.nice:
            os.nice(self.nice)
        return self.work()


class _Failure:
    def __init__(self, text: str) -> None:
        self.text = text


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _run_share(work: Callable[[Sequence[Any]], Any], share: Sequence[Any], writer: int) -> None:
    # Ended by its parent (terminate()): an exception, not a sudden death, so that the
    # workers this worker forked in turn are ended and waited for as well (_forked).
    signal.signal(signal.SIGTERM, _stop)
    try:
        result = work(share)
    except BaseException:  # reported to the parent, which must never wait forever
        import traceback
        result = _Failure(traceback.format_exc())
    # A parent that stopped listening has ended this worker: nothing to report then.
    with contextlib.suppress(BrokenPipeError), os.fdopen(writer, "wb") as stream:
        pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
