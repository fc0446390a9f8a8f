import threading
import time

import pytest

from tests.browser.axe import AxeRecorder, format_violations


def request_threads() -> list[threading.Thread]:
    # The live server handles each connection in a thread of this name.
    return [t for t in threading.enumerate() if "process_request_thread" in t.name]


@pytest.fixture
def axe(context):
    """Every page load in the test's browser context is checked by axe-core (WCAG 2.1 A/AA)."""
    recorder = AxeRecorder()
    recorder.install(context)
    context._axe_recorder = recorder
    return recorder


@pytest.fixture(autouse=True)
def settle_requests_before_flush(axe, page, live_server):
    """Let the page's last requests finish before the test database is flushed.

    Leaving a step page sends its autosave (a beacon on pagehide). If that request still holds a
    transaction when pytest-django truncates the tables, PostgreSQL reports a deadlock and the
    flush fails, leaving rows behind for the next tests. Depending on `page` and `live_server`
    makes this teardown run before theirs and before the flush.

    Before that, the page in its final state is checked by axe-core, and the test fails on any
    WCAG 2.1 A/AA violation found on any page it loaded.
    """
    yield
    for open_page in page.context.pages:
        if not open_page.is_closed() and open_page.url.startswith("http"):
            open_page.evaluate("() => window.__axeCheck && window.__axeCheck('final state')")
    found = list(axe.found)
    for open_page in page.context.pages:
        open_page.goto("about:blank")  # fires pagehide: any autosave is sent now
    page.context.close()  # closes kept-alive connections, so their threads end
    deadline = time.monotonic() + 10
    for thread in request_threads():
        thread.join(timeout=max(deadline - time.monotonic(), 0))
    assert not found, "axe-core WCAG 2.1 A/AA violations:\n" + format_violations(found)
