"""Marks the slow triage checks, which read whole public data sets and re-train.

``pytest -m slow tests/triage`` runs them. Without a ``-m`` expression they are
deselected, so the normal suite stays fast.
"""

import pytest

SLOW = "slow"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{SLOW}: re-trains or reads whole data sets (minutes); run with -m slow",
    )


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    if config.getoption("markexpr"):
        return
    slow = [item for item in items if item.get_closest_marker(SLOW) is not None]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item.get_closest_marker(SLOW) is None]
