"""Read a page's forms the way a browser does, to post them back as a person would.

A browser sends what its controls hold, not what the HTML says: a date input keeps only a
`yyyy-mm-dd` value (anything else shows, and is sent, as empty), a number input drops what it
cannot parse, checkboxes and radios only when checked, a select its selected options (or its
first option), a textarea its text.
"""

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}


def browser_value(kind: str, value: str) -> str:
    """What a browser keeps of `value` in an `<input type=kind>`."""
    if kind in ("text", "search", "tel", "url", "email", "password"):
        return value.replace("\r", "").replace("\n", "")
    if kind == "date":
        if re.fullmatch(r"\d{4,}-\d{2}-\d{2}", value):
            try:
                datetime.date.fromisoformat(value)
                return value
            except ValueError:
                return ""
        return ""
    if kind == "datetime-local":
        match = re.fullmatch(r"(\d{4,}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)", value)
        if not match:
            return ""
        try:
            datetime.datetime.fromisoformat(f"{match[1]}T{match[2]}")
        except ValueError:
            return ""
        return f"{match[1]}T{match[2]}"
    if kind == "time":
        return value if re.fullmatch(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?", value) else ""
    if kind in ("number", "range"):
        return value if re.fullmatch(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", value) else ""
    return value


@dataclass
class Control:
    tag: str
    kind: str
    name: str
    value: str  # as the HTML writes it
    checked: bool = False
    disabled: bool = False
    multiple: bool = False
    required: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)
    attrs: dict[str, str] = field(default_factory=dict)  # every attribute, as written


@dataclass
class Form:
    method: str
    action: str
    enctype: str
    controls: list[Control] = field(default_factory=list)
    submitters: list[Control] = field(default_factory=list)

    def data(self) -> dict[str, list[str]]:
        """What the browser posts when the first submit button is pressed."""
        data: dict[str, list[str]] = {}

        def add(name, value):
            data.setdefault(name, []).append(value)

        for c in self.controls:
            if c.disabled or not c.name:
                continue
            if c.tag == "select":
                chosen = [v for v, selected in c.options if selected]
                if not chosen and not c.multiple and c.options:
                    chosen = [c.options[0][0]]
                for v in chosen:
                    add(c.name, v)
            elif c.tag == "textarea":
                add(c.name, c.value.removeprefix("\n").replace("\r\n", "\n"))
            elif c.kind in ("checkbox", "radio"):
                if c.checked:
                    add(c.name, c.value if c.value is not None else "on")
            else:
                add(c.name, browser_value(c.kind, c.value))
        if self.submitters and self.submitters[0].name:
            add(self.submitters[0].name, self.submitters[0].value)
        return data

    def dropped(self) -> list[str]:
        """Inputs whose written value the browser cannot show (and so does not send)."""
        return [
            f"{c.name}={c.value!r} (type={c.kind})"
            for c in self.controls
            if c.tag == "input"
            and c.kind not in ("checkbox", "radio")
            and c.value
            and browser_value(c.kind, c.value) != c.value
        ]


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Control | None = None
        self.option: list | None = None  # [value or None, selected, text]
        self.textarea: Control | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.form = Form(
                method=a.get("method", "get").lower(),
                action=a.get("action", ""),
                enctype=a.get("enctype", ""),
            )
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            control = Control(
                "input", kind, a.get("name", ""),
                a.get("value", "on" if kind in ("checkbox", "radio") else ""),
                checked="checked" in a, disabled="disabled" in a, required="required" in a,
                attrs=a,
            )  # fmt: skip
            if kind == "submit" or kind == "image":
                self.form.submitters.append(control)
            elif kind not in SKIPPED_TYPES:
                self.form.controls.append(control)
        elif tag == "button":
            if a.get("type", "submit").lower() == "submit":
                self.form.submitters.append(
                    Control("button", "submit", a.get("name", ""), a.get("value", ""))
                )
        elif tag == "select":
            self.select = Control(
                "select", "select", a.get("name", ""), "", disabled="disabled" in a,
                multiple="multiple" in a, required="required" in a,
            )  # fmt: skip
            self.form.controls.append(self.select)
        elif tag == "option" and self.select is not None:
            self._close_option()
            self.option = [a.get("value"), "selected" in a, ""]
        elif tag == "textarea":
            self.textarea = Control(
                "textarea",
                "textarea",
                a.get("name", ""),
                "",
                disabled="disabled" in a,
                required="required" in a,
                attrs=a,
            )
            self.form.controls.append(self.textarea)

    def _close_option(self):
        if self.option is not None and self.select is not None:
            value = self.option[0] if self.option[0] is not None else self.option[2].strip()
            self.select.options.append((value, self.option[1]))
        self.option = None

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option":
            self._close_option()
        elif tag == "select":
            self._close_option()
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        elif self.option is not None:
            self.option[2] += data


def read_forms(html: str) -> list[Form]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.forms


def main_form(html: str, path: str) -> Form | None:
    """The page's own POST form: posting to the page itself, with the most controls."""
    own = [
        f
        for f in read_forms(html)
        if f.method == "post" and urlsplit(f.action).path in ("", ".", path)
    ]
    # A form with a one-time token is the one that creates something.
    return max(
        own,
        key=lambda f: (any(c.name == "form_token" for c in f.controls), len(f.controls)),
        default=None,
    )
