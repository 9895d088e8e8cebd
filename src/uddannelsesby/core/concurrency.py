"""Edits that cross: two people open the same edit form, both save.

`EditedFromMixin` gives a model form for an existing record (or a plain form drawn with the
stored values as its `initial`) a hidden fingerprint of those values as they were when the
form was drawn. If the record has changed since (someone else saved it), the save is refused
with a message, what was typed is shown again, and the form now carries the new fingerprint:
sending it once more saves it, knowingly.

A decision on a record (verify an organisation, publish or reject a response, approve a
statement, close a hearing) is a plain form whose fields are not the record's: it is given the
record as ``record=`` and the fingerprint is of the record's stored values. Two editors who
decide at once: the second is told, sees the record as it is now, and decides again.

A post without a fingerprint (an old page, a script) is saved as before.
"""

import hashlib
import json

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

FIELD = "edited_from"


class FingerprintField(forms.CharField):
    """Never a change in itself."""

    def has_changed(self, initial, data) -> bool:
        return False


def fingerprint(instance, fields) -> str:
    return values_fingerprint(model_to_dict(instance, fields=fields))


def record_fingerprint(record) -> str:
    """Of every editable field of a record, as stored: what a decision on it was made from."""
    return values_fingerprint(model_to_dict(record))


def values_fingerprint(values: dict) -> str:
    plain = {
        name: sorted(str(getattr(v, "pk", v)) for v in value)
        if isinstance(value, list | tuple)
        else value
        for name, value in values.items()
    }
    text = json.dumps(plain, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class EditedFromMixin:
    stale_message = _(
        "Someone else saved changes to this while you were editing it. Your changes are "
        "not saved yet. Open the page in a new tab to see theirs; save again to keep yours."
    )

    decision_stale_message = _(
        "Someone else decided on this, or changed it, while you had it open. Your decision "
        "is not saved yet. Check it as it is now and send your decision again to keep it."
    )

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_fingerprint = ""
        instance = getattr(self, "instance", None)
        if isinstance(record, dict):  # stored values the form's fields are not named after
            self._stored_fingerprint = values_fingerprint(record)
        elif record is not None:  # a decision on a record
            self._stored_fingerprint = record_fingerprint(record)
            self.stale_message = self.decision_stale_message
        elif instance is None:  # a plain form: drawn with the stored values as its initial
            self._stored_fingerprint = values_fingerprint(
                {name: self.initial.get(name) for name in self.fields}
            )
        elif instance.pk:
            fields = [name for name in self._meta.fields or [] if name in self.fields]
            self._stored_fingerprint = fingerprint(instance, fields)
        if self._stored_fingerprint:
            # An id of its own: a page may hold several such forms (a response's page has
            # publish, reject and reply), and ids must be unique.
            own_id = f"{self.add_prefix(FIELD)}-{type(self).__name__.lower()}"
            self.fields[FIELD] = FingerprintField(
                widget=forms.HiddenInput(attrs={"id": own_id}),
                required=False,
                initial=self._stored_fingerprint,
                max_length=64,
            )

    def clean(self):
        data = super().clean()
        sent = str(self.data.get(self.add_prefix(FIELD), "")) if self.is_bound else ""
        if (
            self._stored_fingerprint
            and sent
            and sent != self._stored_fingerprint
            and not self._is_a_second_post()
        ):
            self.add_error(None, self.stale_message)
            # Shown again, the form carries the record as it is now: a second save is on purpose.
            self.data = self.data.copy()
            self.data[self.add_prefix(FIELD)] = self._stored_fingerprint
        return data

    def full_clean(self):
        super().full_clean()
        if hasattr(self, "cleaned_data"):
            self.cleaned_data.pop(FIELD, None)

    def _is_a_second_post(self) -> bool:
        """The same form posted again (a double click): the record changed by its own first
        post, which is no crossing edit. The one-time token answers it (core.idempotency)."""
        from .models import FormToken

        token = getattr(self, "once_token", "")
        # A row with a result is an earlier post that saved; this post's own claim (made
        # before the form is checked, by `submit_once`) has none yet.
        return bool(token) and FormToken.objects.filter(token=token).exclude(result="").exists()
