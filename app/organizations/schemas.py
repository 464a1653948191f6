from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.governance.schemas import WithWarnings
from app.schemas import EntityOut
from app.types import Text

ORG_NUMBER = r"^[0-9]{9}$"  # [0-9], not \d: Python and Rust read \d as any Unicode digit


class OrganizationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text = Field(min_length=1, max_length=300, description="Official name.", examples=["Helsedirektoratet"])
    short_name: Text | None = Field(None, max_length=50, description="Common abbreviation, e.g. «Hdir».")
    org_number: str | None = Field(None, pattern=ORG_NUMBER, description="Organisasjonsnummer (nine digits).")
    central_health_administration: StrictBool = Field(
        False, description="Part of the central health administration (may sit in the forum)."
    )
    collaboration_actor: StrictBool = Field(
        False, description="One of the actors of the I trygge hender 24-7 collaboration."
    )
    stakeholder: StrictBool = Field(False, description="A stakeholder the AU keeps contact with.")
    responsibilities: list[Text] = Field(
        default_factory=list,
        max_length=100,
        description="Its tasks in patient safety (the source's «Fordeling av sentrale oppgaver»).",
    )
    description: Text | None = Field(None, max_length=10_000)


class OrganizationUpdate(BaseModel):
    """Only the fields sent are changed; `null` clears the optional ones."""

    model_config = ConfigDict(extra="forbid")

    # A non-nullable field defaults to None only to mean "not sent"; an explicit null is a 422.
    name: Text = Field(None, min_length=1, max_length=300)  # type: ignore[assignment]
    short_name: Text | None = Field(None, max_length=50)
    org_number: str | None = Field(None, pattern=ORG_NUMBER)
    central_health_administration: StrictBool = Field(None)  # type: ignore[assignment]
    collaboration_actor: StrictBool = Field(None)  # type: ignore[assignment]
    stakeholder: StrictBool = Field(None)  # type: ignore[assignment]
    responsibilities: list[Text] = Field(None, max_length=100)  # type: ignore[arg-type]
    description: Text | None = Field(None, max_length=10_000)


class OrganizationOut(EntityOut):
    name: str = Field(examples=["Helsedirektoratet"])
    short_name: str | None = Field(examples=["Hdir"])
    org_number: str | None
    central_health_administration: bool
    collaboration_actor: bool
    stakeholder: bool
    responsibilities: list[str]
    description: str | None


class OrganizationWritten(OrganizationOut, WithWarnings):
    """The organization after a write."""
