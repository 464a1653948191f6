"""The shape of an eInnsyn message, for the OpenAPI document (export.py builds the message itself)."""

from __future__ import annotations

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

MEDIA_TYPE = "application/ld+json"


class JsonLdResponse(JSONResponse):
    media_type = MEDIA_TYPE


class EinnsynContext(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    arkiv: str = Field(examples=["http://www.arkivverket.no/standarder/noark5/arkivstruktur/"])
    xsd: str = Field(examples=["http://www.w3.org/2001/XMLSchema#"])
    base: str = Field(alias="@base", description="The service's public base URL: the @ids are relative to it.")


class EinnsynNode(BaseModel):
    """One Noark 5 object: its fields are the standard's (`arkiv:systemID`, `arkiv:tittel` …), the
    document descriptions, objects and screenings nested in the registration they belong to."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str = Field(alias="@id", examples=["api/v1/public/einnsyn/meetings/…"])
    type: str = Field(
        alias="@type", examples=["arkiv:Moetemappe", "arkiv:Møtesaksregistrering", "arkiv:Møtedokumentregistrering"]
    )


class EinnsynMessage(BaseModel):
    """Compact JSON-LD in the Noark 5 meeting model: the meeting, its notice, agenda cases and minutes."""

    model_config = ConfigDict(populate_by_name=True)

    context: EinnsynContext = Field(alias="@context")
    graph: list[EinnsynNode] = Field(alias="@graph")
