#!/usr/bin/env python3
"""Concurrent requests on `annexgen serve` (tests/serve-threads.sh runs it on the
ThreadSanitizer build): CLIENTS clients at once, each ROUNDS times: download a
tender's documents, preview it, open the tender file, collect the vendors'
forms and fetch the matrix. Every answer must be 200, every download must
hold documents byte-identical to what `annexgen generate` writes, every
matrix the same bytes, and requests must have overlapped in the server.
usage: threads.py URL ANNEXGEN TENDER TYPE FORM... (FORM: the response forms of
service type TYPE). Prints "ok serve-threads NAME" or
"FAIL serve-threads NAME: why"."""
import concurrent.futures
import io
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zipfile

import client

url, annexgen, tender, stype, forms = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
CLIENTS, ROUNDS = 6, 3
name = os.path.basename(tender)
src = open(tender, "rb").read()
tok = client.token(url)
lock = threading.Lock()
spans, problems, matrices = [], [], set()

with tempfile.TemporaryDirectory() as d:
    subprocess.run([annexgen, "generate", tender, "-o", d], check=True, capture_output=True)
    tid = os.listdir(d)[0]
    expected = {f"{tid}/{n}": open(os.path.join(d, tid, n), "rb").read()
                for n in os.listdir(os.path.join(d, tid)) if n.endswith((".odt", ".docx"))}

st, page = client.request(url, "POST", "/open", *client.multipart([("csrf", None, tok), ("tender", name, src)]))
if st != 200:
    print(f"FAIL serve-threads setup: opening {name} gave {st}")
    sys.exit(1)
fields = client.tender_fields(page)


def timed(what, method, path, body=None, ctype=None):
    t0 = time.monotonic()
    st, data = client.request(url, method, path, body, ctype)
    with lock:
        spans.append((t0, time.monotonic()))
        if st != 200:
            problems.append(f"{what} gave {st}")
    return st, data


def one(i):
    for _ in range(ROUNDS):
        st, z = timed("download", "POST", "/tender",
                      urllib.parse.urlencode(fields + [("act", "download")]).encode(),
                      "application/x-www-form-urlencoded")
        if st == 200:
            zf = zipfile.ZipFile(io.BytesIO(z))
            differ = [n for n in expected if n not in zf.namelist() or zf.read(n) != expected[n]]
            if differ:
                with lock:
                    problems.append(f"download differs from annexgen generate: {differ[:2]}")
        timed("preview", "POST", "/tender", urllib.parse.urlencode(fields + [("act", "preview")]).encode(),
              "application/x-www-form-urlencoded")
        timed("open", "POST", "/open", *client.multipart([("csrf", None, tok), ("tender", name, src)]))
        parts = [("csrf", None, tok), ("tender", name, src), ("type", None, stype.encode())] + \
                [("forms", os.path.basename(f), open(f, "rb").read()) for f in forms]
        st, page = timed("collect", "POST", "/collect", *client.multipart(parts))
        m = re.search(rb'href="(/result/[0-9a-f]+)"', page)
        if st == 200 and not m:
            with lock:
                problems.append("collect gave no matrix download")
        elif m:
            st, z = timed("matrix", "GET", m.group(1).decode())
            if st == 200:
                with lock:
                    matrices.add(z)


with concurrent.futures.ThreadPoolExecutor(CLIENTS) as ex:
    list(ex.map(one, range(CLIENTS)))

# The most requests in the server at one moment, from the clients' clocks.
events = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans])
most = now = 0
for _, step in events:
    now += step
    most = max(most, now)

n = len(spans)
print(f"FAIL serve-threads answers: {problems[0]} (and {len(problems) - 1} more)" if problems else
      f"ok serve-threads answers ({n} requests from {CLIENTS} clients, all 200, downloads as annexgen generate)")
print(f"FAIL serve-threads matrices: {len(matrices)} different matrix zips" if len(matrices) != 1 else
      "ok serve-threads matrices (the same bytes every time)")
print(f"FAIL serve-threads overlap: at most {most} request(s) at once" if most < 2 else
      f"ok serve-threads overlap (up to {most} requests at once)")
sys.exit(1 if problems or len(matrices) != 1 or most < 2 else 0)
