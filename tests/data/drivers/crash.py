#!/usr/bin/env python3
# BROKEN DRIVER (test data): crashes on identify.
# Handshakes correctly (protocol 1.0, capabilities info, login, identify) and answers info, login,
# ping and shutdown. On identify it writes "crash.py: simulated crash" to stderr and exits with
# status 3 without answering.
# Expected: the case is `inconclusive` ("driver failure: the driver exited with status 3"), with
# evidence driver-stderr.txt (holding the line above) and driver-exchange.jsonl; the next call
# starts a new process and runs initialize again.
import json
import sys

CAPS = ["info", "login", "identify"]
INFO = {"maker": "facecert tests", "model": "crash", "firmware": "1", "serial": "CRASH-1",
        "device_name": "crash"}


def reply(rid, result):
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, "result": result}) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    req = json.loads(line)
    method, rid = req["method"], req["id"]
    if method == "initialize":
        reply(rid, {"protocol_version": "1.0", "driver": {"name": "crash", "version": "0.1"},
                    "capabilities": CAPS})
    elif method == "info":
        reply(rid, INFO)
    elif method in ("login", "shutdown"):
        reply(rid, None)
    elif method == "ping":
        reply(rid, {})
    elif method == "identify":
        sys.stderr.write("crash.py: simulated crash\n")
        sys.stderr.flush()
        sys.exit(3)  # the broken part
    else:
        sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, "error": {
            "code": -32601, "message": f"method not found: {method}"}}) + "\n")
        sys.stdout.flush()
