"""Many independent evaluations on Dask: in this process, on local threads or processes, or on
an existing ``dask.distributed`` cluster.

A scheduler is ``"sync"`` (this process, one at a time), ``"threads"``, ``"processes"``, the
address of a cluster's scheduler (``"tcp://HOST:PORT"``) or a ``distributed.Client``; None
means local processes (one per CPU), or ``"sync"`` for one worker. Results come back in the
order of the inputs, never in the order tasks finish, and every evaluation is a pure function
of its input: the numbers are the same on 1 worker or N. Local processes start fresh
interpreters, so a script that uses them guards its entry point with
``if __name__ == "__main__":``, as any multiprocessing program must.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from parksim.errors import ArgumentError, ParksimError

if TYPE_CHECKING:
    from distributed import Client

Scheduler: TypeAlias = "str | Client | None"
LOCAL = ("sync", "threads", "processes")
BLAS_THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
TASKS_PER_WORKER = 4  # batches per worker: enough to balance, few enough to ship inputs rarely

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Out = TypeVar("Out")
Batch = TypeVar("Batch")


def run_tasks(
    function: Callable[[Shared, Item], Out],
    shared: Shared,
    items: Sequence[Item],
    *,
    scheduler: Scheduler = None,
    workers: int | None = None,
    progress: bool = False,
) -> list[Out]:
    """``[function(shared, item) for item in items]`` on the scheduler, in the items' order.

    ``shared`` (a scenario, say) is shipped once per batch of items, or once per worker of a
    cluster; ``workers`` sets the local threads or processes. ``progress`` draws a bar on
    stderr (stdout stays clean for tables).
    """
    task = functools.partial(_each, function)
    done = _run(task, shared, items, scheduler, workers, progress)
    return [out for batch in done for out in batch]


def map_reduce(
    function: Callable[[Shared, Item], Out],
    combine: Callable[[Sequence[Out]], Out],
    shared: Shared,
    items: Sequence[Item],
    *,
    scheduler: Scheduler = None,
    workers: int | None = None,
    progress: bool = False,
) -> Out:
    """``combine`` of ``function(shared, item)`` over the items, folded in the items' order
    (within a batch on its worker, then batch by batch here), so at most one output per worker
    is held at a time. ``combine`` takes a list of consecutive outputs."""
    if not items:
        raise ValueError("map_reduce: no items")
    task = functools.partial(_fold, function, combine)
    return _fold_outputs(combine, _run(task, shared, items, scheduler, workers, progress))


def _run(
    task: Callable[[Shared, Sequence[Item]], Batch],
    shared: Shared,
    items: Sequence[Item],
    scheduler: Scheduler,
    workers: int | None,
    progress: bool,
) -> list[Batch]:
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or workers < 1
    ):
        raise ArgumentError("workers", f"workers = {workers!r}: must be an integer >= 1")
    if not items:
        return []
    if scheduler is None:
        count = workers or os.cpu_count() or 1
        scheduler = "sync" if count == 1 else "processes"
    if isinstance(scheduler, str) and scheduler in LOCAL:
        return _run_local(task, shared, items, scheduler, workers, progress)
    if isinstance(scheduler, str) and "://" not in scheduler:
        raise ArgumentError(
            "scheduler",
            f"scheduler = {scheduler!r}: must be sync, threads, processes or a Dask "
            f"scheduler address such as tcp://127.0.0.1:8786",
        )
    return _run_cluster(task, shared, items, scheduler, progress)


def _run_local(
    task: Callable[[Shared, Sequence[Item]], Batch],
    shared: Shared,
    items: Sequence[Item],
    scheduler: str,
    workers: int | None,
    progress: bool,
) -> list[Batch]:
    from dask.base import compute
    from dask.delayed import delayed
    from dask.diagnostics.progress import ProgressBar

    count = 1 if scheduler == "sync" else workers or os.cpu_count() or 1
    # One node for the shared input, never traversed: dask would walk every field of it.
    common = delayed(shared, traverse=False)
    tasks = [delayed(task, pure=False)(common, batch) for batch in _batches(items, count)]
    options = {} if scheduler == "sync" else {"num_workers": count}
    bar = ProgressBar(out=sys.stderr) if progress else contextlib.nullcontext()
    quiet = _one_blas_thread() if scheduler == "processes" else contextlib.nullcontext()
    with bar, quiet:
        done = compute(*tasks, scheduler=scheduler, **options)
    return list(done)


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """One BLAS thread in each new worker process (as ``dask.distributed``'s nanny does):
    otherwise every worker's OpenBLAS threads compete for the same cores."""
    saved = {name: os.environ.get(name) for name in BLAS_THREADS}
    os.environ.update({name: "1" for name, value in saved.items() if value is None})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)


def _run_cluster(
    task: Callable[[Shared, Sequence[Item]], Batch],
    shared: Shared,
    items: Sequence[Item],
    scheduler: str | Client,
    progress: bool,
) -> list[Batch]:
    from distributed import Client
    from distributed import progress as draw_progress

    owned = not isinstance(scheduler, Client)
    try:
        client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout="10s")
    except OSError as exc:
        raise ParksimError(f"scheduler {scheduler}: cannot connect ({exc})") from None
    try:
        count = max(1, sum(client.nthreads().values()))
        on_workers = client.scatter(shared, broadcast=True, hash=False)
        run = uuid.uuid4().hex[:8]
        futures = [
            client.submit(task, on_workers, batch, key=f"parksim-{run}-{i}")
            for i, batch in enumerate(_batches(items, count))
        ]
        if progress:
            with contextlib.redirect_stdout(sys.stderr):  # distributed draws on stdout
                draw_progress(futures)
            print(file=sys.stderr)
        done: list[Batch] = client.gather(futures)
    finally:
        if owned:
            client.close()
    return done


def _batches(items: Sequence[Item], workers: int) -> list[Sequence[Item]]:
    """Consecutive runs of items, about ``TASKS_PER_WORKER`` per worker."""
    size = max(1, math.ceil(len(items) / (workers * TASKS_PER_WORKER)))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _each(
    function: Callable[[Shared, Item], Out], shared: Shared, items: Sequence[Item]
) -> list[Out]:
    return [function(shared, item) for item in items]


def _fold(
    function: Callable[[Shared, Item], Out],
    combine: Callable[[Sequence[Out]], Out],
    shared: Shared,
    items: Sequence[Item],
) -> Out:
    return _fold_outputs(combine, (function(shared, item) for item in items))


def _fold_outputs(combine: Callable[[Sequence[Out]], Out], outputs: Iterable[Out]) -> Out:
    folded: Out | None = None
    for out in outputs:
        folded = out if folded is None else combine([folded, out])
    if folded is None:
        raise ValueError("nothing to combine")
    return folded
