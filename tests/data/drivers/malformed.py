#!/usr/bin/env python3
# BROKEN DRIVER (test data): answers info with a line that is not JSON.
# Handshakes correctly (protocol 1.0, capabilities info, login), answers login, ping and shutdown;
# to info it writes "info: maker=facecert tests model=malformed" (plain text, not JSON).
# Expected: facecert kills the driver, the case is `inconclusive` ("driver failure: malformed
# output ..."), evidence driver-stderr.txt and driver-exchange.jsonl; the next call restarts it.
import json
import sys


def reply(rid, result):
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, "result": result}) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    req = json.loads(line)
    method, rid = req["method"], req["id"]
    if method == "initialize":
        reply(rid, {"protocol_version": "1.0", "driver": {"name": "malformed", "version": "0.1"},
                    "capabilities": ["info", "login"]})
    elif method == "info":
        sys.stdout.write("info: maker=facecert tests model=malformed\n")  # the broken part
        sys.stdout.flush()
    elif method in ("login", "shutdown"):
        reply(rid, None)
    elif method == "ping":
        reply(rid, {})
    else:
        sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, "error": {
            "code": -32601, "message": f"method not found: {method}"}}) + "\n")
        sys.stdout.flush()
