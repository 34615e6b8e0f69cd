"""Drawn lines of a list, kept by (row, width) while they may be drawn again."""

from __future__ import annotations

from collections import OrderedDict

from textual.strip import Strip


class LineCache:
    """Drawn lines by (row, width); the least recently used go first when it is full.

    An OrderedDict rather than Textual's LRUCache: clearing it frees its lines at once,
    leaving no cycles behind for the garbage collector.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._lines: OrderedDict[tuple[int, int], Strip] = OrderedDict()

    def __len__(self) -> int:
        return len(self._lines)

    def get(self, key: tuple[int, int]) -> Strip | None:
        line = self._lines.get(key)
        if line is not None:
            self._lines.move_to_end(key)
        return line

    def put(self, key: tuple[int, int], line: Strip) -> None:
        self._lines[key] = line
        if len(self._lines) > self._size:
            self._lines.popitem(last=False)

    def discard_row(self, row: int) -> None:
        for key in [key for key in self._lines if key[0] == row]:
            del self._lines[key]

    def clear(self) -> None:
        self._lines.clear()
