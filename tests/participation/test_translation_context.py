"""Words that mean different things in different places carry a translation context."""

from django.utils import translation

from uddannelsesby.catalogue.forms import EventFilterForm
from uddannelsesby.participation.models import Registration
from uddannelsesby.plans.models import Activity


def test_cancelled_and_from_are_translated_by_context():
    with translation.override("da"):
        assert str(Registration.Status.CANCELLED.label) == "Afmeldt"
        assert str(Activity.Status.CANCELLED.label) == "Annulleret"
        assert translation.pgettext("sender of a response", "From") == "Afsender"
        assert str(EventFilterForm().fields["start"].label) == "Fra"
