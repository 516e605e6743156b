# SPDX-License-Identifier: GPL-2.0-or-later
"""A small JSON Schema validator (standard library only) for the subset
docs/REVIEW.md uses: type (one or a list), enum, required, properties,
additionalProperties: false, items, minimum, and $ref to #/definitions/NAME."""
import json
import re

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
KNOWN = {"type", "enum", "required", "properties", "additionalProperties", "items", "minimum", "$ref",
         "definitions"}


def schema_from_markdown(path):
    """The JSON block between <!-- schema:begin --> and <!-- schema:end -->."""
    text = open(path, encoding="utf-8").read()
    m = re.search(r"<!-- schema:begin -->\s*```json\n(.*?)```\s*<!-- schema:end -->", text, re.S)
    if not m:
        raise ValueError("%s has no schema block" % path)
    return json.loads(m.group(1))


def validate(value, schema, root=None, where="$"):
    """Returns a list of error strings (empty: valid)."""
    root = root if root is not None else schema
    errors = []
    unknown = set(schema) - KNOWN
    if unknown:
        return ["%s: schema uses unsupported keywords %s" % (where, sorted(unknown))]
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return validate(value, root["definitions"][name], root, where)
    types = schema.get("type")
    if types is not None:
        types = types if isinstance(types, list) else [types]
        if not any(TYPES[t](value) for t in types):
            return ["%s: %r is not of type %s" % (where, value, "/".join(types))]
    if "enum" in schema and value not in schema["enum"]:
        errors.append("%s: %r not in %r" % (where, value, schema["enum"]))
    if "minimum" in schema and TYPES["number"](value) and value < schema["minimum"]:
        errors.append("%s: %r is below %r" % (where, value, schema["minimum"]))
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append("%s: missing %r" % (where, key))
        props = schema.get("properties", {})
        for key, v in value.items():
            if key in props:
                errors += validate(v, props[key], root, "%s.%s" % (where, key))
            elif schema.get("additionalProperties", True) is False:
                errors.append("%s: unexpected member %r" % (where, key))
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            errors += validate(v, schema["items"], root, "%s[%d]" % (where, i))
    return errors
