#!/usr/bin/env python3
# BROKEN DRIVER (test data): logs on stdout.
# Handshakes correctly (protocol 1.0, capabilities info, login), then before the info response
# prints the log line "stdout_noise: querying the device" on stdout, followed by a valid info
# response. Answers login, ping and shutdown properly.
# Expected: the log line is a protocol violation (not JSON): facecert kills the driver and the
# case is `inconclusive` ("driver failure: malformed output ..."), even though a valid response
# follows it.
import json
import sys

INFO = {"maker": "facecert tests", "model": "stdout-noise", "firmware": "1",
        "serial": "NOISE-1", "device_name": "stdout-noise"}


def reply(rid, result):
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, "result": result}) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    req = json.loads(line)
    method, rid = req["method"], req["id"]
    if method == "initialize":
        reply(rid, {"protocol_version": "1.0",
                    "driver": {"name": "stdout-noise", "version": "0.1"},
                    "capabilities": ["info", "login"]})
    elif method == "info":
        print("stdout_noise: querying the device")  # the broken part: a log line on stdout
        reply(rid, INFO)
    elif method in ("login", "shutdown"):
        reply(rid, None)
    elif method == "ping":
        reply(rid, {})
    else:
        sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, "error": {
            "code": -32601, "message": f"method not found: {method}"}}) + "\n")
        sys.stdout.flush()
