"""Re-import: which new segment is which old one.

Segments are aligned by source text (difflib over the sequence of source
hashes). Unchanged segments keep their id and translations; a changed segment
standing where an old one stood keeps the old id and its translations are
marked for review; the rest are new or removed.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from workbench.model import ParsedSegment, Segment

# Below this similarity a replaced sentence is a different sentence, not an edit.
EDIT_SIMILARITY = 0.5


@dataclass(frozen=True)
class Alignment:
    new_index: int
    old: Segment | None  # None: a new segment
    changed: bool


@dataclass(frozen=True)
class MergePlan:
    alignments: list[Alignment]
    removed: list[Segment]

    @property
    def unchanged(self) -> int:
        return sum(1 for a in self.alignments if a.old is not None and not a.changed)

    @property
    def changed(self) -> int:
        return sum(1 for a in self.alignments if a.changed)

    @property
    def added(self) -> int:
        return sum(1 for a in self.alignments if a.old is None)


def plan_merge(old: list[Segment], new: list[ParsedSegment], new_hashes: list[str]) -> MergePlan:
    alignments: list[Alignment] = []
    removed: list[Segment] = []
    matcher = SequenceMatcher(None, [s.source_hash for s in old], new_hashes, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            alignments += [
                Alignment(new_start + k, old[old_start + k], False) for k in range(new_end - new_start)
            ]
            continue
        old_run = old[old_start:old_end]
        for k in range(new_end - new_start):
            candidate = old_run[k] if k < len(old_run) else None
            if candidate is not None and _similar(candidate.source, new[new_start + k].source):
                alignments.append(Alignment(new_start + k, candidate, True))
            else:
                alignments.append(Alignment(new_start + k, None, False))
                if candidate is not None:
                    removed.append(candidate)
        removed += old_run[new_end - new_start :]
    return _pair_moved(alignments, removed, new_hashes)


def _pair_moved(alignments: list[Alignment], removed: list[Segment], new_hashes: list[str]) -> MergePlan:
    """A sentence that only moved (removed here, added there, same text) keeps its id."""
    removed_by_hash: dict[str, list[Segment]] = {}
    for segment in removed:
        removed_by_hash.setdefault(segment.source_hash, []).append(segment)
    paired = []
    for alignment in alignments:
        candidates = removed_by_hash.get(new_hashes[alignment.new_index])
        if alignment.old is None and candidates:
            alignment = Alignment(alignment.new_index, candidates.pop(0), False)
        paired.append(alignment)
    still_removed = [segment for segments in removed_by_hash.values() for segment in segments]
    return MergePlan(paired, [segment for segment in removed if segment in still_removed])


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= EDIT_SIMILARITY
