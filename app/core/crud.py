"""Small helpers shared by the write paths of every domain."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar, get_args

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from app.core.errors import Conflict, FieldError, Invalid, NotFound, describe_integrity_error
from app.core.pagination import Page, PageParams

M = TypeVar("M")
AnySelect = Select[*tuple[Any, ...]]


class Identified(Protocol):
    id: int | None


def id_of(entity: Identified) -> int:
    """The primary key of an entity that was loaded or flushed (so it has one)."""
    if entity.id is None:
        raise RuntimeError(f"{type(entity).__name__} has no id yet: flush it first")
    return entity.id


async def one_or_404(
    session: AsyncSession, statement: AnySelect, what: str, params: dict[str, Any] | None = None
) -> Any:
    """The single row/entity the statement selects (with `params` bound), or a 404 naming `what`."""
    found = (await session.execute(statement, params)).scalars().first()
    if found is None:
        raise NotFound(f"Unknown {what}.")
    return found


async def count(session: AsyncSession, statement: AnySelect) -> int:
    """How many rows `statement` (without limit/offset) returns."""
    total = await session.scalar(select(func.count()).select_from(statement.subquery()))
    return int(total or 0)


async def flush_or_conflict(session: AsyncSession, what: str) -> None:
    """Flush pending writes; a uniqueness or reference violation becomes a 409."""
    try:
        await session.flush()
    except IntegrityError as exc:
        detail, errors = describe_integrity_error(exc, prefix="body.")
        raise Conflict(f"{what} conflicts with existing data: {detail}", errors or None) from exc


async def delete_or_conflict(session: AsyncSession, entity: Any, what: str) -> None:
    await session.delete(entity)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"{what} is still referenced and cannot be deleted.") from exc


def apply_patch(entity: M, patch: BaseModel) -> M:
    """Copy the fields the client sent onto the entity."""
    for key, value in patch.model_dump(exclude_unset=True).items():
        setattr(entity, key, value)
    return entity


async def ensure_exists(
    session: AsyncSession, column: Any, value: Any, field: str, what: str
) -> None:
    """422 naming `field` when `value` does not exist in `column` (a reference check)."""
    if value is None:
        return
    if await session.scalar(select(column).where(column == value)) is None:
        raise Invalid(
            f"Unknown {what} {value!r}.",
            [FieldError(field=field, message=f"unknown {what} {value!r}")],
        )


P = TypeVar("P", bound=Page[Any])


async def list_page(
    session: AsyncSession, statement: AnySelect, page_type: type[P], page: PageParams
) -> P:
    """Run a list query for one page, the whole count riding along (`count() over ()`, one scan
    instead of two); rows become the page's items. Only a page past the end counts apart."""
    item_type = get_args(page_type.model_fields["items"].annotation)[0]
    counted = statement.add_columns(func.count().over().label("_total"))
    rows = (await session.execute(counted.limit(page.limit).offset(page.offset))).all()
    items = [item_type.model_validate(row, from_attributes=True) for row in rows]
    total = await page_total(rows, page, lambda: count(session, statement))
    return page_type(items=items, total=total, limit=page.limit, offset=page.offset)


async def page_total(
    rows: Sequence[Any], page: PageParams, count_all: Callable[[], Awaitable[int]]
) -> int:
    """The total that rides along with a page's rows (`count() over ()` labelled `_total`);
    only a page past the end has to count apart."""
    if rows:
        return int(rows[0]._total)
    return await count_all() if page.offset else 0
