"""What the web page's tests share (hostile.py, browser.py, roundtrip.py,
threads.py): their "ok"/"FAIL" lines, the fields a browser submits from the
page's tender form, and plain HTTP requests."""
import html.parser
import http.client
import re
import urllib.parse


class Checks:
    """Prints "ok LABEL NAME" or "FAIL LABEL NAME: why" and counts failures."""

    def __init__(self, label):
        self.label, self.failed = label, 0

    def ok(self, name):
        print(f"ok {self.label} {name}", flush=True)

    def fail(self, name, why):
        self.failed += 1
        print(f"FAIL {self.label} {name}: {why}", flush=True)

    def check(self, name, cond, why="condition failed"):
        self.ok(name) if cond else self.fail(name, why)


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


def request(url, method, path, body=None, ctype=None):
    """(status, body) of one request on a connection of its own."""
    u = urllib.parse.urlsplit(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
    c.request(method, path, body, {"Content-Type": ctype} if ctype else {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def token(url):
    """The form token the pages carry."""
    return re.search(rb'name="csrf" value="([0-9a-f]+)"', request(url, "GET", "/open")[1]).group(1)


def multipart(parts):
    """(body, content type) of fields (name, filename or None, bytes)."""
    b = b"XbOuNd"
    body = b""
    for name, filename, data in parts:
        body += b"--" + b + b'\r\nContent-Disposition: form-data; name="' + name.encode() + b'"'
        if filename:
            body += b'; filename="' + filename.encode() + b'"'
        body += b"\r\n\r\n" + data + b"\r\n"
    return body + b"--" + b + b"--\r\n", "multipart/form-data; boundary=XbOuNd"


def tender_fields(page):
    """The fields of the page's tender form, as a browser submits them."""
    f = Form()
    f.feed(page.decode())
    return [(k, v) for k, v in f.fields if k not in ("act", "setui")]


