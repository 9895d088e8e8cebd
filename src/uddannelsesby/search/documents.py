"""What each app contributes to the site-wide search: its documents and who may see them.

This module is the composition layer on top of the apps (like the home page): it reads their
models and asks their own selectors what the public may see, so no app imports the search.

- **Documents** are what the public reads: a policy and its commitments from the public version
  (``policies.selectors.policy_public_version``), never the working copy; everything else from
  its row. A thing that is not public yet (a draft opportunity, an activity of a draft plan) is
  indexed too, because whether it may be shown can change with the calendar alone (a hearing
  opens, a deadline passes).
- **Visibility** is decided when searching, by the app's own selector for the public
  (``VISIBLE``), so the search never shows what the public pages would not. The site-wide
  search shows the public face of the site to everyone, editors included (they find drafts on
  their dashboards).
- **Kept up to date** by signals: saving or deleting a row re-indexes it (and what shows its
  text: an institution's programmes, an employer's opportunities, a policy's commitments).
  ``uddannelsesby search_index`` rebuilds everything (after bulk loads that bypass ``save``).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.bridge.models import Opportunity
from uddannelsesby.catalogue.models import Event, Housing, Institution, Programme
from uddannelsesby.participation.models import Hearing, Meeting
from uddannelsesby.participation.selectors import public_hearings
from uddannelsesby.plans.models import Activity
from uddannelsesby.plans.selectors import public_plans
from uddannelsesby.policies.models import Policy, PolicyVersion
from uddannelsesby.policies.selectors import policy_public_version, public_policies

from . import engine
from .engine import Document
from .models import SearchEntry


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


# --- documents per kind ------------------------------------------------------------------------


def policy_documents(policy: Policy) -> list[Document]:
    """The policy and each commitment, as its public version has them (none before one)."""
    version = policy_public_version(policy)
    if version is None:
        return []
    content = version.content
    url = reverse("policies:detail", args=[policy.slug])
    areas = content.get("focus_areas", [])
    documents = [
        Document(
            kind="policy",
            key=str(policy.pk),
            object_id=policy.pk,
            title=content.get("title", ""),
            text=_join(
                content.get("summary", ""),
                content.get("vision", ""),
                content.get("background", ""),
                *(_join(a.get("title", ""), a.get("introduction", "")) for a in areas),
            ),
            url=url,
            summary=content.get("summary", ""),
        )
    ]
    for area in areas:
        for commitment in area.get("commitments", []):
            anchor = f"{area['slug']}--{commitment['slug']}"
            documents.append(
                Document(
                    kind="commitment",
                    key=f"{policy.pk}:{anchor}",
                    object_id=policy.pk,
                    title=commitment.get("title", ""),
                    text=_join(commitment.get("text", ""), area.get("title", "")),
                    url=f"{url}#{anchor}",
                    summary=commitment.get("text", ""),
                )
            )
    return documents


def activity_document(activity: Activity) -> Document:
    return Document(
        kind="activity",
        key=str(activity.pk),
        object_id=activity.pk,
        title=activity.title,
        text=activity.description,
        url=activity.get_absolute_url(),
    )


def hearing_document(hearing: Hearing) -> Document:
    return Document(
        kind="hearing",
        key=str(hearing.pk),
        object_id=hearing.pk,
        title=hearing.title,
        text=_join(hearing.text, hearing.target_groups),
        url=hearing.get_absolute_url(),
    )


def meeting_document(meeting: Meeting) -> Document:
    return Document(
        kind="meeting",
        key=str(meeting.pk),
        object_id=meeting.pk,
        title=meeting.title,
        text=_join(meeting.description, meeting.place, meeting.address),
        url=meeting.get_absolute_url(),
    )


def event_document(event: Event) -> Document:
    return Document(
        kind="event",
        key=str(event.pk),
        object_id=event.pk,
        title=event.title,
        text=_join(event.description, event.place, event.address),
        url=event.get_absolute_url(),
    )


def programme_document(programme: Programme) -> Document:
    return Document(
        kind="programme",
        key=str(programme.pk),
        object_id=programme.pk,
        # Both titles are title words: "nursing" finds "Sygeplejerskeuddannelsen" first.
        title=programme.title_da,
        text=_join(
            programme.title_en,
            programme.description_da,
            programme.description_en,
            programme.institution.name,
        ),
        url=programme.get_absolute_url(),
        summary=programme.description_da,
    )


def housing_document(housing: Housing) -> Document:
    return Document(
        kind="housing",
        key=str(housing.pk),
        object_id=housing.pk,
        title=housing.name,
        text=_join(housing.description, housing.address, housing.get_kind_display()),
        url=housing.get_absolute_url(),
    )


def opportunity_document(opportunity: Opportunity) -> Document:
    return Document(
        kind="opportunity",
        key=str(opportunity.pk),
        object_id=opportunity.pk,
        title=opportunity.title,
        text=_join(
            opportunity.description,
            opportunity.employer.organisation.name,
            opportunity.place,
            " ".join(skill.name for skill in opportunity.skills.all()),
        ),
        url=opportunity.get_absolute_url(),
    )


# --- the kinds: label, documents, what the public may see -------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # lazy text
    model: type[Model]
    documents: Callable[[QuerySet], Iterator[Document]]
    # The ids the public may see now, as a subquery (None: every row of the model).
    visible: Callable[[], QuerySet] | None = None


def _each(build: Callable[[Model], Document], related: tuple[str, ...] = (), prefetch=()):
    def documents(rows: QuerySet) -> Iterator[Document]:
        if related:
            rows = rows.select_related(*related)
        for row in rows.prefetch_related(*prefetch).iterator(chunk_size=1000):
            yield build(row)

    return documents


def _policies(rows: QuerySet) -> Iterator[Document]:
    for policy in rows.iterator(chunk_size=200):
        yield from policy_documents(policy)


def _visible_activities() -> QuerySet:
    return Activity.objects.filter(plan__in=public_plans().values("pk")).values("pk")


def _visible_opportunities() -> QuerySet:
    return Opportunity.objects.open(timezone.localdate()).values("pk")


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind("programme", _("Programme"), Programme, _each(programme_document, ("institution",))),
        Kind("policy", _("Policy"), Policy, _policies, lambda: public_policies().values("pk")),
        Kind(
            "commitment",
            _("Commitment"),
            Policy,
            _policies,
            lambda: public_policies().values("pk"),
        ),
        Kind("activity", _("Activity"), Activity, _each(activity_document), _visible_activities),
        Kind(
            "hearing",
            _("Hearing"),
            Hearing,
            _each(hearing_document),
            lambda: public_hearings().values("pk"),
        ),
        Kind(
            "meeting",
            pgettext_lazy("search kind", "Citizen meeting"),
            Meeting,
            _each(meeting_document),
        ),  # fmt: skip
        Kind("event", pgettext_lazy("search kind", "Event"), Event, _each(event_document)),
        Kind("housing", pgettext_lazy("search kind", "Housing"), Housing, _each(housing_document)),
        Kind(
            "opportunity",
            _("Opportunity"),
            Opportunity,
            _each(opportunity_document, ("employer__organisation",), ("skills",)),
            _visible_opportunities,
        ),
    ]
}


def visible_condition(kinds: Iterable[str] | None = None) -> Q:
    """Entries the public may see now, of the given kinds (all by default)."""
    condition = Q(pk__in=[])
    for name in kinds if kinds is not None else KINDS:
        kind = KINDS[name]
        part = Q(kind=name)
        if kind.visible is not None:
            part &= Q(object_id__in=kind.visible())
        condition |= part
    return condition


# --- keeping the index up to date -------------------------------------------------------------


def rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Index every row of the kinds again, dropping entries whose row is gone."""
    counts: dict[str, int] = {}
    done_policies = False
    for name in kinds if kinds is not None else KINDS:
        kind = KINDS[name]
        if kind.model is Policy:
            if not done_policies:
                documents = list(kind.documents(Policy.objects.order_by("pk")))
                for policy_kind in ("policy", "commitment"):
                    chosen = [d for d in documents if d.kind == policy_kind]
                    engine.index_replace(policy_kind, chosen)
                    counts[policy_kind] = len(chosen)
                done_policies = True
            continue
        documents = list(kind.documents(kind.model.objects.order_by("pk")))
        engine.index_replace(name, documents)
        counts[name] = len(documents)
    engine.analyze()
    return counts


def rebuild_if_empty(sender=None, using="default", **kwargs) -> None:
    """After ``migrate``: fill an empty index from the data (a new installation, or the first
    migration of the search app on a database that has content)."""
    if SearchEntry.objects.using(using).exists():
        return
    if any(kind.model.objects.using(using).exists() for kind in KINDS.values()):
        rebuild()


def reindex_policy(policy: Policy) -> None:
    documents = policy_documents(policy)
    for kind in ("policy", "commitment"):
        engine.index_replace(
            kind, [d for d in documents if d.kind == kind], keep=Q(object_id=policy.pk)
        )


def _by_model() -> dict[type[Model], str]:
    return {kind.model: name for name, kind in KINDS.items() if kind.model is not Policy}


def _saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    name = _by_model()[sender]
    engine.index_write(KINDS[name].documents(sender.objects.filter(pk=instance.pk)))


def _deleted(sender, instance, **kwargs):
    engine.index_delete(_by_model()[sender], [str(instance.pk)])


def _policy_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    reindex_policy(instance.policy if isinstance(instance, PolicyVersion) else instance)


def _policy_deleted(sender, instance, **kwargs):
    for kind in ("policy", "commitment"):
        SearchEntry.objects.filter(kind=kind, object_id=instance.pk).delete()


def _organisation_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if sender is Institution:
        engine.index_write(KINDS["programme"].documents(instance.programmes.all()))
    else:  # an organisation's name is shown with its opportunities
        opportunities = Opportunity.objects.filter(employer__organisation=instance)
        engine.index_write(KINDS["opportunity"].documents(opportunities))


def _skills_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Opportunity):
        _saved(Opportunity, instance)


def connect_signals() -> None:
    for model in _by_model():
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-del-{model.__name__}")
    for model in (Policy, PolicyVersion):
        post_save.connect(_policy_changed, sender=model, dispatch_uid=f"search-{model.__name__}")
    post_delete.connect(_policy_deleted, sender=Policy, dispatch_uid="search-del-policy")
    for model in (Institution, Organisation):
        post_save.connect(_organisation_saved, sender=model, dispatch_uid=f"search-{model}")
    m2m_changed.connect(
        _skills_changed, sender=Opportunity.skills.through, dispatch_uid="search-skills"
    )
