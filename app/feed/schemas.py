"""The mirror feed: what changed after a change-log position, as records to apply."""

from typing import Any, Literal

from pydantic import BaseModel, Field


class FeedItem(BaseModel):
    """Apply in order: `upsert` replaces the resource's record (its current state), `delete`
    removes it. Resources: a placing (keyed by `id`, its record as in the JSON export with its
    competition slug, event and round fields), a competition (by slug, its export header) or an
    event (by competition slug, discipline and sex, its export header)."""

    kind: Literal["placing", "competition", "event"] = Field(description="Resource kind.")
    op: Literal["upsert", "delete"] = Field(description="What to do with it.")
    key: dict[str, Any] = Field(description="The resource's key.")
    record: dict[str, Any] | None = Field(description="Its current record; null for delete.")


class FeedPage(BaseModel):
    """The changes after `since`, oldest first."""

    since: int = Field(description="The change-log position asked from.")
    next_since: int = Field(description="Ask from here next (the last position covered).")
    more: bool = Field(description="Whether later changes remain after `next_since`.")
    items: list[FeedItem] = Field(description="Resources to apply, in order.")
