"""The API's answer to a request it cannot take: 422 with one plain message a field.

ninja's own 422 carries pydantic's messages ("Input should be a valid integer, unable to parse
string as an integer"); here each error keeps its `loc` and `type` (clients read them) and gets a
sentence a person can act on, naming the field.
"""

from typing import Any

from ninja import Schema

# PostgreSQL's `integer`, the narrowest integer column: a larger number in a request can only be a
# mistake, and refusing it here keeps it from reaching the database.
SMALLEST_INTEGER = -(2**31)
LARGEST_INTEGER = 2**31 - 1

DATE_EXAMPLE = "2026-12-07"
TIME_EXAMPLE = "09:30"
DATETIME_EXAMPLE = "2026-12-07T09:30:00Z"


# Names whose words alone would read wrongly in a message.
LABELS = {"crn": "CRN", "pdu": "PDU", "q": "Search text"}


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


def field_label(loc: list | tuple) -> str:
    """The field an error is about, in words: ('body', 'payload', 'hours_ordered') -> 'Hours ordered'."""
    names = [part for part in loc[1:] if isinstance(part, str)]
    if len(loc) <= 2 and loc and loc[0] == "body":
        return "The request body"
    name = names[-1] if names else str(loc[0]) if loc else "The request"
    if name in LABELS:
        return LABELS[name]
    words = name.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def _plain(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    loc = error.get("loc") or ()
    label = field_label(loc)
    if kind == "missing":
        if label == "The request body":
            return "Send the request body as JSON."
        if loc and loc[0] == "file":
            return f"Choose a file for {label.lower()}."
        return f"Enter {label.lower()}."
    if kind == "json_invalid":
        return "The request body is not valid JSON."
    messages = {
        "int_parsing": f"{label} must be a whole number.",
        "int_type": f"{label} must be a whole number.",
        "int_from_float": f"{label} must be a whole number.",
        "float_parsing": f"{label} must be a number.",
        "float_type": f"{label} must be a number.",
        "finite_number": f"{label} must be a number.",
        "bool_parsing": f"{label} must be true or false.",
        "bool_type": f"{label} must be true or false.",
        "string_type": f"{label} must be text.",
        "list_type": f"{label} must be a list.",
        "dict_type": f"{label} must be an object.",
        "model_type": f"{label} must be an object.",
        "model_attributes_type": f"{label} must be an object.",
        "date_parsing": f"{label} must be a real date, like {DATE_EXAMPLE}.",
        "date_type": f"{label} must be a real date, like {DATE_EXAMPLE}.",
        "date_from_datetime_parsing": f"{label} must be a real date, like {DATE_EXAMPLE}.",
        "date_from_datetime_inexact": f"{label} must be a date without a time, like {DATE_EXAMPLE}.",
        "time_parsing": f"{label} must be a time, like {TIME_EXAMPLE}.",
        "time_type": f"{label} must be a time, like {TIME_EXAMPLE}.",
        "datetime_parsing": f"{label} must be a date and time, like {DATETIME_EXAMPLE}.",
        "datetime_type": f"{label} must be a date and time, like {DATETIME_EXAMPLE}.",
        "datetime_from_date_parsing": f"{label} must be a date and time, like {DATETIME_EXAMPLE}.",
        "uuid_parsing": f"{label} must be a UUID.",
        "extra_forbidden": f"{label} is not a field this endpoint takes.",
        "null_character": f"{label} must not contain a NUL character.",
        "time_with_offset": f"{label} must be a time in the UK with no offset, like {TIME_EXAMPLE}.",
        "integer_too_large": f"{label} must be {LARGEST_INTEGER} or less.",
        "integer_too_small": f"{label} must be {SMALLEST_INTEGER} or more.",
    }
    if kind in messages:
        return messages[kind]
    if kind in ("enum", "literal_error"):
        return f"{label} must be one of {ctx.get('expected', 'the values listed in the API documentation')}."
    bounds = {
        "greater_than_equal": "{bound} or more",
        "greater_than": "more than {bound}",
        "less_than_equal": "{bound} or less",
        "less_than": "less than {bound}",
    }
    if kind in bounds:
        return f"{label} must be {bounds[kind].format(bound=next(iter(ctx.values()), ''))}."
    if kind == "string_too_long":
        return f"{label} must be {ctx.get('max_length')} characters or fewer."
    if kind == "string_too_short":
        return f"Enter {label.lower()}." if ctx.get("min_length") == 1 else f"{label} is too short."
    if kind == "too_long":
        return f"{label} must have {ctx.get('max_length')} items or fewer."
    if kind == "value_error":
        # A validator's own message, already written for people; pydantic prefixes it.
        return str(error.get("msg", "")).removeprefix("Value error, ") or f"{label} is not valid."
    return f"{label} is not valid."


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Errors in the API's 422 shape (`loc`, `msg`, `type`), each with a plain message."""
    return [
        {"loc": list(error.get("loc") or ()), "msg": _plain(error), "type": error.get("type", "")} for error in errors
    ]


def field_error(loc: list, kind: str) -> dict[str, Any]:
    return field_errors([{"loc": loc, "type": kind}])[0]


def _component(schemas: dict, model: type[Schema]) -> dict:
    definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, nested in definition.pop("$defs", {}).items():
        schemas.setdefault(name, nested)
    schemas.setdefault(model.__name__, definition)
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def document_error_responses(document: dict, *, error_schema: type[Schema]) -> dict:
    """Adds to each operation of an OpenAPI `document` the errors any endpoint can give.

    401 and 403 wherever a sign-in is needed (a refused token; a role or scope that may not), 404
    wherever the address names a record, and 422 wherever the request carries parameters or a body.
    An operation's own answer for one of these codes is kept.
    """
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    error = {"application/json": {"schema": _component(schemas, error_schema)}}
    invalid = {"application/json": {"schema": _component(schemas, ValidationErrorOut)}}
    for path, operations in document.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if operation.get("security"):
                responses.setdefault(401, {"description": "Not signed in, or the token is not valid", "content": error})
                responses.setdefault(403, {"description": "Not allowed for this user", "content": error})
            if "{" in path:
                responses.setdefault(
                    404, {"description": "No such record, or not one this user can see", "content": error}
                )
            if operation.get("parameters") or operation.get("requestBody"):
                _add_invalid(responses, invalid)
    _times_without_offset(document)
    return document


def _add_invalid(responses: dict, invalid: dict) -> None:
    own = responses.get(422) or responses.get("422")
    if own is None:
        responses[422] = {"description": "A field is missing or not valid", "content": invalid}
        return
    # An endpoint with its own 422 still gives the API's shape when a field fails validation.
    schema = own.get("content", {}).get("application/json", {}).get("schema")
    if schema and schema != invalid["application/json"]["schema"]:
        own["content"]["application/json"]["schema"] = {"anyOf": [schema, invalid["application/json"]["schema"]]}


LOCAL_TIME = {
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "description": "A time of day in the UK (Europe/London), HH:MM or HH:MM:SS, with no offset.",
}


def _times_without_offset(node: Any) -> None:
    """Times of day are wall-clock times in the UK, written with no offset ("09:30:00"). JSON Schema's
    `format: time` is a time with an offset, which none of them has, so they are described as they are."""
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            del node["format"]
            node["pattern"] = LOCAL_TIME["pattern"]
            node.setdefault("description", LOCAL_TIME["description"])
        for value in node.values():
            _times_without_offset(value)
    elif isinstance(node, list):
        for value in node:
            _times_without_offset(value)
