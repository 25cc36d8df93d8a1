"""Event and round slugs: `men-1500m`, `final`, `semi-final-2`, `heat-3`."""

from app.core.enums import Phase, Sex


def event_slug(sex: Sex | str, discipline: str) -> str:
    return f"{Sex(sex).value}-{discipline}"


def parse_event_slug(slug: str) -> tuple[Sex, str] | None:
    """(sex, discipline) of an event slug, or None when it cannot be one."""
    sex, _, discipline = slug.partition("-")
    if sex not in Sex.__members__ or not discipline:
        return None
    return Sex(sex), discipline


def round_slug(phase: Phase | str, heat: int | None) -> str:
    return Phase(phase).value if heat is None else f"{Phase(phase).value}-{heat}"
