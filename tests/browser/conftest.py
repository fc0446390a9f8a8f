import threading
import time

import pytest


def request_threads() -> list[threading.Thread]:
    # The live server handles each connection in a thread of this name.
    return [t for t in threading.enumerate() if "process_request_thread" in t.name]


@pytest.fixture(autouse=True)
def settle_requests_before_flush(page, live_server):
    """Let the page's last requests finish before the test database is flushed.

    Leaving a step page sends its autosave (a beacon on pagehide). If that request still holds a
    transaction when pytest-django truncates the tables, PostgreSQL reports a deadlock and the
    flush fails, leaving rows behind for the next tests. Depending on `page` and `live_server`
    makes this teardown run before theirs and before the flush.
    """
    yield
    for open_page in page.context.pages:
        open_page.goto("about:blank")  # fires pagehide: any autosave is sent now
    page.context.close()  # closes kept-alive connections, so their threads end
    deadline = time.monotonic() + 10
    while request_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
