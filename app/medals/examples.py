CABINET_EXAMPLE: dict[str, object] = {}
MEDALLISTS_EXAMPLE: dict[str, object] = {}
MEDAL_TABLE_EXAMPLE: dict[str, object] = {}
