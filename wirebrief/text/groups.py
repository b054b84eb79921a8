"""Joining items into groups transitively: one union-find for wire copies (wirematch) and stories (cohesion)."""

from __future__ import annotations


class UnionFind:
    """Items 0..size-1 joined into groups (path halving); the smaller index stays a group's root, so the groups do
    not depend on the order pairs are joined in."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        """Every group's items in order, groups ordered by their first item."""
        found: dict[int, list[int]] = {}
        for item in range(len(self.parent)):
            found.setdefault(self.find(item), []).append(item)
        return sorted(found.values(), key=lambda group: group[0])
