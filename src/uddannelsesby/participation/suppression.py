"""Small groups stay hidden, also by subtraction (primary and secondary suppression).

Results are published for nested groups: everyone, each school, each class of a school. A
group is shown only with at least ``MIN_GROUP`` members (primary suppression). That alone is not
enough: a school of 7 minus its visible class of 5 gives away the hidden class of 2. So a
group's *block*, what is left of it once the shown groups inside it are taken away, must also
be empty or hold at least ``MIN_GROUP`` members; where it does not, more groups are hidden
(secondary, or complementary, suppression).

The groups form a tree (a laminar family of sets), so the blocks are disjoint and every set an
observer can compute from the shown totals by adding and subtracting is a union of blocks. If
every block is empty or at least ``MIN_GROUP`` large, no total, difference or combination of
the shown groups holds 1 to ``MIN_GROUP - 1`` members.

To hide a group that would still follow from its shown subgroups (a school whose classes are
all shown), its smallest shown subgroup is hidden too, down the tree, until the hidden part is
at least ``MIN_GROUP`` large.
"""

from dataclasses import dataclass, field

MIN_GROUP = 5


@dataclass(eq=False)
class Node:
    key: str
    size: int = 0  # members in the group, including its subgroups
    children: list["Node"] = field(default_factory=list)
    visible: bool = True

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def shown_below(node: Node) -> list[Node]:
    """The largest shown groups inside ``node`` (not the node itself)."""
    found: list[Node] = []
    for child in node.children:
        if child.visible:
            found.append(child)
        else:
            found.extend(shown_below(child))
    return found


def block(node: Node) -> int:
    """Members of ``node`` that are in no shown group inside it."""
    return node.size - sum(n.size for n in shown_below(node))


def _hide(node: Node, minimum: int) -> None:
    """Hide ``node`` so that it cannot be worked out from the groups shown inside it."""
    node.visible = False
    if block(node) == 0:  # every member is in a shown subgroup: hide one of those too
        inner = shown_below(node)
        _hide(min(inner, key=lambda n: (n.size, n.key)), minimum)


def suppress(root: Node, *, minimum: int = MIN_GROUP) -> Node:
    """Mark which groups may be shown. The root (everyone) obeys the same rules."""
    for node in root.walk():
        node.visible = node.size >= minimum

    def fix(node: Node) -> None:
        for child in node.children:
            fix(child)
        if not node.visible:
            return
        while 0 < block(node) < minimum:
            inner = shown_below(node)
            _hide(min(inner, key=lambda n: (n.size, n.key)), minimum)

    fix(root)
    return root


def check(root: Node, *, minimum: int = MIN_GROUP) -> list[str]:
    """Keys of shown groups whose block is 1 to minimum - 1 (empty when the tree is safe)."""
    return [
        node.key
        for node in root.walk()
        if node.visible and (node.size < minimum or 0 < block(node) < minimum)
    ]


def group_tree(members: dict[tuple[str, str], int], other: int) -> Node:
    """The tree everyone / school / class from the members per (school, class), plus ``other``
    members who belong to no class (answered without a code)."""
    root = Node("", size=other)
    schools: dict[str, Node] = {}
    for (school, name), count in sorted(members.items()):
        parent = schools.get(school)
        if parent is None:
            parent = schools[school] = Node(school)
            root.children.append(parent)
        parent.children.append(Node(f"{school}, {name}", size=count))
        parent.size += count
        root.size += count
    return suppress(root)
