"""The PDF worker gives way to the web server: it lowers its own CPU priority before it takes
a job, unless told not to."""

import io

import pytest
from django.core.management import call_command

from reviews.management.commands import pdf_worker


@pytest.fixture
def niced(monkeypatch):
    """What the worker asked os.nice for; warming up and the queue's loop are left out."""
    asked: list[int] = []
    monkeypatch.setattr(pdf_worker.os, "nice", asked.append)
    monkeypatch.setattr(pdf_worker.warm_up, "render_throwaway", lambda: None)
    monkeypatch.setattr(pdf_worker.gc, "freeze", lambda: None)
    monkeypatch.setattr(pdf_worker.Worker, "configure_signals", lambda self: None)
    monkeypatch.setattr(pdf_worker.Worker, "run", lambda self: None)
    return asked


@pytest.mark.django_db
def test_a_worker_lowers_its_cpu_priority_by_ten_by_default(niced):
    call_command("pdf_worker", stdout=io.StringIO())
    assert niced == [10]


@pytest.mark.django_db
def test_nice_zero_keeps_the_workers_priority(niced):
    call_command("pdf_worker", "--nice", "0", stdout=io.StringIO())
    assert niced == []
