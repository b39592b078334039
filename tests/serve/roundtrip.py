#!/usr/bin/env python3
"""Every example tender through the page (issue 13): Open uploads the tender file,
the form the page shows is submitted as a browser would submit it (every field
with its shown value, checked boxes, selected options), and the zip must hold
documents byte-identical to what `annexgen generate` writes from the original
file: the form loses nothing the documents say. A tender with parts the form
cannot edit must say so on the page. usage: roundtrip.py URL ANNEXGEN TENDER...
Prints "ok serve roundtrip NAME" or "FAIL serve roundtrip NAME: why"."""
import io
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile

import client

url, annexgen, tenders = sys.argv[1], sys.argv[2], sys.argv[3:]
failed = 0


def post(path, body, ctype):
    return client.request(url, "POST", path, body, ctype)


token = client.token(url)
for path in tenders:
    name = os.path.basename(path)
    src = open(path, "rb").read()
    st, page = post("/open", *client.multipart([("csrf", None, token), ("tender", name, src)]))
    if st != 200:
        failed += 1
        print(f"FAIL serve roundtrip {name}: open gave {st}")
        continue
    partial = "已略去".encode() in page
    fields = client.tender_fields(page) + [("act", "download")]
    st, z = post("/tender", urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded")
    if st != 200 or z[:2] != b"PK":
        failed += 1
        err = re.search(rb'<p class="error"[^>]*>([^<]*)', z)
        print(f"FAIL serve roundtrip {name}: download gave {st}: {err.group(1).decode() if err else ''}")
        continue
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([annexgen, "generate", path, "-o", d], check=True, capture_output=True)
        tid = next(e for e in os.listdir(d))
        zf = zipfile.ZipFile(io.BytesIO(z))
        docs = sorted(n for n in os.listdir(os.path.join(d, tid)) if n.endswith((".odt", ".docx")))
        differ = [n for n in docs if f"{tid}/{n}" not in zf.namelist() or
                  zf.read(f"{tid}/{n}") != open(os.path.join(d, tid, n), "rb").read()]
    if partial:
        print(f"ok serve roundtrip {name} (the page says what it left out)")
    elif differ:
        failed += 1
        print(f"FAIL serve roundtrip {name}: documents differ from annexgen generate: {differ[:3]}")
    else:
        print(f"ok serve roundtrip {name}")
sys.exit(1 if failed else 0)
