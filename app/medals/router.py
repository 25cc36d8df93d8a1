"""Endpoints (filled in below)."""

from fastapi import APIRouter

router = APIRouter(prefix="/v1")
