"""Demo data for the catalogue: the area's institutions and their programmes, housing, events,
leisure offers and the "study in Herning" pages in Danish and English.

Institutions and programmes are the area's real ones, as publicly known (names, levels, ECTS
and prescribed durations; check street addresses and intake months before publishing them).
Housing, events and leisure texts are examples written for the demo. Events are placed relative
to today, so the calendar always has a month ahead.

The policies demo creates the institutions' organisations; they are reused by name here.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from uddannelsesby.accounts.models import Organisation, Role, User
from uddannelsesby.core.text import danish_slugify

from . import services
from .models import Institution, Programme

AU, VIA, EAMV = (
    "Aarhus Universitet, Herning",
    "VIA University College, Herning",
    "Erhvervsakademi MidtVest",
)
HEG, HG = "Herningsholm Erhvervsskole & Gymnasier", "Herning Gymnasium"

# organisation, institution name, kind, street, website, description
INSTITUTIONS = [
    (
        AU,
        "Aarhus Universitet – Aarhus BSS Herning",
        "university",
        "Birk Centerpark 15",
        "https://bss.au.dk/",
        "Aarhus Universitets campus i Herning (tidligere kendt som BIRK) med uddannelser i teknologi og forretningsudvikling og et studenterhus på campus.",
    ),
    (
        VIA,
        "VIA University College Herning",
        "university_college",
        "Birk Centerpark 25",
        "https://www.via.dk/",
        "VIA's campus i Herning uddanner blandt andet sygeplejersker og har VIA Design med uddannelser i design, tekstil og forretning.",
    ),
    (
        EAMV,
        "Erhvervsakademi MidtVest",
        "business_academy",
        "Fredhøjvej 1",
        "https://www.eamv.dk/",
        "Erhvervsakademiet tilbyder korte og mellemlange videregående uddannelser i økonomi, markedsføring, IT og produktion tæt på erhvervslivet.",
    ),
    (
        HEG,
        "Herningsholm Erhvervsskole & Gymnasier",
        "vocational",
        "Lillelundvej 21",
        "https://www.herningsholm.dk/",
        "Erhvervsuddannelser, EUX og de erhvervsgymnasiale uddannelser HHX og HTX.",
    ),
    (
        HG,
        "Herning Gymnasium",
        "upper_secondary",
        "Bøgildvej 8",
        "https://www.herning-gym.dk/",
        "Almen gymnasium (STX) og den internationale IB-uddannelse på engelsk.",
    ),
]
ACCESSIBILITY = "Niveaufri adgang ved hovedindgangen, elevator til alle etager og handicaptoilet. Spørg i receptionen om teleslynge."

# institution, Danish title, English title, level, field, months, ECTS, language, intake
PROGRAMMES = [
    (
        AU,
        "Diplomingeniør i Global Management og Manufacturing",
        "BEng in Global Management and Manufacturing",
        "professional_bachelor",
        "engineering",
        42,
        210,
        "da-en",
        [9],
    ),
    (
        AU,
        "Bachelor i Business Development Engineering",
        "BSc in Business Development Engineering",
        "bachelor",
        "engineering",
        36,
        180,
        "en",
        [9],
    ),
    (
        AU,
        "Kandidat i Technology Based Business Development",
        "MSc in Technology Based Business Development",
        "master",
        "business",
        24,
        120,
        "en",
        [9, 2],
    ),
    (
        VIA,
        "Sygeplejerskeuddannelsen",
        "Nursing",
        "professional_bachelor",
        "health",
        42,
        210,
        "da",
        [2, 9],
    ),
    (
        VIA,
        "Design & Business",
        "Design & Business",
        "professional_bachelor",
        "design",
        42,
        210,
        "da-en",
        [9],
    ),
    (
        VIA,
        "Pædagoguddannelsen",
        "Bachelor's Degree in Social Education",
        "professional_bachelor",
        "education",
        42,
        210,
        "da",
        [2, 9],
    ),
    (
        VIA,
        "Tekstildesign, -håndværk og formidling",
        "Textile Design, Craft and Communication",
        "professional_bachelor",
        "design",
        42,
        210,
        "da",
        [9],
    ),
    (
        VIA,
        "Value Chain Management",
        "Value Chain Management",
        "professional_bachelor",
        "business",
        18,
        90,
        "en",
        [9],
    ),
    (
        VIA,
        "Branding & Marketing Management",
        "Branding & Marketing Management",
        "short_cycle",
        "design",
        24,
        120,
        "da-en",
        [9],
    ),
    (
        EAMV,
        "Markedsføringsøkonom",
        "AP Degree in Marketing Management",
        "short_cycle",
        "business",
        24,
        120,
        "da",
        [9],
    ),
    (EAMV, "Datamatiker", "AP Degree in Computer Science", "short_cycle", "it", 30, 150, "da", [9]),
    (
        EAMV,
        "Finansøkonom",
        "AP Degree in Financial Management",
        "short_cycle",
        "business",
        24,
        120,
        "da",
        [9],
    ),
    (
        EAMV,
        "Logistikøkonom",
        "AP Degree in Logistics Management",
        "short_cycle",
        "business",
        24,
        120,
        "da",
        [9],
    ),
    (
        EAMV,
        "Produktionsteknolog",
        "AP Degree in Production Technology",
        "short_cycle",
        "engineering",
        24,
        120,
        "da",
        [9],
    ),
    (
        EAMV,
        "Professionsbachelor i international handel og markedsføring",
        "Bachelor's Degree in International Sales and Marketing",
        "professional_bachelor",
        "business",
        18,
        90,
        "da",
        [2, 9],
    ),
    (
        EAMV,
        "Professionsbachelor i innovation og entrepreneurship",
        "Bachelor's Degree in Innovation and Entrepreneurship",
        "professional_bachelor",
        "business",
        18,
        90,
        "da",
        [9],
    ),
    (HEG, "Elektriker", "Electrician", "vocational", "crafts", 48, None, "da", [1, 8]),
    (HEG, "Smed", "Smith", "vocational", "crafts", 48, None, "da", [1, 8]),
    (
        HEG,
        "Personvognsmekaniker",
        "Car mechanic",
        "vocational",
        "engineering",
        48,
        None,
        "da",
        [1, 8],
    ),
    (HEG, "Tømrer", "Carpenter", "vocational", "crafts", 48, None, "da", [1, 8]),
    (
        HEG,
        "HHX – Højere Handelseksamen",
        "HHX – Higher Commercial Examination",
        "upper_secondary",
        "business",
        36,
        None,
        "da",
        [8],
    ),
    (
        HEG,
        "HTX – Højere Teknisk Eksamen",
        "HTX – Higher Technical Examination",
        "upper_secondary",
        "engineering",
        36,
        None,
        "da",
        [8],
    ),
    (
        HG,
        "STX – Studentereksamen",
        "STX – Upper secondary school leaving examination",
        "upper_secondary",
        "general",
        36,
        None,
        "da",
        [8],
    ),
    (
        HG,
        "International Baccalaureate (IB Diploma Programme)",
        "International Baccalaureate (IB Diploma Programme)",
        "upper_secondary",
        "general",
        36,
        None,
        "en",
        [8],
    ),
]
ADMISSION = {
    "upper_secondary": "Du skal have afsluttet 9. eller 10. klasse og være vurderet uddannelsesparat.",
    "vocational": "Du skal have afsluttet 9. eller 10. klasse med mindst 02 i dansk og matematik. Hovedforløbet kræver en praktikplads eller skolepraktik.",
    "short_cycle": "En gymnasial eksamen eller en relevant erhvervsuddannelse. Nogle uddannelser kræver matematik på C-niveau.",
    "professional_bachelor": "En gymnasial eksamen med de fag, uddannelsen kræver, eller en relevant adgangsgivende uddannelse. Top-up-uddannelser kræver en relevant erhvervsakademiuddannelse.",
    "bachelor": "En gymnasial eksamen med engelsk B og matematik A eller B, afhængigt af uddannelsen.",
    "master": "En relevant bacheloruddannelse. Undervisningen er på engelsk, så du skal dokumentere dine engelskkundskaber.",
}
DESCRIPTION = "{title} i Herning. Uddannelsen samarbejder tæt med virksomheder i området gennem projekter og praktik."

HOUSING = [
    (
        "Kollegiet ved Birk Centerpark",
        "dormitory",
        "Birk Centerpark 2",
        3100,
        4200,
        24,
        38,
        "Skriv dig op hos boligselskabets fælles venteliste for ungdomsboliger. Studerende fra institutionerne på Birk har fortrinsret.",
    ),
    (
        "Ungdomsboligerne i midtbyen",
        "youth_housing",
        "Fredericiagade 10",
        3600,
        5200,
        30,
        50,
        "Opskrivning sker online hos boligselskabet. Du skal være under uddannelse og dokumentere det hvert år.",
    ),
    (
        "Bofællesskabet ved Fuglsangsøen",
        "shared",
        "Fuglsangs Allé 5",
        2800,
        3400,
        18,
        22,
        "Kontakt bofællesskabet direkte. Nye beboere vælges af beboerne efter en samtale.",
    ),
]

# days from today, hour, hours, title, place, price, audience, language, organiser, institution
EVENTS = [
    (
        2,
        19,
        3,
        "Introfest for nye studerende",
        "Studenterhuset, Birk",
        0,
        "students",
        "da-en",
        "student_house",
        AU,
    ),
    (
        4,
        16,
        2,
        "Åbent hus: Design & Business",
        "VIA Design, Birk Centerpark",
        0,
        "pupils",
        "da",
        "institution",
        VIA,
    ),
    (
        6,
        20,
        3,
        "Koncert i kulturhuset",
        "Kulturhuset, Herning",
        80,
        "students",
        "da",
        "culture_house",
        None,
    ),
    (
        8,
        17,
        2,
        "International student meet-up",
        "Studenterhuset, Birk",
        0,
        "international",
        "en",
        "student_house",
        AU,
    ),
    (
        11,
        10,
        6,
        "Studiepraktik-dag for gymnasieelever",
        "Erhvervsakademi MidtVest",
        0,
        "pupils",
        "da",
        "institution",
        EAMV,
    ),
    (13, 19, 2, "Quiz night", "Studenterhuset, Birk", 20, "students", "en", "student_house", None),
    (
        15,
        15,
        3,
        "Karrieremesse: studiejob og praktik",
        "Herning Kongrescenter",
        0,
        "students",
        "da-en",
        "municipality",
        None,
    ),
    (
        18,
        19,
        2,
        "Foredrag: iværksætteri som studerende",
        "Herning Bibliotek",
        0,
        "everyone",
        "da",
        "municipality",
        None,
    ),
    (
        20,
        18,
        4,
        "Filmaften med studierabat",
        "Kulturhuset, Herning",
        40,
        "students",
        "da",
        "culture_house",
        None,
    ),
    (
        22,
        9,
        7,
        "Åbent værksted: HTX og EUX",
        "Herningsholm Erhvervsskole & Gymnasier",
        0,
        "pupils",
        "da",
        "institution",
        HEG,
    ),
    (
        25,
        17,
        2,
        "IB information evening",
        "Herning Gymnasium",
        0,
        "pupils",
        "en",
        "institution",
        HG,
    ),
    (
        28,
        20,
        4,
        "Semesterafslutning i studenterhuset",
        "Studenterhuset, Birk",
        50,
        "students",
        "da-en",
        "student_house",
        None,
    ),
]

OFFERS = [
    (
        "HEART – Herning Museum of Contemporary Art",
        "culture",
        "Moderne og samtidskunst i en markant bygning. Studerende får rabat.",
        "Birk Centerpark 8, Herning",
        "Rabat med studiekort",
        "https://www.heartmus.dk/",
    ),
    (
        "Herning Bibliotek",
        "culture",
        "Læsepladser, grupperum og arrangementer; gratis wifi.",
        "Brostræde 2, Herning",
        "Gratis",
        "https://www.herningbib.dk/",
    ),
    (
        "Studenterkoncerter i kulturhuset",
        "music",
        "Koncerter med lokale og besøgende bands, ofte med studiepris.",
        "Herning",
        "Fra 50 kr.",
        "",
    ),
    (
        "Fitness og svømning for studerende",
        "sport",
        "Halvårskort til studiepris i kommunens svømmehaller.",
        "Herning",
        "Studiepris",
        "",
    ),
    (
        "Løbeklub for studerende",
        "sport",
        "Fællesløb to gange om ugen fra Birk campus.",
        "Birk Centerpark, Herning",
        "Gratis",
        "",
    ),
    (
        "Fuglsangsøen og stierne i Birk",
        "outdoors",
        "Gå- og løbestier omkring søen og kunstværkerne i Birk.",
        "Birk, Herning",
        "Gratis",
        "",
    ),
    (
        "Frivillig i studenterhuset",
        "associations",
        "Hjælp til fester, quiz og introforløb, og mød studerende fra alle institutioner.",
        "Studenterhuset, Birk",
        "Gratis",
        "",
    ),
]


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _organisation(name: str) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        name=name, defaults={"slug": danish_slugify(name), "kind": Organisation.Kind.INSTITUTION}
    )
    return organisation


def _actor() -> User | None:
    return User.objects.filter(role=Role.EDITOR).order_by("pk").first()


def _institutions(actor) -> dict[str, Institution]:
    institutions = {}
    for org_name, name, kind, street, website, description in INSTITUTIONS:
        institutions[org_name] = services.institution_create(
            actor=actor,
            organisation=_organisation(org_name),
            name=name,
            kind=kind,
            description=description,
            street_address=street,
            postal_code="7400",
            city="Herning",
            website=website,
            accessibility=ACCESSIBILITY,
        )
    return institutions


def _programmes(actor, institutions: dict[str, Institution]) -> int:
    for org, title, title_en, level, field, months, ects, language, intake in PROGRAMMES:
        institution = institutions[org]
        services.programme_create(
            actor=actor,
            institution=institution,
            title_da=title,
            title_en=title_en,
            description_da=DESCRIPTION.format(title=title),
            level=level,
            field=field,
            duration_months=months,
            ects=ects,
            language=language,
            intake_months=intake,
            admission=ADMISSION.get(level, ""),
            url=institution.website,
        )
    return len(PROGRAMMES)


def _student_life(actor, institutions: dict[str, Institution]) -> None:
    for name, kind, street, rent_min, rent_max, size_min, size_max, waiting in HOUSING:
        services.housing_create(
            actor=actor,
            name=name,
            kind=kind,
            street_address=street,
            postal_code="7400",
            city="Herning",
            rent_min=rent_min,
            rent_max=rent_max,
            size_min=size_min,
            size_max=size_max,
            waiting_list=waiting,
            description="Boliger for studerende tæt på uddannelserne og byens liv.",
            accessibility="Enkelte boliger i stueplan med niveaufri adgang.",
        )
    today = timezone.localdate()
    for days, hour, hours, title, place, price, audience, language, organiser, org in EVENTS:
        starts = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour))
        )
        services.event_create(
            actor=actor,
            title=title,
            description="Alle er velkomne. Se mere hos arrangøren.",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=hours),
            place=place,
            address="7400 Herning",
            price=price,
            audience=audience,
            language=language,
            organiser=organiser,
            institution=institutions.get(org) if org else None,
        )
    for name, category, description, address, price, website in OFFERS:
        services.offer_create(
            actor=actor,
            name=name,
            category=category,
            description=description,
            address=address,
            price=price,
            website=website,
        )


PAGES = {
    "da": (
        "Studer i Herning",
        "Uddannelser tæt på erhvervslivet, en campus i parken og en by med plads til dig.",
        [
            (
                "text",
                "Det særlige ved Herning",
                "Institutionerne i Herning arbejder tæt sammen med virksomhederne i området. Som studerende møder du dem i projekter, praktik og studiejob, så det du lærer, bliver brugt.\n\nUniversitet, professionshøjskole og erhvervsakademi ligger side om side i Birk, med studenterhus, kunstmuseum og park lige ved siden af.",
            ),
            ("programmes", "Uddannelser på alle niveauer", ""),
            ("events", "Det sker for studerende", ""),
            (
                "text",
                "Praktisk",
                "Find en bolig i god tid: skriv dig op på ventelisterne, så snart du har søgt ind. Busserne kører fra banegården til Birk flere gange i timen.",
            ),
        ],
    ),
    "en": (
        "Study in Herning",
        "Programmes close to the business world, a campus in a park and a town with room for you.",
        [
            (
                "text",
                "What makes Herning different",
                "The institutions in Herning work closely with the companies of the area. As a student you meet them in projects, internships and student jobs, so what you learn is put to use.\n\nThe university, the university college and the business academy sit side by side in Birk, with a student house, an art museum and a park next door.",
            ),
            ("programmes", "Programmes taught in English", ""),
            ("events", "Coming up for students", ""),
            (
                "text",
                "Practical facts for international students",
                "Apply for housing early: put your name on the waiting lists as soon as you have applied. EU/EEA citizens register with the international citizen service; others need a residence permit before arriving. Buses run from the station to Birk several times an hour.",
            ),
        ],
    ),
}


def _pages(actor) -> None:
    programmes = list(Programme.objects.order_by("pk"))
    english = [p for p in programmes if p.language in ("en", "da-en")]
    from .models import Event

    events = list(Event.objects.order_by("starts_at")[:4])
    created = {}
    for language, (title, summary, blocks) in PAGES.items():
        page = services.page_create(
            actor=actor,
            language=language,
            title=title,
            summary=summary,
            is_published=True,
            translation=created.get("da"),
        )
        created[language] = page
        for kind, heading, text in blocks:
            chosen = (
                (english if language == "en" else programmes[::4]) if kind == "programmes" else []
            )
            services.block_create(
                actor=actor,
                page=page,
                kind=kind,
                heading=heading,
                text=text,
                programmes=chosen,
                events=events if kind == "events" else [],
            )


def load_demo(*, stdout=None) -> bool:
    """Create the demo data. Return False, doing nothing, if it is there already."""
    if Institution.objects.exists():
        return False
    with transaction.atomic():
        actor = _actor()
        institutions = _institutions(actor)
        _say(stdout, f"Institutions: {len(institutions)}")
        _say(stdout, f"Programmes: {_programmes(actor, institutions)}")
        _student_life(actor, institutions)
        _pages(actor)
    return True
