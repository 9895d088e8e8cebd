"""Demo data for the bridge: employers, opportunities, students, applications and one round.

Every organisation, CVR number and person here is invented (the CVR numbers pass the check
digit but belong to nobody we know of). The same data comes out on every run (seeded).
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from uddannelsesby.accounts.models import Membership, Organisation, Role, User
from uddannelsesby.catalogue.models import Programme
from uddannelsesby.indicators.models import Fetch
from uddannelsesby.policies.demo import DEMO_PASSWORD

from . import allocation, services
from .cvr import WEIGHTS
from .indicator import placements_publish
from .models import (
    Application,
    ApplicationEvent,
    Employer,
    EmployerRanking,
    Opportunity,
    Skill,
    StudentChoice,
    StudentProfile,
)

PRIVATE, PUBLIC, NONPROFIT = Employer.Sector.values

# name, sector, industry, town, skills the workplace asks for
EMPLOYERS = [
    (
        "Midtjysk Tekstil A/S",
        PRIVATE,
        "Tekstil og mode",
        "Herning",
        ["Tekstildesign", "Excel", "Indkøb"],
    ),
    (
        "Herning Maskinfabrik ApS",
        PRIVATE,
        "Metal og maskiner",
        "Herning",
        ["CAD", "Svejsning", "Produktionsplanlægning"],
    ),
    (
        "Fjordvind Energi A/S",
        PRIVATE,
        "Vindenergi",
        "Herning",
        ["Python", "Dataanalyse", "Projektledelse"],
    ),
    (
        "Hedeland Logistik A/S",
        PRIVATE,
        "Transport og lager",
        "Herning",
        ["Logistik", "SAP", "Excel"],
    ),
    (
        "Brunhøj Møbler A/S",
        PRIVATE,
        "Møbler og design",
        "Ikast",
        ["Produktdesign", "Salg", "Tekstildesign"],
    ),
    (
        "Kirkebjerg Revision",
        PRIVATE,
        "Revision og rådgivning",
        "Herning",
        ["Regnskab", "Excel", "Kundeservice"],
    ),
    ("Sunds Software ApS", PRIVATE, "Software", "Sunds", ["Python", "JavaScript", "Databaser"]),
    (
        "Messecenter Vest A/S",
        PRIVATE,
        "Events og messer",
        "Herning",
        ["Eventplanlægning", "Markedsføring", "Engelsk"],
    ),
    ("Lind Byggeri A/S", PRIVATE, "Byggeri", "Lind", ["Tømrerarbejde", "Byggeledelse", "CAD"]),
    (
        "Vestjysk Fødevarer A/S",
        PRIVATE,
        "Fødevarer",
        "Herning",
        ["Kvalitetssikring", "Produktionsplanlægning", "Tysk"],
    ),
    (
        "Herning Handelsbank",
        PRIVATE,
        "Bank og finans",
        "Herning",
        ["Regnskab", "Kundeservice", "Salg"],
    ),
    (
        "Gullestrup Digital Marketing",
        PRIVATE,
        "Reklame og marketing",
        "Herning",
        ["Markedsføring", "Sociale medier", "Grafisk design"],
    ),
    (
        "Tjørring Auto",
        PRIVATE,
        "Autoværksted",
        "Tjørring",
        ["Mekanik", "Kundeservice", "Elektronik"],
    ),
    (
        "Herning Kommune, Børn og Unge",
        PUBLIC,
        "Kommunal forvaltning",
        "Herning",
        ["Pædagogik", "Kommunikation", "Dataanalyse"],
    ),
    (
        "Herning Kommune, Teknik og Miljø",
        PUBLIC,
        "Kommunal forvaltning",
        "Herning",
        ["GIS", "Projektledelse", "Kommunikation"],
    ),
    (
        "Herning Kommune, Sundhed og Ældre",
        PUBLIC,
        "Sundhed og omsorg",
        "Herning",
        ["Sygepleje", "Omsorg", "Kommunikation"],
    ),
    (
        "Midtvest Sygehusdrift",
        PUBLIC,
        "Hospital",
        "Gødstrup",
        ["Sygepleje", "Logistik", "Dataanalyse"],
    ),
    ("Herning Forsyning", PUBLIC, "Forsyning", "Herning", ["Elektronik", "GIS", "Projektledelse"]),
    (
        "Idrætsforeningen Herning Fremad",
        NONPROFIT,
        "Idræt og foreninger",
        "Herning",
        ["Eventplanlægning", "Sociale medier", "Frivilligledelse"],
    ),
    (
        "Ungdomshuset Bryggen",
        NONPROFIT,
        "Ungdomsarbejde",
        "Herning",
        ["Pædagogik", "Frivilligledelse", "Kommunikation"],
    ),
]

# kind: (title patterns, hours per week, paid, credit-giving)
KINDS = {
    Opportunity.Kind.STUDY_JOB: (
        ["Studentermedhjælper i {skill}", "Studiejob: {skill}", "Deltidsjob med {skill}"],
        15,
        True,
        False,
    ),
    Opportunity.Kind.INTERNSHIP: (
        ["Praktikant inden for {skill}", "Praktikophold: {skill}", "Praktik i {industry}"],
        37,
        False,
        True,
    ),
    Opportunity.Kind.MENTORSHIP: (
        ["Mentor i {industry}", "Mød en mentor: {skill}"],
        2,
        False,
        False,
    ),
    Opportunity.Kind.PROJECT: (
        ["Projektsamarbejde om {skill}", "Speciale eller bachelorprojekt: {skill}"],
        None,
        False,
        True,
    ),
}
KIND_PLAN = (
    [Opportunity.Kind.STUDY_JOB] * 25
    + [Opportunity.Kind.INTERNSHIP] * 15
    + [Opportunity.Kind.MENTORSHIP] * 10
    + [Opportunity.Kind.PROJECT] * 10
)

FIRST_NAMES = [
    "Emma", "Ida", "Clara", "Freja", "Laura", "Sofie", "Anna", "Alma", "Ella", "Mathilde",
    "Noah", "Oliver", "William", "Lucas", "Emil", "Victor", "Magnus", "Frederik", "Oscar", "Carl",
    "Amira", "Yusuf", "Zainab", "Mikkel", "Sara", "Jonas", "Maja", "Rasmus", "Nanna", "Tobias",
]  # fmt: skip
LAST_NAMES = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen",
    "Johansen", "Møller", "Mortensen", "Østergaard", "Ali", "Holm", "Kjær", "Bach",
]  # fmt: skip
INTERESTS = [
    "Jeg vil gerne arbejde med {a} og lære mere om {b}.",
    "Interesseret i {a}, gerne i en virksomhed, der arbejder med {b}.",
    "Jeg drømmer om et job med {a}; har erfaring med {b} fra fritidsjob.",
    "Nysgerrig på {a} og {b}, og glad for at samarbejde med andre.",
]
FIELD_SKILLS = {
    "it": ["Python", "JavaScript", "Databaser", "Dataanalyse"],
    "business": ["Regnskab", "Excel", "Salg", "Markedsføring", "Logistik", "SAP"],
    "engineering": ["CAD", "Produktionsplanlægning", "Projektledelse", "Elektronik", "Python"],
    "design": ["Tekstildesign", "Grafisk design", "Produktdesign", "Sociale medier"],
    "health": ["Sygepleje", "Omsorg", "Kommunikation"],
    "crafts": ["Svejsning", "Tømrerarbejde", "Mekanik", "Elektronik"],
    "general": ["Engelsk", "Tysk", "Kommunikation", "Kundeservice"],
}
STATUS_PLAN = (
    [Application.Status.RECEIVED] * 40 + [Application.Status.IN_DIALOGUE] * 25
    + [Application.Status.OFFERED] * 15 + [Application.Status.ACCEPTED] * 20
    + [Application.Status.DECLINED] * 15 + [Application.Status.WITHDRAWN] * 8
)  # fmt: skip


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def demo_cvr(rng: random.Random) -> str:
    """Eight digits that pass the modulus-11 check."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        last = -sum(w * d for w, d in zip(WEIGHTS, digits, strict=False)) % 11
        if last < 10:
            return "".join(map(str, [*digits, last]))


def _employers(rng: random.Random, editor: User | None) -> list[Employer]:
    employers = []
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    for number, (name, sector, industry, town, _skills) in enumerate(EMPLOYERS, start=1):
        kind = Organisation.Kind.MUNICIPAL_UNIT if sector == PUBLIC else Organisation.Kind.COMPANY
        organisation, _created = Organisation.objects.get_or_create(
            name=name, defaults={"slug": f"bro-{number}", "kind": kind}
        )
        employers.append(
            Employer.objects.create(
                organisation=organisation,
                cvr=demo_cvr(rng),
                sector=sector,
                industry=industry,
                city=town,
                status=Employer.Status.VERIFIED,
                reviewed_by=editor,
                reviewed_at=timezone.now(),
                description=f"{name} er en arbejdsplads i {town} inden for {industry.lower()}.",
            )  # fmt: skip
        )
        contact = User.objects.create(
            username=f"bro-organisation-{number}", email=f"bro-organisation-{number}@example.dk",
            password=password, first_name="Kontakt", last_name=name.split()[0],
            role=Role.PARTNER,
        )  # fmt: skip
        Membership.objects.create(user=contact, organisation=organisation, is_contact=True)
    # The demo partner of Midtjysk Tekstil (README) acts for that organisation in the bridge.
    pending = Organisation.objects.create(
        name="Aulum Elektro ApS", slug="aulum-elektro", kind=Organisation.Kind.COMPANY
    )
    Employer.objects.create(
        organisation=pending, cvr=demo_cvr(rng), sector=PRIVATE, industry="El-installation",
        city="Aulum", description="Vil gerne have elektrikerlærlinge og studerende i praktik.",
    )  # fmt: skip
    return employers


def _skills() -> dict[str, Skill]:
    names = {s for row in EMPLOYERS for s in row[4]} | {
        s for skills in FIELD_SKILLS.values() for s in skills
    }
    return {name: Skill.objects.create(name=name) for name in sorted(names)}


def _opportunities(rng, employers, skills, programmes, today) -> list[Opportunity]:
    opportunities = []
    plan = KIND_PLAN[:]
    rng.shuffle(plan)
    for number, kind in enumerate(plan):
        employer = employers[number % len(employers)]
        _name, _sector, industry, town, asked = EMPLOYERS[number % len(employers)]
        patterns, hours, paid, credit = KINDS[kind]
        skill = rng.choice(asked)
        title = rng.choice(patterns).format(skill=skill.lower(), industry=industry.lower())
        deadline = today + datetime.timedelta(days=rng.randint(-40, 75))
        suited = [p for p in programmes if set(FIELD_SKILLS.get(p.field, [])) & set(asked)]
        opportunity = Opportunity.objects.create(
            employer=employer, title=title[0].upper() + title[1:], kind=kind,
            description=(
                f"Hos {employer} i {town} får du en hverdag med {skill.lower()} og "
                f"{asked[-1].lower()}. Du arbejder sammen med erfarne kolleger inden for "
                f"{industry.lower()} og får ansvar fra første dag.\n\n"
                "Vi forventer ikke, at du kan det hele: nysgerrighed og lyst til at lære "
                "tæller mest."
            ),
            place=town, hours_per_week=hours, paid=paid or (kind == Opportunity.Kind.INTERNSHIP
                                                            and number % 3 == 0),
            credit_giving=credit, deadline=deadline,
            starts_on=deadline + datetime.timedelta(days=rng.randint(14, 45)),
            places=rng.choice([1, 1, 2, 3]) if kind != Opportunity.Kind.MENTORSHIP else 2,
            levels=sorted({p.level for p in suited[:2]}),
            status=Opportunity.Status.PUBLISHED, published_at=timezone.now(),
        )  # fmt: skip
        opportunity.programmes.set(suited[:3])
        opportunity.skills.set([skills[s] for s in asked])
        opportunities.append(opportunity)
    # A draft and one waiting for review, so the queue and the organisation's page have both.
    title = opportunities[-1].title  # the copy is copied in turn: one " (ny runde)" each
    for status in (Opportunity.Status.DRAFT, Opportunity.Status.SUBMITTED):
        opportunities[-1].pk = None
        copy = opportunities[-1]
        copy.title = f"{title} (ny runde)"
        copy.status, copy.published_at = status, None
        copy.deadline = today + datetime.timedelta(days=30)
        copy.save()
    return list(Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED))


def _students(rng, skills, programmes) -> list[StudentProfile]:
    students = []
    password = make_password(DEMO_PASSWORD)
    for number in range(1, 201):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        user = User(
            username=f"studerende{number}", email=f"studerende{number}@example.dk",
            first_name=first, last_name=last, role=Role.REGISTERED,
        )  # fmt: skip
        user.password = password if number == 1 else make_password(None)
        user.save()
        programme = rng.choice(programmes)
        pool = FIELD_SKILLS.get(programme.field, FIELD_SKILLS["general"])
        own = rng.sample(pool, k=min(len(pool), rng.randint(1, 3))) + rng.sample(
            FIELD_SKILLS["general"], k=1
        )
        student = StudentProfile.objects.create(
            user=user, programme=programme, semester=rng.randint(1, 7),
            interests=rng.choice(INTERESTS).format(a=own[0].lower(), b=own[-1].lower()),
            hours_per_week=rng.choice([None, 10, 15, 20]), open_to_contact=rng.random() < 0.6,
        )  # fmt: skip
        student.skills.set([skills[s] for s in own])
        students.append(student)
    return students


def _applications(rng, students, opportunities, today) -> int:
    ordinary = [o for o in opportunities if o.kind != Opportunity.Kind.INTERNSHIP]
    pairs = set()
    while len(pairs) < len(STATUS_PLAN):
        pairs.add((rng.randrange(len(students)), rng.randrange(len(ordinary))))
    for (s, o), status in zip(sorted(pairs), STATUS_PLAN, strict=True):
        student, opportunity = students[s], ordinary[o]
        sent = timezone.now() - datetime.timedelta(days=rng.randint(3, 30))
        application = Application.objects.create(
            opportunity=opportunity, student=student, status=status, created_at=sent,
            updated_at=sent, message="" if status == Application.Status.WITHDRAWN else (
                f"Hej. Jeg læser {student.programme.title_da} og søger, fordi "
                f"{student.interests[0].lower()}{student.interests[1:]}"
            ),  # a withdrawn application keeps no message (services.application_move)
        )  # fmt: skip
        ApplicationEvent.objects.create(
            application=application, status=Application.Status.RECEIVED, created_at=sent
        )
        if status != Application.Status.RECEIVED:
            ApplicationEvent.objects.create(
                application=application, status=status, created_at=sent + datetime.timedelta(days=2)
            )
        if status == Application.Status.ACCEPTED:
            services.placement_record(
                opportunity=opportunity, student=student, source="application"
            )
    return len(pairs)


def _round(rng, students, opportunities, editor, today) -> None:
    internships = [o for o in opportunities if o.kind == Opportunity.Kind.INTERNSHIP][:12]
    round_ = allocation.round_create(
        actor=editor, name="Praktikpladser, forår 2026",
        ranking_closes_on=today - datetime.timedelta(days=20),
        positions={o: o.places for o in internships},
    )  # fmt: skip
    positions = list(round_.positions.all())
    for student in rng.sample(students, 80):
        wanted = rng.sample(positions, k=rng.randint(2, 5))
        StudentChoice.objects.bulk_create(
            StudentChoice(position=p, student=student, rank=rank)
            for rank, p in enumerate(wanted, start=1)
        )
    for position in positions:
        applicants = list(position.choices.values_list("student_id", flat=True))
        EmployerRanking.objects.bulk_create(
            # Ranks from 1 to 4 give ties, settled by the round's lottery.
            EmployerRanking(position=position, student_id=s, rank=rng.randint(1, 4))
            for s in applicants
            if rng.random() < 0.9
        )
    allocation.round_match(actor=editor, round_=round_)
    allocation.round_publish(actor=editor, round_=round_, tell_students=False)


def load_demo(*, stdout=None) -> bool:
    """Create the demo data. Return False, doing nothing, if it is there already."""
    if Employer.objects.exists() or not Programme.objects.exists():
        return False
    rng = random.Random(657)
    today = timezone.localdate()
    editor = User.objects.filter(role=Role.EDITOR).order_by("pk").first()
    programmes = list(Programme.objects.exclude(level=Programme.Level.UPPER_SECONDARY))
    with transaction.atomic():
        employers = _employers(rng, editor)
        skills = _skills()
        opportunities = _opportunities(rng, employers, skills, programmes, today)
        students = _students(rng, skills, programmes)
        count = _applications(rng, students, opportunities, today)
        _round(rng, students, opportunities, editor, today)
        placements_publish(origin=Fetch.Origin.DEMO)
        partner = User.objects.filter(username="partner2").first()
        if partner:  # the README's company partner acts for Midtjysk Tekstil in the bridge
            Membership.objects.filter(user=partner).update(is_contact=True)
    _say(stdout, f"Bridge: {len(employers)} employers, {len(opportunities)} opportunities, "
         f"{len(students)} students, {count} applications, one finished round.")  # fmt: skip
    return True
