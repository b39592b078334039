#!/usr/bin/env python3
"""Hostile requests against a running `annexgen serve` (issue 13), with a plain
HTTP client: usage hostile.py URL TMPDIR ANNEXGEN. Prints "ok serve NAME" or
"FAIL serve NAME: why" per check; after each hostile request the server must
still answer a normal one, and no request may leave files in its temp folder."""
import glob
import http.client
import io
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile

import client

url, tmpdir, annexgen = sys.argv[1], sys.argv[2], sys.argv[3]
u = urllib.parse.urlsplit(url)
HOST, PORT = u.hostname, u.port
checks = client.Checks("serve")
ok, fail, check = checks.ok, checks.fail, checks.check


def request(method, path, body=None, headers=None, host=None):
    c = http.client.HTTPConnection(HOST, PORT, timeout=60)
    c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    c.putheader("Host", host if host is not None else f"{HOST}:{PORT}")
    hdrs = dict(headers or {})
    if body is not None and "Content-Length" not in hdrs and "Transfer-Encoding" not in hdrs:
        hdrs["Content-Length"] = str(len(body))
    for k, v in hdrs.items():
        c.putheader(k, v)
    c.endheaders()
    try:
        if body is not None:
            c.send(body)
        r = c.getresponse()
        data = r.read()
    except (ConnectionError, http.client.HTTPException) as e:
        c.close()
        return None, {}, str(e).encode()
    c.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, data


def alive(name):
    st, _, body = request("GET", "/")
    check(f"{name}-then-still-serving", st == 200 and b"<form" in body, f"GET / gave {st}")


def no_leftovers(name):
    left = [p for d in glob.glob(os.path.join(tmpdir, "annexgen-serve.*")) for p in os.listdir(d)]
    check(f"{name}-temp-folder-empty", not left, f"left behind: {left}")


def form(fields):
    return urllib.parse.urlencode(fields).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}

st, h, page = request("GET", "/")
check("get-page", st == 200, f"status {st}")
csp = h.get("content-security-policy", "")
check("csp-header", "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp,
      f"Content-Security-Policy: {csp!r}")
check("nosniff-header", h.get("x-content-type-options") == "nosniff", str(h.get("x-content-type-options")))
check("page-has-lang", b'<html lang="zh-TW">' in page, "no lang attribute on <html>")
m = re.search(rb'name="csrf" value="([0-9a-f]{64})"', page)
token = m.group(1).decode() if m else ""
check("csrf-token-in-form", bool(token), "no token in the form")
unlabelled = [i for i in re.findall(rb'<(?:input|select)[^>]*>', page)
              if b'type="hidden"' not in i and b'type="checkbox" name="type"' not in i
              and not re.search(rb'id="(f-[^"]+)"', i)]
check("every-control-has-an-id-for-its-label", not unlabelled, f"{unlabelled[:2]}")
wrapped = set(re.findall(rb'<label class="check"><input[^>]*id="(f-[^"]+)"', page))
for lid in re.findall(rb'<(?:input|select)[^>]*id="(f-[^"]+)"', page):
    if b'for="' + lid + b'"' not in page and lid not in wrapped:
        fail("every-control-labelled", f"no <label for> for {lid!r}")
        break
else:
    ok("every-control-labelled")

tender = {"csrf": token, "title": "測試採購案", "agency": "測試機關", "case": "IC-115-7",
          "date": "2026-03-02", "annex": "附件一", "language": "zh-TW", "type": "paas",
          "x:paas:SP-9": "1", "r:paas:SP-9": "<script>alert(1)</script><img src=x onerror=alert(2)>",
          "act": "preview"}
st, _, body = request("POST", "/tender", form(tender), FORM)
check("script-in-reason-is-text", st == 200 and b"&lt;script&gt;alert(1)&lt;/script&gt;" in body
      and b"<script" not in body and b"<img" not in body, f"status {st}")
check("preview-shows-the-annex", b'<article class="doc' in body and b"SP-9" in body, "no document in the preview")
alive("preview")
no_leftovers("preview")

t2 = dict(tender, act="download")
st, h, body = request("POST", "/tender", form(t2), FORM)
cd = h.get("content-disposition", "")
check("download-is-a-zip", st == 200 and h.get("content-type") == "application/zip" and body[:2] == b"PK",
      f"status {st}, type {h.get('content-type')}")
check("download-name", cd == 'attachment; filename="IC-115-7.zip"', cd)
try:
    z = zipfile.ZipFile(io.BytesIO(body))
    names = z.namelist()
    want = {f"IC-115-7/IC-115-7-paas-{k}.{f}" for k in ("annex", "response") for f in ("odt", "docx")}
    want |= {"IC-115-7/IC-115-7-overview.odt", "IC-115-7/IC-115-7-overview.docx",
             "IC-115-7/manifest.tsv", "IC-115-7/IC-115-7.xml"}
    check("zip-has-every-document", set(names) == want, f"{sorted(set(names) ^ want)}")
    with tempfile.TemporaryDirectory() as d:
        z.extractall(d)
        r = subprocess.run([annexgen, "validate", os.path.join(d, "IC-115-7", "IC-115-7.xml")],
                           capture_output=True, text=True)
        check("zip-tender-file-validates", r.returncode == 0, r.stderr.strip())
except zipfile.BadZipFile as e:
    fail("zip-has-every-document", str(e))
no_leftovers("download")

bad = dict(tender, act="preview")
bad.pop("r:paas:SP-9")
st, _, body = request("POST", "/tender", form(bad), FORM)
check("missing-reason-error-next-to-field", st == 422 and b'id="e-r:paas:SP-9"' in body and b"needs a reason" in body,
      f"status {st}")

# An empty required field: the error beside it says so in the page's words, not the schema's.
empty = dict(tender, act="preview", title="")
st, _, body = request("POST", "/tender", form(empty), FORM)
msg = re.search(rb'id="e-title"[^>]*>([^<]*)', body)
check("empty-field-error-in-plain-words", st == 422 and msg is not None and "此欄必填" in msg.group(1).decode()
      and b"<title>" not in msg.group(1) and b"datatype" not in body, f"status {st}: {msg.group(1) if msg else body[:200]}")

# Forged requests: no token, wrong token, another origin.
nt = dict(tender)
nt.pop("csrf")
st, _, _ = request("POST", "/tender", form(nt), FORM)
check("post-without-token-403", st == 403, f"status {st}")
alive("post-without-token")
st, _, _ = request("POST", "/tender", form(dict(tender, csrf="0" * 64)), FORM)
check("post-wrong-token-403", st == 403, f"status {st}")
st, _, _ = request("POST", "/tender", form(tender), dict(FORM, Origin="http://evil.example"))
check("post-from-other-origin-403", st == 403, f"status {st}")
st, _, _ = request("POST", "/tender", form(tender), dict(FORM, **{"Sec-Fetch-Site": "cross-site"}))
check("post-cross-site-403", st == 403, f"status {st}")

# DNS rebinding: a name that is not ours.
for host in (f"evil.example:{PORT}", f"127.0.0.1.evil.example:{PORT}", f"localhost:{PORT + 1}", ""):
    st, _, _ = request("GET", "/", host=host)
    check(f"wrong-host-refused[{host or 'empty'}]", st == 421, f"status {st}")
alive("wrong-host")

# Size limits: a declared body past the limit, a chunked one, one file past its limit.
st, _, _ = request("POST", "/collect", b"x" * 1024,
                   {"Content-Type": "multipart/form-data; boundary=B", "Content-Length": str(64 << 20)})
check("oversized-declared-413", st == 413, f"status {st}")
alive("oversized-declared")
B = "XbOuNdArY"
MP = {"Content-Type": f"multipart/form-data; boundary={B}"}


def multipart(parts):
    out = b""
    for name, filename, data in parts:
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        out += f"--{B}\r\nContent-Disposition: {disp}\r\n\r\n".encode() + data + b"\r\n"
    return out + f"--{B}--\r\n".encode()


big = multipart([("csrf", None, token.encode()), ("tender", "big.xml", b"<" * (9 << 20))])
st, _, _ = request("POST", "/open", big, MP)
check("oversized-upload-413", st == 413, f"status {st}")
alive("oversized-upload")
chunk = b"y" * 65536
body = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(33 * 16)) + b"0\r\n\r\n"
st, _, _ = request("POST", "/collect", body, dict(MP, **{"Transfer-Encoding": "chunked"}))
check("oversized-chunked-413", st == 413, f"status {st}")
alive("oversized-chunked")
no_leftovers("oversized")

# Malformed bodies.
for name, body in (("no-closing-delimiter", f"--{B}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}".encode()),
                   ("no-boundary-line", b"just bytes"),
                   ("no-disposition", f"--{B}\r\nContent-Type: text/plain\r\n\r\nx\r\n--{B}--\r\n".encode())):
    st, _, _ = request("POST", "/open", body, MP)
    check(f"malformed-multipart-400[{name}]", st == 400, f"status {st}")
st, _, _ = request("POST", "/open", multipart([("csrf", None, token.encode())]),
                   {"Content-Type": "multipart/form-data"})
check("multipart-without-boundary-400", st == 400, f"status {st}")
st, _, _ = request("POST", "/tender", b"csrf=%zz", FORM)
check("malformed-urlencoded-400", st == 400, f"status {st}")
st, _, _ = request("POST", "/tender", b"{}", {"Content-Type": "application/json"})
check("other-content-type-400", st == 400, f"status {st}")
alive("malformed")

# A hostile tender file on Open: an entity, a path in the catalogue reference.
evil = b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><t>&x;</t>'
st, _, body = request("POST", "/open", multipart([("csrf", None, token.encode()), ("tender", "a<b>.xml", evil)]), MP)
check("open-refuses-dtd", st == 422 and b"document type declarations are not allowed" in body
      and b"root:" not in body and b"a&lt;b&gt;.xml" in body, f"status {st}")
st, _, _ = request("DELETE", "/")
check("other-method-405", st == 405, f"status {st}")
st, _, _ = request("GET", "/../../etc/passwd")
check("no-path-from-url", st in (400, 404), f"status {st}")
alive("open")
no_leftovers("all")
sys.exit(1 if checks.failed else 0)
