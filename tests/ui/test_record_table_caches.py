"""RecordTable's render caches are emptied without leaving cyclic garbage behind."""

from __future__ import annotations

import gc

from textual.cache import LRUCache

from crm_tui.ui.widgets.record_table import _RENDER_CACHES, RecordTable, _AcyclicLRUCache


def test_clearing_the_cache_leaves_nothing_for_the_collector() -> None:
    cache = _AcyclicLRUCache(10)
    for n in range(20):
        cache.set(n, [n])
    assert cache.get(19) == [19]
    gc.collect()
    cache.clear()
    assert gc.collect() == 0
    cache.set("again", 1)
    assert cache.get("again") == 1 and len(cache) == 1


def test_a_plain_lru_cache_would_have() -> None:
    """What the subclass is for: Textual's own clear drops its ring as cyclic garbage."""
    cache: LRUCache[int, list[int]] = LRUCache(10)
    for n in range(20):
        cache.set(n, [n])
    gc.collect()
    cache.clear()
    assert gc.collect() > 0


def test_the_table_uses_it_for_every_render_cache() -> None:
    table = RecordTable()
    for name in _RENDER_CACHES:
        assert isinstance(getattr(table, name), _AcyclicLRUCache), name
