"""The detected structure of a policy document, before anything is saved."""

from dataclasses import asdict, dataclass, field
from typing import Any

AREA = "area"
COMMITMENT = "commitment"


@dataclass
class CommitmentNode:
    title: str
    text: str = ""


@dataclass
class FocusAreaNode:
    title: str
    text: str = ""
    commitments: list[CommitmentNode] = field(default_factory=list)


@dataclass
class PolicyTree:
    title: str = ""
    introduction: str = ""
    vision: str = ""
    vision_quote: str = ""
    year: int | None = None
    contact: str = ""
    focus_areas: list[FocusAreaNode] = field(default_factory=list)
    # The headings of sections that had no place (after the focus areas), kept at the end of
    # the introduction; `notes` tells the editor.
    unplaced: list[str] = field(default_factory=list)
    # The text the tree was read from, one block a line, for the editor to compare with.
    source: str = field(default="", compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PolicyTree":
        areas = [
            FocusAreaNode(
                title=area["title"],
                text=area.get("text", ""),
                commitments=[CommitmentNode(**c) for c in area.get("commitments", [])],
            )
            for area in data.get("focus_areas", [])
        ]
        fields = {
            k: data[k] for k in ("title", "introduction", "vision", "vision_quote", "contact")
        }
        return cls(
            **fields,
            year=data.get("year"),
            focus_areas=areas,
            source=data.get("source", ""),
            unplaced=list(data.get("unplaced", [])),
        )

    def rows(self) -> list[dict[str, str]]:
        """The focus areas and commitments as one flat list, in order: what the editor edits."""
        rows = []
        for area in self.focus_areas:
            rows.append({"level": AREA, "title": area.title, "text": area.text})
            rows.extend(
                {"level": COMMITMENT, "title": c.title, "text": c.text} for c in area.commitments
            )
        return rows

    def with_rows(self, rows: list[dict[str, str]]) -> "PolicyTree":
        """The same tree with its focus areas rebuilt from flat rows. A commitment before the
        first focus area raises ValueError."""
        areas: list[FocusAreaNode] = []
        for row in rows:
            if row["level"] == AREA:
                areas.append(FocusAreaNode(title=row["title"], text=row["text"]))
            elif not areas:
                raise ValueError("a commitment before the first focus area")
            else:
                areas[-1].commitments.append(CommitmentNode(row["title"], row["text"]))
        data = self.to_dict()
        data["focus_areas"] = []
        tree = PolicyTree.from_dict(data)
        tree.focus_areas = areas
        return tree
