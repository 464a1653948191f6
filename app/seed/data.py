"""The arrangement as the source text describes it: pure data, no database.

Source: «I trygge hender – en nasjonal samordning av pasient- og brukersikkerhet. En beskrivelse av
ordningen og en plan for implementering» (2023). Norwegian text is quoted verbatim where the source
has it (line breaks of the PDF joined); everything under DEMO is made up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

HDIR = "Helsedirektoratet"
HTIL = "Helsetilsynet"
FHI = "Folkehelseinstituttet"
EHELSE = "Direktoratet for e-helse"
UKOM = "Statens undersøkelseskommisjon for helse- og omsorgstjenesten"
SLV = "Statens legemiddelverk"
HOD = "Helse- og omsorgsdepartementet"

# «Disse virksomhetene vil være representert i forumet ved oppstart» (Topplederforumet, Medlemmer).
FOUNDING_FORUM_AGENCIES = (HDIR, HTIL, FHI, EHELSE)


@dataclass(frozen=True)
class OrganizationSeed:
    name: str
    short_name: str | None = None
    collaboration_actor: bool = False
    central_health_administration: bool = False
    stakeholder: bool = False
    responsibilities: tuple[str, ...] = ()
    description: str | None = None


# «I Nasjonal handlingsplan for pasientsikkerhet og kvalitetsforbedring (2019-2023) er aktørene i den
# sentrale helseforvaltningens ansvar beskrevet slik» — the table «Fordeling av sentrale oppgaver».
RESPONSIBILITIES: dict[str, tuple[str, ...]] = {
    HDIR: (
        "Etablere nasjonal overbygning og nasjonalt kompetansemiljø for pasientsikkerhet og forbedringsarbeid.",
        "Sammenstille og samordne informasjon og kunnskap om pasientsikkerhet på nasjonalt nivå",
        "Koordinere utvikling av systemer for å følge med på aktivitet og resultater av pasientsikkerhet og "
        "forbedringsarbeid regionalt og nasjonalt, både kommunene og spesialisthelsetjenesten og "
        "spesialisthelsetjenesten",
        "Koordinere kartlegging av pasientskader ved hjelp av Global Trigger Tool-metoden",
        "Følge opp undersøkelsen ForBedring på nasjonalt nivå, deriblant dialog og møter regionale helseforetak.",
        "Iverksette nye nasjonale satsinger innen utvalgte risikoområder, som legemidler, infeksjoner, og "
        "arbeidsmiljø og pasientsikkerhetskultur.",
        "Legge til rette for samarbeid mellom eksisterende og nye nasjonale initiativ relevant for pasientsikkerhet",
        "Sørge for oppdatering av kunnskapsgrunnlag for innsatsområdene og sikre at innsatsområdene ivaretar "
        "krav til kunnskapsbasert praksis både faglig og metodisk",
        "Støtte kommunene og spesialisthelsetjenesten i arbeid med pasientsikkerhet gjennom det nasjonale "
        "kompetansemiljøet, deriblant:\n"
        "- Følge med på og initiere samarbeid om opplæringstilbud innen pasientsikkerhet og forbedringsarbeid\n"
        "- Etablere felles møtearenaer for samarbeid innen forbedringsmetodikk.\n"
        "- Sikre at helsemyndighetenes metodikk og anbefalinger innen pasientsikkerhet og forbedringsarbeid "
        "samsvarer med hverandre",
        "Opprette nytt fagråd for pasientsikkerhet og forbedringsarbeid for å sikre kontinuitet i arbeidet "
        "etter pasientsikkerhetsprogrammet",
        "Styrke Fylkesmannens mulighet til å fylle sin rolle i pasientsikkerhet- og forbedringsarbeid",
    ),
    FHI: (
        "Bidra til utvikling av system for å følge med på resultater av pasientsikkerhet og forbedringsarbeid "
        "nasjonalt, regionalt og lokalt",
        "Bidra til koordinering og samarbeid mellom eksisterende og nye initiativ relevant for pasientsikkerhet, "
        "særlig satsingen Gode pasientforløp",
        "Bidra med kunnskap om pasientsikkerhet og forbedringsarbeid, deriblant kunnskapsgrunnlag for "
        "innsatsområdene og nye satsinger",
        "Bidra til økt bruk av kontrollerte evalueringer og følgeforskning",
        "Kontinuerlig oppdatering av kunnskapsgrunnlag for indikatorer på pasientsikkerhet, og evt. kvalitet "
        "mer generelt, inkludert løpende utvikling og validering",
        "Bidra med resultater fra infeksjonsovervåking",
        "Bidra med informasjon om pasientsikkerhet på nasjonalt nivå",
        "Samarbeide med Helsedirektoratet og relevante aktører om opplæring og metodikk innen pasientsikkerhet "
        "og forbedringsarbeid",
    ),
    HTIL: (
        "Bidra med informasjon og oppfølging av pasientsikkerhet på nasjonalt nivå",
        "Bidra med erfaringer om feil og mangler i helse- og omsorgstjenesten og samarbeide om hvordan man kan "
        "lære av feil",
        "Samordne tilsyn med nasjonale satsinger",
    ),
    EHELSE: (
        "Bidra til utvikling av system for å følge med på resultater av pasientsikkerhet og forbedringsarbeid "
        "nasjonalt, regionalt og lokalt, deriblant de nye nasjonale satsingene innen legemidler",
        "Bidra til utvikling av styringssystemer relevant for kommunal helse- og omsorgstjeneste",
        "Bidra inn i utvikling av nasjonale satsinger",
    ),
}


def _actor(name: str, short_name: str | None = None, *, cha: bool = False) -> OrganizationSeed:
    return OrganizationSeed(
        name=name,
        short_name=short_name,
        collaboration_actor=True,
        central_health_administration=cha,
        responsibilities=RESPONSIBILITIES.get(name, ()),
    )


# «Aktørene er:» — the 18 actors of I trygge hender 24-7, in the source's order. Organisation numbers
# are left empty: none is certain enough to publish. Where the list uses a short form, the agency's
# full name is used (the list's «Legemiddelverket» is Statens legemiddelverk, renamed Direktoratet for
# medisinske produkter in 2024; the source's 2023 name is kept).
COLLABORATION_ACTORS: tuple[OrganizationSeed, ...] = (
    # The ministry is a collaboration actor but not one of the agencies of «den sentrale
    # helseforvaltningen» whose directors sit in the forum: it owns and instructs them (it «la
    # koordineringen til Helsedirektoratet»), so it is not flagged central_health_administration.
    _actor(HOD, "HOD"),
    _actor(HDIR, "Hdir", cha=True),
    _actor(FHI, "FHI", cha=True),
    _actor(HTIL, "Htil", cha=True),
    _actor(EHELSE, "E-helse", cha=True),
    _actor(UKOM, "Ukom", cha=True),
    _actor(SLV, "SLV", cha=True),
    _actor("Regionale helseforetak", "RHF"),
    _actor("Helseforetak", "HF"),
    _actor("Kommunene"),
    _actor("Statsforvalteren"),
    _actor("Norsk Pasientskadeerstatning", "NPE"),
    _actor("KS", "KS"),
    _actor("Utviklingssenter for sykehjem og hjemmetjenester", "USHT"),
    _actor("Brukerorganisasjoner"),
    _actor("Den norske legeforening, Norsk Sykepleierforbund og Fagforbundet"),
    _actor("Senter for kvalitet i legetjenester", "SKIL"),
    _actor("Utdanningsinstitusjoner"),
)

# «Arbeidsutvalget skal ha kontakt med relevante interessenter som for eksempel:» — the groups that
# are not already collaboration actors.
STAKEHOLDERS: tuple[OrganizationSeed, ...] = (
    OrganizationSeed("Pasienter, brukere og pårørende", stakeholder=True),
    OrganizationSeed("Forsknings- og utdanningsmiljøer", stakeholder=True),
    OrganizationSeed("Forvaltningsorganer", stakeholder=True),
    OrganizationSeed("Andre lands myndigheter, tjenester og forskningsmiljøer", stakeholder=True),
    OrganizationSeed("Verdens helseorganisasjon", "WHO", stakeholder=True),
)

ORGANIZATIONS: tuple[OrganizationSeed, ...] = COLLABORATION_ACTORS + STAKEHOLDERS


@dataclass(frozen=True)
class BodySeed:
    kind: str
    name: str
    short_name: str
    mandate: str


FORUM_MANDATE = """\
Topplederforumet er en strategisk møtearena for toppledere i den sentrale helseforvaltningen. \
Forumet ledes av helsedirektøren. Sakene er forberedt av Arbeidsutvalget.

## Mandat

Topplederforumet skal treffe strategiske avgjørelser som legger til rette for og stimulerer til

- god pasient- og brukersikkerhet i helse- og omsorgstjenestene
- å unngå unødig pasient- og brukerskade
- implementering av globale og nasjonale handlingsplaner for pasient- og brukersikkerhet
- at den sentrale helseforvaltningens samlede kunnskap og kapasitet er tilgjengelig på tvers av virksomhetene
- tilgjengeliggjøring av informasjon som allerede finnes i helseforvaltningen, i helse- og \
omsorgstjenestene og andre steder
- kontinuerlig utvikling av pasient og brukersikkerhetsarbeidet i helse- og omsorgstjenestene

## Oppgaver

Topplederforumet skal

- gi samordnede nasjonale råd og anbefalinger basert på kunnskap om risikoområder og konsekvenser for \
pasient- og brukersikkerhetsområdet
- foreslå nasjonale tiltak for helse- og omsorgstjenesten
- samordne planer, prioriteringer og tiltak i helse- og omsorgsforvaltningen
- vedta årsplan for ordningen som er tilpasset andre myndigheters og sektorers årsplaner

Alle saker skal være strategisk viktige, kunnskapsbaserte og godt forberedt av Arbeidsutvalget, blant \
annet gjennom involvering og forankring hos relevante I trygge hender 24-7-aktører og andre interessenter.

## Medlemmer

Topplederforumet består av direktørene i den sentrale helseforvaltningen. Disse virksomhetene vil være \
representert i forumet ved oppstart:

- Helsedirektoratet
- Helsetilsynet
- Folkehelseinstituttet
- Direktoratet for e-helse
"""

WORKING_COMMITTEE_MANDATE = """\
Arbeidsutvalget er et operativt og permanent team med representanter fra den sentrale helse- og \
omsorgsforvaltningen.

## Mandat

Arbeidsutvalget skal:

- skaffe oversikt over utvikling i helse- og omsorgstjenestene og forhold som påvirker pasient- og \
brukersikkerheten og rapportere om status til topplederforumet
- fremme strategiske saker for topplederforumet som kan bidra til å unngå uønskede hendelser i helse- og \
omsorgstjenestene
- ha særlig oppmerksomhet mot
  - utfordringer som helse- og omsorgstjenestene ikke kan løse alene
  - utfordringer som det enkelte forvaltningsorgan ikke kan løse alene
  - tiltak som kan stimulere helse- og omsorgstjenestene til selv å videreutvikle systemer for ledelse, \
kvalitetsforbedring og pasient- og brukersikkerhet
- bidra til at myndigheter og tjenester gis nye og gode beslutningsgrunnlag
- bidra til bedre mulighet for måling av effekt av pasient- og brukersikkerhetstiltak for å forbedre \
kunnskapsgrunnlaget for fremtidige tiltak.
- sørge for at ordningen løpende evalueres og videreutvikles slik at helse- og omsorgsforvaltningens \
samlede kunnskap og ressurser utnyttes best mulig.

## Oppgaver

Arbeidsutvalget skal

1. forberede og fremme strategisk viktige saker for topplederforumet
2. sette sammen kunnskapsgrunnlag og gi råd til Topplederforumet basert på dette
3. bidra til at planer, tiltak og informasjon samordnes
4. bidra til at beslutninger fra Topplederforumet iverksettes og tilgjengeliggjøres
5. holde seg orientert om saker og temaer av betydning for pasient- og brukersikkerhet
6. ha nødvendig kontakt med relevante interessenter og fagmiljøer
7. opprette og følge opp underutvalg etter beslutninger fra Topplederforumet

## Leveranser

- Kunnskapsgrunnlag, for eksempel sammenstillinger, rapporter og anbefalinger
- Saksfremlegg og referater for Topplederforumet
- Formidling av temaer om pasient- og brukersikkerhet på nettsider, tidsskrifter, på sosiale medier mv.

Behov for større arbeider som for eksempel utvikling av nye indikatorer eller liknende må meldes videre \
i de faste, ordinære kanalene.

Leveranser arbeidsutvalget utarbeider er offentlige og publiseres digitalt på nettstedet itryggehender.no.
"""

PROJECT_BOARD_MANDATE = """\
## Videreføring av prosjektstyret fram til første møte i topplederforumet

For å sikre kontinuitet, fremdrift og lederforankring i alle virksomhetene, videreføres prosjektstyret \
fram til første møte i Topplederforumet. Prosjektstyremedlemmene skal ha faste vararepresentanter.

Arbeidsutvalgets leder kaller inn til styremøter med seks til åtte ukers mellomrom. Deltakere er:

- prosjektstyrets medlemmer
- avdelingsdirektør avdeling kvalitetsforbedring og pasientsikkerhet i Helsedirektoratet
- leder for Arbeidsutvalget
"""

BODIES: tuple[BodySeed, ...] = (
    BodySeed("top_leaders_forum", "Topplederforumet", "TLF", FORUM_MANDATE),
    BodySeed("working_committee", "Arbeidsutvalget", "AU", WORKING_COMMITTEE_MANDATE),
    BodySeed("project_board", "Prosjektstyret", "PS", PROJECT_BOARD_MANDATE),
)


# ---- DEMO: made-up people. Every name below is FICTIONAL; any likeness to real persons is chance. ----

DEMO_START = date(2023, 1, 1)
DEMO_ALLOCATION_PERCENT = 20  # «Deltakerne forventes å bidra i inntil 20 prosent.»
DEMO_EMAIL_DOMAIN = "eksempel.invalid"  # reserved TLD: no address here can reach anyone


@dataclass(frozen=True)
class DemoPerson:
    name: str
    title: str
    organization: str

    @property
    def email(self) -> str:
        local = self.name.lower().replace(" ", ".")
        for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a")):
            local = local.replace(a, b)
        return f"{local}@{DEMO_EMAIL_DOMAIN}"


@dataclass(frozen=True)
class DemoSeat:
    """A seat in a body; `deputy` is the member's fixed substitute (stedfortreder)."""

    person: DemoPerson
    role: str  # chair | member
    deputy: DemoPerson | None = None
    allocation_percent: int | None = None


@dataclass(frozen=True)
class DemoComposition:
    body_kind: str
    seats: tuple[DemoSeat, ...] = field(default_factory=tuple)


_DIRECTORS = {
    HDIR: DemoPerson("Ingrid Fjellheim", "Helsedirektør (fiktiv)", HDIR),
    HTIL: DemoPerson("Torbjørn Åsvang", "Direktør (fiktiv)", HTIL),
    FHI: DemoPerson("Solveig Brattli", "Direktør (fiktiv)", FHI),
    EHELSE: DemoPerson("Eirik Nordstrøm", "Direktør (fiktiv)", EHELSE),
}
_DEPUTY_DIRECTORS = {
    HDIR: DemoPerson("Kari Lundemo", "Divisjonsdirektør (fiktiv)", HDIR),
    HTIL: DemoPerson("Anders Vikøren", "Assisterende direktør (fiktiv)", HTIL),
    FHI: DemoPerson("Hilde Skarsmo", "Områdedirektør (fiktiv)", FHI),
    EHELSE: DemoPerson("Lars Øyangen", "Avdelingsdirektør (fiktiv)", EHELSE),
}
AU_LEADER = DemoPerson("Marit Solbakken", "Seniorrådgiver, leder av Arbeidsutvalget (fiktiv)", HDIR)
DEPARTMENT_HEAD = DemoPerson(
    "Per Holmvik", "Avdelingsdirektør, avdeling kvalitetsforbedring og pasientsikkerhet (fiktiv)", HDIR
)

# An officer of the secretariat, which is Helsedirektoratet's department rather than a body: no seat.
# With demo sign-in on, this person signs in as the secretariat (app/sessions/service.py).
DEMO_SECRETARIAT = DemoPerson("Hanne Sekkelsten", "Seniorrådgiver, sekretariatet (fiktiv)", HDIR)


def _au_seat(person: DemoPerson, deputy: DemoPerson, role: str = "member") -> DemoSeat:
    return DemoSeat(person, role, deputy, DEMO_ALLOCATION_PERCENT)


# «tre fra Helsedirektoratet inkludert leder av utvalget, en fra Helsetilsynet og en fra
# Folkehelseinstituttet. I tillegg inviteres en deltaker fra Direktoratet for e-helse.»
DEMO_COMPOSITIONS: tuple[DemoComposition, ...] = (
    DemoComposition(
        "top_leaders_forum",
        (
            DemoSeat(_DIRECTORS[HDIR], "chair"),  # «Forumet ledes av helsedirektøren.»
            DemoSeat(_DIRECTORS[HTIL], "member"),
            DemoSeat(_DIRECTORS[FHI], "member"),
            DemoSeat(_DIRECTORS[EHELSE], "member"),
        ),
    ),
    DemoComposition(
        "working_committee",
        (
            _au_seat(AU_LEADER, DemoPerson("Jon Eggesbø", "Seniorrådgiver (fiktiv)", HDIR), "chair"),
            _au_seat(
                DemoPerson("Sigrid Haugtveit", "Seniorrådgiver (fiktiv)", HDIR),
                DemoPerson("Ola Brekkestø", "Rådgiver (fiktiv)", HDIR),
            ),
            _au_seat(
                DemoPerson("Nils Tveråmo", "Fagdirektør (fiktiv)", HDIR),
                DemoPerson("Guri Lindvik", "Seniorrådgiver (fiktiv)", HDIR),
            ),
            _au_seat(
                DemoPerson("Astrid Myrvold", "Seniorrådgiver (fiktiv)", HTIL),
                DemoPerson("Håkon Rønneberg", "Rådgiver (fiktiv)", HTIL),
            ),
            _au_seat(
                DemoPerson("Bjørn Ekerhovd", "Forsker (fiktiv)", FHI),
                DemoPerson("Live Skogstad", "Seniorforsker (fiktiv)", FHI),
            ),
            _au_seat(
                DemoPerson("Tone Vassbotn", "Seniorrådgiver (fiktiv)", EHELSE),
                DemoPerson("Erlend Kvalsund", "Rådgiver (fiktiv)", EHELSE),
            ),
        ),
    ),
    # «Prosjektstyremedlemmene skal ha faste vararepresentanter.» The board is chaired by the head of
    # department, who runs the arrangement; the AU leader takes part.
    DemoComposition(
        "project_board",
        (
            DemoSeat(DEPARTMENT_HEAD, "chair", DemoPerson("Randi Aasgård", "Fagdirektør (fiktiv)", HDIR)),
            DemoSeat(AU_LEADER, "member", DemoPerson("Jon Eggesbø", "Seniorrådgiver (fiktiv)", HDIR)),
            *(DemoSeat(_DIRECTORS[org], "member", _DEPUTY_DIRECTORS[org]) for org in (HTIL, FHI, EHELSE)),
        ),
    ),
)
