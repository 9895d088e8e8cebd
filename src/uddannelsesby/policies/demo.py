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

SISTER_POLICIES: list[dict[str, Any]] = [
    {
        "title": "Bibliotekspolitik",
        "adopted_on": datetime.date(2008, 3, 11),
        "summary": (
            "Bibliotekspolitikken beskriver, hvordan kommunens biblioteker skal være åbne steder "
            "for viden, læring og oplevelser for alle borgere."
        ),
        "vision": (
            "Bibliotekerne skal være kommunens mødesteder for viden og fællesskab – både fysisk "
            "og digitalt – og inspirere borgerne til at lære hele livet."
        ),
        "focus_areas": [
            (
                "Viden og læring for alle",
                "Biblioteket er en indgang til viden for borgere i alle aldre.",
                [
                    (
                        "Støtte til studerende",
                        "Vi tilbyder læsepladser, hjælp til informationssøgning og adgang til "
                        "faglige databaser i samarbejde med uddannelsesinstitutionerne.",
                    ),
                    (
                        "Digital dannelse",
                        "Vi hjælper borgerne med at bruge digitale tjenester og med at vurdere "
                        "de oplysninger, de finder på nettet.",
                    ),
                ],
            ),
            (
                "Biblioteket som mødested",
                "Biblioteket skal være et levende rum, hvor man mødes om litteratur, debat og "
                "oplevelser.",
                [
                    (
                        "Arrangementer og debat",
                        "Vi holder foredrag, læsekredse og debatmøder, der samler borgere på "
                        "tværs af alder og baggrund.",
                    ),
                ],
            ),
        ],
    },
    {
        "title": "Politik for Den levende By",
        "adopted_on": datetime.date(2008, 4, 22),
        "summary": (
            "Politikken handler om at gøre byrummene levende, trygge og indbydende, så flere får "
            "lyst til at bo, arbejde og opholde sig i byen."
        ),
        "vision": (
            "Herning skal have en bymidte og lokalsamfund, der summer af liv hele dagen og året "
            "rundt."
        ),
        "focus_areas": [
            (
                "Byrum med liv",
                "Pladser, gader og grønne områder skal invitere til ophold og aktivitet.",
                [
                    (
                        "Aktive byrum",
                        "Vi indretter byrum, der lægger op til leg, bevægelse og ophold for alle "
                        "aldre.",
                    ),
                    (
                        "Grønne åndehuller",
                        "Vi bevarer og udvikler grønne områder og vand i byen, så naturen er tæt "
                        "på.",
                    ),
                ],
            ),
            (
                "Samarbejde om byens liv",
                "Byens liv skabes af mange parter i fællesskab.",
                [
                    (
                        "Partnerskaber",
                        "Vi samarbejder med handlende, foreninger og uddannelsesinstitutioner om "
                        "aktiviteter, der trækker folk til byen.",
                    ),
                ],
            ),
        ],
    },
    {
        "title": "Kulturpolitik",
        "adopted_on": datetime.date(2008, 5, 13),
        "summary": (
            "Kulturpolitikken sætter rammerne for kunst og kultur i kommunen – fra de store "
            "institutioner til det lokale foreningsliv."
        ),
        "vision": (
            "Herning skal være en modig kulturkommune, hvor kunst og kultur er en naturlig del "
            "af hverdagen og styrker både fællesskab og identitet."
        ),
        "focus_areas": [
            (
                "Kultur for og med børn og unge",
                "Mødet med kunst og kultur skal begynde tidligt i livet.",
                [
                    (
                        "Kultur i skoler og uddannelser",
                        "Vi bringer kunstnere og kulturinstitutioner ind i skoler og på "
                        "uddannelsessteder.",
                    ),
                    (
                        "Unges egne projekter",
                        "Vi giver unge plads og støtte til selv at skabe kulturelle projekter.",
                    ),
                ],
            ),
            (
                "Stærke kulturinstitutioner",
                "Kommunens kulturinstitutioner er en vigtig del af byens identitet.",
                [
                    (
                        "Samarbejde på tværs",
                        "Vi styrker samarbejdet mellem museer, spillesteder og kulturhuse, så "
                        "borgerne møder et sammenhængende tilbud.",
                    ),
                ],
            ),
            (
                "Kulturarv",
                "Egnens historie er en del af det, der gør Herning til Herning.",
                [
                    (
                        "Den lokale historie",
                        "Vi formidler egnens tekstil- og industrihistorie, så den bliver levende "
                        "for nye generationer.",
                    ),
                ],
            ),
        ],
    },
    {
        "title": "Erhvervspolitik",
        "adopted_on": datetime.date(2008, 8, 26),
        "summary": (
            "Erhvervspolitikken beskriver, hvordan kommunen vil skabe gode vilkår for "
            "virksomhederne og styrke væksten i området."
        ),
        "vision": (
            "Herning skal være et af landets bedste steder at starte og drive virksomhed, med "
            "adgang til kvalificeret arbejdskraft og stærke netværk."
        ),
        "focus_areas": [
            (
                "Kvalificeret arbejdskraft",
                "Virksomhedernes vækst afhænger af, at de kan finde de rette medarbejdere.",
                [
                    (
                        "Samarbejde med uddannelsesinstitutionerne",
                        "Vi bringer virksomheder og uddannelsessteder sammen om praktik, "
                        "projekter og efteruddannelse.",
                    ),
                    (
                        "Tiltrækning af medarbejdere",
                        "Vi hjælper virksomhederne med at tiltrække og fastholde medarbejdere, "
                        "også fra udlandet.",
                    ),
                ],
            ),
            (
                "Iværksætteri og innovation",
                "Nye virksomheder og nye idéer holder erhvervslivet i bevægelse.",
                [
                    (
                        "Støtte til iværksættere",
                        "Vi tilbyder rådgivning og netværk til iværksættere, også studerende med "
                        "en forretningsidé.",
                    ),
                ],
            ),
            (
                "Service over for virksomheder",
                "Mødet med kommunen skal være let og hurtigt.",
                [
                    (
                        "Én indgang til kommunen",
                        "Virksomheder får ét sted at henvende sig og korte svartider.",
                    ),
                ],
            ),
        ],
    },
    {
        "title": "Idræts- og fritidspolitik",
        "adopted_on": datetime.date(2008, 9, 23),
        "summary": (
            "Politikken handler om, at borgerne skal have gode muligheder for idræt, motion og "
            "et aktivt fritidsliv."
        ),
        "vision": (
            "Flere borgere skal være fysisk aktive og have et fritidsliv, der giver glæde, "
            "sundhed og fællesskab."
        ),
        "focus_areas": [
            (
                "Motion og sundhed for alle",
                "Det skal være nemt at være aktiv, uanset alder og form.",
                [
                    (
                        "Let adgang til bevægelse",
                        "Vi gør idrætsanlæg, stier og grønne områder lette at bruge for alle.",
                    ),
                    (
                        "Nye aktivitetsformer",
                        "Vi giver plads til nye og uorganiserede former for idræt, som særligt "
                        "unge efterspørger.",
                    ),
                ],
            ),
            (
                "Talent og elite",
                "Herning skal være et godt sted at udvikle sit talent.",
                [
                    (
                        "Sport og uddannelse hånd i hånd",
                        "Sammen med skoler og uddannelsesinstitutioner gør vi det muligt at "
                        "kombinere en sportskarriere med en uddannelse.",
                    ),
                ],
            ),
            (
                "Stærke foreninger",
                "Foreningslivet bæres af frivillige, og de skal have gode vilkår.",
                [
                    (
                        "Frivillige ildsjæle",
                        "Vi støtter og anerkender de frivillige, der driver foreningerne.",
                    ),
                ],
            ),
        ],
    },
    {
        "title": "Politik for turisme og events",
        "adopted_on": datetime.date(2008, 10, 28),
        "summary": (
            "Politikken beskriver, hvordan kommunen vil udvikle turismen og bruge store "
            "begivenheder til at skabe oplevelser, omsætning og opmærksomhed."
        ),
        "vision": (
            "Herning skal være kendt som en by, der kan skabe store oplevelser, og som gæster "
            "gerne vender tilbage til."
        ),
        "focus_areas": [
            (
                "Events med gennemslagskraft",
                "Store begivenheder sætter byen på landkortet.",
                [
                    (
                        "Store begivenheder",
                        "Vi tiltrækker sports-, kultur- og erhvervsbegivenheder af national og "
                        "international betydning.",
                    ),
                    (
                        "Lokal forankring",
                        "Vi inddrager foreninger, virksomheder og studerende, så begivenhederne "
                        "efterlader noget i lokalsamfundet.",
                    ),
                ],
            ),
            (
                "Oplevelser for gæster",
                "Gæster skal let kunne finde og bruge egnens tilbud.",
                [
                    (
                        "Samlet formidling",
                        "Vi gør det nemt for gæster at finde rundt i tilbuddene, fra kunst og "
                        "natur til handel og spisesteder.",
                    ),
                ],
            ),
        ],
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
    policy = services.policy_create(actor=actor, title=data["title"], owner=owner, **fields)
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
            sister = _create_policy(actor=editor, owner=owner, data=data)
            services.policy_adopt(actor=editor, policy=sister, adopted_on=data["adopted_on"])
            sisters.append(sister)
            _say(stdout, f"Policy: {sister.title} ({sister.slug})")

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
