"""Demo data: Herning Kommune's education policy, its six sister policies, users and organisations.

All texts are written for the demo; they retell the structure of the 2008 policy in our own words.
"""

import datetime
from typing import Any

from django.db import transaction

from uddannelsesby.accounts.models import Membership, Organisation, Role, User
from uddannelsesby.core.text import danish_slugify

from . import services
from .models import Policy

DEMO_PASSWORD = "demo-adgang-2026"
POLICY_TEXT_FIELDS = (
    "summary",
    "background",
    "vision",
    "sdg_targets",
    "municipal_plan_ref",
    "agenda21_ref",
)
OWNER_NAME = "By, Erhverv og Kultur"

ORGANISATIONS: list[tuple[str, str]] = [
    (OWNER_NAME, Organisation.Kind.MUNICIPAL_UNIT),
    ("Uddannelsesrådet i Herning", Organisation.Kind.OTHER),
    ("Aarhus Universitet, Herning", Organisation.Kind.INSTITUTION),
    ("VIA University College, Herning", Organisation.Kind.INSTITUTION),
    ("Erhvervsakademi MidtVest", Organisation.Kind.INSTITUTION),
    ("Herningsholm Erhvervsskole & Gymnasier", Organisation.Kind.INSTITUTION),
    ("Herning Gymnasium", Organisation.Kind.INSTITUTION),
    ("Midtjysk Tekstil A/S", Organisation.Kind.COMPANY),
    ("Herning Maskinfabrik ApS", Organisation.Kind.COMPANY),
]

# username, first name, last name, role, [(organisation, is_contact), ...]
USERS: list[tuple[str, str, str, str, list[tuple[str, bool]]]] = [
    ("redaktoer", "Mette", "Kjærgaard", Role.EDITOR, [(OWNER_NAME, True)]),
    ("redaktoer2", "Søren", "Bech", Role.EDITOR, [(OWNER_NAME, False)]),
    ("byraad", "Hanne", "Lund Sørensen", Role.COUNCIL, []),
    ("byraad2", "Jens Peter", "Holm", Role.COUNCIL, []),
    ("partner", "Louise", "Damgaard", Role.PARTNER, [("VIA University College, Herning", True)]),
    ("partner2", "Anders", "Vestergaard", Role.PARTNER, [("Midtjysk Tekstil A/S", False)]),
    ("borger", "Emma", "Nielsen", Role.REGISTERED, []),
    ("borger2", "Mads", "Christensen", Role.REGISTERED, []),
    ("admin", "Ida", "Møller", Role.ADMIN, []),
]

EDUCATION_POLICY: dict[str, Any] = {
    "title": "Politik for erhvervs- og videregående uddannelser",
    "sector": Policy.Sector.EDUCATION,
    "summary": (
        "Politikken viser, hvordan Herning Kommune vil styrke erhvervs- og videregående "
        "uddannelser i området. Den samler kommunens mål for læringsmiljøer, markedsføring, "
        "sammenhængende uddannelsesforløb og samarbejdet med erhvervslivet."
    ),
    "background": """\
I de kommende år forlader de store årgange arbejdsmarkedet, og der bliver færre hænder at \
gøre godt med. Samtidig søger både private virksomheder og offentlige arbejdspladser flere \
medarbejdere med en lang uddannelse. Derfor skal:

- flere unge vælge en lang uddannelse,
- flere gennemføre deres uddannelse på normeret tid, og
- alle borgere løbende have mulighed for at holde deres kompetencer ved lige – også dem, der \
ikke har anden uddannelse end folkeskolen.

Det er staten, der driver uddannelserne, ikke kommunen. Herning Kommunes rolle er at skabe \
gode **rammer** om dem: et attraktivt studieliv, et tæt samspil med erhvervslivet og en \
sammenhængende vej fra folkeskole til uddannelse og job.

Politikken er blevet til i dialog med borgerne. Gennem hjemmesiden *Borgernes Herning*, \
interviews, et borgermøde og gruppearbejde kom mange med idéer og synspunkter, og unge under \
uddannelse blev spurgt særskilt. Udkastet var derefter i offentlig høring, hvor også eksterne \
samarbejdspartnere gav deres besyv med, før byrådet vedtog politikken.
""",
    "vision": (
        "Herning vil være en by, hvor unge og voksne har lyst til at uddanne sig: et sted med "
        "læringsmiljøer, man ikke finder andre steder, og uddannelser af høj kvalitet. "
        "Uddannelsesbyen skal give både virksomheder og offentlige arbejdspladser adgang til de "
        "kompetencer, de har brug for – i dag og i fremtiden."
    ),
    "sdg_targets": ["4.3", "4.4", "8.6"],
    "municipal_plan_ref": "Kommuneplanens hovedstruktur: uddannelse og videnserhverv",
    "agenda21_ref": "Agenda 21-strategien: livslang læring og lokal forankring",
    "adopted_on": datetime.date(2008, 6, 24),
    "focus_areas": [
        (
            "Unikke læringsmiljøer og kvalitetsuddannelser",
            "Gode uddannelser tiltrækker studerende, og stærke læringsmiljøer får dem til at "
            "blive. Vi vil arbejde for et bredere og mere markant udbud af uddannelser i Herning "
            "og for en undervisning, der er på forkant.",
            [
                (
                    "Flere, nye og unikke uddannelser",
                    "Vi arbejder for, at flere uddannelser finder vej til området – både nogle, "
                    "der ikke findes andre steder, og nogle, som arbejdsmarkedet får brug for. "
                    "Vi vil især gerne se flere kandidatuddannelser og et stærkere humanistisk "
                    "udbud.",
                ),
                (
                    "Eliteuddannelsesmiljøer",
                    "Talentfulde elever og studerende skal kunne uddanne sig på et højt niveau "
                    "i Herning. Det kan være internationale uddannelseslinjer, forløb for "
                    "eliteidrætsudøvere, en sangskole eller en skole med sundhed som profil.",
                ),
                (
                    "Efteruddannelse, opkvalificering, kompetence og læring",
                    "Læring slutter ikke, når man forlader skolebænken. Vi vil motivere flere "
                    "borgere til at lære nyt hele livet og give især dem uden en ungdoms- eller "
                    "videregående uddannelse en hånd til at komme videre.",
                ),
                (
                    "Forskning",
                    "Vi vil fremme forskningen ved de videregående uddannelsesinstitutioner i "
                    "byen. Forskningen er grundlaget for kandidatuddannelserne og giver næring "
                    "til innovation og iværksætteri i hele området.",
                ),
                (
                    "Uddannelsesmetoder og læringsformer",
                    "Vi støtter nye måder at undervise og lære på. Målet er, at lærere, elever, "
                    "studerende og medarbejdere i virksomhederne styrker deres kreative evner "
                    "og tør prøve noget nyt.",
                ),
                (
                    "Samspil med erhvervslivet",
                    "Vi vil knytte uddannelserne og arbejdslivet tættere sammen. Indholdet i "
                    "uddannelserne skal passe til den arbejdskraft, der er brug for – både nu og "
                    "om ti år.",
                ),
            ],
        ),
        (
            "Målrettet markedsføring af Herning som uddannelsesby",
            "Herning har meget at byde på som studieby, men det skal omverdenen også vide. Vi "
            "vil fortælle historien om uddannelsesbyen klart og målrettet – både bredt og til de "
            "grupper, vi særligt gerne vil nå.",
            [
                (
                    "Styrke den generelle markedsføring af Herning som uddannelsesby",
                    "Sammen med institutionerne vil vi gøre Herning mere synlig som et sted at "
                    "tage en uddannelse. Fortællingen om uddannelsesbyen skal være med, når "
                    "kommunen i øvrigt præsenterer sig udadtil.",
                ),
                (
                    "Fremme specifik markedsføring af Herning som uddannelsesby",
                    "Vi vil fremhæve det, der gør Herning særlig, for eksempel det tætte "
                    "samarbejde mellem uddannelsessteder og virksomheder. Det gør studierne "
                    "praksisnære og relevante, og det skal kommende studerende kunne se.",
                ),
            ],
        ),
        (
            "Sammenhæng fra folkeskole til erhvervs- og videregående uddannelser",
            "Vejen fra folkeskolen til en færdig uddannelse skal hænge sammen. Vi vil hjælpe "
            "flere unge godt på vej og sørge for, at færre falder fra undervejs.",
            [
                (
                    "Samarbejde, udvikling og koordinering",
                    "Vi vil styrke dialogen mellem uddannelsesinstitutionerne i området og "
                    "samarbejdet med nabokommunerne. Sammen skal vi sikre, at hver uddannelse "
                    "har elever og studerende nok til at bestå.",
                ),
                (
                    "Vejledning",
                    "Børn og unge skal fortsat have god vejledning, når de vælger uddannelse og "
                    "erhverv. Vejledningen skal begynde tidligt og give et ærligt billede af "
                    "mulighederne.",
                ),
                (
                    "Flere i uddannelse",
                    "Vi vil sætte aktiviteter i gang, der får flere unge til først at tage en "
                    "ungdomsuddannelse og derefter gå videre med en erhvervs- eller videregående "
                    "uddannelse.",
                ),
                (
                    "Mindre frafald",
                    "Vi vil støtte initiativer, der hjælper elever og studerende med at gøre den "
                    "uddannelse færdig, de er begyndt på.",
                ),
            ],
        ),
        (
            "Rammer for uddannelsesmiljøer",
            "Studielivet foregår ikke kun i undervisningslokalet. Byen skal byde på gode "
            "boliger, let transport og et rigt kultur- og fritidsliv, så de studerende trives og "
            "får lyst til at blive.",
            [
                (
                    "Kulturhus med studenteraktiviteter",
                    "Vi vil bygge bro mellem byens kulturhus og studenterhuset og skabe flere "
                    "aktiviteter, der henvender sig til studerende – gerne sammen med byens "
                    "virksomheder.",
                ),
                (
                    "Internationalt udsyn",
                    "Studerende skal have mulighed for at deltage i internationale netværk og "
                    "samarbejder. Det giver dem et bredere udsyn og gør Herning mere attraktiv "
                    "for studerende fra udlandet.",
                ),
                (
                    "Infrastruktur",
                    "Det skal være let at komme til og fra uddannelsesstederne, også for dem, "
                    "der pendler. Tilgængelighed skal tænkes ind i de fysiske omgivelser fra "
                    "begyndelsen, i dialog med institutionerne.",
                ),
                (
                    "Ungdomsboliger og kollegier",
                    "Vi vil skabe gode betingelser for at bygge og drive ungdomsboliger og "
                    "kollegier, så studerende kan finde et sted at bo til en rimelig pris.",
                ),
                (
                    "Kulturtilbud",
                    "Fritids-, idræts- og kulturtilbud skal også tale til de unge. Der skal være "
                    "noget at tage sig til, når studiedagen er slut.",
                ),
                (
                    "Byen og områdets attraktivitet",
                    "Begivenheder og steder, der giver byen liv – for eksempel en ny sø – skal "
                    "være med til at tiltrække studerende. De skal også give dem lyst til at "
                    "blive boende, når uddannelsen er færdig.",
                ),
                (
                    "Mere dialog med unge",
                    "Vi vil spørge de unge selv om deres ønsker og behov. Svarene skal bruges "
                    "aktivt, når vi planlægger og prioriterer.",
                ),
            ],
        ),
        (
            "Fremme samarbejdet mellem uddannelse og erhvervsliv",
            "Når uddannelser og arbejdspladser arbejder tæt sammen, får de studerende relevante "
            "kompetencer, og virksomhederne får ny viden og kvalificeret arbejdskraft. Vi vil "
            "bygge flere broer mellem de to verdener.",
            [
                (
                    "Efterspørgsel og behov",
                    "Uddannelserne skal følge med i, hvad arbejdsgiverne har brug for. Vi vil "
                    "bidrage til en løbende dialog om, hvilke kompetencer der efterspørges.",
                ),
                (
                    "Brobygning studerende-virksomheder",
                    "Vi arbejder for flere relevante studiejob og praktikpladser i både private "
                    "virksomheder og det offentlige – gerne nogle, der giver merit. Samtidig vil "
                    "vi udbrede brugen af mentorordninger.",
                ),
                (
                    "Forskning og innovation",
                    "Forskning og udveksling af viden mellem virksomheder og "
                    "uddannelsesinstitutioner skal skabe ny viden og innovation, der kommer hele "
                    "området til gode.",
                ),
                (
                    "Vejledning",
                    "Karrierevejledning skal findes på alle niveauer og også for dem, der står "
                    "uden for uddannelsessystemet. Det sker i samarbejde med erhvervslivet.",
                ),
            ],
        ),
    ],
}

# The follow-up edit made after adoption, so that the working copy differs from version 2.
FOLLOW_UP_EDIT = (
    "Sammenhæng fra folkeskole til erhvervs- og videregående uddannelser",
    "Mindre frafald",
    "Vi vil støtte initiativer, der hjælper elever og studerende med at gøre den uddannelse "
    "færdig, de er begyndt på. Kommunen og institutionerne følger op sammen, så de, der er ved "
    "at falde fra, bliver opdaget tidligt. Hvert år gør handleplanen status over frafaldet.",
)

# The six sister policies, listed only: their titles and a description in our own words, with a
# link to the municipality's site, until an editor imports their texts. No policy text is made up.
# The link is herning.dk's front page: the addresses of the individual policies are not verified.
HERNING_SITE = "https://www.herning.dk/"
SISTER_POLICIES: list[dict[str, Any]] = [
    {
        "title": "Bibliotekspolitik",
        "sector": Policy.Sector.CULTURE,
        "summary": "Om bibliotekernes rolle som steder for viden, læring og fællesskab.",
    },
    {
        "title": "Politik for Den levende By",
        "sector": Policy.Sector.CITY,
        "summary": "Om byrum og bymiljøer, der inviterer til liv og ophold.",
    },
    {
        "title": "Kulturpolitik",
        "sector": Policy.Sector.CULTURE,
        "summary": "Om kunst, kulturliv og kulturtilbud i kommunen.",
    },
    {
        "title": "Erhvervspolitik",
        "sector": Policy.Sector.BUSINESS,
        "summary": "Om rammerne for virksomheder og for samarbejdet med erhvervslivet.",
    },
    {
        "title": "Idræts- og fritidspolitik",
        "sector": Policy.Sector.LEISURE,
        "summary": "Om idræt, foreningsliv og fritidstilbud for alle aldre.",
    },
    {
        "title": "Politik for turisme og events",
        "sector": Policy.Sector.BUSINESS,
        "summary": "Om turisme og om de store og små begivenheder, der trækker gæster til.",
    },
]


def education_policy_slug() -> str:
    return danish_slugify(EDUCATION_POLICY["title"])


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _create_organisations() -> dict[str, Organisation]:
    return {
        name: Organisation.objects.create(name=name, slug=danish_slugify(name), kind=kind)
        for name, kind in ORGANISATIONS
    }


def _create_users(organisations: dict[str, Organisation]) -> dict[str, User]:
    users = {}
    for username, first_name, last_name, role, memberships in USERS:
        user = User.objects.create_user(
            username=username,
            email=f"{username}@example.dk",
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            role=role,
        )
        for organisation_name, is_contact in memberships:
            Membership.objects.create(
                user=user, organisation=organisations[organisation_name], is_contact=is_contact
            )
        users[username] = user
    return users


def _create_parts(*, actor, policy: Policy, focus_areas) -> None:
    for area_title, introduction, commitments in focus_areas:
        area = services.focus_area_create(
            actor=actor, policy=policy, title=area_title, introduction=introduction
        )
        for title, text in commitments:
            services.commitment_create(actor=actor, focus_area=area, title=title, text=text)


def _create_policy(*, actor, owner: Organisation, data: dict[str, Any]) -> Policy:
    fields = {key: data[key] for key in POLICY_TEXT_FIELDS if key in data}
    policy = services.policy_create(
        actor=actor, title=data["title"], owner=owner, sector=data["sector"], **fields
    )
    _create_parts(actor=actor, policy=policy, focus_areas=data["focus_areas"])
    return policy


def load_demo(*, stdout=None) -> bool:
    """Create the demo data. Return False, doing nothing, if it is there already."""
    if Policy.objects.filter(slug=education_policy_slug()).exists():
        return False
    with transaction.atomic():
        organisations = _create_organisations()
        _say(stdout, f"Organisations: {len(organisations)}")
        users = _create_users(organisations)
        _say(stdout, f"Users: {', '.join(users)} (password “{DEMO_PASSWORD}”)")
        editor = users["redaktoer"]
        owner = organisations[OWNER_NAME]

        education = _create_policy(actor=editor, owner=owner, data=EDUCATION_POLICY)
        services.policy_send_to_hearing(actor=editor, policy=education)
        services.policy_adopt(
            actor=editor, policy=education, adopted_on=EDUCATION_POLICY["adopted_on"]
        )
        _say(stdout, f"Policy: {education.title} ({education.slug})")

        sisters = []
        for data in SISTER_POLICIES:
            sister = services.policy_create(
                actor=editor,
                owner=owner,
                listed_only=True,
                external_url=HERNING_SITE,
                **data,
            )
            sisters.append(sister)
            _say(stdout, f"Policy (listed, not yet imported): {sister.title} ({sister.slug})")

        # The relation is symmetrical, so the first call links both ways; the loop only makes
        # sure of it and records nothing when nothing changes.
        services.policy_update(actor=editor, policy=education, related=sisters)
        for sister in sisters:
            services.policy_update(actor=editor, policy=sister, related=[education])

        area_title, commitment_title, text = FOLLOW_UP_EDIT
        commitment = education.focus_areas.get(title=area_title).commitments.get(
            title=commitment_title
        )
        services.commitment_update(actor=editor, commitment=commitment, text=text)
        _say(stdout, f"Follow-up edit after adoption: “{commitment_title}”")
    return True
