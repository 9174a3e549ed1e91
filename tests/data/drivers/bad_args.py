#!/usr/bin/env python3
# BROKEN DRIVER (test data): accepts everything.
# Handshakes correctly (protocol 1.0, capabilities info, login, enrol, identify, delete_person)
# and answers every request with success without looking at its params: an unknown person id is
# deleted, a file that is not an image (or no file at all, or missing params) is enrolled /
# identified as "accepted", an unknown method gets {} and a malformed (non-JSON) request line
# gets a success response ({"jsonrpc":"2.0","id":null,"result":{}}) instead of -32700.
# Expected: the handshake, info and the capability calls pass, but `facecert driver validate`
# fails its refusal items (unknown person id, non-image file, missing params, malformed request
# line, unknown method) and exits 1.
import json
import sys

INFO = {"maker": "facecert tests", "model": "bad-args", "firmware": "1", "serial": "BAD-1",
        "device_name": "bad-args"}
MATCH = {"decision": "accepted", "person_id": "p1", "score": 10.0}
RESULTS = {"info": INFO, "login": None, "enrol": {"person_id": "p1"}, "identify": MATCH,
           "delete_person": None, "shutdown": None, "ping": {},
           "initialize": {"protocol_version": "1.0",
                          "driver": {"name": "bad-args", "version": "0.1"},
                          "capabilities": ["info", "login", "enrol", "identify",
                                           "delete_person"]}}

for line in sys.stdin:
    try:
        req = json.loads(line)
        rid, method = req.get("id"), req.get("method")
    except (ValueError, AttributeError):
        rid, method = None, None  # broken: should answer -32700
    result = RESULTS.get(method, {})  # broken: never an error
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, "result": result}) + "\n")
    sys.stdout.flush()
