"""Fixtures of the bot's tests that run scheduler ticks as processes of their own."""

from __future__ import annotations

import pytest

from tests.fakes.ticks import TickProcesses


@pytest.fixture
def ticks(slack_api):
    """Tick processes talking to the stand-in; any still running are killed at the end."""
    processes = TickProcesses(slack_api.url)
    yield processes
    processes.close()
