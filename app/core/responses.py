"""JSON responses serialised once, straight from the response model."""

from pydantic import BaseModel
from starlette.responses import Response


def json_response(model: BaseModel) -> Response:
    """`model` as JSON bytes, as FastAPI would write it (by alias), without its second pass:
    FastAPI validates a returned model again, dumps it to Python objects, then `json.dumps`
    them; the route keeps `response_model` for the OpenAPI document."""
    body = model.__pydantic_serializer__.to_json(model, by_alias=True)
    return Response(body, media_type="application/json")
