"""Files already imported: a re-import of the same bytes at the same data revision is answered
without reading them again (app/imports/digest.py)."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class ImportedFile(SQLModel, table=True):
    __tablename__ = "imported_file"

    digest: str = Field(primary_key=True, max_length=80)  # "<format>:<sha256 of the bytes>"
    revision: int  # the data revision the import left (its own bump included)
    schema_version: str = Field(max_length=40)  # Alembic's, as a migration may rewrite data
    placings: int  # the file's placings (all stored exactly as given after the import)
    imported_at: datetime
