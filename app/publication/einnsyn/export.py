"""Published meetings as eInnsyn messages: compact JSON-LD in the Noark 5 meeting model.

A message is built from the meeting as the public API shows it (record.meetings), so the screening
is the public API's: a withheld document is a Dokumentbeskrivelse with its Skjerming (the legal
basis) and no Dokumentobjekt, a screened title reads «Skjermet tittel» in `tittel` too, and the
`_SENSITIV` fields are never sent. The mapping:

- `Moetemappe`: the meeting (møtenummer per body, the body's name as utvalg, its start, location);
- `Møtedokumentregistrering` `innkalling`: the published agenda; its document is the meeting's page;
- `Møtesaksregistrering`: an agenda item, the case number N/YYYY as sekvensnummer and år, the case's
  kind as møtesakstype, its published documents (the first case presentation the hoveddokument);
- `Møtedokumentregistrering` `protokoll`: the approved minutes;
- `Dokumentobjekt`: one per public version, at /api/v1/public/documents/{id}/versions/{n}, or for a
  version that carries a file, that file (`…/versions/{n}/file`) with its media type, SHA-256
  `sjekksum`, size, and `arkivformat` when it is PDF/A;
- `referanseTilMøtesak`: from a case's registration to its registration at the case's previous
  treatment in a published meeting (a case returned to the AU comes back to a later agenda).

Numbers are typed literals (`xsd:integer`), `moetenummer` as the others: its lexical form is the
number as Noark 5's string field holds it, and a reader of the RDF gets an integer. Coded values are
`@id`s, `dokumenttype` from the code list in schemas.py.

Every message carries the whole meeting, since eInnsyn replaces a registration with what a later
message says about it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, load_only

from app.documents.models import CaseDocument, DocumentVersion
from app.errors import NotFound
from app.files.models import FILE_FIELDS
from app.meetings.models import AgendaItem, Meeting
from app.norwegian import OSLO
from app.publication import record
from app.publication.einnsyn.schemas import DOCUMENT_TYPES
from app.publication.models import Publication
from app.publication.schemas import (
    PublicAgendaItem,
    PublicAttendance,
    PublicAttendee,
    PublicDocumentRef,
    PublicMeeting,
)

CONTEXT_PREFIXES = {
    "arkiv": "http://www.arkivverket.no/standarder/noark5/arkivstruktur/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# eInnsyn takes messages of at most 1 MB.
MAX_MESSAGE_BYTES = 1_000_000
# Meetings built per batch by the export: each batch is the same handful of queries.
BATCH = 50
# eInnsyn's code list has no kind for a case put up for discussion.
CASE_TYPES = {
    "decision": "arkiv:politiskSak",
    "information": "arkiv:orienteringssak",
    "discussion": "arkiv:møtesakstype_annet",
}
# A version's public URL answers JSON with the markdown of that version; the notice is the website's page.
VERSION_FORMAT = "application/json"
NOTICE_FORMAT = "text/html"
MEETING_IRI = "api/v1/public/einnsyn/meetings/"


class MessageTooLarge(Exception):
    def __init__(self, meeting_id: uuid.UUID, size: int) -> None:
        super().__init__(
            f"the eInnsyn message of meeting {meeting_id} is {size} bytes, eInnsyn takes at most {MAX_MESSAGE_BYTES}"
        )


def _integer(value: int | str) -> dict[str, str]:
    return {"@type": "xsd:integer", "@value": str(int(value))}


def _code(name: str) -> dict[str, str]:
    return {"@id": name}


def _titles(title: str) -> dict[str, str]:
    """Only public text is ever at hand here, so the full title is the public one."""
    return {"arkiv:tittel": title, "arkiv:offentligTittel": title}


def _participants(attendance: PublicAttendance) -> list[dict[str, Any]]:
    """Noark 5 møtedeltakere: a name and a function (who chaired, kept the minutes, attended, sent
    apologies; with organization and whom a deputy stood in for), never contact details."""
    roles = {attendance.chair: "møteleder", attendance.minutes_taker: "referent"}

    def function(a: PublicAttendee, presence: str) -> str:
        role = roles.get(a.name) if presence == "Til stede" else None
        text = ", ".join(x for x in (role, a.organization) if x)
        text = f"{presence} ({text})" if text else presence
        return f"{text}, stedfortreder for {a.standing_in_for}" if a.standing_in_for else text

    return [
        {
            "@type": "arkiv:Moetedeltaker",
            "arkiv:moetedeltakerNavn": a.name,
            "arkiv:moetedeltakerFunksjon": function(a, presence),
        }
        for presence, people in (("Til stede", attendance.present), ("Forfall", attendance.apologies))
        for a in people
    ]


class _Message:
    """The graph of one meeting; @ids are relative to @base, the public base URL."""

    def __init__(
        self,
        meeting: PublicMeeting,
        versions: dict[uuid.UUID, list[DocumentVersion]],
        earlier: dict[tuple[uuid.UUID, uuid.UUID], uuid.UUID],
        base: str,
    ) -> None:
        self.meeting, self.versions, self.earlier, self.base = meeting, versions, earlier, base
        self.iri = f"{MEETING_IRI}{meeting.id}"
        self.title = meeting.title or f"{meeting.body.name}, møte {meeting.number}"

    def build(self) -> dict[str, Any]:
        m = self.meeting
        folder: dict[str, Any] = {
            "@id": self.iri,
            "@type": "arkiv:Moetemappe",
            "arkiv:systemID": str(m.id),
            "arkiv:moetenummer": _integer(m.number),
            "arkiv:utvalg": m.body.name,
            "arkiv:moetedato": {"@type": "xsd:dateTime", "@value": m.starts_at.astimezone(OSLO).isoformat()},
            **_titles(self.title),
        }
        if m.location:
            folder["arkiv:moetested"] = m.location
        if m.attendance is not None:
            folder["arkiv:moetedeltaker"] = _participants(m.attendance)
        graph = [folder, self._meeting_document("innkalling", "Innkalling", [self._notice()])]
        graph += [self._case(item) for item in m.agenda]
        if m.minutes is not None:
            graph.append(self._meeting_document("protokoll", "Protokoll", [self._description(m.minutes, 1, True)]))
        return {"@context": {**CONTEXT_PREFIXES, "@base": self.base}, "@graph": graph}

    def _registration(self, kind: str, fragment: str, title: str, documents: list[dict]) -> dict[str, Any]:
        # Notice, minutes and agenda items have no id of their own in eInnsyn's sense: derived, stable.
        return {
            "@id": f"{self.iri}#{fragment}",
            "@type": f"arkiv:{kind}",
            "arkiv:systemID": str(uuid.uuid5(self.meeting.id, fragment)),
            "arkiv:parent": {"@id": self.iri},
            **_titles(title),
            **({"arkiv:dokumentbeskrivelse": documents} if documents else {}),
        }

    def _meeting_document(self, kind: str, label: str, documents: list[dict]) -> dict[str, Any]:
        registration = self._registration("Møtedokumentregistrering", kind, f"{label}, {self.title}", documents)
        return {**registration, "arkiv:møtedokumentregistreringstype": _code(f"arkiv:{kind}")}

    def _case(self, item: PublicAgendaItem) -> dict[str, Any]:
        sequence, year = item.case_number.split("/")
        main = next((i for i, d in enumerate(item.documents) if d.kind == "case_presentation"), 0)
        documents = [self._description(d, n, n - 1 == main) for n, d in enumerate(item.documents, start=1)]
        registration = {
            **self._registration("Møtesaksregistrering", f"sak-{item.case_id}", item.title, documents),
            "arkiv:møtesakssekvensnummer": _integer(sequence),
            "arkiv:møtesaksår": _integer(year),
            "arkiv:møtesakstype": _code(CASE_TYPES[item.case_kind]),
        }
        earlier = self.earlier.get((self.meeting.id, item.case_id))
        if earlier is not None:
            registration["arkiv:referanseTilMøtesak"] = {"@id": f"{MEETING_IRI}{earlier}#sak-{item.case_id}"}
        return registration

    def _notice(self) -> dict[str, Any]:
        """The agenda as published: the meeting's page, which is not versioned (always version 1)."""
        return {
            **self._document(
                f"{self.iri}#innkalling-dokument",
                uuid.uuid5(self.meeting.id, "innkalling-dokument"),
                "Saksliste",
                "agenda",
                1,
                True,
            ),
            "arkiv:dokumentobjekt": [self._object(f"moter/{self.meeting.id}", 1, NOTICE_FORMAT)],
        }

    def _description(self, doc: PublicDocumentRef, number: int, main: bool) -> dict[str, Any]:
        description = self._document(f"api/v1/public/documents/{doc.id}", doc.id, doc.title, doc.kind, number, main)
        if doc.withheld:  # its legal basis, never its content
            description["arkiv:skjerming"] = {
                "@type": "arkiv:Skjerming",
                "arkiv:tilgangsrestriksjon": _code("arkiv:unntattOffentlighet"),
                **({"arkiv:skjermingshjemmel": doc.exemption_basis} if doc.exemption_basis else {}),
            }
        else:
            description["arkiv:dokumentobjekt"] = [self._version(doc.id, v) for v in self.versions.get(doc.id, [])]
        return description

    @staticmethod
    def _document(iri: str, system_id: uuid.UUID, title: str, kind: str, number: int, main: bool) -> dict[str, Any]:
        return {
            "@id": iri,
            "@type": "arkiv:Dokumentbeskrivelse",
            "arkiv:systemID": str(system_id),
            "arkiv:tittel": title,
            "arkiv:dokumenttype": _code(DOCUMENT_TYPES[kind]),
            "arkiv:dokumentstatus": _code("arkiv:dokumentetErFerdigstilt"),
            "arkiv:tilknyttetRegistreringSom": _code("arkiv:hoveddokument" if main else "arkiv:vedlegg"),
            "arkiv:dokumentnummer": _integer(number),
        }

    def _version(self, document_id: uuid.UUID, v: DocumentVersion) -> dict[str, Any]:
        """A version that carries a file is that file (with its checksum and size, and as arkivformat
        when it is PDF/A); a text version is its markdown, in the public API."""
        path = f"api/v1/public/documents/{document_id}/versions/{v.number}"
        if v.file is None:
            return self._object(path, v.number, VERSION_FORMAT)
        return {
            **self._object(f"{path}/file", v.number, v.file.media_type, archival=bool(v.file.pdfa)),
            "arkiv:sjekksum": v.file.sha256,
            "arkiv:sjekksumAlgoritme": "SHA-256",
            "arkiv:filstoerrelse": _integer(v.file.size),
        }

    def _object(self, path: str, version: int, media_type: str, archival: bool = False) -> dict[str, Any]:
        return {
            "@id": path,
            "@type": "arkiv:Dokumentobjekt",
            "arkiv:format": media_type,
            "arkiv:referanseDokumentfil": self.base + path,
            "arkiv:versjonsnummer": _integer(version),
            "arkiv:variantformat": _code("arkiv:arkivformat" if archival else "arkiv:produksjonsformat"),
        }


def messages(session: Session, meetings: list[PublicMeeting], base_url: str) -> list[dict[str, Any]]:
    """The message of each meeting, in order, in one more query than the meetings took."""
    refs = [d for m in meetings for item in m.agenda for d in item.documents]
    refs += [m.minutes for m in meetings if m.minutes is not None]
    versions = record.public_versions(
        session,
        refs,
        load_only(
            DocumentVersion.document_id,
            DocumentVersion.number,
            DocumentVersion.created_at,
            *(getattr(DocumentVersion, name) for name in FILE_FIELDS),
            raiseload=True,
        ),
    )
    earlier = earlier_treatments(session, meetings)
    base = base_url.rstrip("/") + "/"
    return [_Message(m, versions, earlier, base).build() for m in meetings]


def earlier_treatments(session: Session, meetings: list[PublicMeeting]) -> dict[tuple[uuid.UUID, uuid.UUID], uuid.UUID]:
    """(meeting, case) → the published meeting that last had the case on its agenda before it, in one query."""
    cases = {item.case_id for m in meetings for item in m.agenda}
    if not cases:
        return {}
    stmt = (
        select(AgendaItem.case_id, Meeting.id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.case_id.in_(cases), Meeting.id.in_(record.published("agenda")))
        .order_by(AgendaItem.case_id, Meeting.starts_at, Meeting.id)
    )
    earlier: dict[tuple[uuid.UUID, uuid.UUID], uuid.UUID] = {}
    previous: tuple[uuid.UUID, uuid.UUID] | None = None  # (case, meeting) of the row before
    for case_id, meeting_id in session.execute(stmt):
        if previous is not None and previous[0] == case_id:
            earlier[(meeting_id, case_id)] = previous[1]
        previous = (case_id, meeting_id)
    return earlier


def message(session: Session, meeting_id: uuid.UUID, base_url: str) -> dict[str, Any]:
    # The message carries the agenda as it stands; its revisions are on the website and the public API.
    found = record.meetings(session, [meeting_id], with_revisions=False)
    if not found:
        raise NotFound(f"no published meeting {meeting_id}")
    return messages(session, found, base_url)[0]


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()


def changed_meetings(session: Session, since: datetime | None = None) -> list[uuid.UUID]:
    """The published meetings, oldest first; with `since`, those whose public record changed since
    then: something published on them (agenda, documents, minutes, decisions), or a correction of a
    document on their agenda or of their minutes."""
    stmt = select(Meeting.id).where(Meeting.id.in_(record.published("agenda")))
    if since is not None:
        corrections = select(Publication.entity_id).where(Publication.kind == "correction", Publication.at >= since)
        corrected = select(DocumentVersion.document_id).where(DocumentVersion.id.in_(corrections))
        stmt = stmt.where(
            or_(
                Meeting.id.in_(select(Publication.meeting_id).where(Publication.at >= since)),
                Meeting.id.in_(
                    select(AgendaItem.meeting_id)
                    .join(CaseDocument, CaseDocument.case_id == AgendaItem.case_id)
                    .where(CaseDocument.document_id.in_(corrected))
                ),
                Meeting.minutes_document_id.in_(corrected),
            )
        )
    return list(session.scalars(stmt.order_by(Meeting.starts_at, Meeting.id)))


def export(session: Session, out: Path, base_url: str, since: datetime | None = None) -> Iterator[tuple[Path, int]]:
    """Writes one message per meeting into `out` (`<meeting id>.jsonld`), yielding each file and its
    size; a message eInnsyn would refuse is not written (MessageTooLarge)."""
    out.mkdir(parents=True, exist_ok=True)
    ids = changed_meetings(session, since)
    for start in range(0, len(ids), BATCH):
        meetings = record.meetings(session, ids[start : start + BATCH], with_revisions=False)
        for meeting, built in zip(meetings, messages(session, meetings, base_url), strict=True):
            data = encode(built)
            if len(data) >= MAX_MESSAGE_BYTES:
                raise MessageTooLarge(meeting.id, len(data))
            path = out / f"{meeting.id}.jsonld"
            path.write_bytes(data)
            yield path, len(data)
