"""API models for countries, disciplines and championship series."""

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.core.enums import DisciplineKind, Unit
from app.core.fields import Body, CountryCode, keep
from app.core.pagination import Page


class CountryRead(BaseModel):
    """A country (or historic team) as athletes represented it."""

    model_config = ConfigDict(from_attributes=True)

    code: str = Field(description="IOC / World Athletics 3-letter code, e.g. `GBR`, `URS`.")
    name: str = Field(description="English name.")
    historic: bool = Field(description="True for a code no longer in use (URS, GDR, FRG, ...).")


class CountryCreate(Body):
    """A new country code."""

    code: CountryCode = Field(description="3 capital letters, e.g. `NOR`.")
    name: str = Field(min_length=1, max_length=100, description="English name.")
    historic: StrictBool = Field(default=False, description="True for a code no longer in use.")


class CountryUpdate(Body):
    """Fields of a country to change."""

    name: str = keep(min_length=1, max_length=100, description="Name.")
    historic: StrictBool = keep(description="Code no longer in use.")


class DisciplineRead(BaseModel):
    """A discipline and how its marks compare."""

    model_config = ConfigDict(from_attributes=True)

    code: str = Field(description="Discipline code, e.g. `1500m`, `high-jump`, `4x400m`.")
    name: str = Field(description="English name.")
    kind: DisciplineKind = Field(description="track, road, field, combined or relay.")
    unit: Unit = Field(description="What a mark measures: time, distance, height or points.")
    lower_is_better: bool = Field(description="True when a smaller mark wins (times).")


class DisciplineCreate(Body, DisciplineRead):
    """A new discipline."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$", description="Code, e.g. `3000m-sc`.")
    name: str = Field(min_length=1, max_length=100, description="English name.")
    lower_is_better: StrictBool = Field(description="True when a smaller mark wins (times).")


class DisciplineUpdate(Body):
    """Fields of a discipline to change."""

    name: str = keep(min_length=1, max_length=100, description="Name.")


class CountryPage(Page[CountryRead]):
    """A page of countries."""


class DisciplinePage(Page[DisciplineRead]):
    """A page of disciplines."""


class SeriesRead(BaseModel):
    """A championship series: competitions belong to one; its data decides what wins medals."""

    model_config = ConfigDict(from_attributes=True)

    code: str = Field(description="Series code used in filters, e.g. `olympic-games`.")
    name: str = Field(description="English name, e.g. `Olympic Games`.")
    indoor: bool = Field(description="True for indoor championships.")
    awards_medals: bool = Field(
        description="True when its finals award championship medals (false: a Diamond League "
        "final's placings are results, never medals)."
    )


class SeriesPage(Page[SeriesRead]):
    """A page of series."""
