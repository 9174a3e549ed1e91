#!/usr/bin/env python3
# BROKEN DRIVER (test data): speaks another major protocol version.
# Answers initialize with protocol_version "2.0" (driver wrong-version 0.1, capabilities info);
# answers shutdown with null and everything else with -32601.
# Expected: facecert refuses the driver at the handshake with a message naming both versions
# ("driver wrong-version 0.1 speaks protocol 2.0; this facecert speaks 1.0"), calls no capability,
# and `facecert driver validate` fails its handshake item (exit 1).
import json
import sys

for line in sys.stdin:
    req = json.loads(line)
    method, rid = req["method"], req["id"]
    if method == "initialize":
        answer = {"result": {"protocol_version": "2.0",
                             "driver": {"name": "wrong-version", "version": "0.1"},
                             "capabilities": ["info"]}}
    elif method == "shutdown":
        answer = {"result": None}
    else:
        answer = {"error": {"code": -32601, "message": f"method not found: {method}"}}
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, **answer}) + "\n")
    sys.stdout.flush()
