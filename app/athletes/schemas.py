"""API models for athletes."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.core.enums import Sex
from app.core.fields import Body, CountryCode, IsoDate, Slug, keep
from app.core.pagination import Page


class AthleteSummary(BaseModel):
    """An athlete as embedded in results and medal answers."""

    model_config = ConfigDict(from_attributes=True)

    slug: str = Field(description="Stable identifier, e.g. `josh-kerr`.")
    name: str = Field(description="Full name as World Athletics writes it.")
    country: str | None = Field(description="Current country code.")


class AthleteRead(AthleteSummary):
    """An athlete with personal details and external ids."""

    sex: Sex = Field(description="`men` or `women` (the events the athlete competes in).")
    birth_date: date | None = Field(description="Date of birth, when known.")
    world_athletics_id: str | None = Field(description="World Athletics athlete id.")
    olympedia_id: str | None = Field(description="Olympedia athlete id.")


class AthleteCreate(Body):
    """A new athlete; the slug is derived from the name when not given."""

    name: str = Field(min_length=1, max_length=200, description="Full name.")
    slug: Slug | None = Field(default=None, description="Slug to use.")
    sex: Sex = Field(description="`men` or `women`.")
    birth_date: IsoDate | None = Field(default=None, description="Date of birth.")
    country: CountryCode | None = Field(default=None, description="Current country code.")
    world_athletics_id: str | None = Field(default=None, max_length=40, description="WA id.")
    olympedia_id: str | None = Field(default=None, max_length=40, description="Olympedia id.")


class AthleteUpdate(Body):
    """Fields of an athlete to change."""

    name: str = keep(min_length=1, max_length=200, description="Name.")
    birth_date: IsoDate | None = Field(default=None, description="Date of birth.")
    country: CountryCode | None = Field(default=None, description="Current country code.")
    world_athletics_id: str | None = Field(default=None, max_length=40, description="WA id.")
    olympedia_id: str | None = Field(default=None, max_length=40, description="Olympedia id.")


class AthletePage(Page[AthleteRead]):
    """A page of athletes."""
