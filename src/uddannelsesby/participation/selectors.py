"""Reads of citizen involvement: sections, response lists, the hearing memo, results."""

import copy
import datetime
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from uddannelsesby.core.extensions import personal_data_keepers
from uddannelsesby.policies.diff import SectionDiff, content_diff
from uddannelsesby.policies.models import PolicyVersion
from uddannelsesby.policies.selectors import policy_snapshot

from .clustering import Groups, opinion_groups
from .models import (
    Answer,
    Dialogue,
    Hearing,
    HearingInvitation,
    Meeting,
    Question,
    Registration,
    Response,
    Statement,
    Submission,
    Survey,
    Vote,
)
from .redaction import (
    CATEGORIES,
    Passage,
    Segment,
    black_out,
    passages,
    redact,
    segments,
    segments_html,
)
from .suppression import MIN_GROUP, group_tree

MIN_GROUP_ANSWERS = MIN_GROUP  # results are shown for a group only from this many members


def version_sections(content: dict[str, Any]) -> list[tuple[str, str]]:
    """(anchor, label) of the whole draft, each focus area and each commitment, in order."""
    sections = [("", _("The draft as a whole"))]
    for area in content.get("focus_areas", []):
        sections.append((area["slug"], area["title"]))
        for commitment in area.get("commitments", []):
            sections.append(
                (f"{area['slug']}--{commitment['slug']}", f"{area['title']}: {commitment['title']}")
            )
    return sections


def hearing_list_public() -> QuerySet[Hearing]:
    return Hearing.objects.select_related("version__policy").annotate(
        published=Count("responses", filter=Q(responses__status=Response.Status.PUBLISHED))
    )


def public_hearings(today: datetime.date | None = None) -> QuerySet[Hearing]:
    """Hearings the public may read: those that have opened (the hearing page answers 404 to
    the public before its first day)."""
    return Hearing.objects.filter(starts_on__lte=today or timezone.localdate())


def open_hearing_versions() -> QuerySet[PolicyVersion]:
    """Hearing drafts that have no hearing yet."""
    return (
        PolicyVersion.objects.filter(kind=PolicyVersion.Kind.HEARING, hearing__isnull=True)
        .select_related("policy")
        .order_by("policy__title", "-number")
    )


def response_list(
    hearing: Hearing,
    *,
    public: bool,
    anchor: str | None = None,
    status: str | None = None,
    decision: str | None = None,
    kind: str | None = None,
) -> QuerySet[Response]:
    responses = hearing.responses.defer("text" if public else "public_text")
    if public:
        responses = responses.filter(status=Response.Status.PUBLISHED)
    elif status:
        responses = responses.filter(status=status)
    if anchor is not None:
        responses = responses.filter(anchor=anchor)
    if decision == "none":
        responses = responses.filter(decision="")
    elif decision:
        responses = responses.filter(decision=decision)
    if kind:
        responses = responses.filter(kind=kind)
    return responses.order_by("created_at", "pk")


def hearing_counts(hearing: Hearing) -> dict[str, int]:
    return hearing.responses.aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(status=Response.Status.PENDING)),
        published=Count("pk", filter=Q(status=Response.Status.PUBLISHED)),
        rejected=Count("pk", filter=Q(status=Response.Status.REJECTED)),
        late=Count("pk", filter=Q(is_late=True)),
        unanswered=Count("pk", filter=Q(status=Response.Status.PUBLISHED, decision="")),
    )


# --- what the public sees of a response ---


@dataclass
class PublicPreview:
    """Exactly what the public will see of a response, and what the moderator should look at."""

    response: Response  # an unsaved copy carrying the public sender and text
    sender: str
    text: str
    sender_segments: list[Segment]
    text_segments: list[Segment]
    passages: list[Passage]  # distinct passages that may be personal, for blacking out
    checksum: str

    @property
    def sender_html(self):
        return segments_html(self.sender_segments)

    @property
    def text_html(self):
        return segments_html(self.text_segments)


def response_preview(
    response: Response,
    *,
    sender: str | None = None,
    text: str | None = None,
    blackout: Iterable[str] = (),
) -> PublicPreview:
    """The public version of a response: the sender and text given (by default the published
    ones, or before publishing what the citizen sent), with the chosen passages blacked out and
    then redacted. Every published field goes through this one function."""
    published = response.status == Response.Status.PUBLISHED
    if sender is None:
        sender = response.public_sender if published else response.proposed_sender
    if text is None:
        text = response.public_text if published else response.text
    blackout = list(blackout)
    # A browser sends a textarea's line breaks as CRLF: the same text, the same checksum.
    sender, text = sender.replace("\r\n", "\n"), text.replace("\r\n", "\n")
    with translation.override(settings.LANGUAGE_CODE):
        public_sender = redact(black_out(sender, blackout)).strip()[:200]
        public_text = redact(black_out(text, blackout)).strip()
        # The citizen's own name, published as they asked, is not a passage to judge.
        own = response.name
        sender_segments = segments(public_sender, ignore=own)
        text_segments = segments(public_text)
    shown = copy.copy(response)
    shown.public_sender, shown.public_text = public_sender, public_text
    distinct: dict[str, Passage] = {}
    in_sender = [p for p in passages(public_sender) if not (own and p.text in own)]
    for passage in in_sender + passages(public_text):
        distinct.setdefault(passage.text, passage)
    checksum = hashlib.sha256(f"{public_sender}\0{public_text}".encode()).hexdigest()
    return PublicPreview(
        shown,
        public_sender,
        public_text,
        sender_segments,
        text_segments,
        list(distinct.values()),
        checksum,
    )


def decide_passages(sent: Iterable[Passage], published: str) -> list[dict[str, str]]:
    """The moderator's decision on every passage that may be personal in what was sent (a
    response or a statement): kept if it is still in the published version, otherwise removed
    (blacked out, or edited away). Stored as the record's `passage_decisions`."""
    return [
        {
            "text": p.text,
            "category": p.category,
            "decision": "keep"
            if re.search(rf"(?<!\w){re.escape(p.text)}(?!\w)", published)
            else "remove",
        }
        for p in sent
    ]


def passage_decisions(record: Response | Statement) -> list[dict[str, str]]:
    """The moderator's decisions on the passages that may be personal, with their reasons in
    words, as kept with the published response or statement."""
    return [
        {**item, "label": str(CATEGORIES.get(item.get("category", ""), item.get("category", "")))}
        for item in record.passage_decisions or []
    ]


def public_response_records(hearing: Hearing) -> list[dict[str, Any]]:
    """The published responses as open data (CSV and JSON): only what the public page shows."""
    labels = dict(version_sections(hearing.version.content))
    return [
        {
            "number": r.number,
            "received": r.created_at.date().isoformat(),
            "section": labels.get(r.anchor, ""),
            "anchor": r.anchor,
            "sender": r.sender,
            "text": r.public_text,
            "decision": r.get_decision_display() if r.decision else "",
            "reply": r.reply,
        }
        for r in response_list(hearing, public=True)
    ]


def adopted_after(hearing: Hearing) -> PolicyVersion | None:
    """The first version adopted after the hearing draft, if the policy has been adopted."""
    return (
        PolicyVersion.objects.filter(
            policy_id=hearing.version.policy_id,
            kind=PolicyVersion.Kind.ADOPTED,
            number__gt=hearing.version.number,
        )
        .order_by("number")
        .first()
    )


@dataclass
class MemoSection:
    anchor: str
    label: str
    summary: str = ""
    responses: list[Response] = field(default_factory=list)
    decisions: Counter = field(default_factory=Counter)


@dataclass
class Memo:
    hearing: Hearing
    sections: list[MemoSection]
    adopted: PolicyVersion | None
    changes: list[SectionDiff]
    total: int
    decisions: Counter
    counts: dict[str, int] = field(default_factory=dict)
    invited: list[str] = field(default_factory=list)  # organisations, by name
    invited_others: int = 0  # addresses without an organisation: counted, never named


def hearing_memo(hearing: Hearing) -> Memo:
    """The hearing memo (høringsnotat): who was invited, how many responses came and what
    became of them, per section a summary and every published response with its reply, and the
    changes from the hearing draft to the adopted version. A constant number of queries,
    however many responses."""
    content = hearing.version.content
    sections = {anchor: MemoSection(anchor, label) for anchor, label in version_sections(content)}
    for summary in hearing.summaries.all():
        if summary.anchor in sections:
            sections[summary.anchor].summary = summary.text
    decisions: Counter = Counter()
    total = 0
    for response in response_list(hearing, public=True):
        anchor = response.reply_anchor if response.reply_anchor in sections else response.anchor
        section = sections.get(anchor, sections[""])
        section.responses.append(response)
        section.decisions[response.decision or "none"] += 1
        decisions[response.decision or "none"] += 1
        total += 1
    adopted = adopted_after(hearing)
    new = adopted.content if adopted else policy_snapshot(hearing.version.policy)
    invitations = HearingInvitation.objects.filter(hearing=hearing).select_related("organisation")
    invited = sorted({i.organisation.name for i in invitations if i.organisation is not None})
    return Memo(
        hearing=hearing,
        sections=list(sections.values()),
        adopted=adopted,
        changes=[c for c in content_diff(content, new) if c.changed],
        total=total,
        decisions=decisions,
        counts=hearing_counts(hearing),
        invited=invited,
        invited_others=sum(1 for i in invitations if i.organisation is None),
    )


def section_response_counts(hearing: Hearing) -> dict[str, int]:
    return dict(
        hearing.responses.filter(status=Response.Status.PUBLISHED)
        .values_list("anchor")
        .annotate(n=Count("pk"))
        .values_list("anchor", "n")
    )


# --- meetings ---


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("policy", "hearing").annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
        waiting=Count("registrations", filter=Q(registrations__status="waiting")),
    )


def meeting_split(meetings) -> tuple[list[Meeting], list[Meeting]]:
    now = timezone.now()
    coming = [m for m in meetings if m.ends_at >= now]
    past = sorted((m for m in meetings if m.ends_at < now), key=lambda m: m.starts_at, reverse=True)
    return coming, past


def meeting_seats(meeting: Meeting) -> dict[str, int]:
    counts = meeting.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
    )
    counts["free"] = max(meeting.capacity - counts["confirmed"], 0)
    return counts


# --- surveys ---


@dataclass
class StatementPreview:
    """A participant's statement as it would be published: the text after `redact`, marked
    for the moderator (removed parts and passages that may be personal)."""

    statement: Statement
    public_text: str
    passages: list[Passage]
    text_html: Any
    typed: str | None = None  # what the moderator typed, shown again after an error
    errors: list[str] = field(default_factory=list)
    blackout: list[str] = field(default_factory=list)  # passages the moderator removes
    sent_passages: list[Passage] = field(default_factory=list)  # in what the participant sent

    @property
    def decisions(self) -> list[dict[str, str]]:
        """The decision on each passage of what was sent, were the preview published."""
        return decide_passages(self.sent_passages, self.public_text)


def statement_preview(
    statement: Statement, text: str | None = None, blackout: Iterable[str] = ()
) -> StatementPreview:
    """A pending statement as it would be published: the text given (by default what the
    participant sent), with the chosen passages blacked out and then redacted. The passages
    offered for a decision are those of what was sent, and those still in the text."""
    with translation.override(settings.LANGUAGE_CODE):
        sent = redact(statement.text).strip()
        sent_passages = passages(sent)
        base = sent if text is None else text.replace("\r\n", "\n")
        offered = {p.text: p for p in sent_passages + passages(redact(base))}
        blackout = [b for b in blackout if b in offered]
        public_text = redact(black_out(base, blackout)).strip()
    return StatementPreview(
        statement,
        public_text,
        list(offered.values()),
        segments_html(segments(public_text)),
        blackout=blackout,
        sent_passages=sent_passages,
    )


@dataclass
class QuestionResult:
    question: Question
    answers: int
    rows: list[tuple[str, int, float]]  # label, count, share (0-100)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class GroupResult:
    label: str
    answers: int
    questions: list[QuestionResult]


def _question_results(questions: list[Question], answers: list[Answer]) -> list[QuestionResult]:
    by_question: dict[int, list[Any]] = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer.value)
    results = []
    for question in questions:
        values = by_question.get(question.pk, [])
        counter: Counter = Counter()
        mean = None
        texts: list[str] = []
        if question.kind == Question.Kind.SINGLE:
            counter.update(v for v in values if isinstance(v, int))
            labels = list(enumerate(question.choices))
        elif question.kind == Question.Kind.MULTIPLE:
            counter.update(i for v in values if isinstance(v, list) for i in v)
            labels = list(enumerate(question.choices))
        elif question.kind == Question.Kind.SCALE:
            numbers = [v for v in values if isinstance(v, int)]
            counter.update(numbers)
            labels = [(n, str(n)) for n in range(1, 6)]
            mean = round(sum(numbers) / len(numbers), 1) if numbers else None
        else:
            labels = []
            texts = [v for v in values if isinstance(v, str)]
        total = len(values)
        rows = [
            (label, counter[key], round(100 * counter[key] / total, 1) if total else 0.0)
            for key, label in labels
        ]
        results.append(QuestionResult(question, total, rows, mean, texts))
    return results


@dataclass
class SurveyResults:
    overall: list[QuestionResult] | None  # None: fewer than MIN_GROUP_ANSWERS answers
    groups: list[GroupResult]
    hidden: int  # groups of the split that are not shown (too small, or to stop subtraction)

    def __iter__(self):  # overall, groups, hidden = survey_results(...)
        return iter((self.overall, self.groups, self.hidden))


def _group_label(by: str, school: str, name: str) -> str:
    return school if by == "school" else f"{school}, {name}"


def survey_results(survey: Survey, *, by: str = "") -> SurveyResults:
    """Results overall and, with by="school" or "class", per group.

    A group is shown only with at least MIN_GROUP_ANSWERS answers, and only where no
    total minus the shown groups leaves a smaller group (see suppression.py): the same tree of
    shown groups serves every split, so no two pages together give a small group away.
    """
    questions = list(survey.questions.all())
    submissions = list(
        Submission.objects.filter(survey=survey).values_list(
            "pk", "code__class_group__school", "code__class_group__name"
        )
    )
    sizes: Counter = Counter()
    other = 0
    where: dict[int, tuple[str, str]] = {}
    for pk, school, name in submissions:
        if school is None:
            other += 1
        else:
            sizes[school, name] += 1
            where[pk] = (school, name)
    tree = group_tree(dict(sizes), other)
    if not tree.visible:
        hidden = len({_group_label(by, *w) for w in sizes}) if by in ("school", "class") else 0
        return SurveyResults(None, [], hidden)
    answers = list(Answer.objects.filter(submission__survey=survey))
    overall = _question_results(questions, answers)
    groups: list[GroupResult] = []
    hidden = 0
    if by in ("school", "class"):
        level = tree.children if by == "school" else [c for s in tree.children for c in s.children]
        shown = {node.key: node for node in level if node.visible}
        hidden = len(level) - len(shown)
        members: dict[str, list[Answer]] = defaultdict(list)
        for answer in answers:
            if answer.submission_id in where:
                label = _group_label(by, *where[answer.submission_id])
                if label in shown:
                    members[label].append(answer)
        for label in sorted(shown):
            groups.append(
                GroupResult(label, shown[label].size, _question_results(questions, members[label]))
            )
    return SurveyResults(overall, groups, hidden)


def survey_answer_count(survey: Survey) -> int:
    return Submission.objects.filter(survey=survey).count()


# --- dialogues ---


@dataclass
class DialogueResult:
    participants: int
    voters: int
    groups: Groups | None
    statements: list[Statement]
    unite: list[tuple[Statement, Any]]
    divide: list[tuple[Statement, Any]]
    totals: dict[int, dict[str, int]]  # empty unless shown
    shown: bool = True  # False: fewer than MIN_GROUP_ANSWERS have voted


MIN_VOTES = 3  # a participant counts in the groups from this many votes


def vote_matrix(dialogue: Dialogue) -> tuple[np.ndarray, list[Statement]]:
    statements = list(dialogue.statements.filter(status=Statement.Status.APPROVED).order_by("pk"))
    column = {s.pk: i for i, s in enumerate(statements)}
    rows: dict[int, int] = {}
    triples = Vote.objects.filter(statement__in=[s.pk for s in statements]).values_list(
        "participant_id", "statement_id", "value"
    )
    cells: list[tuple[int, int, int]] = []
    for participant_id, statement_id, value in triples.iterator(chunk_size=5000):
        row = rows.setdefault(participant_id, len(rows))
        cells.append((row, column[statement_id], value))
    matrix = np.zeros((len(rows), len(statements)), dtype=np.int8)
    if cells:
        data = np.array(cells, dtype=np.int32)
        matrix[data[:, 0], data[:, 1]] = data[:, 2]
    return matrix, statements


def dialogue_result(dialogue: Dialogue, *, top: int = 5) -> DialogueResult:
    """Vote totals and opinion groups. Nothing is shown until at least MIN_GROUP_ANSWERS
    people have voted; every opinion group has at least as many members, and everyone who
    voted is in a group, so the totals minus the groups leave nobody's votes over."""
    matrix, statements = vote_matrix(dialogue)
    shown = len(matrix) >= MIN_GROUP_ANSWERS
    counted = (matrix != 0).sum(axis=1) if len(matrix) else np.array([], int)
    voted = counted >= MIN_VOTES
    groups = (
        opinion_groups(
            matrix[voted], min_size=MIN_GROUP_ANSWERS, extra=matrix[~voted & (counted > 0)]
        )
        if shown
        else None
    )
    totals = (
        {
            s.pk: {
                "agree": int((matrix[:, i] == 1).sum()),
                "disagree": int((matrix[:, i] == -1).sum()),
            }
            for i, s in enumerate(statements)
        }
        if shown
        else {}
    )
    unite: list = []
    divide: list = []
    if groups is not None:
        stats = groups.statements
        unite = [
            (statements[s.index], s)
            for s in sorted(stats, key=lambda s: -s.consensus)[:top]
            if s.consensus >= 0.5
        ]
        divide = [
            (statements[s.index], s)
            for s in sorted(stats, key=lambda s: -s.divide)[:top]
            if s.divide >= 0.3
        ]
    return DialogueResult(
        participants=dialogue.participants.count(),
        voters=int(voted.sum()) if len(matrix) else 0,
        groups=groups,
        statements=statements,
        unite=unite,
        divide=divide,
        totals=totals,
        shown=shown,
    )


# --- personal data ---


def personal_data(email: str) -> dict[str, Any]:
    """Everything kept about an e-mail address, as plain JSON data."""
    responses = Response.objects.filter(email__iexact=email.strip()).select_related(
        "hearing__version__policy"
    )
    registrations = Registration.objects.filter(email__iexact=email.strip()).select_related(
        "meeting"
    )
    return {
        "email": email.strip(),
        "exported_at": timezone.now().isoformat(),
        "hearing_responses": [
            {
                "hearing": r.hearing.title,
                "received": r.created_at.isoformat(),
                "section": r.anchor,
                "sent": r.kind,
                "name": r.name,
                "organisation": r.organisation,
                "email": r.email,
                "name_not_published": r.hide_name,
                "text": r.text,
                "published_text": r.public_text,
                "status": r.status,
                "attachment": bool(r.attachment),
                "decision": r.decision,
                "reply": r.reply,
            }
            for r in responses
        ],
        "meeting_registrations": [
            {
                "meeting": r.meeting.title,
                "starts": r.meeting.starts_at.isoformat(),
                "name": r.name,
                "email": r.email,
                "needs": r.needs,
                "status": r.status,
                "registered": r.created_at.isoformat(),
            }
            for r in registrations
        ],
        # What other apps keep about the address (subscriptions), each under its own key.
        "other": {keeper.name: keeper.export(email.strip()) for keeper in personal_data_keepers()},
    }


@dataclass
class ClassSplit:
    labels: list[str]  # one per group that may be shown
    rows: list[tuple[Statement, list[int]]]  # agree % per group
    hidden: int  # groups left out: too few participants, or shown they would give one away


def dialogue_split(dialogue: Dialogue, *, by: str) -> ClassSplit:
    """Agreement per school or class. The groups are everyone who voted, each school and each
    class; a group is shown only where suppression.py allows it (at least five participants,
    and no total minus shown groups leaves fewer)."""
    statements = list(dialogue.statements.filter(status=Statement.Status.APPROVED).order_by("pk"))
    votes = Vote.objects.filter(statement__in=[s.pk for s in statements]).values_list(
        "participant_id",
        "statement_id",
        "value",
        "participant__code__class_group__school",
        "participant__code__class_group__name",
    )
    members: dict[tuple[str, str], set[int]] = defaultdict(set)
    others: set[int] = set()
    agree: dict[tuple[str, int], int] = Counter()
    voted: dict[tuple[str, int], int] = Counter()
    for participant_id, statement_id, value, school, name in votes:
        if school is None:
            others.add(participant_id)
            continue
        label = _group_label(by, school, name)
        members[school, name].add(participant_id)
        voted[label, statement_id] += 1
        agree[label, statement_id] += value == 1
    tree = group_tree({key: len(ids) for key, ids in members.items()}, len(others))
    level = tree.children if by == "school" else [c for s in tree.children for c in s.children]
    labels = sorted(node.key for node in level if node.visible)
    rows = [
        (
            statement,
            [
                round(100 * agree[label, statement.pk] / voted[label, statement.pk])
                if voted[label, statement.pk]
                else 0
                for label in labels
            ],
        )
        for statement in statements
    ]
    return ClassSplit(labels, rows, hidden=len(level) - len(labels))
