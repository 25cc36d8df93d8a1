"""What the data set covers."""

from fastapi import APIRouter

from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.coverage import service
from app.coverage.schemas import CoverageReport

router = APIRouter(prefix="/v1", tags=["reference"])


@router.get("/coverage", operation_id="getCoverage", responses=problem_responses(422))
async def get_coverage(session: SessionDep) -> CoverageReport:
    """Say which championships and events are held, and how completely."""
    return await service.coverage(session)
