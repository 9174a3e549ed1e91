#!/usr/bin/env python3
# BROKEN DRIVER (test data): hangs on identify.
# Handshakes correctly (protocol 1.0, capabilities info, login, identify), answers info, login,
# ping and shutdown, then never answers identify: it keeps reading stdin and stays silent.
# Expected: facecert kills it (SIGKILL) after driver-call-ms and the case is `inconclusive`
# ("driver failure: no answer to identify within N ms"); the next call starts a new process.
import json
import sys

CAPS = ["info", "login", "identify"]
INFO = {"maker": "facecert tests", "model": "hang", "firmware": "1", "serial": "HANG-1",
        "device_name": "hang"}


def reply(rid, result):
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, "result": result}) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    req = json.loads(line)
    method, rid = req["method"], req["id"]
    if method == "initialize":
        reply(rid, {"protocol_version": "1.0", "driver": {"name": "hang", "version": "0.1"},
                    "capabilities": CAPS})
    elif method == "info":
        reply(rid, INFO)
    elif method in ("login", "shutdown"):
        reply(rid, None)
    elif method == "ping":
        reply(rid, {})
    elif method == "identify":
        sys.stderr.write("hang.py: identify received, never answering\n")
        sys.stderr.flush()
        # the broken part: no answer at all; wait for the next line (or to be killed)
    else:
        sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, "error": {
            "code": -32601, "message": f"method not found: {method}"}}) + "\n")
        sys.stdout.flush()
