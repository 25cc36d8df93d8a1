"""The sport as data: enumerations shared by tables, schemas and queries."""

from enum import StrEnum


class Sex(StrEnum):
    men = "men"
    women = "women"
    mixed = "mixed"


class Phase(StrEnum):
    preliminary = "preliminary"
    qualification = "qualification"
    heat = "heat"
    repechage = "repechage"
    semi_final = "semi-final"
    final = "final"


class Status(StrEnum):
    ok = "ok"
    dnf = "dnf"
    dns = "dns"
    dq = "dq"
    nm = "nm"


class DisciplineKind(StrEnum):
    track = "track"
    road = "road"
    field = "field"
    combined = "combined"
    relay = "relay"
    # Team races (1900-1924 Olympic team events): a team placing scored in points.
    team = "team"


class Coverage(StrEnum):
    """How much of an event Podium holds: its medallists, some of its final, all of it, or
    every round."""

    medallists = "medallists"
    partial = "partial"
    final = "final"
    all_rounds = "all-rounds"


class Unit(StrEnum):
    time = "time"
    distance = "distance"
    height = "height"
    points = "points"


class Medal(StrEnum):
    gold = "gold"
    silver = "silver"
    bronze = "bronze"


RECORD_FLAGS = ("WR", "OR", "CR", "AR", "NR", "PB", "SB", "WL")
MEDAL_BY_PLACE = {1: Medal.gold, 2: Medal.silver, 3: Medal.bronze}
