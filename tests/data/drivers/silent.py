#!/usr/bin/env python3
# BROKEN DRIVER (test data): never writes anything.
# Reads stdin line by line (so facecert's writes never block) and never answers, not even
# initialize; exits 0 when stdin closes.
# Expected: "driver failure: no answer to initialize within N ms" (driver-start-ms), the driver is
# killed; after 3 failed starts in a row facecert stops restarting it ("not restarted after 3
# failed starts"); `facecert driver validate` fails the handshake item (exit 1).
import sys

for _line in sys.stdin:
    pass  # the broken part: silence
