"""clipfeed.Poller: callbacks, at-least-once delivery, the iterator of items, lifetime."""
import gc
import logging
import threading
import time
import weakref
from datetime import datetime, timezone

import pytest

import clipfeed
from documents import rss

START = 1_800_000_000  # the fake clock's first "now", Unix seconds


class FakeClock:
    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


class Recorder:
    """Collects the events of every callback; raise_for decides which items a callback refuses."""

    def __init__(self, poller, raise_for=()):
        self.events = []
        self.raise_for = set(raise_for)
        for name in ("on_new_item", "on_updated_item", "on_error", "on_moved", "on_gone"):
            setattr(poller, name, self.record)

    def record(self, event):
        if isinstance(event, clipfeed.ItemEvent) and event.item.id in self.raise_for:
            self.raise_for.discard(event.item.id)
            raise RuntimeError(f"the host could not take {event.item.id}")
        self.events.append(event)

    def take(self):
        events, self.events = self.events, []
        return events


def wait_until(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def item_ids(events):
    return [e.item.id for e in events]


THREE = rss([("i3", "Third", "newest"), ("i2", "Second", "middle"), ("i1", "First", "oldest")], title="Three")


def test_new_items_reach_on_new_item_oldest_first_with_the_feeds_key(server, clock):
    url = server.serve("/feed.xml", THREE, etag='"v1"')
    with clipfeed.Poller(clock=clock, default_interval=600, min_interval=0) as poller:
        recorder = Recorder(poller)
        poller.add_feed(url, key="three")
        next_due = poller.run_due()
        assert next_due == datetime.fromtimestamp(START + 600, timezone.utc)
        events = recorder.take()
        assert item_ids(events) == ["i1", "i2", "i3"]
        assert all(isinstance(e, clipfeed.ItemEvent) for e in events)
        assert {(e.feed_url, e.key, e.updated, e.redelivered) for e in events} == {
            (url, "three", False, False)}
        assert events[0].item.title == "First" and events[0].item.summary == "oldest"
        [subscription] = poller.feeds()
        assert (subscription.url, subscription.key, subscription.title) == (url, "three", "Three")
        assert subscription.next_poll == next_due and subscription.error_count == 0


def test_an_unchanged_feed_is_fetched_with_its_etag_and_delivers_nothing(server, clock):
    url = server.serve("/feed.xml", THREE, etag='"v1"')
    with clipfeed.Poller(clock=clock) as poller:
        recorder = Recorder(poller)
        poller.add_feed(url)
        poller.run_due()
        recorder.take()
        poller.run_due()  # not due yet: no request
        assert len(server.requests_to("/feed.xml")) == 1
        clock.advance(4000)
        poller.run_due()
        requests = server.requests_to("/feed.xml")
        assert len(requests) == 2 and requests[1].headers["if-none-match"] == '"v1"'
        assert recorder.take() == []


def test_a_changed_item_reaches_on_updated_item(server, clock):
    url = server.serve("/feed.xml", THREE, etag='"v1"')
    with clipfeed.Poller(clock=clock) as poller:
        recorder = Recorder(poller)
        poller.add_feed(url)
        poller.run_due()
        recorder.take()
        server.serve("/feed.xml", rss([("i4", "Fourth", "new"), ("i3", "Third", "newest, corrected"),
                                       ("i2", "Second", "middle"), ("i1", "First", "oldest")]), etag='"v2"')
        clock.advance(4000)
        poller.run_due()
        events = recorder.take()
        assert [(e.item.id, e.updated) for e in events] == [("i3", True), ("i4", False)]  # oldest first
        updated = next(e for e in events if e.updated)
        assert updated.item.summary == "newest, corrected"


def test_an_item_whose_callback_raises_comes_again_on_the_next_run(server, clock, caplog):
    url = server.serve("/feed.xml", THREE)
    with clipfeed.Poller(clock=clock) as poller:
        recorder = Recorder(poller, raise_for={"i2"})
        poller.add_feed(url)
        with caplog.at_level(logging.ERROR, logger="clipfeed"):
            poller.run_due()
        assert item_ids(recorder.take()) == ["i1", "i3"]
        assert "on_new_item" in caplog.text and "the host could not take i2" in caplog.text
        poller.run_due()  # the feed is not due, but the undelivered item is
        [again] = recorder.take()
        assert (again.item.id, again.item.title, again.feed_url) == ("i2", "Second", url)
        assert again.redelivered
        poller.run_due()
        assert recorder.take() == []


def test_undelivered_items_survive_a_restart_and_delivered_ones_do_not_come_back(server, clock, tmp_path):
    url = server.serve("/feed.xml", THREE)
    state = tmp_path / "state.sqlite"
    with clipfeed.Poller(state, clock=clock) as poller:
        recorder = Recorder(poller, raise_for={"i1"})
        poller.add_feed(url)
        poller.run_due()
        assert item_ids(recorder.take()) == ["i2", "i3"]
    with clipfeed.Poller(state, clock=clock) as poller:
        recorder = Recorder(poller)
        assert [s.url for s in poller.feeds()] == [url]
        poller.run_due()
        assert [(e.item.id, e.redelivered) for e in recorder.take()] == [("i1", True)]
    with clipfeed.Poller(str(state), clock=clock) as poller:
        recorder = Recorder(poller)
        clock.advance(4000)
        poller.run_due()
        assert recorder.take() == []


def test_failures_moves_and_gone_feeds_reach_their_callbacks(server, clock, refused_url):
    err = server.serve("/err.xml", "broken", status=500, content_type="text/plain")
    new = server.serve("/new.xml", rss([("n1", "New home", "moved")]))
    moved = server.redirect("/moved.xml", new, status=301)
    gone = server.serve("/gone.xml", "", status=410, content_type="text/plain")
    with clipfeed.Poller(clock=clock, timeout_ms=5000) as poller:
        recorder = Recorder(poller)
        for url, key in ((err, "err"), (moved, "moved"), (gone, "gone"), (refused_url, "refused")):
            poller.add_feed(url, key=key)
        poller.run_due()
        events = recorder.take()

        errors = {e.key: e for e in events if isinstance(e, clipfeed.ErrorEvent)}
        assert errors["err"].feed_url == err and errors["err"].error.code == clipfeed.EHTTP
        assert "500" in errors["err"].error.message
        assert errors["refused"].error.code == clipfeed.ECONNECT
        moves = [e for e in events if isinstance(e, clipfeed.MovedEvent)]
        assert moves == [clipfeed.MovedEvent(moved, new, "moved")]
        assert [e for e in events if isinstance(e, clipfeed.GoneEvent)] == [clipfeed.GoneEvent(gone, "gone")]
        assert [(e.feed_url, e.item.id) for e in events if isinstance(e, clipfeed.ItemEvent)] == [(new, "n1")]

        subscriptions = {s.key: s for s in poller.feeds()}
        assert subscriptions["moved"].url == new
        assert subscriptions["gone"].gone
        assert subscriptions["err"].error_count == 1 and "500" in subscriptions["err"].last_error

        clock.advance(2 * 86400)
        poller.run_due()
        assert len(server.requests_to("/gone.xml")) == 1  # no longer polled
        assert len(server.requests_to("/err.xml")) == 2  # retried after its backoff


def test_the_iterator_yields_items_and_an_item_counts_as_delivered_when_taken(server, clock):
    url = server.serve("/feed.xml", THREE)
    with clipfeed.Poller(clock=clock) as poller:
        poller.add_feed(url, key="three")
        taken = []
        stream = poller.events(timeout=30)
        assert poller.running  # the iterator started the poller's thread
        for event in stream:
            taken.append(event)
            if len(taken) == 2:
                break
        # Let the polling thread offer i3 and wait for it to be taken; closing now leaves it untaken.
        assert wait_until(lambda: stream._handoff._event is not None)
        stream.close()
        assert stream.closed and not poller.running
        assert [(e.item.id, e.key, e.feed_url) for e in taken] == [("i1", "three", url), ("i2", "three", url)]

        recorder = Recorder(poller)
        poller.run_due()
        assert [(e.item.id, e.redelivered) for e in recorder.take()] == [("i3", True)]


def test_iter_items_yields_feed_url_and_item_pairs(server, clock):
    url = server.serve("/feed.xml", rss([("only", "Only", "one")]))
    with clipfeed.Poller(clock=clock) as poller:
        poller.add_feed(url)
        for feed_url, item in poller.iter_items(timeout=30):
            assert (feed_url, item.id, item.title) == (url, "only", "Only")
            break
        else:
            pytest.fail("no item came")
    assert poller.closed


def test_the_iterator_ends_after_its_timeout_without_items():
    with clipfeed.Poller() as poller:
        assert list(poller.events(timeout=0.2)) == []
        assert not poller.running


def test_stop_from_another_thread_ends_a_waiting_iterator():
    with clipfeed.Poller() as poller:
        timer = threading.Timer(0.2, poller.stop)
        timer.start()
        assert list(poller.events()) == []
        timer.join()
        assert not poller.running


def test_one_iterator_at_a_time():
    with clipfeed.Poller() as poller:
        with poller.events() as first:
            with pytest.raises(RuntimeError, match="one at a time"):
                poller.events()
        assert first.closed
        poller.events(timeout=0).close()


def test_callbacks_run_on_the_pollers_thread_after_start(server, clock):
    url = server.serve("/feed.xml", rss([("x", "X", "x")]))
    arrived = threading.Event()
    threads = []

    def on_new_item(event):
        threads.append(threading.get_ident())
        arrived.set()

    with clipfeed.Poller(clock=clock, on_new_item=on_new_item) as poller:
        poller.add_feed(url)
        poller.start()
        assert arrived.wait(30)
        with pytest.raises(RuntimeError, match="own thread"):
            poller.run_due()
        poller.stop()
        assert not poller.running
    assert threads and threads[0] != threading.get_ident()


def test_the_poller_refuses_to_be_run_stopped_or_closed_from_its_own_callback(server, clock):
    url = server.serve("/feed.xml", rss([("x", "X", "x")]))
    refusals = []
    poller = clipfeed.Poller(clock=clock)

    def on_new_item(event):
        for call in (poller.run_due, poller.stop, poller.close, poller.start):
            with pytest.raises(RuntimeError, match="inside the poller's own callbacks") as raised:
                call()
            refusals.append(raised.value)
        poller.add_feed(url + "?second")  # subscriptions may change from anywhere

    poller.on_new_item = on_new_item
    with poller:
        poller.add_feed(url)
        poller.run_due()
        assert len(refusals) == 4
        assert len(poller.feeds()) == 2


def test_a_keyboard_interrupt_in_a_callback_leaves_run_due_and_the_item_stays_undelivered(server, clock):
    url = server.serve("/feed.xml", THREE)

    def interrupted(event):
        raise KeyboardInterrupt

    with clipfeed.Poller(clock=clock, on_new_item=interrupted) as poller:
        poller.add_feed(url)
        with pytest.raises(KeyboardInterrupt):
            poller.run_due()
        recorder = Recorder(poller)
        poller.run_due()  # resumed: the poller works again
        assert sorted(item_ids(recorder.take())) == ["i1", "i2", "i3"]


def test_cancel_makes_run_due_raise_ecanceled_until_resume(server, clock):
    with clipfeed.Poller(clock=clock) as poller:
        poller.cancel()
        with pytest.raises(clipfeed.Error) as raised:
            poller.run_due()
        assert raised.value.code == clipfeed.ECANCELED
        poller.resume()
        assert poller.run_due() is None  # no feeds


def test_the_context_manager_closes_the_poller_and_its_thread():
    with clipfeed.Poller() as poller:
        poller.start()
        assert poller.running
    assert poller.closed and not poller.running
    poller.close()  # again: nothing
    with pytest.raises(ValueError, match="closed"):
        poller.add_feed("http://127.0.0.1:9/feed.xml")
    with pytest.raises(ValueError, match="closed"):
        poller.events()


def test_a_running_poller_whose_callbacks_refer_to_it_is_freed_by_the_garbage_collector():
    poller = clipfeed.Poller()
    poller.on_new_item = poller.remove_feed  # a cycle: poller -> its callbacks -> bound method -> poller
    poller.start()
    finalizer = poller._finalizer
    collected = weakref.ref(poller)
    del poller
    gc.collect()
    assert collected() is None
    assert not finalizer.alive


def test_delivered_items_are_copies_that_outlive_the_poller(server, clock):
    url = server.serve("/feed.xml", THREE)
    with clipfeed.Poller(clock=clock) as poller:
        recorder = Recorder(poller)
        poller.add_feed(url)
        poller.run_due()
    del poller
    gc.collect()
    for _ in range(20):
        clipfeed.parse(THREE)
    assert [(e.item.id, e.item.title, e.item.summary) for e in recorder.events] == [
        ("i1", "First", "oldest"), ("i2", "Second", "middle"), ("i3", "Third", "newest")]


def test_subscriptions_can_be_listed_removed_and_moved_through_opml(tmp_path):
    with clipfeed.Poller() as poller:
        poller.add_feed("http://127.0.0.1:9/a.xml", interval=7200, key="Feed A")
        poller.add_feed("http://127.0.0.1:9/b.xml")
        poller.add_feed("http://127.0.0.1:9/c.xml")
        poller.remove_feed("http://127.0.0.1:9/c.xml")
        assert [(s.url, s.key) for s in poller.feeds()] == [
            ("http://127.0.0.1:9/a.xml", "Feed A"), ("http://127.0.0.1:9/b.xml", None)]
        opml = poller.export_opml()
    assert 'xmlUrl="http://127.0.0.1:9/a.xml"' in opml and "c.xml" not in opml
    path = tmp_path / "subscriptions.opml"
    path.write_text(opml, encoding="utf-8")
    with clipfeed.Poller() as other:
        assert other.import_opml(path) == 2
        assert sorted(s.url for s in other.feeds()) == [
            "http://127.0.0.1:9/a.xml", "http://127.0.0.1:9/b.xml"]


def test_without_a_callback_items_count_as_delivered(server, clock):
    url = server.serve("/feed.xml", THREE)
    with clipfeed.Poller(clock=clock) as poller:
        poller.add_feed(url)
        poller.run_due()
        recorder = Recorder(poller)
        poller.run_due()
        assert recorder.take() == []


def test_a_poller_can_deliver_the_feeds_html_unsanitized(server, clock):
    url = server.serve("/unsafe.xml", rss([("u1", "Unsafe", "<![CDATA[<p>Hi<script>x()</script></p>]]>")]))
    for sanitize, expect_script in ((True, False), (False, True)):
        with clipfeed.Poller(clock=clock, sanitize=sanitize) as poller:
            recorder = Recorder(poller)
            poller.add_feed(url)
            poller.run_due()
            [event] = recorder.take()
            assert ("<script>" in event.item.summary) is expect_script
            assert "Hi" in event.item.summary
