"""Bridge fixtures, made through the services: employers, opportunities, students."""

import datetime
import io
import itertools

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from uddannelsesby.accounts.models import User
from uddannelsesby.bridge import services
from uddannelsesby.bridge.models import Employer, Opportunity, StudentProfile

from ..catalogue.helpers import make_programme
from ..factories import UserFactory

_numbers = itertools.count(1)


def cvr_for(n: int) -> str:
    """A CVR number with a valid check digit, different for each n."""
    digits = [1 + n % 9] + [int(d) for d in f"{n:06d}"[-6:]]
    last = -sum(w * d for w, d in zip((2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
    if last == 10:
        return cvr_for(n + 1_000_000)
    return "".join(map(str, [*digits, last]))


def make_employer(*, member: User | None = None, verified: bool = True, **fields) -> Employer:
    n = next(_numbers)
    member = member or UserFactory(role="partner")
    fields = {
        "name": f"Virksomhed {n}",
        "cvr": cvr_for(n),
        "sector": Employer.Sector.PRIVATE,
        "city": "Herning",
    } | fields
    employer = services.employer_register(actor=member, **fields)
    if verified:
        employer.status = Employer.Status.VERIFIED
        employer.save()
    return employer


def make_opportunity(employer: Employer | None = None, *, published=True, **fields) -> Opportunity:
    employer = employer or make_employer()
    member = employer.organisation.members.first()
    fields = {
        "title": "Studiejob i marketing",
        "description": "Hjælp med sociale medier og kampagner.",
        "kind": Opportunity.Kind.STUDY_JOB,
        "place": "Herning",
        "deadline": timezone.localdate() + datetime.timedelta(days=14),
        "places": 1,
    } | fields
    opportunity = services.opportunity_create(actor=member, employer=employer, **fields)
    if published:
        opportunity.status = Opportunity.Status.PUBLISHED
        opportunity.published_at = timezone.now()
        opportunity.save()
    return opportunity


def make_student(*, programme=None, skills: str = "", **fields) -> StudentProfile:
    n = next(_numbers)
    fields = {
        "email": f"studerende{n}@example.dk",
        "first_name": "Studerende",
        "last_name": f"Nummer {n}",
        "password": "hemmelig-adgang-2026",
        "programme": programme or make_programme(title_da=f"Uddannelse {n}"),
        "semester": 3,
    } | fields
    student = services.student_register(skills=skills, **fields)
    services.account_activate(user=student.user)  # as if the e-mailed link was followed
    return student


def pdf_bytes(pages: int = 1) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "cv.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content if content is not None else pdf_bytes(), "application/pdf"
    )


def organisation_member(employer: Employer) -> User:
    return employer.organisation.members.first()
