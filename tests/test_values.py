"""ipgraph.db.values: the cycle collector is paused while a result is read, then restored."""

from __future__ import annotations

import gc

from ipgraph.db.values import gc_paused


def test_the_collector_is_off_inside_and_as_it_was_after() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_restored_when_reading_fails() -> None:
    try:
        with gc_paused():
            raise ValueError("lost connection")
    except ValueError:
        pass
    assert gc.isenabled()
