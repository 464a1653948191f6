"""Who may do what: the one permission table (403), to be reviewed in one sitting.

Governance rules in rules/*.yaml answer 409 and are a separate thing: disabling a rule never
opens a permission. Each permission lists its grants; a grant names a principal by its relation
to the object's body — the body whose work the object is (a case's owner, a document's owner, a
meeting's body, a decision's meeting's body, a subcommittee itself) — and, for a person, the roles
of the active membership (seat) it holds through. Principals are the secretariat (Helsedirektoratet's
department, which runs the arrangement) and persons acting through their seats. Every route names
one permission (`Allowed["…"]` in its signature); `GET /api/v1/policy` shows this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.bodies.schemas import FORUM, PROJECT_BOARD, SUBCOMMITTEE, WORKING_COMMITTEE


class Relation(StrEnum):
    ANYONE = "anyone"  # no token: the published record
    AUTHENTICATED = "authenticated"  # any valid token
    SECRETARIAT = "secretariat"
    SELF = "self"  # the person the object is
    MEMBER = "member"  # a seat in the object's body
    PARENT_MEMBER = "parent_member"  # a seat in the body above it: the AU over its subcommittees
    AU_MEMBER = "au_member"  # a seat in the AU (Arbeidsutvalget)
    FORUM_MEMBER = "forum_member"  # a seat in the forum (Topplederforumet)
    ANY_MEMBER = "any_member"  # a seat in any body


LEADER = ("chair",)
WORKERS = ("chair", "member", "secretary")  # a fixed deputy reads, and writes only as a member once appointed
ALL_ROLES = ("chair", "member", "deputy", "secretary")


@dataclass(frozen=True)
class Grant:
    relation: Relation
    roles: tuple[str, ...] = ALL_ROLES
    on: tuple[str, ...] | None = None  # only for objects whose body is of these kinds


@dataclass(frozen=True)
class Permission:
    description: str
    grants: tuple[Grant, ...]
    description_nb: str  # what a refused person reads (e.g. why a transition is not theirs to make)


def _grant(relation: Relation, roles: tuple[str, ...] = ALL_ROLES, on: tuple[str, ...] | None = None) -> Grant:
    return Grant(relation, roles, on)


ANYONE = _grant(Relation.ANYONE)
AUTHENTICATED = _grant(Relation.AUTHENTICATED)
SECRETARIAT = _grant(Relation.SECRETARIAT)
SELF = _grant(Relation.SELF)
ANY_MEMBER = _grant(Relation.ANY_MEMBER)


def member(roles: tuple[str, ...] = ALL_ROLES, on: tuple[str, ...] | None = None) -> Grant:
    return _grant(Relation.MEMBER, roles, on)


def parent_member(roles: tuple[str, ...] = ALL_ROLES) -> Grant:
    return _grant(Relation.PARENT_MEMBER, roles)


def au_member(roles: tuple[str, ...] = ALL_ROLES, on: tuple[str, ...] | None = None) -> Grant:
    return _grant(Relation.AU_MEMBER, roles, on)


def forum_member(roles: tuple[str, ...] = ALL_ROLES, on: tuple[str, ...] | None = None) -> Grant:
    return _grant(Relation.FORUM_MEMBER, roles, on)


def _p(description: str, *grants: Grant, nb: str) -> Permission:
    return Permission(description, grants, nb)


POLICY: dict[str, Permission] = {
    # The published record and the rules are open.
    "public.read": _p(
        "Read the published record: public API, website, feeds",
        ANYONE,
        nb="Lese det publiserte: det åpne API-et, nettstedet og feedene",
    ),
    "policy.read": _p("Read this permission table", ANYONE, nb="Lese denne tilgangstabellen"),
    "rules.read": _p(
        "Read the governance rules and transitions' rule checks",
        AUTHENTICATED,
        nb="Lese styringsreglene og reglenes kontroll av overganger: alle som er logget inn",
    ),
    # The staff app's sign-in (app/sessions): open, as a sign-in page is.
    "sign_in.read": _p(
        "See how to sign in to the staff app, and sign in with the deployment's provider",
        ANYONE,
        nb="Se hvordan man logger inn i arbeidsflaten, og logge inn hos virksomhetens innloggingstjeneste: alle",
    ),
    "sign_in.session": _p(
        "Sign out of the staff app, and sign in as a demo person where the deployment turns demo sign-in on",
        ANYONE,
        nb="Logge ut av arbeidsflaten, og logge inn som demoperson der demo-innlogging er slått på: alle",
    ),
    "me.read": _p(
        "Read who one is: one's seats, and the permissions one holds on each body",
        AUTHENTICATED,
        nb="Lese hvem man er: egne verv og tilgangene man har i hvert organ: alle som er logget inn",
    ),
    "notifications.read": _p(
        "Read which e-mail one gets (a person, for oneself)",
        AUTHENTICATED,
        nb="Lese hvilken e-post man får: alle som er logget inn, for seg selv",
    ),
    "notifications.choose": _p(
        "Choose which e-mail one gets, and how (a person, for oneself)",
        AUTHENTICATED,
        nb="Velge hvilken e-post man får, og hvordan: alle som er logget inn, for seg selv",
    ),
    "mail.unsubscribe": _p(
        "Turn a kind of e-mail off with the unsubscribe link in it (the signed link names the person)",
        ANYONE,
        nb="Melde seg av en type e-post med lenken i den: alle som har lenken",
    ),
    "session.read": _p(
        "See one's own staff app sessions (a person's: other callers have none)",
        AUTHENTICATED,
        nb="Se egne økter i arbeidsflaten: alle som er logget inn",
    ),
    "session.manage": _p(
        "End one's own staff app sessions, one or all but the current",
        AUTHENTICATED,
        nb="Avslutte egne økter i arbeidsflaten: alle som er logget inn",
    ),
    # Registers: the secretariat keeps them; members of any body read them.
    "organization.read": _p(
        "Read organizations", SECRETARIAT, ANY_MEMBER, nb="Lese virksomheter: sekretariatet og medlemmer av et organ"
    ),
    "organization.write": _p(
        "Register and change organizations", SECRETARIAT, nb="Registrere og endre virksomheter: sekretariatet"
    ),
    "person.read": _p(
        "Read persons (name, title, organization)",
        SECRETARIAT,
        ANY_MEMBER,
        nb="Lese personer (navn, tittel, virksomhet): sekretariatet og medlemmer av et organ",
    ),
    "person.read_contact": _p(
        "See a person's e-mail address: the person, and members of the bodies the person sits in",
        SECRETARIAT,
        SELF,
        member(),
        nb="Se en persons e-postadresse: personen selv, sekretariatet og medlemmer av organene personen sitter i",
    ),
    "person.register": _p("Register persons", SECRETARIAT, nb="Registrere personer: sekretariatet"),
    "person.update": _p("Change a person", SECRETARIAT, SELF, nb="Endre en person: sekretariatet og personen selv"),
    "person.change_email": _p(
        "Change a person's e-mail address, by which the person signs in",
        SECRETARIAT,
        nb="Endre en persons e-postadresse, som personen logger inn med: sekretariatet",
    ),
    "body.read": _p(
        "Read bodies, subcommittees and their deliveries",
        SECRETARIAT,
        ANY_MEMBER,
        nb="Lese organer, underutvalg og leveransene deres: sekretariatet og medlemmer av et organ",
    ),
    "body.manage": _p(
        "Change a body's mandate, deadline and support, and move it along its lifecycle: "
        "the AU for its subcommittees, the secretariat for every body",
        SECRETARIAT,
        parent_member(WORKERS),
        nb="Endre et organs mandat, frist og støtte og føre det gjennom livsløpet: Arbeidsutvalget for sine underutvalg, sekretariatet for alle organer",
    ),
    "membership.read": _p(
        "Read memberships", SECRETARIAT, ANY_MEMBER, nb="Lese medlemskap: sekretariatet og medlemmer av et organ"
    ),
    "membership.manage": _p(
        "Add, change and end memberships: the membership register is the secretariat's; "
        "the AU composes its subcommittees",
        SECRETARIAT,
        parent_member(WORKERS),
        nb="Legge til, endre og avslutte medlemskap: sekretariatet, og Arbeidsutvalget for sine underutvalg",
    ),
    # The bodies' work.
    "work.read": _p(
        "Read a body's cases, documents (withheld ones included), meetings (internal notes included) "
        "and decisions: its members, the AU for its subcommittees, the forum and the project board, "
        "and the forum for the AU, which prepares its cases",
        SECRETARIAT,
        member(),
        parent_member(),
        au_member(on=(FORUM, PROJECT_BOARD)),
        forum_member(on=(WORKING_COMMITTEE,)),
        nb="Lese et organs saker, dokumenter, møter og vedtak: organets medlemmer, Arbeidsutvalget for sine underutvalg, Topplederforumet og prosjektstyret, og Topplederforumet for Arbeidsutvalget",
    ),
    "work.write": _p(
        "Register and prepare cases, write documents and draft minutes: the body's members; "
        "for the forum the AU, which prepares its cases, presentations and minutes",
        SECRETARIAT,
        member(WORKERS, on=(WORKING_COMMITTEE, SUBCOMMITTEE, PROJECT_BOARD)),
        au_member(WORKERS, on=(FORUM,)),
        nb="Registrere og forberede saker, skrive dokumenter og utkast til referat: organets medlemmer, og Arbeidsutvalget for Topplederforumet",
    ),
    "document.correct": _p(
        "Correct a published document (a new version with its reason, shown in public): the secretariat, "
        "which runs publication",
        SECRETARIAT,
        nb="Rette et publisert dokument (en ny versjon med begrunnelse, vist offentlig): sekretariatet",
    ),
    "meeting.run": _p(
        "Plan, change, convene, start, close and cancel meetings and approve minutes: the secretariat, "
        "the body's leader, and the AU leader for project board meetings",
        SECRETARIAT,
        member(LEADER),
        au_member(LEADER, on=(PROJECT_BOARD,)),
        nb="Planlegge, endre, kalle inn, starte, avslutte og avlyse møter og godkjenne referat: sekretariatet, organets leder, og lederen av Arbeidsutvalget for prosjektstyrets møter",
    ),
    "agenda.write": _p(
        "Set a meeting's agenda: the secretariat, the body's leader, and the AU for the forum",
        SECRETARIAT,
        member(LEADER),
        au_member(WORKERS, on=(FORUM,)),
        nb="Sette opp et møtes saksliste: sekretariatet, organets leder, og Arbeidsutvalget for Topplederforumet",
    ),
    "attendance.write": _p(
        "Record a meeting's attendance, apologies, chair and minute-taker: the secretariat, the body's "
        "leader and secretary (who keeps the minutes), and the AU for the forum (which drafts its minutes)",
        SECRETARIAT,
        member(("chair", "secretary")),
        au_member(WORKERS, on=(FORUM,)),
        nb="Føre et møtes oppmøte, forfall, møteleder og referent: sekretariatet, organets leder og sekretær (referent), og Arbeidsutvalget for Topplederforumet",
    ),
    "decision.record": _p(
        "Record the forum's decisions",
        SECRETARIAT,
        au_member(WORKERS, on=(FORUM,)),
        nb="Føre Topplederforumets vedtak: sekretariatet og Arbeidsutvalget",
    ),
    "decision.follow_up": _p(
        "Follow the forum's decisions up",
        SECRETARIAT,
        au_member(WORKERS, on=(FORUM,)),
        nb="Følge opp Topplederforumets vedtak: sekretariatet og Arbeidsutvalget",
    ),
    "subcommittee.establish": _p(
        "Set up a subcommittee on a forum decision (the object is the AU)",
        SECRETARIAT,
        member(WORKERS, on=(WORKING_COMMITTEE,)),
        nb="Opprette et underutvalg etter vedtak i Topplederforumet: sekretariatet og Arbeidsutvalget",
    ),
    "delivery.register": _p(
        "Register a subcommittee's delivery: its own members",
        SECRETARIAT,
        member(WORKERS, on=(SUBCOMMITTEE,)),
        nb="Registrere et underutvalgs leveranse: sekretariatet og underutvalgets medlemmer",
    ),
    "annual_plan.record": _p(
        "Record the annual plan the forum adopted (the object is the forum)",
        SECRETARIAT,
        au_member(WORKERS, on=(FORUM,)),
        nb="Føre årsplanen Topplederforumet har vedtatt: sekretariatet og Arbeidsutvalget",
    ),
    "compliance.read": _p(
        "Read the compliance report",
        SECRETARIAT,
        au_member(WORKERS),
        nb="Lese samsvarsrapporten: sekretariatet og Arbeidsutvalget",
    ),
    "audit.read": _p(
        "Read the audit log with its before/after snapshots",
        SECRETARIAT,
        nb="Lese revisjonsloggen med øyeblikksbilder før og etter: sekretariatet",
    ),
    "mail.read": _p(
        "Read the e-mail sent to persons (invitations): to whom, when, and what was refused or skipped",
        SECRETARIAT,
        nb="Lese e-post sendt til personer (innkallinger): til hvem, når, og hva som ble avvist eller ikke sendt: "
        "sekretariatet",
    ),
    "webhook.manage": _p(
        "Subscribe to events by webhook and manage one's own subscriptions (the secretariat: every one); "
        "public events for any token, non-public ones only for who may read a body's work (work.read), "
        "each event delivered only while its owner may read it",
        AUTHENTICATED,
        nb="Abonnere på hendelser med webhook og forvalte egne abonnementer: alle som er logget inn",
    ),
    "webhook.read": _p(
        "Read one's own webhook subscriptions and their delivery log (the secretariat: every one)",
        AUTHENTICATED,
        nb="Lese egne webhook-abonnementer og leveranseloggen deres: alle som er logget inn",
    ),
}


# STAND-IN: a fixed deputy whom a meeting's attendance records as standing in for a named member acts
# at that meeting with the member's seat: each grant above that the member's role meets holds for the
# deputy on what is done at that meeting (its transitions, attendance, minutes and decisions), and
# nowhere else. app/meetings/attendance.py `act_at` applies it; a deputy seat may therefore reach the
# routes of these roles (app/auth/access.py), and the meeting decides.
# The seats a deputy stands in for: the members proper, whom a quorum (meeting.quorum) counts.
STAND_IN_ROLES = ("chair", "member")


def is_read(permission: str) -> bool:
    """Whether the permission only reads: all a system client holding just the read scope may do."""
    return permission.partition(".")[2].startswith("read")
