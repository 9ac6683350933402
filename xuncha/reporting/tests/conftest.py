from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """The rate limits and the spent proof-of-work challenges live in the cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()
