#!/usr/bin/env python3
# BROKEN DRIVER (test data): declares capabilities it does not honour.
# Handshakes correctly declaring info, identify and enrol. Answers info (a proper DeviceInfo),
# ping and shutdown; answers identify with error -32601 (method not found) and enrol with the
# result {"enrolled": true}, which lacks the required `person_id`.
# Expected: both calls are driver failures, not device errors: the case is `inconclusive`
# ("driver failure: ... declared capability 'identify' but ..." / "... enrol ... lacks
# person_id"); the driver is NOT killed (the same process answers the next call).
import json
import sys

INFO = {"maker": "facecert tests", "model": "liar", "firmware": "1", "serial": "LIAR-1",
        "device_name": "liar"}

for line in sys.stdin:
    req = json.loads(line)
    method, rid = req["method"], req["id"]
    if method == "initialize":
        answer = {"result": {"protocol_version": "1.0", "driver": {"name": "liar", "version": "0.1"},
                             "capabilities": ["info", "identify", "enrol"]}}
    elif method == "info":
        answer = {"result": INFO}
    elif method == "enrol":
        answer = {"result": {"enrolled": True}}  # broken: no person_id
    elif method == "ping":
        answer = {"result": {}}
    elif method == "shutdown":
        answer = {"result": None}
    else:  # broken for identify: a declared capability answered as unknown
        answer = {"error": {"code": -32601, "message": f"method not found: {method}"}}
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, **answer}) + "\n")
    sys.stdout.flush()
