"""Reading and checking a large dataset in a second process, beside the load.

Reading and checking the files is most of a large load's client time (at a million
relationships, about 15 of 24 s of CPU), and it is Python work that holds the interpreter's
lock, so a thread cannot run it beside the packing and sending. For a dataset of at least
:data:`ROWS` rows on a machine with more than one core, :func:`checked_batches` runs the reader
in a child process (``python -m ipgraph.dataset.worker``), which sends the checked batches back
over a pipe (pickled, in order), while this process packs and writes the ones it has.

Nothing else changes: the batches are those :func:`ipgraph.loading.batches` yields in process,
in the same order; the first problem in the files is the same one-line
:class:`~ipgraph.errors.DataError` (raised here, where the load stops and leaves the graph as
it was); the child is in its own session (Ctrl-C stops the load, which ends the child) and
ends when this process does (its next write to the pipe fails).
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ipgraph
from ipgraph.db.base import Batch
from ipgraph.errors import EngineError

#: From this many rows (the files' estimate), a load checks its data in a second process:
#: below it, starting that process (~0.15 s) costs about what it saves.
ROWS = 50_000


def wanted(estimate: int) -> bool:
    """Whether a load of about ``estimate`` rows should be read and checked in a second
    process."""
    return estimate >= ROWS and (os.cpu_count() or 1) > 1


def checked_batches(
    folders: list[tuple[Path, str]],
    batch_size: int,
    progress: Callable[[int], None] | None,
    done: Callable[[dict[str, int]], None],
) -> Iterator[Batch]:
    """The batches of the dataset in ``folders``, read and checked by a child process.

    ``done`` receives the rows per statement once every batch has come.
    """
    env = dict(os.environ)
    # The child imports this same ipgraph, wherever it was imported from.
    root = str(Path(ipgraph.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    child = subprocess.Popen(
        [sys.executable, "-m", "ipgraph.dataset.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        request = {"folders": [[str(p), label] for p, label in folders], "batch": batch_size}
        child.stdin.write(json.dumps(request).encode())
        child.stdin.close()
        while True:
            try:
                kind, payload = pickle.load(child.stdout)
            except EOFError:
                code = child.wait()
                raise EngineError(
                    f"the process that checks the data ended before it finished (exit status "
                    f"{code}). Run the load again; if it fails the same way, report it"
                ) from None
            if kind == "batch":
                if progress is not None:
                    progress(len(payload[2]))
                yield payload
            elif kind == "done":
                done(payload)
                return
            else:
                raise payload
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()


def _portable(exc: Exception) -> BaseException:
    """The child's error as the parent can unpickle it (a DataError keeps file, line and
    column; an error that cannot be pickled becomes a RuntimeError naming it)."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"checking the data failed: {type(exc).__name__}: {exc}")
    return exc


def main() -> None:
    """The child: read the request from stdin, send ``(kind, payload)`` pickles on stdout."""
    from ipgraph.dataset.reader import read_dataset
    from ipgraph.loading import batches

    request = json.load(sys.stdin)
    out = sys.stdout.buffer
    folders = [(Path(path), label) for path, label in request["folders"]]
    try:
        try:
            dataset = read_dataset(folders)
            for batch in batches(dataset, request["batch"]):
                pickle.dump(("batch", batch), out, protocol=pickle.HIGHEST_PROTOCOL)
            message: tuple[str, Any] = ("done", dataset.counts)
        except Exception as exc:  # sent to the parent, which raises it
            message = ("error", _portable(exc))
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
    except BrokenPipeError:  # the load ended (stopped, or its process died): nothing to say
        os._exit(1)


if __name__ == "__main__":
    main()
