#!/usr/bin/env python3
"""Regenerates the seed corpora in fuzz/corpus/ from traffic made locally on 127.0.0.1 only.

Needs root (tcpdump on lo), tcpdump, curl and openssl. What it does:
  * captures (tcpdump -i lo) a curl GET / POST against a small Python HTTP server and an
    `openssl s_client` <-> `openssl s_server` handshake (TLS 1.2 and TLS 1.3) on 127.0.0.1;
  * capture reader seeds: those pcaps, one also rewritten as pcapng (SHB/IDB/EPB blocks);
  * HTTP / TLS seeds: each direction's TCP payload bytes pulled out of the pcaps, plus the
    server certificate as DER; one TLCP seed is the TLS 1.2 server direction with the record and
    ServerHello versions set to 0x0101 and the suite to ECC_SM4_CBC_SM3 (0xE013);
  * TCP reassembler seeds: segment programs in fuzz_tcp_reassembler's input format.
Usage: sudo python3 fuzz/make-seeds.py   (overwrites the seeds it makes; crash-* inputs stay)
"""
import gzip, json, os, shutil, signal, socket, struct, subprocess, sys, tempfile, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
LOOP = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((LOOP, 0))
        return s.getsockname()[1]


def capture(path, port, action):
    """Runs action() while tcpdump writes the loopback packets of `port` to path."""
    td = subprocess.Popen(["tcpdump", "-i", "lo", "-U", "-s", "0", "-w", path, f"tcp port {port}"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    try:
        action()
        time.sleep(0.5)
    finally:
        td.send_signal(signal.SIGINT)
        td.wait(5)


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack("<I", data[:4])
    assert magic == 0xA1B2C3D4, "little-endian microsecond pcap expected"
    linktype, = struct.unpack("<I", data[20:24])
    pos, packets = 24, []
    while pos + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack("<IIII", data[pos:pos + 16])
        packets.append((sec, usec, orig, data[pos + 16:pos + 16 + incl]))
        pos += 16 + incl
    return linktype, packets


def streams(path):
    """TCP payload per (src port, dst port) in capture order (loopback: no loss, no reordering)."""
    linktype, packets = read_pcap(path)
    assert linktype == 1  # Ethernet on lo
    out = {}
    for _, _, _, frame in packets:
        if struct.unpack("!H", frame[12:14])[0] != 0x0800:
            continue
        ip = frame[14:]
        ihl = (ip[0] & 15) * 4
        total = struct.unpack("!H", ip[2:4])[0]
        if ip[9] != 6:
            continue
        tcp = ip[ihl:total]
        sport, dport = struct.unpack("!HH", tcp[:4])
        payload = tcp[(tcp[12] >> 4) * 4:]
        if payload:
            out.setdefault((sport, dport), bytearray()).extend(payload)
    return out


def pcap_to_pcapng(src, dst):
    linktype, packets = read_pcap(src)

    def block(kind, body):
        body += b"\0" * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack("<II", kind, n) + body + struct.pack("<I", n)

    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += block(1, struct.pack("<HHI", linktype, 0, 262144))
    for sec, usec, orig, frame in packets:
        ts = sec * 1000000 + usec
        out += block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(frame), orig) + frame)
    with open(dst, "wb") as f:
        f.write(out)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = gzip.compress(json.dumps({"FaceList": [{"Id": 1, "Name": "demo", "Feature": [0.5, 0.25],
                                                         "Data": "aGVsbG8gd29ybGQ="}]}).encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(n)
        body = b'<?xml version="1.0"?><Response><Status>OK</Status><Face><Data>aGk=</Data></Face></Response>'
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))


def http_traffic(tmp, port):
    server = ThreadingHTTPServer((LOOP, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://{LOOP}:{port}"
    form = os.path.join(tmp, "form.txt")
    with open(form, "w") as f:
        f.write("user=admin&password=secret")
    subprocess.run(["curl", "-s", "-o", "/dev/null", "--compressed", url + "/api/faces?id=1",
                    "-H", "Authorization: Basic YWRtaW46c2VjcmV0",
                    "--next", "-s", "-o", "/dev/null", "-H", "Content-Type: application/json",
                    "--data-binary", '{"FaceImage":"aGVsbG8=","IdNumber":"110101199003074514"}',
                    url + "/api/enrol",
                    "--next", "-s", "-o", "/dev/null", "-F", "FaceImage=@" + form + ";type=image/jpeg",
                    "-F", "name=demo", url + "/upload"], check=True)
    server.shutdown()


def tls_traffic(tmp, port, version_flag):
    key, crt = os.path.join(tmp, "key.pem"), os.path.join(tmp, "crt.pem")
    server = subprocess.Popen(["openssl", "s_server", "-accept", f"{LOOP}:{port}", "-key", key, "-cert", crt,
                               "-naccept", "1", "-quiet"], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.7)
    subprocess.run(["openssl", "s_client", "-connect", f"{LOOP}:{port}", "-servername", "device.local",
                    version_flag], input=b"GET / HTTP/1.0\r\n\r\n", stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=10)
    server.wait(5)


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    assert len(data) < 64 * 1024, (name, len(data))
    with open(os.path.join(d, name), "wb") as f:
        f.write(bytes(data))


def split_dirs(path, server_port):
    s = streams(path)
    c2s = b"".join(v for (sp, dp), v in s.items() if dp == server_port)
    s2c = b"".join(v for (sp, dp), v in s.items() if sp == server_port)
    return c2s, s2c


def tcp_programs():
    def seg(flags, delta, payload):
        return struct.pack("!BhB", flags, delta, len(payload)) + payload
    head = lambda max_bytes, max_pending, isn, syn: struct.pack("!HHIB", max_bytes, max_pending, isn, syn)
    yield "in_order", head(4095, 2047, 1000, 1) + seg(0, 0, b"GET / HTTP/1.1\r\n") + seg(0, 16, b"Host: x\r\n\r\n") + seg(2, 27, b"")
    yield "out_of_order", head(4095, 2047, 0xFFFFFFF0, 1) + seg(0, 10, b"klmnopqrst") + seg(0, 0, b"abcdefghij") + seg(0, 30, b"z")
    yield "retransmit_conflict", head(4095, 2047, 7, 1) + seg(0, 0, b"hello world") + seg(0, 6, b"WORLD") + seg(0, 3, b"lo")
    yield "pending_limit", head(4095, 8, 99, 0) + seg(0, 0, b"start") + b"".join(seg(0, 100 + 20 * i, b"x" * 10) for i in range(4))
    yield "cap_and_rst", head(20, 2047, 5, 1) + seg(0, 0, b"0123456789") + seg(0, 10, b"0123456789abcdef") + seg(4, 26, b"reset")
    yield "wrap_far", head(4095, 2047, 0xFFFFFF00, 17) + seg(1 | 16, -1, b"") + seg(8, 1, b"far") + seg(0, 0, b"near")


def main():
    if os.geteuid() != 0:
        sys.exit("make-seeds: run as root (tcpdump on lo)")
    tmp = tempfile.mkdtemp(prefix="facecert-seeds-")
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-keyout", os.path.join(tmp, "key.pem"), "-out", os.path.join(tmp, "crt.pem"),
                        "-days", "365", "-subj", "/CN=device.local/O=facecert fuzz seed"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # HTTP on loopback.
        port = free_port()
        http_pcap = os.path.join(tmp, "http.pcap")
        capture(http_pcap, port, lambda: http_traffic(tmp, port))
        write("fuzz_capture_reader", "http_lo.pcap", open(http_pcap, "rb").read())
        pcap_to_pcapng(http_pcap, os.path.join(tmp, "http.pcapng"))
        write("fuzz_capture_reader", "http_lo.pcapng", open(os.path.join(tmp, "http.pcapng"), "rb").read())
        c2s, s2c = split_dirs(http_pcap, port)
        write("fuzz_http_parser", "requests_c2s", c2s)
        write("fuzz_http_parser", "responses_s2c", s2c)
        write("fuzz_http_parser", "body_json", b'{"FaceList":[{"Data":"aGVsbG8=","Feature":[1,2,3]}],"a":{"b":null}}')
        write("fuzz_http_parser", "body_xml", b'<?xml version="1.0"?><Req><Face><Data>aGk=</Data></Face><x a="1"/></Req>')
        write("fuzz_http_parser", "body_form", b"user=admin&password=s%65cret&photo=aGk%3D")
        write("fuzz_http_parser", "body_gzip", gzip.compress(b'{"x":"' + b"A" * 200 + b'"}'))
        # TLS 1.2 and 1.3 on loopback.
        for flag, name in (("-tls1_2", "tls12"), ("-tls1_3", "tls13")):
            port = free_port()
            pcap = os.path.join(tmp, name + ".pcap")
            capture(pcap, port, lambda: tls_traffic(tmp, port, flag))
            write("fuzz_capture_reader", name + "_lo.pcap", open(pcap, "rb").read())
            c2s, s2c = split_dirs(pcap, port)
            write("fuzz_tls_parser", name + "_client", c2s)
            write("fuzz_tls_parser", name + "_server", s2c)
            if name == "tls12":
                tlcp = bytearray(s2c)
                # Record 0: header (5) then ServerHello: type(1) len(3) version(2) random(32) sid.
                tlcp[1:3] = b"\x01\x01"
                tlcp[9:11] = b"\x01\x01"
                sid = tlcp[43]
                tlcp[44 + sid:46 + sid] = b"\xe0\x13"
                write("fuzz_tls_parser", "tlcp_server_patched", tlcp)
        der = subprocess.run(["openssl", "x509", "-in", os.path.join(tmp, "crt.pem"), "-outform", "DER"],
                             check=True, capture_output=True).stdout
        write("fuzz_tls_parser", "certificate.der", der)
        for name, data in tcp_programs():
            write("fuzz_tcp_reassembler", name, data)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
