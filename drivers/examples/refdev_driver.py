#!/usr/bin/env python3
"""facecert out-of-process driver for the reference device (facecert-refdev), protocol 1.0.

This is the model driver for vendors: it speaks the facecert driver protocol
(docs/driver-protocol.md: JSON-RPC 2.0, one message per line, requests on stdin, responses on
stdout) and translates each call into the reference device's HTTP API (drivers/refdev/API.md),
using the same endpoints and the same parsing as the built-in C++ driver `refdev`
(drivers/src/refdev_driver.cpp), so that facecert gets the same results through either.

Python 3.11, standard library only. Layout of this file:
  1. errors and their JSON-RPC codes
  2. HTTP Digest authentication (RFC 7616)
  3. the HTTP session (keep-alive connections, TLS, one reconnect, Digest, error mapping)
  4. request bodies (multipart/form-data) and media files from the exchange directory
  5. answer parsing (checked fields, match results, templates)
  6. the device methods, one function per protocol method, registered in METHODS
  7. the JSON-RPC loop (initialize, ping, shutdown, dispatch)

Privacy (clauses 6.1.2 / 7.0): this driver never logs passwords, names, ID numbers or image
bytes, reads each media file only during its call and keeps no copy of it.
"""

import base64
import hashlib
import http.client
import json
import os
import re
import secrets
import socket
import ssl
import struct
import sys
import time
import urllib.parse
import warnings
import xml.etree.ElementTree as ET

DRIVER_NAME = "refdev-example"
DRIVER_VERSION = "1.0.0"
PROTOCOL_VERSION = "1.0"
CAPABILITIES = [
    "info", "login", "enrol", "verify", "identify", "present_media", "list_media",
    "read_audit_log", "set_retention", "delete_person", "export_template", "dump_storage",
    "describe_storage", "read_store", "template_keys", "make_template", "compare_templates",
    "present_clip", "read_events",
]
DECISIONS = ("accepted", "rejected", "no_face", "attack")

# Anything printed by mistake must not corrupt the protocol: responses go to the real stdout
# only through send(); print() and stray output land on stderr.
_PROTOCOL_OUT = sys.stdout.buffer
sys.stdout = sys.stderr


def log(text):
    """One line of the driver's own log on stderr (facecert keeps its tail as evidence)."""
    sys.stderr.write(f"{DRIVER_NAME}: {text}\n")
    sys.stderr.flush()


# ---------------------------------------------------------------------------------------------
# 1. Errors
# ---------------------------------------------------------------------------------------------

class RpcError(Exception):
    """An error answer: code (docs/driver-protocol.md, "Errors"), one-line message, data."""

    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.code, self.message, self.data = code, message, data


def device_unreachable(what):   # timeout, TLS failure, dropped connection, unexpected answer
    return RpcError(-32000, what)


def bad_params(what):
    return RpcError(-32602, what)


# HTTP status of a refusal -> protocol code; any other non-2xx status is a device error -32000.
HTTP_STATUS_CODES = {400: -32001, 401: -32001, 403: -32001, 413: -32001, 404: -32002, 410: -32003}


# ---------------------------------------------------------------------------------------------
# 2. HTTP Digest authentication (RFC 7616)
# ---------------------------------------------------------------------------------------------

_HASHES = {"SHA-256": hashlib.sha256, "MD5": hashlib.md5}
_PARAM = re.compile(r'\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*,?')


def parse_challenges(header_values):
    """Every Digest challenge in the WWW-Authenticate headers, as dicts of lower-case keys."""
    challenges = []
    for value in header_values:
        for chunk in re.split(r"(?i)(?:^|,)\s*digest\s+", value)[1:]:
            params = {}
            for m in _PARAM.finditer(chunk):
                quoted = m.group(2)
                params[m.group(1).lower()] = (re.sub(r"\\(.)", r"\1", quoted)
                                              if quoted is not None else m.group(3).strip())
            algorithm = params.get("algorithm", "MD5").upper()
            if algorithm in _HASHES and params.get("nonce"):
                params["algorithm"] = algorithm
                challenges.append(params)
    return challenges


class DigestAuth:
    """Answers Digest challenges; reuses the nonce for later requests with nc counting up."""

    def __init__(self, user, password):
        self.user, self.password = user, password
        self.challenge = None  # the chosen challenge (SHA-256 preferred over MD5)
        self.nc = 0

    def accept(self, header_values):
        """Takes the strongest challenge of a 401 answer; False when there is none."""
        found = parse_challenges(header_values)
        if not found:
            return False
        self.challenge = next((c for c in found if c["algorithm"] == "SHA-256"), found[0])
        self.nc = 0
        return True

    def header(self, method, target):
        """The Authorization header for the next request, or None before any challenge."""
        if self.challenge is None or not self.user:
            return None
        c = self.challenge
        h = lambda text: _HASHES[c["algorithm"]](text.encode("utf-8")).hexdigest()  # noqa: E731
        self.nc += 1
        nc, cnonce = f"{self.nc:08x}", secrets.token_hex(16)
        ha1 = h(f"{self.user}:{c.get('realm', '')}:{self.password}")
        ha2 = h(f"{method}:{target}")
        response = h(f"{ha1}:{c['nonce']}:{nc}:{cnonce}:auth:{ha2}")
        q = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'  # noqa: E731
        out = (f"Digest username={q(self.user)}, realm={q(c.get('realm', ''))}, uri={q(target)}, "
               f"algorithm={c['algorithm']}, nonce={q(c['nonce'])}, nc={nc}, "
               f"cnonce={q(cnonce)}, qop=auth, response={q(response)}")
        if c.get("opaque"):
            out += f", opaque={q(c['opaque'])}"
        return out


# ---------------------------------------------------------------------------------------------
# 3. The HTTP session
# ---------------------------------------------------------------------------------------------

class Reply:
    """A 2xx answer: status, content type and body (None when the body was streamed)."""

    def __init__(self, status, content_type, body):
        self.status, self.content_type, self.body = status, content_type, body


class HttpSession:
    """Keep-alive HTTP(S) connections to the device (one per origin) with Digest auth."""

    # A kept-alive connection the device closed while idle (it drops idle clients after 15 s):
    # over TLS that shows as an unexpected EOF or a close_notify on the next request.
    _DROPPED = (http.client.RemoteDisconnected, http.client.BadStatusLine, ConnectionResetError,
                ConnectionAbortedError, BrokenPipeError, ssl.SSLEOFError, ssl.SSLZeroReturnError)

    def __init__(self, user, password, ca_file, timeout_s):
        self.auth = DigestAuth(user, password)
        self.timeout_s = timeout_s
        self.connections = {}  # (scheme, host, port) -> [connection, requests served]
        if ca_file:  # pin the device's certificate
            self.tls = ssl.create_default_context(cafile=ca_file)
        else:        # the reference device is self-signed: no verification without a CA file
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            self.tls.check_hostname = False
            self.tls.verify_mode = ssl.CERT_NONE
        # Reach weak devices too (the tls10 flaw): clause 7.0 is judged from the capture, not by
        # refusing to talk; OpenSSL still negotiates the strongest version both sides support.
        with warnings.catch_warnings():  # TLSv1 is deprecated: that is the point
            warnings.simplefilter("ignore", DeprecationWarning)
            self.tls.minimum_version = ssl.TLSVersion.TLSv1
        self.tls.set_ciphers("DEFAULT:@SECLEVEL=0")

    def close(self):
        for conn, _ in self.connections.values():
            conn.close()
        self.connections.clear()

    def request(self, method, url, body=b"", content_type="", stream_to=None):
        """Sends one request; a 401 is answered once with Digest. Returns a Reply for 2xx and
        raises RpcError otherwise. stream_to(response) consumes the body of a 2xx answer."""
        parts = urllib.parse.urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        where = f"{method} {target}"
        try:
            resp = self._send(parts, method, target, body, content_type)
            if resp.status == 401 and self.auth.user:
                resp.read()
                if self.auth.accept(resp.headers.get_all("WWW-Authenticate") or []):
                    resp = self._send(parts, method, target, body, content_type)
            if 200 <= resp.status <= 299:
                ctype = resp.headers.get("Content-Type", "")
                if stream_to is not None:
                    try:
                        stream_to(resp)
                    except BaseException:
                        self._drop(parts)  # a body half read leaves the connection unusable
                        raise
                    return Reply(resp.status, ctype, None)
                return Reply(resp.status, ctype, resp.read())
            raise http_error(where, resp.status, resp.reason, resp.read())
        except socket.timeout:
            self._drop(parts)
            raise device_unreachable(f"{where}: no answer within {self.timeout_s:g} s") from None
        except ssl.SSLError as e:
            self._drop(parts)
            why = getattr(e, "verify_message", None) or e.reason or str(e)
            raise device_unreachable(f"{where}: TLS failure: {why}") from None
        except (OSError, http.client.HTTPException) as e:
            self._drop(parts)
            why = e.strerror if isinstance(e, OSError) and e.strerror else f"{type(e).__name__} {e}"
            raise device_unreachable(f"{where}: {why}") from None

    def _send(self, parts, method, target, body, content_type):
        """One exchange on the kept-alive connection; once more on a fresh one when the device
        had closed it before answering."""
        headers = {"User-Agent": f"{DRIVER_NAME}/{DRIVER_VERSION}", "Connection": "keep-alive"}
        if content_type:
            headers["Content-Type"] = content_type
        for attempt in (1, 2):
            conn, served = self._connection(parts)
            authorization = self.auth.header(method, target)
            if authorization:
                headers["Authorization"] = authorization
            try:
                conn.request(method, target, body=body or None, headers=headers)
                resp = conn.getresponse()
            except self._DROPPED:
                self._drop(parts)
                if served == 0 or attempt == 2:
                    raise
                log(f"{method} {target}: the device closed the kept-alive connection; reconnecting")
                continue
            self.connections[self._key(parts)][1] += 1
            if resp.will_close:
                # Read by the caller first; http.client closes the socket after the body.
                self.connections.pop(self._key(parts), None)
            return resp
        raise AssertionError("unreachable")

    @staticmethod
    def _key(parts):
        return (parts.scheme, parts.hostname, parts.port)

    def _connection(self, parts):
        key = self._key(parts)
        if key not in self.connections:
            if parts.scheme == "https":
                conn = http.client.HTTPSConnection(parts.hostname, parts.port or 443,
                                                   timeout=self.timeout_s, context=self.tls)
            elif parts.scheme == "http":  # the plaintext-http flaw; facecert judges it, we talk
                conn = http.client.HTTPConnection(parts.hostname, parts.port or 80,
                                                  timeout=self.timeout_s)
            else:
                raise device_unreachable(f"unsupported URL scheme '{parts.scheme}'")
            self.connections[key] = [conn, 0]
        return self.connections[key]

    def _drop(self, parts):
        entry = self.connections.pop(self._key(parts), None)
        if entry:
            entry[0].close()


def http_error(where, status, reason, body):
    """RpcError for a non-2xx answer, with the device's subStatusCode and errorMsg."""
    device_code, why = "", ""
    try:
        answer = json.loads(body)
        if isinstance(answer, dict):
            device_code = str(answer.get("subStatusCode") or "")
            why = str(answer.get("errorMsg") or "")
    except ValueError:
        pass
    text = f"{where}: HTTP {status} {reason}"
    if device_code:
        text += f": {device_code}"
    if why:
        text += f" ({why})"
    code = HTTP_STATUS_CODES.get(status, -32000)
    return RpcError(code, " ".join(text.split()), {"http_status": status, "device_code": device_code})


# ---------------------------------------------------------------------------------------------
# 4. Request bodies and media files
# ---------------------------------------------------------------------------------------------

def multipart(parts):
    """multipart/form-data as the C++ driver encodes it. parts: (name, filename, type, bytes).
    Returns (content_type, body)."""
    while True:
        boundary = "facecert-" + secrets.token_hex(16)
        if not any(boundary.encode() in p[3] for p in parts):
            break
    body = bytearray()
    for name, filename, ctype, data in parts:
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'.encode()
        if filename:
            body += f'; filename="{filename}"'.encode()
        body += b"\r\n"
        if ctype:
            body += f"Content-Type: {ctype}\r\n".encode()
        body += b"\r\n" + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", bytes(body)


def compact_json(value):
    """JSON as nlohmann::json::dump() writes it: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def param(params, name, kind, default=None):
    """A checked request parameter (kind: str, int, float, dict, list, bool); a missing one without
    a default, or a wrong-typed one, is -32602. float accepts integers; int and float refuse bools."""
    if name not in params:
        if default is None:
            raise bad_params(f"missing parameter '{name}'")
        return default
    value = params[name]
    accepted = (int, float) if kind is float else kind
    if not isinstance(value, accepted) or (isinstance(value, bool) and kind is not bool):
        raise bad_params(f"parameter '{name}' has the wrong type")
    return value


class Media:
    """An Image param: read from its file in the exchange directory during the call only."""

    def __init__(self, params, name):
        image = param(params, name, dict)
        self.path = param(image, "file", str)
        self.mime = param(image, "mime", str, "image/jpeg")
        try:
            with open(self.path, "rb") as f:
                self.data = f.read()
        except OSError as e:
            raise bad_params(f"{name}.file: cannot read {self.path}: {e.strerror}") from None

    def filename(self, stem):
        ext = {"image/png": ".png", "image/jpeg": ".jpg"}.get(self.mime, "")
        return stem + ext


def pct(text):
    """Percent-encoding of a query value (unreserved characters kept)."""
    return urllib.parse.quote(text, safe="-_.~")


# ---------------------------------------------------------------------------------------------
# 5. Answer parsing
# ---------------------------------------------------------------------------------------------

def as_json(where, reply):
    if not reply.content_type.startswith("application/json"):
        raise device_unreachable(f"{where}: expected application/json, got '{reply.content_type}'")
    try:
        answer = json.loads(reply.body)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise device_unreachable(f"{where}: response is not a JSON object")
    return answer


_KINDS = {
    "text": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "count": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "bool": lambda v: isinstance(v, bool),
    "texts": lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v),
}


def field(obj, key, kind, where):
    """A field of the device's answer, checked as the C++ driver checks it."""
    if not isinstance(obj, dict) or key not in obj:
        raise device_unreachable(f"{where}: response lacks '{key}'")
    if not _KINDS[kind](obj[key]):
        raise device_unreachable(f"{where}: '{key}' has the wrong type")
    return obj[key]


def array(obj, key, where):
    if not isinstance(obj, dict) or not isinstance(obj.get(key), list):
        raise device_unreachable(f"{where}: response lacks the array '{key}'")
    return obj[key]


def decision_of(value, where):
    if value not in DECISIONS:
        raise device_unreachable(f"{where}: unknown decision '{value}'")
    return value


def match_result(answer, where):
    """MatchResult from a frame / verify / presentation answer."""
    out = {"decision": decision_of(field(answer, "decision", "text", where), where),
           "person_id": field(answer, "FPID", "text", where),
           "score": field(answer, "score", "number", where)}
    pad = answer.get("pad")
    if isinstance(pad, dict):  # 6.1.4: the device's liveness judgement (clip presentations)
        attack = field(pad, "attackScore", "number", where)
        if not 0 <= attack <= 1:
            raise device_unreachable(f"{where}: pad.attackScore {attack} outside 0..1")
        out["attack_score"] = attack
        if isinstance(pad.get("cue"), str):
            out["attack_cue"] = pad["cue"]
    out["raw"] = compact_json(answer)
    return out


def template_from_device(answer, where):
    """Template (protocol) from the device's template JSON."""
    def text(key):
        if not isinstance(answer.get(key), str):
            raise device_unreachable(f"{where}: template lacks the text '{key}'")
        return answer[key]
    out = {"algorithm": text("algorithm"), "encoding": text("encoding"), "key_id": text("keyId")}
    if not _KINDS["count"](answer.get("dims")):
        raise device_unreachable(f"{where}: template lacks the count 'dims'")
    out["dims"] = answer["dims"]
    feature = answer.get("faceFeature")
    if out["encoding"] == "float32":
        if not isinstance(feature, list) or not all(_KINDS["number"](v) for v in feature):
            raise device_unreachable(f"{where}: faceFeature is not an array of numbers")
        if len(feature) != out["dims"]:
            raise device_unreachable(
                f"{where}: faceFeature has {len(feature)} values, dims says {out['dims']}")
        packed = struct.pack(f"<{len(feature)}f", *feature)  # float32, little-endian
        out["values"] = list(struct.unpack(f"<{len(feature)}f", packed))
        out["bytes"] = base64.b64encode(packed).decode()
    else:
        try:
            raw = base64.b64decode(feature, validate=True) if isinstance(feature, str) else None
        except ValueError:
            raw = None
        if raw is None:
            raise device_unreachable(f"{where}: faceFeature is not base64")
        if out["encoding"] == "bits" and len(raw) * 8 != out["dims"]:
            raise device_unreachable(
                f"{where}: faceFeature has {len(raw) * 8} bits, dims says {out['dims']}")
        out["bytes"] = base64.b64encode(raw).decode()
    return out


def template_to_device(tpl, name):
    """The device's template JSON from a Template param (float32: the values; else the bytes)."""
    if not isinstance(tpl, dict):
        raise bad_params(f"parameter '{name}' is not a Template")
    out = {"algorithm": param(tpl, "algorithm", str), "dims": param(tpl, "dims", int),
           "encoding": param(tpl, "encoding", str), "keyId": param(tpl, "key_id", str, "")}
    try:
        raw = base64.b64decode(param(tpl, "bytes", str, ""), validate=True)
    except ValueError:
        raise bad_params(f"{name}.bytes is not base64") from None
    if out["encoding"] == "float32":
        values = param(tpl, "values", list, [])
        if not values and raw:
            values = list(struct.unpack(f"<{len(raw) // 4}f", raw[: len(raw) // 4 * 4]))
        if not all(_KINDS["number"](v) for v in values):
            raise bad_params(f"{name}.values holds a value that is not a number")
        out["faceFeature"] = values
    else:
        out["faceFeature"] = base64.b64encode(raw).decode()
    return out


# ---------------------------------------------------------------------------------------------
# 6. The device methods: each takes (driver, params) and returns the protocol result
# ---------------------------------------------------------------------------------------------

class RefdevDriver:
    """The connection to one reference device, made by `initialize`."""

    def __init__(self, device):
        self.base = param(device, "url", str).rstrip("/")
        parts = urllib.parse.urlsplit(self.base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise bad_params(f"device.url '{self.base}' is not an http(s) URL")
        timeout_ms = param(device, "timeout_ms", float, 10000)
        self.http = HttpSession(param(device, "user", str, ""), param(device, "password", str, ""),
                                param(device, "ca_file", str, ""), timeout_ms / 1000.0)

    def call(self, method, path, body=b"", content_type="", url=None):
        """One request to the API (or to `url`); the 2xx Reply and 'METHOD TARGET' for messages."""
        url = url or self.base + path
        reply = self.http.request(method, url, body, content_type)
        parts = urllib.parse.urlsplit(url)
        return reply, f"{method} {parts.path}" + (f"?{parts.query}" if parts.query else "")

    def call_json(self, method, path, body=b"", content_type="", url=None):
        if isinstance(body, str):
            body = body.encode("utf-8")
        reply, where = self.call(method, path, body, content_type, url)
        return as_json(where, reply), where

    def device_info(self):
        """deviceInfo's fields by local name ("" when absent)."""
        reply, where = self.call("GET", "/ISAPI/System/deviceInfo")
        try:
            root = ET.fromstring(reply.body)
        except ET.ParseError:
            raise device_unreachable(f"{where}: response is not XML") from None
        if root.tag.rsplit("}", 1)[-1] != "DeviceInfo":
            raise device_unreachable(f"{where}: no <DeviceInfo> element")
        return {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in root}


def m_info(d, p):
    i = d.device_info()
    return {"maker": i.get("manufacturer", ""), "model": i.get("model", ""),
            "firmware": i.get("firmwareVersion", ""), "serial": i.get("serialNumber", ""),
            "device_name": i.get("deviceName", "")}


def m_login(d, p):
    d.call("GET", "/ISAPI/Security/userCheck")
    return None


def m_enrol(d, p):
    person = param(p, "person", dict)
    record = {"faceLibType": "blackFD", "FDID": "1", "name": param(person, "name", str),
              "certificateType": "ID", "certificateNumber": param(person, "id_number", str)}
    face = Media(p, "face")
    ctype, body = multipart([("FaceDataRecord", "", "application/json", compact_json(record).encode()),
                             ("FaceImage", face.filename("face"), face.mime, face.data)])
    j, where = d.call_json("POST", "/ISAPI/Intelligent/FDLib/FaceDataRecord?format=json", body, ctype)
    return {"person_id": field(j, "FPID", "text", where)}


def m_verify(d, p):
    doc, live = Media(p, "id_document"), Media(p, "live")
    ctype, body = multipart([("IDImage", doc.filename("id"), doc.mime, doc.data),
                             ("LiveImage", live.filename("live"), live.mime, live.data)])
    return match_result(*d.call_json("POST", "/ISAPI/Refdev/verify?format=json", body, ctype))


def m_identify(d, p):
    frame = Media(p, "frame")
    return match_result(*d.call_json("POST", "/ISAPI/Refdev/camera/frame?mode=identify",
                                     frame.data, frame.mime))


def m_present(d, p):
    frame = Media(p, "frame")
    return match_result(*d.call_json("POST", "/ISAPI/Refdev/camera/frame", frame.data, frame.mime))


def m_list_media(d, p):
    j, w = d.call_json("GET", "/ISAPI/Refdev/storage/media?format=json")
    return {"media": [{"path": field(m, "path", "text", w), "category": field(m, "category", "text", w),
                       "size": field(m, "size", "count", w), "sha256": field(m, "sha256", "text", w),
                       "modified": field(m, "modified", "text", w)}
                      for m in array(j, "MediaList", w)]}


def m_read_audit_log(d, p):
    j, w = d.call_json("POST", "/ISAPI/ContentMgmt/logSearch?format=json", "{}", "application/json")
    entries = []
    for e in array(j, "LogList", w):
        detail, remote = field(e, "detail", "text", w), field(e, "remote", "text", w)
        entries.append({"time": field(e, "time", "text", w), "subject": field(e, "user", "text", w),
                        "event": field(e, "event", "text", w),
                        "outcome": field(e, "outcome", "text", w),
                        "detail": f"from {remote}: {detail}" if remote else detail})
    return {"entries": entries}


def m_set_retention(d, p):
    seconds = param(p, "seconds", int)
    d.call_json("PUT", "/ISAPI/Refdev/retention?format=json",
                compact_json({"retentionSeconds": seconds}), "application/json")
    return None


def m_delete_person(d, p):
    body = compact_json({"FPID": [{"value": param(p, "person_id", str)}]})
    d.call_json("PUT", "/ISAPI/Intelligent/FDLib/FDSearch/Delete?format=json", body, "application/json")
    return None


def m_export_template(d, p):
    # The device names its template service in deviceInfo when it is not the API itself (the
    # plaintext-features flaw); the driver goes where the device says, as a feature sync would.
    person_id = param(p, "person_id", str)
    service = d.device_info().get("templateServiceUrl") or d.base + "/ISAPI/Refdev/template"
    j, where = d.call_json("GET", "", url=f"{service}?employeeNo={pct(person_id)}")
    return template_from_device(j, where)


def m_dump_storage(d, p):
    """Streams the device's tar into a new storage-dump-N.tar in into_dir; checks the ustar magic."""
    into = param(p, "into_dir", str)
    try:
        os.makedirs(into, exist_ok=True)
    except OSError as e:
        raise bad_params(f"{into}: cannot create the folder: {e.strerror}") from None
    where, state = "GET /ISAPI/Refdev/storage/dump", {}

    def write(resp):
        ctype = resp.headers.get("Content-Type", "")
        if ctype != "application/x-tar":
            resp.read()
            raise device_unreachable(f"{where}: expected application/x-tar, got '{ctype}'")
        for n in range(1, 100000):  # first free N; "x" never overwrites an earlier dump
            path = os.path.join(into, f"storage-dump-{n}.tar")
            try:
                out = open(path, "xb")
                break
            except FileExistsError:
                continue
            except OSError as e:
                resp.read()
                raise bad_params(f"{path}: cannot create: {e.strerror}") from None
        state.update(path=path, size=0, first=b"", nonzero=False, sha=hashlib.sha256())
        with out:
            while chunk := resp.read(1 << 20):
                try:
                    out.write(chunk)
                except OSError as e:
                    raise bad_params(f"{path}: cannot write the storage dump: {e.strerror}") from None
                state["sha"].update(chunk)
                state["size"] += len(chunk)
                state["nonzero"] = state["nonzero"] or chunk.count(0) != len(chunk)
                if len(state["first"]) < 512:
                    state["first"] += chunk[:512]

    try:
        d.http.request("GET", d.base + "/ISAPI/Refdev/storage/dump", stream_to=write)
        size, first = state["size"], state["first"]
        if size < 1024 or size % 512 or (first[257:262] != b"ustar" and state["nonzero"]):
            raise device_unreachable(f"{where}: the {size} bytes received are not a ustar archive")
    except BaseException:
        if "path" in state:  # never leave a partial or wrong file behind
            os.unlink(state["path"])
        raise
    return {"path": os.path.abspath(state["path"]), "format": "tar", "size": size,
            "sha256": state["sha"].hexdigest()}


def m_describe_storage(d, p):
    j, w = d.call_json("GET", "/ISAPI/Refdev/storage/stores?format=json")
    return {"stores": [{"name": field(s, "name", "text", w), "holds": field(s, "holds", "text", w),
                        "location_kind": field(s, "locationKind", "text", w),
                        "location": field(s, "location", "text", w),
                        "fields": field(s, "fields", "texts", w)}
                       for s in array(j, "StoreList", w)]}


def store_value(v, where):
    kind = field(v, "kind", "text", where)
    if kind == "text":
        return {"kind": "text", "text": field(v, "value", "text", where)}
    if kind == "blob":
        return {"kind": "blob", "size": field(v, "size", "count", where),
                "sha256": field(v, "sha256", "text", where),
                "media_type": field(v, "mediaType", "text", where)}
    if kind == "null":
        return {"kind": "null"}
    raise device_unreachable(f"{where}: unknown value kind '{kind}'")


def m_read_store(d, p):
    path = "/ISAPI/Refdev/storage/records?format=json&store=" + pct(param(p, "store", str))
    j, w = d.call_json("GET", path)
    records = []
    for r in array(j, "RecordList", w):
        if not isinstance(r, dict):
            raise device_unreachable(f"{w}: a record is not an object")
        records.append({name: store_value(v, w) for name, v in r.items()})
    return {"records": records}


def m_create_template_key(d, p):
    j, w = d.call_json("POST", "/ISAPI/Refdev/template/keys?format=json")
    return {"key_id": field(j, "keyId", "text", w)}


def m_revoke_template_key(d, p):
    d.call_json("DELETE", "/ISAPI/Refdev/template/keys?format=json&keyId=" + pct(param(p, "key_id", str)))
    return None


def m_make_template(d, p):
    key_id = param(p, "key_id", str, "")  # "" = the device's default key
    face = Media(p, "face")
    ctype, body = multipart([("TemplateRequest", "", "application/json",
                              compact_json({"keyId": key_id}).encode()),
                             ("FaceImage", face.filename("face"), face.mime, face.data)])
    j, where = d.call_json("POST", "/ISAPI/Refdev/template/make?format=json", body, ctype)
    return template_from_device(j, where)


def m_compare_templates(d, p):
    body = compact_json({"templateA": template_to_device(p.get("a"), "a"),
                         "templateB": template_to_device(p.get("b"), "b")})
    j, w = d.call_json("POST", "/ISAPI/Refdev/template/compare?format=json", body, "application/json")
    return {"score": field(j, "score", "number", w), "match": field(j, "match", "bool", w)}


def m_begin_presentation(d, p):
    parts = [("PresentationRequest", "", "application/json",
              compact_json({"mode": param(p, "mode", str)}).encode())]
    if p.get("id_document") is not None:
        doc = Media(p, "id_document")
        parts.append(("IDImage", doc.filename("id"), doc.mime, doc.data))
    ctype, body = multipart(parts)
    j, w = d.call_json("POST", "/ISAPI/Refdev/camera/presentation?format=json", body, ctype)
    return {"presentation_id": field(j, "presentationId", "text", w)}


def m_present_frame(d, p):
    pid, t = param(p, "presentation_id", str), param(p, "t", float)
    frame = Media(p, "frame")
    d.call_json("POST", f"/ISAPI/Refdev/camera/presentation/frame?format=json&id={pct(pid)}&t={t:.4f}",
                frame.data, frame.mime)
    return None


def m_end_presentation(d, p):
    pid = param(p, "presentation_id", str)
    return match_result(*d.call_json(
        "POST", f"/ISAPI/Refdev/camera/presentation/end?format=json&id={pct(pid)}"))


def m_read_events(d, p):
    j, w = d.call_json("GET", "/ISAPI/AccessControl/AcsEvent?format=json")
    event = j.get("AcsEvent")
    if not isinstance(event, dict):
        raise device_unreachable(f"{w}: no AcsEvent object")
    return {"events": [{"time": field(e, "time", "text", w), "mode": field(e, "mode", "text", w),
                        "decision": decision_of(field(e, "decision", "text", w), w),
                        "person_id": field(e, "FPID", "text", w),
                        "score": field(e, "score", "number", w)}
                       for e in array(event, "InfoList", w)]}


# Protocol method -> function. A new capability is one function and one line here.
METHODS = {
    "info": m_info, "login": m_login, "enrol": m_enrol, "verify": m_verify,
    "identify": m_identify, "present": m_present, "list_media": m_list_media,
    "read_audit_log": m_read_audit_log, "set_retention": m_set_retention,
    "delete_person": m_delete_person, "export_template": m_export_template,
    "dump_storage": m_dump_storage, "describe_storage": m_describe_storage,
    "read_store": m_read_store, "create_template_key": m_create_template_key,
    "revoke_template_key": m_revoke_template_key, "make_template": m_make_template,
    "compare_templates": m_compare_templates, "begin_presentation": m_begin_presentation,
    "present_frame": m_present_frame, "end_presentation": m_end_presentation,
    "read_events": m_read_events,
}


# ---------------------------------------------------------------------------------------------
# 7. The JSON-RPC loop
# ---------------------------------------------------------------------------------------------

class Session:
    """The driver process's state: the device connection once `initialize` has run."""

    def __init__(self):
        self.driver = None

    def initialize(self, p):
        wanted = param(p, "protocol_version", str)
        if wanted.split(".")[0] != PROTOCOL_VERSION.split(".")[0]:
            raise RpcError(-32010, f"{DRIVER_NAME} {DRIVER_VERSION} speaks protocol "
                           f"{PROTOCOL_VERSION}, not {wanted}", {"supported": [PROTOCOL_VERSION]})
        if self.driver:
            self.driver.http.close()
        self.driver = RefdevDriver(param(p, "device", dict))
        log(f"initialized for {self.driver.base} (facecert {p.get('facecert_version', '?')})")
        return {"protocol_version": PROTOCOL_VERSION,
                "driver": {"name": DRIVER_NAME, "version": DRIVER_VERSION},
                "capabilities": CAPABILITIES}

    def handle(self, method, params):
        if method == "initialize":
            return self.initialize(params)
        if method == "ping":
            return {}
        if method == "shutdown":
            if self.driver:
                self.driver.http.close()
            return None
        if method not in METHODS:
            raise RpcError(-32601, f"method not found: {method}")
        if self.driver is None:
            raise RpcError(-32600, f"{method} before initialize")
        return METHODS[method](self.driver, params)


def send(message):
    _PROTOCOL_OUT.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
    _PROTOCOL_OUT.flush()


def serve(session, line):
    """Answers one request line (None for a notification)."""
    try:
        request = json.loads(line)
    except ValueError:
        return {"jsonrpc": "2.0", "id": None,
                "error": {"code": -32700, "message": "parse error: the request line is not JSON"}}
    rid = request.get("id") if isinstance(request, dict) else None
    try:
        if (not isinstance(request, dict) or request.get("jsonrpc") != "2.0"
                or not isinstance(request.get("method"), str)):
            raise RpcError(-32600, "invalid request: not a JSON-RPC 2.0 request")
        params = request.get("params", {})
        if not isinstance(params, dict):
            raise bad_params("params is not an object")
        started = time.monotonic()
        result = session.handle(request["method"], params)
        log(f"{request['method']}: ok in {(time.monotonic() - started) * 1000:.0f} ms")
        response = {"jsonrpc": "2.0", "id": rid, "result": result}
    except RpcError as e:
        log(f"{request.get('method') if isinstance(request, dict) else '?'}: error {e.code}: {e.message}")
        error = {"code": e.code, "message": e.message}
        if e.data is not None:
            error["data"] = e.data
        response = {"jsonrpc": "2.0", "id": rid, "error": error}
    except Exception as e:  # a bug of this driver, not a device answer
        log(f"internal error: {type(e).__name__}: {e}")
        response = {"jsonrpc": "2.0", "id": rid,
                    "error": {"code": -32603, "message": f"internal error: {type(e).__name__}"}}
    if isinstance(request, dict) and "id" not in request and "error" not in response:
        return None  # a JSON-RPC notification gets no answer
    return response


def main():
    session = Session()
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8", errors="replace").strip()
        if not line:
            continue
        response = serve(session, line)
        if response is not None:
            send(response)
    if session.driver:
        session.driver.http.close()
    return 0  # stdin closed: facecert is done with us


if __name__ == "__main__":
    sys.exit(main())
