#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_carver (fuzz/corpus/fuzz_carver/), each file < 64 KiB.

Images are the demo photos (spoof-datasets/demo) shrunk by ImageMagick's /usr/bin/convert (apt
package imagemagick, needed only to remake these seeds); the
containers are made with Python's own sqlite3 and tarfile modules:
  * jpeg_exif_dqt.bin: random bytes, a JPEG with an EXIF thumbnail (APP1 "Exif" holding a JPEG),
    a DQT-first JPEG (APP0 removed), a JPEG cut in its scan data by random bytes (fragmented);
  * png_bmp_webp.bin: a PNG, a BMP and a WebP between runs of FF and 00;
  * base64.json: a JSON document with a base64 JPEG, and a PNG wrapped at 76 columns;
  * faces.db: a SQLite table with an image blob, a base64 TEXT value and a deleted row;
  * dump.tar: a ustar archive of a data directory with an image member.
Usage: python3 fuzz/make-carve-seeds.py   (overwrites these seeds)
"""
import base64, io, os, random, sqlite3, subprocess, tarfile, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "fuzz_carver")
DEMO = os.path.join(HERE, "..", "spoof-datasets", "demo")
rng = random.Random(5)


def img(name, side, fmt, quality=60):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "x." + fmt)
        subprocess.run(["/usr/bin/convert", os.path.join(DEMO, name), "-resize", f"{side}x{side}!", "-strip",
                        "-quality", str(quality), out], check=True)
        return open(out, "rb").read()


def rand(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def with_exif(jpeg, thumb):
    payload = b"Exif\0\0II*\0\x08\0\0\0" + b"\0" * 6 + thumb
    return b"\xff\xd8\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload + jpeg[2:]


def dqt_first(jpeg):
    assert jpeg[2:4] == b"\xff\xe0"
    return jpeg[:2] + jpeg[4 + int.from_bytes(jpeg[4:6], "big"):]


def write(name, data):
    assert len(data) < 65536, (name, len(data))
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


os.makedirs(OUT, exist_ok=True)
face, plain = img("astronaut.jpg", 64, "jpg"), img("fruits.jpg", 48, "jpg")
half = len(face) // 2
write("jpeg_exif_dqt.bin", rand(301) + with_exif(face, img("astronaut.jpg", 24, "jpg")) + rand(77)
      + dqt_first(plain) + rand(99) + face[:half] + rand(600) + face[half:] + rand(50))
write("png_bmp_webp.bin", b"\xff" * 700 + img("building.jpg", 24, "png") + b"\0" * 333
      + img("baboon.jpg", 16, "bmp") + b"\xff" * 100 + img("fruits.jpg", 32, "webp") + rand(40))
png64 = base64.b64encode(img("building.jpg", 24, "png")).decode()
write("base64.json", ('{"id":7,"photo":"data:image/jpeg;base64,' + base64.b64encode(plain).decode()
                      + '","png":"' + "\n".join(png64[i:i + 76] for i in range(0, len(png64), 76)) + '"}\n').encode())
with tempfile.TemporaryDirectory() as d:
    db_path = os.path.join(d, "faces.db")
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA secure_delete = OFF")
    db.execute("CREATE TABLE faces(id INTEGER PRIMARY KEY, name TEXT, photo BLOB, b64 TEXT)")
    db.execute("INSERT INTO faces VALUES (1, 'a', ?, NULL)", (face,))
    db.execute("INSERT INTO faces VALUES (2, 'b', NULL, ?)", (base64.b64encode(plain).decode(),))
    db.execute("INSERT INTO faces VALUES (3, 'c', ?, NULL)", (img("messi5.jpg", 32, "jpg"),))
    db.execute("DELETE FROM faces WHERE id = 3")
    db.commit()
    db.close()
    write("faces.db", open(db_path, "rb").read())
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
    for name, data in (("data/log.txt", b"boot ok\n" * 20), ("data/photos/0001.jpg", face)):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
write("dump.tar", buf.getvalue())
print("fuzz_carver seeds:", sorted(os.listdir(OUT)))
