#!/usr/bin/env python3
"""The API contract check: every JSON reply the API tests received (tests/support/response_log.cpp
wrote them to the folder given) must validate against the schema its route publishes in the
server's OpenAPI file (JSON Schema 2020-12, as OpenAPI 3.1 uses it), with objects closed: a field
the server sends that its schema does not declare is a failure, as is a required one it leaves out.

Usage: check_api_responses.py FOLDER  (exit 1 on any violation, listing each once with the tests
that met it). Debian's python3-jsonschema does the validating."""
import glob
import json
import os
import re
import sys
from collections import defaultdict

from jsonschema import Draft202012Validator, RefResolver
from jsonschema.exceptions import RefResolutionError


def route_table(openapi):
    """(method, compiled pattern, template), literal segments before parameters."""
    table = []
    for template, item in openapi["paths"].items():
        regex = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        for method, operation in item.items():
            table.append((template.count("{"), method.upper(), re.compile(regex), template, operation))
    table.sort(key=lambda row: row[0])
    return table


def main(folder):
    doc_path = os.path.join(folder, "openapi.json")
    logs = sorted(glob.glob(os.path.join(folder, "replies.*.jsonl")))
    if not os.path.exists(doc_path) or not logs:
        print(f"contract check: nothing recorded in {folder} (did the api tests run with UG_RESPONSE_LOG?)")
        return 1
    with open(doc_path, encoding="utf-8") as f:
        openapi = json.load(f)
    resolver = RefResolver.from_schema(openapi)
    table = route_table(openapi)
    validators = {}
    problems = defaultdict(set)  # (route, status, problem) -> tests
    checked = unmatched = 0
    for log in logs:
        with open(log, encoding="utf-8") as f:
            for line in f:
                reply = json.loads(line)
                path = reply["target"].split("?", 1)[0]
                route = next((row for row in table if row[1] == reply["method"] and row[2].match(path)), None)
                if route is None:
                    unmatched += 1  # no such route: the router's own 404/405, nothing declared to check
                    continue
                _, method, _, template, operation = route
                status = str(reply["status"])
                where = f"{method} {template} → {status}"
                responses = operation.get("responses", {})
                declared = responses.get(status) or responses.get("default")
                media = reply.get("content_type", "").split(";", 1)[0].strip() or "application/json"
                schema = (declared or {}).get("content", {}).get(media, {}).get("schema")
                if schema is None:
                    problems[(where, f"answers {media} but its documentation declares none for this status")].add(
                        reply["test"])
                    continue
                try:
                    body = json.loads(reply["body"])
                except ValueError as e:
                    problems[(where, f"the body is not JSON: {e}")].add(reply["test"])
                    continue
                key = (template, method, status)
                if key not in validators:
                    validators[key] = Draft202012Validator(schema, resolver=resolver)
                checked += 1
                try:
                    for error in validators[key].iter_errors(body):
                        at = "".join("[]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
                        # Each problem once, whichever item of a list had it.
                        message = error.message if error.validator != "additionalProperties" else \
                            "undeclared " + ", ".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
                        problems[(where, f"{at or '(body)'}: {message[:300]}")].add(reply["test"])
                except RefResolutionError as e:
                    problems[(where, f"the schema has a reference that leads nowhere: {e}")].add(reply["test"])
    print(f"contract check: {checked} replies validated, {unmatched} to no route, {len(problems)} problems")
    for (where, problem), tests in sorted(problems.items()):
        named = sorted(tests)
        print(f"  {where}: {problem}\n      met in {', '.join(named[:3])}{' …' if len(named) > 3 else ''}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
