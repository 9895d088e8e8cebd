"""Import a policy from a Word file, a PDF with text, a web page or pasted text.

Reading is left to well-kept libraries (python-docx, PDFium, the standard library's HTML
parser); each reader turns its format into the same flat list of blocks, and `detect` finds the
policy's structure in those blocks. Nothing here writes to the database: the editor reviews the
tree, and `services.policy_import_draft` saves it.
"""

from pathlib import PurePosixPath

from .blocks import (
    EMPTY,
    HEADING,
    ITEM,
    NO_STRUCTURE,
    NOT_PDF,
    NOT_SUPPORTED,
    NOT_TEXT,
    OLD_WORD,
    QUOTE,
    Block,
    PolicyImportError,
)
from .detect import detect
from .tree import AREA, COMMITMENT, CommitmentNode, FocusAreaNode, PolicyTree

__all__ = [
    "AREA", "COMMITMENT", "CommitmentNode", "FocusAreaNode", "PolicyImportError", "PolicyTree",
    "SUFFIXES", "notes", "read_policy", "read_policy_text",
]  # fmt: skip

SUFFIXES = (".docx", ".pdf", ".html", ".htm", ".txt")


def read_policy(data: bytes, filename: str) -> PolicyTree:
    """The policy in a file, by its name's suffix; PolicyImportError if it cannot be read."""
    if not data.strip():
        raise PolicyImportError(EMPTY)
    suffix = PurePosixPath(filename or "").suffix.lower()
    if suffix == ".docx":
        from .docx_reader import read_docx

        blocks = read_docx(data)
    elif suffix == ".pdf":
        if not data.startswith(b"%PDF-"):
            raise PolicyImportError(NOT_PDF)
        from .pdf_reader import read_pdf

        blocks = read_pdf(data)
    elif suffix in (".html", ".htm"):
        from .html_reader import read_html

        blocks = read_html(_decode(data))
    elif suffix == ".txt":
        from .text_reader import read_text

        blocks = read_text(_decode(data))
    elif suffix == ".doc":
        raise PolicyImportError(OLD_WORD)
    else:
        raise PolicyImportError(NOT_SUPPORTED)
    return _tree(blocks)


def read_policy_text(text: str) -> PolicyTree:
    """The policy in text pasted from a web page."""
    from .text_reader import read_text

    if not text.strip():
        raise PolicyImportError(EMPTY)
    return _tree(read_text(text))


def notes(tree: PolicyTree) -> list[str]:
    """What the import could not find or place, for the editor to see before and after saving
    (translated; empty when the vision, focus areas and commitments were all found)."""
    from django.utils.translation import gettext as _

    said = []
    if not (tree.vision or tree.vision_quote):
        said.append(_("No vision was found: write it in the field Vision."))
    if not tree.focus_areas:
        said.append(
            _(
                "No focus areas were found. Save the policy and add them in the editor, or try "
                "another format of the document."
            )
        )
    empty = [area.title for area in tree.focus_areas if not area.commitments]
    if empty:
        said.append(
            _("No commitments were found under: %(areas)s.")
            % {"areas": ", ".join(f"“{title}”" for title in empty)}
        )
    if tree.unplaced:
        said.append(
            _(
                "These sections after the focus areas had no place of their own and were put "
                "at the end of the introduction: %(sections)s."
            )
            % {"sections": ", ".join(f"“{title}”" for title in tree.unplaced)}
        )
    return said


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise PolicyImportError(NOT_TEXT)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise PolicyImportError(NOT_TEXT) from error


def _tree(blocks: list[Block]) -> PolicyTree:
    if not any(block.text.strip() for block in blocks):
        raise PolicyImportError(EMPTY)
    tree = detect(blocks)
    if not tree.title:
        raise PolicyImportError(NO_STRUCTURE)
    tree.source = _source(blocks)
    return tree


def _source(blocks: list[Block]) -> str:
    """The blocks as text for the editor to compare with, a numbered list counted 1, 2, 3 (its
    numbers are Word's to compute, not in the file) and each level of a list counted anew."""
    lines: list[str] = []
    counts: list[int] = []  # the items so far at each depth of the current list
    for block in blocks:
        if block.kind != ITEM:
            counts = []
            lines.append(_source_line(block))
            continue
        del counts[block.depth + 1 :]
        counts += [0] * (block.depth + 1 - len(counts))
        counts[block.depth] += 1
        marker = f"{counts[block.depth]}. " if block.numbered else "• "
        lines.append("  " * block.depth + marker + block.text)
    return "\n".join(lines)


def _source_line(block: Block) -> str:
    if block.kind == HEADING:
        return f"\n{block.text}"
    if block.kind == QUOTE:
        return f"> {block.text}"
    return block.text
