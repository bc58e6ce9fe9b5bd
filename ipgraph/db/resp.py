"""A small client for the embedded server: Redis's protocol (RESP2) over its Unix socket.

The embedded engine talks to its ``redis-server`` through this client rather than redis-py:
importing redis-py took ~100 ms of every command's ~200 ms (issue 14, cold start), and the
engine needs only a handful of commands, sent one at a time on one connection. Replies are
parsed by ``hiredis`` (C). There is no socket time-out and no retry: a statement is sent once
and waited for (the engine's own query time-out applies), and a lost connection is raised as
:class:`ConnectionError`.
"""

from __future__ import annotations

import errno
import socket
import threading
from collections.abc import Sequence
from typing import Any

import hiredis


class ReplyError(Exception):
    """The server refused a command (an error reply), with its message."""


def _encode(args: Sequence[Any]) -> bytes:
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        if isinstance(arg, bytes):
            data = arg
        elif isinstance(arg, str):
            data = arg.encode()
        elif isinstance(arg, bool):
            raise TypeError("a boolean is not a Redis argument")
        elif isinstance(arg, int | float):
            data = repr(arg).encode()
        else:
            raise TypeError(f"not a Redis argument: {type(arg).__name__}")
        parts.append(b"$%d\r\n" % len(data))
        parts.append(data)
        parts.append(b"\r\n")
    return b"".join(parts)


class Connection:
    """One connection to the server on the Unix socket ``path``."""

    def __init__(self, path: str, *, connect_timeout: float = 10) -> None:
        self.path = path
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(connect_timeout)
            sock.connect(path)
            sock.settimeout(None)
        except FileNotFoundError as exc:
            sock.close()
            raise ConnectionRefusedError(errno.ENOENT, f"no server socket at {path}") from exc
        except BaseException:
            sock.close()
            raise
        self._sock: socket.socket | None = sock
        self._reader = hiredis.Reader(encoding="utf-8", replyError=ReplyError)
        self._buffer = bytearray(65536)

    def _read(self) -> Any:
        while True:
            reply = self._reader.gets()
            if reply is not False:
                return reply
            if self._sock is None:
                raise ConnectionError("the connection to the embedded server is closed")
            read = self._sock.recv_into(self._buffer)
            if not read:
                raise ConnectionError("the embedded server closed the connection")
            self._reader.feed(self._buffer, 0, read)  # type: ignore[arg-type]  # any buffer

    def command(self, *args: Any) -> Any:
        """Send one command and return its reply; an error reply raises :class:`ReplyError`."""
        reply = self.send([args])[0]
        if isinstance(reply, ReplyError):
            raise reply
        return reply

    def send(self, commands: Sequence[Sequence[Any]]) -> list[Any]:
        """Send ``commands`` in one write and return their replies, in order (error replies
        as :class:`ReplyError` values, not raised).

        Anything that stops this half way (a lost connection, an interrupt while waiting for
        the answer) closes the connection: a reply still on its way must not be read as the
        answer to the next command.
        """
        if self._sock is None:
            raise ConnectionError("the connection to the embedded server is closed")
        data = b"".join(_encode(args) for args in commands)
        try:
            self._sock.sendall(data)
            return [self._read() for _ in commands]
        except BaseException:
            self.close()
            raise

    def transaction(self, *commands: Sequence[Any]) -> list[Any]:
        """Run ``commands`` in one ``MULTI``/``EXEC``; their replies. A refused command aborts
        the whole (nothing of it is applied) and raises its error."""
        replies = self.send([("MULTI",), *commands, ("EXEC",)])
        for reply in replies[:-1]:
            if isinstance(reply, ReplyError):
                raise reply
        if isinstance(replies[-1], ReplyError):
            raise replies[-1]
        results = list(replies[-1] or [])
        for result in results:
            if isinstance(result, ReplyError):
                raise result
        return results

    def named(self, name: str) -> Connection:
        """This connection, named ``name`` on the server (``CLIENT SETNAME``); closed if that
        fails."""
        try:
            self.command("CLIENT", "SETNAME", name)
        except BaseException:
            self.close()
            raise
        return self

    @property
    def closed(self) -> bool:
        return self._sock is None

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()

    # The few commands the engine sends, by name.

    def exists(self, *keys: str) -> int:
        return int(self.command("EXISTS", *keys))

    def delete(self, *keys: str) -> int:
        return int(self.command("DEL", *keys))

    def rename(self, old: str, new: str) -> None:
        self.command("RENAME", old, new)

    def keys(self, pattern: str = "*") -> list[str]:
        return list(self.command("KEYS", pattern))

    def save(self) -> None:
        self.command("SAVE")

    def info(self, section: str) -> dict[str, str]:
        """``INFO section`` as a mapping of its fields (values as text)."""
        text = self.command("INFO", section)
        found: dict[str, str] = {}
        for line in str(text).splitlines():
            if ":" in line and not line.startswith("#"):
                key, value = line.split(":", 1)
                found[key] = value
        return found

    def client_names(self) -> list[str]:
        """The name of every connection open on the server (``""`` for one with none)."""
        names = []
        for line in str(self.command("CLIENT", "LIST")).splitlines():
            fields = dict(part.split("=", 1) for part in line.split(" ") if "=" in part)
            names.append(fields.get("name", ""))
        return names


class Pool:
    """A connection per thread, all with one client name: a connection carries one command
    at a time, and the engine's Python API may be used from several threads at once."""

    def __init__(self, first: Connection, name: str) -> None:
        self.path, self.name = first.path, name
        self._local = threading.local()
        self._local.conn = first
        self._open = [first]
        self._lock = threading.Lock()
        self._closed = False

    def get(self) -> Connection:
        """This thread's connection (opened and named on first use, and again after it was
        closed by an interrupted command)."""
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            if self._closed:
                raise ConnectionError("the connection to the embedded server is closed")
            conn = Connection(self.path).named(self.name)
            with self._lock:
                self._open = [c for c in self._open if not c.closed] + [conn]
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close every connection."""
        with self._lock:
            self._closed = True
            for conn in self._open:
                conn.close()
            self._open.clear()
