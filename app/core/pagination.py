"""List envelopes and the bounded `limit`/`offset` query parameters."""

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

T = TypeVar("T")

MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    """A page of a list: the items plus where they sit in the whole."""

    items: list[T] = Field(description="The items of this page, in the list's stable order.")
    total: int = Field(description="How many items match, across all pages.")
    limit: int = Field(description="The page size asked for.")
    offset: int = Field(description="How many matching items precede this page.")


class PageParams(BaseModel):
    limit: int
    offset: int


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size (1-200).")] = 50,
    offset: Annotated[
        int, Query(ge=0, le=10_000_000, description="Items to skip before this page.")
    ] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]
