"""The shape of an eInnsyn message, for the OpenAPI document and the tests (export.py builds the
message itself): each Noark 5 class a schema of its own, the registrations told apart by `@type`, so
that a generated client gets typed nodes, not `{@id, @type}` plus anything."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

MEDIA_TYPE = "application/ld+json"


class JsonLdResponse(JSONResponse):
    media_type = MEDIA_TYPE


# Noark 5's dokumenttype is an open code list: one `arkiv:` individual per kind of document (the
# notice is `agenda`), sent as an `@id` like every other coded value.
DOCUMENT_TYPES = {
    "case_presentation": "arkiv:saksframlegg",
    "knowledge_base": "arkiv:kunnskapsgrunnlag",
    "minutes": "arkiv:referat",
    "agenda": "arkiv:saksliste",
    "report": "arkiv:rapport",
    "recommendation": "arkiv:anbefaling",
    "annual_plan": "arkiv:årsplan",
    "other": "arkiv:dokumenttype_annet",
}
# Built from the code list (mypy cannot see the members of an enum built at run time).
EinnsynDocumentType = StrEnum("EinnsynDocumentType", DOCUMENT_TYPES)  # type: ignore[misc]


# export.py leaves an empty optional field out (JSON-LD has no use for null): the contract must not call
# every field of these models required, as it does for a model sent whole (app/contract.py).
OMITS_EMPTY = "x-omits-empty-fields"


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, json_schema_extra={OMITS_EMPTY: True})


class XsdInteger(_Node):
    type: Literal["xsd:integer"] = Field(alias="@type")
    value: str = Field(alias="@value", pattern=r"^[0-9]+$", examples=["3"])


class XsdDateTime(_Node):
    type: Literal["xsd:dateTime"] = Field(alias="@type")
    value: datetime = Field(alias="@value", description="In Europe/Oslo, with its offset.")


class Code(_Node):
    """A value from a Noark 5 code list, named by its `arkiv:` individual."""

    id: str = Field(alias="@id", pattern=r"^arkiv:\S+$", examples=["arkiv:hoveddokument"])


class DocumentTypeCode(_Node):
    """A dokumenttype, from samordning's code list of the kinds of document."""

    id: EinnsynDocumentType = Field(alias="@id")


class Ref(_Node):
    """Another node of the record, by its IRI relative to `@base`."""

    id: str = Field(alias="@id", examples=["api/v1/public/einnsyn/meetings/…#sak-…"])


class Dokumentobjekt(_Node):
    id: str = Field(alias="@id")
    type: Literal["arkiv:Dokumentobjekt"] = Field(alias="@type")
    format: str = Field(alias="arkiv:format", description="The media type at referanseDokumentfil.")
    referanseDokumentfil: str = Field(
        alias="arkiv:referanseDokumentfil", description="Absolute URL of the version, or of its file."
    )
    versjonsnummer: XsdInteger = Field(alias="arkiv:versjonsnummer")
    variantformat: Code = Field(
        alias="arkiv:variantformat",
        description="`arkiv:arkivformat` for a PDF/A file, `arkiv:produksjonsformat` otherwise.",
    )
    sjekksum: str | None = Field(
        None, alias="arkiv:sjekksum", pattern=r"^[0-9a-f]{64}$", description="A file's SHA-256, hex."
    )
    sjekksumAlgoritme: Literal["SHA-256"] | None = Field(None, alias="arkiv:sjekksumAlgoritme")
    filstoerrelse: XsdInteger | None = Field(None, alias="arkiv:filstoerrelse", description="A file's size in bytes.")


class Skjerming(_Node):
    type: Literal["arkiv:Skjerming"] = Field(alias="@type")
    tilgangsrestriksjon: Code = Field(alias="arkiv:tilgangsrestriksjon")
    skjermingshjemmel: str | None = Field(None, alias="arkiv:skjermingshjemmel", examples=["offl. § 14"])


class Dokumentbeskrivelse(_Node):
    """A document; a withheld one has its Skjerming and no Dokumentobjekt."""

    id: str = Field(alias="@id")
    type: Literal["arkiv:Dokumentbeskrivelse"] = Field(alias="@type")
    systemID: str = Field(alias="arkiv:systemID")
    tittel: str = Field(alias="arkiv:tittel")
    dokumenttype: DocumentTypeCode = Field(alias="arkiv:dokumenttype")
    dokumentstatus: Code = Field(alias="arkiv:dokumentstatus")
    tilknyttetRegistreringSom: Code = Field(alias="arkiv:tilknyttetRegistreringSom")
    dokumentnummer: XsdInteger = Field(alias="arkiv:dokumentnummer")
    dokumentobjekt: list[Dokumentobjekt] | None = Field(None, alias="arkiv:dokumentobjekt")
    skjerming: Skjerming | None = Field(None, alias="arkiv:skjerming")


class Moetedeltaker(_Node):
    type: Literal["arkiv:Moetedeltaker"] = Field(alias="@type")
    moetedeltakerNavn: str = Field(alias="arkiv:moetedeltakerNavn")
    moetedeltakerFunksjon: str = Field(alias="arkiv:moetedeltakerFunksjon", examples=["Til stede (møteleder)"])


class _Registration(_Node):
    id: str = Field(alias="@id")
    systemID: str = Field(alias="arkiv:systemID")
    tittel: str = Field(alias="arkiv:tittel")
    offentligTittel: str = Field(alias="arkiv:offentligTittel")


class Moetemappe(_Registration):
    """The meeting."""

    type: Literal["arkiv:Moetemappe"] = Field(alias="@type")
    moetenummer: XsdInteger = Field(
        alias="arkiv:moetenummer", description="The meeting's number within its body, counted from 1."
    )
    utvalg: str = Field(alias="arkiv:utvalg", description="The body's name.")
    moetedato: XsdDateTime = Field(alias="arkiv:moetedato")
    moetested: str | None = Field(None, alias="arkiv:moetested")
    moetedeltaker: list[Moetedeltaker] | None = Field(None, alias="arkiv:moetedeltaker")


class Moetesaksregistrering(_Registration):
    """A case on the agenda, its case number N/YYYY as sekvensnummer and år."""

    type: Literal["arkiv:Møtesaksregistrering"] = Field(alias="@type")
    parent: Ref = Field(alias="arkiv:parent")
    moetesakssekvensnummer: XsdInteger = Field(alias="arkiv:møtesakssekvensnummer")
    moetesaksaar: XsdInteger = Field(alias="arkiv:møtesaksår")
    moetesakstype: Code = Field(alias="arkiv:møtesakstype")
    referanseTilMoetesak: Ref | None = Field(
        None,
        alias="arkiv:referanseTilMøtesak",
        description="The case's registration at its previous treatment in a published meeting.",
    )
    dokumentbeskrivelse: list[Dokumentbeskrivelse] | None = Field(None, alias="arkiv:dokumentbeskrivelse")


class Moetedokumentregistrering(_Registration):
    """The notice with the agenda (`arkiv:innkalling`) or the approved minutes (`arkiv:protokoll`)."""

    type: Literal["arkiv:Møtedokumentregistrering"] = Field(alias="@type")
    parent: Ref = Field(alias="arkiv:parent")
    moetedokumentregistreringstype: Code = Field(alias="arkiv:møtedokumentregistreringstype")
    dokumentbeskrivelse: list[Dokumentbeskrivelse] = Field(alias="arkiv:dokumentbeskrivelse")


EinnsynNode = Annotated[Moetemappe | Moetesaksregistrering | Moetedokumentregistrering, Field(discriminator="type")]


class EinnsynContext(_Node):
    arkiv: Literal["http://www.arkivverket.no/standarder/noark5/arkivstruktur/"]
    xsd: Literal["http://www.w3.org/2001/XMLSchema#"]
    base: str = Field(
        alias="@base",
        description="The service's public base URL (SAMORDNING_PUBLIC_BASE_URL; left unset, the base the "
        "request was made at when SAMORDNING_ALLOWED_HOSTS is set, else the address the service listens on): "
        "the @ids are relative to it.",
    )


class EinnsynMessage(_Node):
    """Compact JSON-LD in the Noark 5 meeting model: the meeting, its notice, agenda cases and minutes."""

    context: EinnsynContext = Field(alias="@context")
    graph: list[EinnsynNode] = Field(alias="@graph")
