"""Polling feeds: clipfeed.Poller, the events it reports and the iterator of new items."""
from __future__ import annotations

import contextlib
import logging
import threading
import time
import weakref
from ctypes import byref, c_int64, c_size_t, c_void_p
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterator, List, NamedTuple, Optional, Tuple, Union

from ._convert import read_item, utc_datetime
from ._native import (CLOCK_CALLBACK, FEED_GONE_CALLBACK, FEED_MOVED_CALLBACK, ITEM_CALLBACK,
                      POLL_ERROR_CALLBACK, Error, PollerP, SubscriptionsP, decode, encode, encode_path, lib,
                      take_string)
from .model import Item
from .fetch import PARSE_OPTIONS
from .parse import set_parse_options

_log = logging.getLogger("clipfeed")

Seconds = Union[int, float, timedelta]


class ItemEvent(NamedTuple):
    """A new item (updated=False) or one whose content changed (updated=True).

    redelivered: the item comes again from the poller's storage, after an earlier delivery failed
    or the process stopped before it was delivered.
    """

    feed_url: str
    item: Item
    key: Optional[str] = None
    updated: bool = False
    redelivered: bool = False


class ErrorEvent(NamedTuple):
    """A poll of feed_url failed (it is retried later, with backoff); feed_url is None when the
    poller itself failed (its state store)."""

    feed_url: Optional[str]
    error: Error
    key: Optional[str] = None


class MovedEvent(NamedTuple):
    """The feed moved permanently (301/308); the poller now polls new_url."""

    old_url: str
    new_url: str
    key: Optional[str] = None


class GoneEvent(NamedTuple):
    """The feed is gone (HTTP 410) and no longer polled."""

    feed_url: str
    key: Optional[str] = None


@dataclass
class Subscription:
    """One feed the poller polls, as its state had it when Poller.feeds() was called."""

    url: str
    key: Optional[str] = None
    title: Optional[str] = None
    last_error: Optional[str] = None
    next_poll: Optional[datetime] = None
    error_count: int = 0
    gone: bool = False


def _seconds(value: Seconds) -> int:
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    return int(value)


class _Handoff:
    """The rendezvous between the polling thread and the consumer of an ItemStream.

    offer() (polling thread) waits until the consumer takes the event, then reports it delivered,
    or until the stream closes, then reports it undelivered so the poller keeps it for later.
    There is one producer: the poller's thread.
    """

    def __init__(self):
        self._condition = threading.Condition()
        self._event: Optional[ItemEvent] = None
        self._taken = False
        self._closed = False

    def offer(self, event: ItemEvent) -> bool:
        with self._condition:
            if self._closed:
                return False
            self._event = event
            self._taken = False
            self._condition.notify_all()
            while not self._taken and not self._closed:
                self._condition.wait()
            if self._taken:
                return True
            self._event = None
            return False

    def take(self, timeout: Optional[float]) -> Optional[ItemEvent]:
        """The next event, or None when the stream closed or `timeout` seconds passed without one."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._condition:
            while self._event is None and not self._closed:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return None
                self._condition.wait(remaining)
            if self._closed:
                return None
            event, self._event = self._event, None
            self._taken = True
            self._condition.notify_all()
            return event

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()


class _Callbacks:
    """The Python callables set on one poller. Only the Poller holds this strongly: the callables
    often refer to the poller, and a strong path from the finalizer would keep it alive forever."""

    __slots__ = ("on_new_item", "on_updated_item", "on_error", "on_moved", "on_gone", "clock", "__weakref__")

    def __init__(self):
        self.on_new_item: Optional[Callable[[ItemEvent], object]] = None
        self.on_updated_item: Optional[Callable[[ItemEvent], object]] = None
        self.on_error: Optional[Callable[[ErrorEvent], object]] = None
        self.on_moved: Optional[Callable[[MovedEvent], object]] = None
        self.on_gone: Optional[Callable[[GoneEvent], object]] = None
        self.clock: Optional[Callable[[], float]] = None


class _Bridge:
    """The C callbacks of one poller. Each routes its event to the Python callable set for it, or
    new and updated items to the running ItemStream, and answers the C side.

    The poller's finalizer holds the bridge, so the CFUNCTYPE objects live until
    clipfeed_poller_free(); the bridge reaches the callables only weakly (see _Callbacks).
    """

    def __init__(self, handle, callbacks: _Callbacks):
        self.handle = handle
        self._callbacks = weakref.ref(callbacks)
        self.handoff: Optional[_Handoff] = None  # the running ItemStream's
        # A KeyboardInterrupt or SystemExit raised in a callback, re-raised by run_due().
        self.interrupt: Optional[BaseException] = None
        self._local = threading.local()

        self.c_new_item = ITEM_CALLBACK(lambda *a: self._item(False, *a))
        self.c_updated_item = ITEM_CALLBACK(lambda *a: self._item(True, *a))
        self.c_error = POLL_ERROR_CALLBACK(self._error)
        self.c_moved = FEED_MOVED_CALLBACK(self._moved)
        self.c_gone = FEED_GONE_CALLBACK(self._gone)
        self.c_clock = CLOCK_CALLBACK(self._clock)

    def in_callback(self) -> bool:
        """Whether this thread is inside one of the poller's callbacks."""
        return getattr(self._local, "depth", 0) > 0

    @contextlib.contextmanager
    def _calling(self, what: str, feed_url: Optional[str]):
        self._local.depth = getattr(self._local, "depth", 0) + 1
        try:
            yield
        except Exception:
            _log.exception("clipfeed: the %s callback for %s raised", what, feed_url)
            raise
        except BaseException as interrupt:
            # Ctrl-C or exit while a callback runs: stop the poll, and let run_due() raise it.
            self.interrupt = interrupt
            lib.clipfeed_poller_cancel(self.handle)
            raise
        finally:
            self._local.depth -= 1

    def _item(self, updated, feed_url, key, feed, item, _user_data) -> int:
        url = decode(feed_url)
        try:
            with self._calling("on_updated_item" if updated else "on_new_item", url):
                callbacks = self._callbacks()
                if callbacks is None:
                    return 1  # the poller is being freed: keep the item for the next one
                event = ItemEvent(url, read_item(item), decode(key), updated, not feed)
                handoff = self.handoff
                if handoff is not None:
                    return 0 if handoff.offer(event) else 1
                callback = callbacks.on_updated_item if updated else callbacks.on_new_item
                if callback is not None:
                    callback(event)
                return 0
        except BaseException:  # reported by _calling; the item stays undelivered
            return 1

    def _callback(self, name: str):
        callbacks = self._callbacks()
        return None if callbacks is None else getattr(callbacks, name)

    def _error(self, feed_url, key, code, message, _user_data) -> None:
        url = decode(feed_url)
        with contextlib.suppress(BaseException), self._calling("on_error", url):
            callback = self._callback("on_error")
            if callback is not None:
                callback(ErrorEvent(url, Error(code, decode(message) or ""), decode(key)))

    def _moved(self, old_url, new_url, key, _user_data) -> None:
        url = decode(old_url)
        with contextlib.suppress(BaseException), self._calling("on_moved", url):
            callback = self._callback("on_moved")
            if callback is not None:
                callback(MovedEvent(url, decode(new_url), decode(key)))

    def _gone(self, feed_url, key, _user_data) -> None:
        url = decode(feed_url)
        with contextlib.suppress(BaseException), self._calling("on_gone", url):
            callback = self._callback("on_gone")
            if callback is not None:
                callback(GoneEvent(url, decode(key)))

    def _clock(self, _user_data) -> int:
        clock = self._callback("clock")
        try:
            return int(clock()) if clock is not None else int(time.time())
        except BaseException:
            _log.exception("clipfeed: the poller's clock raised; using the system clock")
            return int(time.time())


def _free_poller(handle, bridge: _Bridge) -> None:
    handoff = bridge.handoff
    if handoff is not None:
        handoff.close()  # a callback waiting for the consumer returns
    if bridge.in_callback():
        # Collected inside one of its own callbacks, on the polling thread: freeing joins that
        # thread, so free it from another one once the callback has returned.
        threading.Thread(target=lib.clipfeed_poller_free, args=(handle,), name="clipfeed-poller-free").start()
    else:
        lib.clipfeed_poller_free(handle)


class _Callback:
    """A Poller attribute for one callback, kept in the poller's _Callbacks."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, poller, owner=None):
        return self if poller is None else getattr(poller._callbacks, self.name)

    def __set__(self, poller, function):
        if function is not None and not callable(function):
            raise TypeError(f"{self.name} must be callable or None")
        setattr(poller._callbacks, self.name, function)


# Poller options: name -> (the C setter, which turns the Python value into its argument).
_OPTIONS = {
    "default_interval": ("clipfeed_poller_set_default_interval", _seconds),
    "min_interval": ("clipfeed_poller_set_min_interval", _seconds),
    "max_backoff": ("clipfeed_poller_set_max_backoff", _seconds),
    "retention": ("clipfeed_poller_set_retention", _seconds),
    "max_host_connections": ("clipfeed_poller_set_max_host_connections", int),
    "max_connections": ("clipfeed_poller_set_max_connections", int),
    "user_agent": ("clipfeed_poller_set_user_agent", encode),
    "timeout_ms": ("clipfeed_poller_set_timeout_ms", int),
    "lease": ("clipfeed_poller_set_lease", _seconds),
}


class Poller:
    """Polls feeds on a polite schedule and delivers their new and changed items at least once.

    state_path: the SQLite file keeping subscriptions, validators, schedule and delivered items
    (created when missing); None keeps them in memory; a "postgresql://" or "postgres://" URI
    keeps them in a PostgreSQL database that many pollers share (tables created on first use).
    clipfeed.Error (ESTATE) when the file is corrupt, locked by another process or not a clipfeed
    state file, or the server refuses the login; (EUNAVAILABLE) when the server cannot be reached.

    Options (keyword arguments): default_interval, min_interval, max_backoff, retention (seconds
    or timedelta), lease (seconds or timedelta: how long a claimed feed of a shared PostgreSQL
    state stays this poller's; default 300), max_host_connections, max_connections, user_agent, timeout_ms, clippings and
    sanitize (as Fetcher's), and clock (a callable giving "now" in Unix seconds, for tests and
    simulations).

    Callbacks (keyword arguments or attributes, any time): on_new_item(ItemEvent),
    on_updated_item(ItemEvent), on_error(ErrorEvent), on_moved(MovedEvent), on_gone(GoneEvent).
    They run on the thread that polls: the caller's in run_due(), the poller's own after start().
    An item counts as delivered when its callback returns; when it raises, the item is kept and
    comes again on the next poll (the exception is logged to the "clipfeed" logger). With no
    callback set for new (or updated) items, such items count as delivered.

    Close it with close() or a with-block (that stops its thread); the garbage collector frees it
    otherwise. Don't close, stop or run it from inside its own callbacks (RuntimeError).
    """

    on_new_item = _Callback()
    on_updated_item = _Callback()
    on_error = _Callback()
    on_moved = _Callback()
    on_gone = _Callback()

    def __init__(self, state_path=None, *, on_new_item=None, on_updated_item=None, on_error=None,
                 on_moved=None, on_gone=None, clock: Optional[Callable[[], float]] = None, **options):
        known = [*_OPTIONS, *PARSE_OPTIONS]
        unknown = sorted(set(options) - set(known))
        if unknown:
            raise TypeError(f"unknown Poller option(s): {', '.join(unknown)}; known: {', '.join(known)}")
        handle = PollerP()
        lib.clipfeed_poller_new(byref(handle), None if state_path is None else encode_path(state_path))
        self._callbacks = _Callbacks()
        bridge = _Bridge(handle, self._callbacks)
        self._handle = handle
        self._bridge = bridge
        self._finalizer = weakref.finalize(self, _free_poller, handle, bridge)
        self._lock = threading.RLock()  # start, stop, close and streams, one at a time
        self._running = False
        self._stream: Optional[ItemStream] = None

        lib.clipfeed_poller_on_new_item(handle, bridge.c_new_item, None)
        lib.clipfeed_poller_on_updated_item(handle, bridge.c_updated_item, None)
        lib.clipfeed_poller_on_error(handle, bridge.c_error, None)
        lib.clipfeed_poller_on_moved(handle, bridge.c_moved, None)
        lib.clipfeed_poller_on_gone(handle, bridge.c_gone, None)
        if clock is not None:
            self._callbacks.clock = clock
            lib.clipfeed_poller_set_clock(handle, bridge.c_clock, None)
        for name, value in options.items():
            if name in _OPTIONS:
                setter, convert = _OPTIONS[name]
                getattr(lib, setter)(handle, convert(value))
        if any(name in options for name in PARSE_OPTIONS):
            set_parse_options(lib.clipfeed_poller_set_parse_options, handle,
                              clippings=options.get("clippings", True), sanitize=options.get("sanitize", True))
        self.on_new_item = on_new_item
        self.on_updated_item = on_updated_item
        self.on_error = on_error
        self.on_moved = on_moved
        self.on_gone = on_gone

    # ---- lifetime

    def _checked_handle(self):
        if not self._finalizer.alive:
            raise ValueError("the Poller is closed")
        return self._handle

    def _not_in_callback(self, what: str) -> None:
        if self._bridge.in_callback():
            raise RuntimeError(f"Poller.{what}() cannot be called from inside the poller's own callbacks")

    def close(self) -> None:
        """Stops the poller's thread and frees it; later calls raise ValueError. Again: nothing."""
        self._not_in_callback("close")
        with self._lock:
            if self._stream is not None:
                self._stream.close()
            self._running = False
            self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> "Poller":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- subscriptions

    def add_feed(self, url: str, interval: Optional[Seconds] = None, key: Optional[str] = None) -> None:
        """Subscribes to `url` (due at once when new). interval: seconds between polls (None: the
        default); key: your own name for the feed, handed back in events. Adding a URL already
        there updates its key and interval."""
        seconds = 0 if interval is None else _seconds(interval)
        lib.clipfeed_poller_add_feed(self._checked_handle(), encode(url), seconds, encode(key))

    def remove_feed(self, url: str) -> None:
        """Unsubscribes; clipfeed.Error (ENOTFOUND) when the URL is not subscribed."""
        lib.clipfeed_poller_remove_feed(self._checked_handle(), encode(url))

    def feeds(self) -> List[Subscription]:
        """A snapshot of the subscriptions."""
        snapshot = SubscriptionsP()
        lib.clipfeed_poller_subscriptions(byref(snapshot), self._checked_handle())
        try:
            return [Subscription(url=decode(lib.clipfeed_subscriptions_url(snapshot, i)),
                                 key=decode(lib.clipfeed_subscriptions_key(snapshot, i)),
                                 title=decode(lib.clipfeed_subscriptions_title(snapshot, i)),
                                 last_error=decode(lib.clipfeed_subscriptions_last_error(snapshot, i)),
                                 next_poll=utc_datetime(lib.clipfeed_subscriptions_next_poll(snapshot, i)),
                                 error_count=lib.clipfeed_subscriptions_error_count(snapshot, i),
                                 gone=bool(lib.clipfeed_subscriptions_gone(snapshot, i)))
                    for i in range(lib.clipfeed_subscriptions_count(snapshot))]
        finally:
            lib.clipfeed_subscriptions_free(snapshot)

    def import_opml(self, path) -> int:
        """Subscribes to every feed of an OPML file; returns how many."""
        added = c_size_t()
        lib.clipfeed_poller_import_opml(self._checked_handle(), encode_path(path), byref(added))
        return added.value

    def export_opml(self) -> str:
        """The subscriptions as an OPML document."""
        text = c_void_p()
        lib.clipfeed_poller_export_opml(byref(text), self._checked_handle())
        return take_string(text)

    # ---- polling

    def run_due(self) -> Optional[datetime]:
        """Polls every feed that is due, on this thread, delivering items to the callbacks; returns
        when the next poll is due (None: no feeds). clipfeed.Error (ECANCELED) after cancel()."""
        self._not_in_callback("run_due")
        if self._running:
            raise RuntimeError("the poller polls on its own thread; stop() it before calling run_due()")
        next_due = c_int64(-1)
        bridge = self._bridge
        bridge.interrupt = None
        try:
            lib.clipfeed_poller_run_due(self._checked_handle(), byref(next_due))
        except Error:
            if bridge.interrupt is None:
                raise
        if bridge.interrupt is not None:
            interrupt, bridge.interrupt = bridge.interrupt, None
            lib.clipfeed_poller_resume(self._handle)
            raise interrupt
        return None if next_due.value < 0 else utc_datetime(next_due.value)

    def start(self) -> None:
        """Polls on a thread of the poller's own until stop(); callbacks run on that thread."""
        self._not_in_callback("start")
        with self._lock:
            if not self._running:
                lib.clipfeed_poller_start(self._checked_handle())
                self._running = True

    def stop(self) -> None:
        """Stops the poller's thread, promptly: fetches in flight are abandoned (their feeds stay
        due). Ends a running events() iterator."""
        self._not_in_callback("stop")
        with self._lock:
            if self._stream is not None:
                self._stream.close()
            if self._running:
                lib.clipfeed_poller_stop(self._checked_handle())
                self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def cancel(self) -> None:
        """From any thread: a running run_due() returns promptly, and later ones raise
        clipfeed.Error (ECANCELED) at once until resume()."""
        lib.clipfeed_poller_cancel(self._checked_handle())

    def resume(self) -> None:
        lib.clipfeed_poller_resume(self._checked_handle())

    # ---- the iterator of items

    def events(self, timeout: Optional[float] = None) -> "ItemStream":
        """Polls on the poller's thread and yields each new or changed item as an ItemEvent.

        An item counts as delivered at the moment the iterator hands it to you (next() returns
        it). Until then the polling thread waits for you; items it could not hand over because the
        iterator was closed (break, close(), stop(), the timeout) stay undelivered and come again
        on the next poll. While the iterator runs, on_new_item and on_updated_item are not called;
        the other callbacks are.

        timeout: seconds to wait for each next item; when none comes in that time the iteration
        ends. None waits until stop() or close(). The iterator starts the poller's thread when it
        is not running, and then stops it again when it ends. One iterator at a time.
        """
        return ItemStream(self, timeout)

    def iter_items(self, timeout: Optional[float] = None) -> Iterator[Tuple[str, Item]]:
        """events(), as (feed_url, item) pairs."""
        with self.events(timeout) as stream:
            for event in stream:
                yield event.feed_url, event.item

    def _attach(self, stream: "ItemStream", handoff: _Handoff) -> bool:
        """Routes items to `stream`; True when that started the poller's thread."""
        self._not_in_callback("events")
        with self._lock:
            self._checked_handle()
            if self._stream is not None:
                raise RuntimeError("the poller already has an events() iterator running; one at a time")
            self._stream = stream
            self._bridge.handoff = handoff
            if self._running:
                return False
            try:
                self.start()
            except BaseException:
                self._stream = None
                self._bridge.handoff = None
                raise
            return True

    def _detach(self, stream: "ItemStream", stop: bool) -> None:
        with self._lock:
            if self._stream is not stream:
                return
            self._stream = None
            self._bridge.handoff = None
            if stop and self._running and self._finalizer.alive and not self._bridge.in_callback():
                lib.clipfeed_poller_stop(self._handle)
                self._running = False


class ItemStream:
    """The iterator Poller.events() returns; see there. close() (or a with-block) ends it."""

    def __init__(self, poller: Poller, timeout: Optional[float]):
        self._closed = True
        self._poller = poller  # keeps the poller alive while items are taken
        self._timeout = timeout
        self._handoff = _Handoff()
        self._started_poller = poller._attach(self, self._handoff)
        self._closed = False

    def __iter__(self) -> "ItemStream":
        return self

    def __next__(self) -> ItemEvent:
        if self._closed:
            raise StopIteration
        event = self._handoff.take(self._timeout)
        if event is None:
            self.close()
            raise StopIteration
        return event

    def close(self) -> None:
        """Ends the iteration; an item being offered stays undelivered. Again: nothing."""
        if self._closed:
            return
        self._closed = True
        self._handoff.close()
        self._poller._detach(self, stop=self._started_poller)

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> "ItemStream":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        # Collected without close() (the consumer dropped it): hand back the item being offered.
        with contextlib.suppress(Exception):
            self.close()
