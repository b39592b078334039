#!/usr/bin/env python3
"""Every example tender through the page (issue 13): Open uploads the tender file,
the form the page shows is submitted as a browser would submit it (every field
with its shown value, checked boxes, selected options), and the zip must hold
documents byte-identical to what `annexgen generate` writes from the original
file: the form loses nothing the documents say. A tender with parts the form
cannot edit must say so on the page. usage: roundtrip.py URL ANNEXGEN TENDER...
Prints "ok serve roundtrip NAME" or "FAIL serve roundtrip NAME: why"."""
import html.parser
import http.client
import io
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile

url, annexgen, tenders = sys.argv[1], sys.argv[2], sys.argv[3:]
u = urllib.parse.urlsplit(url)
failed = 0


class Form(html.parser.HTMLParser):
    """The fields a browser submits from the page's form to /tender."""

    def __init__(self):
        super().__init__()
        self.fields, self.inside, self.select = [], False, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == "/tender"
        if not self.inside:
            return
        if tag == "input" and "name" in a:
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            else:
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.first = a.get("name"), None
        elif tag == "option" and self.select:
            if self.first is None:
                self.first = a.get("value", "")
            if "selected" in a:
                self.fields.append((self.select, a.get("value", "")))
                self.select = "-"

    def handle_endtag(self, tag):
        if tag == "select" and self.select not in (None, "-"):
            self.fields.append((self.select, self.first))
        if tag == "select":
            self.select = None
        if tag == "form":
            self.inside = False


def post(path, body, ctype):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    c.request("POST", path, body, {"Content-Type": ctype})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
c.request("GET", "/open")
page = c.getresponse().read()
token = re.search(rb'name="csrf" value="([0-9a-f]+)"', page).group(1)
for path in tenders:
    name = os.path.basename(path)
    src = open(path, "rb").read()
    b = b"XbOuNd"
    body = (b"--" + b + b'\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n' + token + b"\r\n--" + b +
            b'\r\nContent-Disposition: form-data; name="tender"; filename="' + name.encode() + b'"\r\n\r\n' + src +
            b"\r\n--" + b + b"--\r\n")
    st, page = post("/open", body, "multipart/form-data; boundary=XbOuNd")
    if st != 200:
        failed += 1
        print(f"FAIL serve roundtrip {name}: open gave {st}")
        continue
    partial = "已略去".encode() in page
    f = Form()
    f.feed(page.decode())
    fields = [(k, v) for k, v in f.fields if k not in ("act", "setui")] + [("act", "download")]
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
