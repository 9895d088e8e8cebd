"""Demo action plans for the education policy: 2025 (closed) and 2026 (adopted).

About thirty activities with the area's institutions and companies as partners, some delayed,
some done, and one commitment ("Forskning") that no activity serves, so the coverage matrix
has something to show.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from uddannelsesby.accounts.models import Organisation, User
from uddannelsesby.policies.models import Commitment, Policy

from . import services
from .models import ActionPlan

POLICY = "politik-for-erhvervs-og-videregaaende-uddannelser"
AU, VIA, EAMV = (
    "Aarhus Universitet, Herning",
    "VIA University College, Herning",
    "Erhvervsakademi MidtVest",
)
HEG, HG, BEK = (
    "Herningsholm Erhvervsskole & Gymnasier",
    "Herning Gymnasium",
    "By, Erhverv og Kultur",
)
TEKSTIL, MASKIN, RAAD = (
    "Midtjysk Tekstil A/S",
    "Herning Maskinfabrik ApS",
    "Uddannelsesrådet i Herning",
)
ACCOUNTS = {
    "erhverv": "03.22.14 Erhvervsfremme",
    "udd": "03.30.47 Ungdomsuddannelser",
    "by": "00.32.35 Byudvikling",
    "kultur": "03.35.64 Kulturhuse",
}

# (title, commitments "area-prefix:slug", responsible, partners, budget, account, spent,
#  status, progress, last update "MM-DD" or None, description)
ACTIVITIES_2026 = [
    (
        "Ny kandidatuddannelse i forretningsudvikling",
        ["unikke:flere-nye-og-unikke-uddannelser"],
        AU,
        [BEK, TEKSTIL],
        400_000,
        "erhverv",
        310_000,
        "on_track",
        60,
        "10-15",
        "Aarhus Universitet og kommunen undersøger efterspørgslen og forbereder ansøgningen til ministeriet.",
    ),
    (
        "Talentspor for eliteidræt og uddannelse",
        ["unikke:eliteuddannelsesmiljoeer"],
        HG,
        [BEK],
        150_000,
        "udd",
        90_000,
        "on_track",
        55,
        "09-30",
        "Fleksible skemaer og mentorer, så eliteidrætsudøvere kan gennemføre gymnasiet på normeret tid.",
    ),
    (
        "Korte kurser for ufaglærte i virksomhederne",
        ["unikke:efteruddannelse-opkvalificering-kompetence-og-laering"],
        HEG,
        [MASKIN, TEKSTIL],
        600_000,
        "udd",
        420_000,
        "delayed",
        35,
        "06-20",
        "AMU-kurser på arbejdspladsen for medarbejdere uden en erhvervsuddannelse. Forsinket, fordi færre virksomheder end ventet har meldt sig.",
    ),
    (
        "Læsekampagne for voksne",
        ["unikke:efteruddannelse-opkvalificering-kompetence-og-laering"],
        BEK,
        [HEG],
        80_000,
        "kultur",
        80_000,
        "done",
        100,
        "08-01",
        "Biblioteket og erhvervsskolen tilbød læse- og regnekurser (FVU) til voksne.",
    ),
    (
        "Laboratorium for nye undervisningsformer",
        ["unikke:uddannelsesmetoder-og-laeringsformer"],
        VIA,
        [HG, HEG],
        250_000,
        "udd",
        120_000,
        "started",
        20,
        "10-01",
        "Lærere fra tre skoler afprøver projektbaseret undervisning med opgaver fra lokale virksomheder.",
    ),
    (
        "Virksomhedscases i undervisningen",
        ["unikke:samspil-med-erhvervslivet", "fremme:efterspoergsel-og-behov"],
        EAMV,
        [MASKIN, TEKSTIL],
        120_000,
        "erhverv",
        60_000,
        "on_track",
        50,
        "09-15",
        "Hvert semester løser de studerende mindst én opgave stillet af en virksomhed i området.",
    ),
    (
        "Kampagnen »Læs i Herning«",
        ["maalrettet:styrke-den-generelle-markedsfoering-af-herning-som-uddannelsesby"],
        BEK,
        [AU, VIA, EAMV],
        350_000,
        "erhverv",
        260_000,
        "on_track",
        70,
        "10-20",
        "Fælles kampagne på sociale medier og ved uddannelsesmesser, med studerende som ambassadører.",
    ),
    (
        "Film om samarbejdet mellem skole og virksomhed",
        ["maalrettet:fremme-specifik-markedsfoering-af-herning-som-uddannelsesby"],
        BEK,
        [EAMV, TEKSTIL],
        90_000,
        "erhverv",
        10_000,
        "delayed",
        15,
        "05-10",
        "Korte film, der viser studerende i praktik. Forsinket til foråret af hensyn til optagelserne.",
    ),
    (
        "Fælles uddannelsesråd mødes hvert kvartal",
        ["sammenhaeng:samarbejde-udvikling-og-koordinering"],
        RAAD,
        [AU, VIA, EAMV, HEG, HG],
        20_000,
        "udd",
        15_000,
        "on_track",
        75,
        "10-30",
        "Institutionerne og kommunen koordinerer optag og udbud, så hver uddannelse har elever nok.",
    ),
    (
        "Uddannelsesvejledning i 8. og 9. klasse",
        ["sammenhaeng:vejledning"],
        BEK,
        [HEG, HG],
        300_000,
        "udd",
        230_000,
        "on_track",
        70,
        "10-10",
        "Besøg på ungdomsuddannelserne og samtaler med vejleder for alle elever i udskolingen.",
    ),
    (
        "Brobygning til erhvervsuddannelserne",
        ["sammenhaeng:flere-i-uddannelse"],
        HEG,
        [BEK],
        200_000,
        "udd",
        140_000,
        "on_track",
        65,
        "09-20",
        "Elever fra 9. klasse prøver en uge på erhvervsskolens værksteder.",
    ),
    (
        "Mentorordning for elever i risiko for frafald",
        ["sammenhaeng:mindre-frafald"],
        HEG,
        [BEK, MASKIN],
        450_000,
        "udd",
        200_000,
        "delayed",
        40,
        "04-15",
        "Mentorer fra virksomhederne følger elever, der er i fare for at falde fra. Forsinket: det tager tid at finde mentorer.",
    ),
    (
        "Tidlig opsporing af fravær",
        ["sammenhaeng:mindre-frafald"],
        HG,
        [HEG],
        60_000,
        "udd",
        55_000,
        "done",
        100,
        "06-30",
        "Fælles procedure for kontakt til elever med højt fravær i de første uger.",
    ),
    (
        "Studenterfredagsbar i kulturhuset",
        ["rammer:kulturhus-med-studenteraktiviteter"],
        BEK,
        [AU, VIA],
        75_000,
        "kultur",
        60_000,
        "on_track",
        80,
        "10-05",
        "Månedlige arrangementer for studerende i kulturhuset, planlagt af de studerende selv.",
    ),
    (
        "Udvekslingsophold for erhvervsskoleelever",
        ["rammer:internationalt-udsyn"],
        HEG,
        [],
        180_000,
        "udd",
        0,
        "planned",
        0,
        None,
        "Praktikophold i Tyskland og Holland for elever på erhvervsuddannelserne.",
    ),
    (
        "Bedre busforbindelse til campus",
        ["rammer:infrastruktur"],
        BEK,
        [AU, VIA, EAMV],
        500_000,
        "by",
        120_000,
        "delayed",
        25,
        "03-01",
        "Flere afgange morgen og eftermiddag mellem station og campus. Afventer den nye busplan.",
    ),
    (
        "100 nye ungdomsboliger ved Birk",
        ["rammer:ungdomsboliger-og-kollegier"],
        BEK,
        [],
        1_200_000,
        "by",
        350_000,
        "started",
        20,
        "09-01",
        "Lokalplan og aftale med boligforening om nye ungdomsboliger tæt på campus.",
    ),
    (
        "Ungepanel om byens tilbud",
        ["rammer:mere-dialog-med-unge", "rammer:kulturtilbud"],
        BEK,
        [HG, HEG],
        40_000,
        "kultur",
        30_000,
        "on_track",
        60,
        "10-25",
        "Et panel af unge mødes fire gange om året og giver råd om fritids- og kulturtilbud.",
    ),
    (
        "Arrangementer ved den nye sø",
        ["rammer:byen-og-omraadets-attraktivitet"],
        BEK,
        [VIA],
        150_000,
        "by",
        0,
        "cancelled",
        0,
        "02-01",
        "Aflyst: anlægget af søen er udskudt til 2027.",
    ),
    (
        "Kompetencebehov i områdets virksomheder",
        ["fremme:efterspoergsel-og-behov"],
        EAMV,
        [MASKIN, TEKSTIL, BEK],
        100_000,
        "erhverv",
        100_000,
        "done",
        100,
        "09-01",
        "Spørgeskema og interviews om hvilke kompetencer virksomhederne mangler de næste fem år.",
    ),
    (
        "Studiejobbank for Herning",
        ["fremme:brobygning-studerende-virksomheder"],
        BEK,
        [AU, VIA, EAMV, TEKSTIL, MASKIN],
        250_000,
        "erhverv",
        110_000,
        "on_track",
        45,
        "10-12",
        "En fælles side med studiejob og praktikpladser i området; grundlaget for brobygningen.",
    ),
    (
        "Mentorer fra erhvervslivet til studerende",
        ["fremme:brobygning-studerende-virksomheder"],
        AU,
        [TEKSTIL],
        90_000,
        "erhverv",
        20_000,
        "started",
        15,
        "06-01",
        "Ledere fra lokale virksomheder bliver mentorer for studerende på sidste år.",
    ),
    (
        "Innovationsforløb med virksomheder",
        ["fremme:forskning-og-innovation"],
        AU,
        [MASKIN],
        300_000,
        "erhverv",
        150_000,
        "on_track",
        50,
        "10-01",
        "Studerende og forskere arbejder med virksomhedernes udviklingsprojekter i otte uger.",
    ),
    (
        "Karrierevejledning for ledige uden uddannelse",
        ["fremme:vejledning"],
        HEG,
        [BEK],
        110_000,
        "udd",
        70_000,
        "on_track",
        60,
        "09-25",
        "Vejledning om uddannelse for ledige og ansatte uden en uddannelse ud over folkeskolen.",
    ),
]
ACTIVITIES_2025 = [
    (
        "Forundersøgelse af nye uddannelser",
        ["unikke:flere-nye-og-unikke-uddannelser"],
        AU,
        [BEK],
        150_000,
        "erhverv",
        150_000,
        "done",
        100,
        "12-01",
        "Analyse af hvilke uddannelser området mangler.",
    ),
    (
        "Sangskole for børn og unge",
        ["unikke:eliteuddannelsesmiljoeer"],
        BEK,
        [HG],
        120_000,
        "kultur",
        110_000,
        "done",
        100,
        "11-15",
        "Sangskolen åbnede med tre hold.",
    ),
    (
        "Markedsføring ved uddannelsesmesser",
        ["maalrettet:styrke-den-generelle-markedsfoering-af-herning-som-uddannelsesby"],
        BEK,
        [AU, VIA],
        200_000,
        "erhverv",
        195_000,
        "done",
        100,
        "12-10",
        "Fælles stand på messerne i Aarhus og Herning.",
    ),
    (
        "Vejledningsdag for forældre",
        ["sammenhaeng:vejledning"],
        BEK,
        [HEG, HG],
        30_000,
        "udd",
        28_000,
        "done",
        100,
        "11-01",
        "Forældre til elever i 8. klasse hørte om alle ungdomsuddannelser.",
    ),
    (
        "Frafaldsanalyse på erhvervsskolen",
        ["sammenhaeng:mindre-frafald"],
        HEG,
        [BEK],
        80_000,
        "udd",
        80_000,
        "done",
        100,
        "10-01",
        "Interview med elever, der er faldet fra, om hvorfor.",
    ),
    (
        "Studiestartsfest i byen",
        ["rammer:kulturhus-med-studenteraktiviteter", "rammer:byen-og-omraadets-attraktivitet"],
        BEK,
        [AU, VIA, EAMV],
        100_000,
        "kultur",
        100_000,
        "done",
        100,
        "09-15",
        "Byens velkomst til nye studerende.",
    ),
    (
        "Plan for ungdomsboliger",
        ["rammer:ungdomsboliger-og-kollegier"],
        BEK,
        [],
        50_000,
        "by",
        45_000,
        "done",
        100,
        "12-01",
        "Behovsanalyse og mulige grunde.",
    ),
    (
        "Praktikpladsopsøgende arbejde",
        ["fremme:brobygning-studerende-virksomheder"],
        HEG,
        [MASKIN, TEKSTIL],
        150_000,
        "erhverv",
        90_000,
        "delayed",
        60,
        "12-15",
        "Kontakt til virksomheder om flere praktikpladser; nåede kun 60 % af målet.",
    ),
]


def _anchor_lookup(policy: Policy) -> dict[str, Commitment]:
    commitments = Commitment.objects.filter(focus_area__policy=policy).select_related("focus_area")
    return {f"{c.focus_area.slug.split('-')[0]}:{c.slug}": c for c in commitments}


def _add(plan, rows, *, actor, year, organisations, commitments, contacts) -> None:
    for (
        title,
        anchors,
        responsible,
        partners,
        budget,
        account,
        spent,
        status,
        progress,
        last,
        text,
    ) in rows:
        activity = services.activity_create(
            actor=actor,
            plan=plan,
            commitments=[commitments[a] for a in anchors],
            partners=[organisations[p] for p in partners],
            title=title,
            description=text,
            responsible=organisations[responsible],
            contact=contacts.get(responsible),
            starts_on=datetime.date(year, 1, 15),
            ends_on=datetime.date(year, 12, 15),
            budget=Decimal(budget),
            budget_account=ACCOUNTS[account],
            status="planned",
            progress=0,
        )
        if last:
            month, day = (int(part) for part in last.split("-"))
            services.activity_post_update(
                actor=actor,
                activity=activity,
                date=datetime.date(year, month, day),
                text=text,
                status=status,
                progress=progress,
                spent=Decimal(spent),
            )


@transaction.atomic
def load_demo(*, stdout=None) -> bool:
    policy = Policy.objects.filter(slug=POLICY).first()
    if policy is None or ActionPlan.objects.filter(policy=policy).exists():
        return False
    editor = User.objects.get(username="redaktoer")
    organisations = {o.name: o for o in Organisation.objects.all()}
    contacts = {
        m.organisation.name: m.user
        for m in editor.memberships.model.objects.filter(is_contact=True).select_related(
            "organisation", "user"
        )
    }
    commitments = _anchor_lookup(policy)
    common = {
        "actor": editor,
        "organisations": organisations,
        "commitments": commitments,
        "contacts": contacts,
    }
    plan_2025 = services.plan_create(
        actor=editor,
        policy=policy,
        year=2025,
        introduction="Det første år med den samlede handleplan.",
    )
    _add(plan_2025, ACTIVITIES_2025, year=2025, **common)
    services.plan_adopt(actor=editor, plan=plan_2025, adopted_on=datetime.date(2024, 12, 12))
    services.plan_close(actor=editor, plan=plan_2025)

    plan_2026 = services.plan_create(
        actor=editor,
        policy=policy,
        year=2026,
        introduction=(
            "Handleplanen for 2026 samler kommunens, institutionernes og virksomhedernes "
            "aktiviteter under politikkens fem fokusområder."
        ),
    )
    services.plan_adopt(actor=editor, plan=plan_2026, adopted_on=datetime.date(2025, 12, 11))
    _add(plan_2026, ACTIVITIES_2026, year=2026, **common)
    if stdout:
        stdout.write(
            f"Action plans 2025 and 2026 with {len(ACTIVITIES_2025) + len(ACTIVITIES_2026)} activities."
        )
    return True
