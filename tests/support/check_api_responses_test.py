#!/usr/bin/env python3
"""The contract check must catch what it is for: a reply with a field its schema does not declare,
one without a required field, an error reply whose route declares no error body, and a reference
that leads nowhere; and it must pass replies that match. Run by ctest (api_contract_checker)."""
import contextlib
import io
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_api_responses  # noqa: E402

CASE = {"type": "object", "required": ["id"], "additionalProperties": False,
        "properties": {"id": {"type": "string"}, "state": {"type": "string"}}}
OPENAPI = {"openapi": "3.1.0", "paths": {
    "/api/v1/cases/{id}": {"get": {"responses": {
        "200": {"content": {"application/json": {"schema": CASE}}},
        "404": {"description": "no body declared"}}}},
    "/api/v1/cases/counts": {"get": {"responses": {
        "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/missing"}}}}}}}}}


def run(replies):
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "openapi.json"), "w", encoding="utf-8") as f:
            json.dump(OPENAPI, f)
        with open(os.path.join(folder, "replies.1.jsonl"), "w", encoding="utf-8") as f:
            for status, target, body in replies:
                f.write(json.dumps({"test": "Fixture.Case", "method": "GET", "target": target, "status": status,
                                    "content_type": "application/json", "body": json.dumps(body)}) + "\n")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = check_api_responses.main(folder)
        return code, out.getvalue()


def expect(condition, what, output):
    if not condition:
        print(f"FAILED: {what}\n{output}")
        sys.exit(1)


code, out = run([(200, "/api/v1/cases/C1", {"id": "C1", "state": "reported"}),
                 (200, "/api/v1/cases/C2?view=full", {"id": "C2"})])
expect(code == 0 and "0 problems" in out, "matching replies pass", out)

code, out = run([(200, "/api/v1/cases/C1", {"id": "C1", "satisfaction": "满意"})])
expect(code == 1 and "undeclared satisfaction" in out and "Fixture.Case" in out, "an undeclared field fails", out)

code, out = run([(200, "/api/v1/cases/C1", {"state": "reported"})])
expect(code == 1 and "'id' is a required property" in out, "a missing required field fails", out)

code, out = run([(404, "/api/v1/cases/C9", {"error": {"code": "not_found"}})])
expect(code == 1 and "declares none for this status" in out, "an undeclared error body fails", out)

code, out = run([(200, "/api/v1/cases/counts", {"total": 1})])
expect(code == 1 and "leads nowhere" in out, "a dangling reference fails", out)

code, out = run([(404, "/no/such/route", {"error": {}})])
expect(code == 0 and "1 to no route" in out, "a reply of no route is not checked", out)
print("contract checker: 6 cases as expected")
