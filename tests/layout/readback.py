#!/usr/bin/env python3
"""Reads rendered pages (pdftotext, poppler) and form markup for tests/layout.sh and
prints one problem a line; nothing when the check passes.

  readback.py breaks PDF WORDS      Latin words and numbers broken across lines:
                                    WORDS lists every word of the inputs
  readback.py blank PDF             pages with nothing but header and footer
  readback.py category PDF LIST     every page names the category of each item on it:
                                    LIST is `annexgen list` (id, domain, category, text)
  readback.py lone PDF LIST WORDS   no category name leaves one character alone on
                                    its last line; no heading word of WORDS is split
  readback.py margins PDF PT        header and footer at least PT points from the body
  readback.py footnotes PDF         every footnote on the page of its marker
  readback.py fields DOCX           content controls as Word users expect: titled for a
                                    person, the machine name in w:tag; Word's placeholder
                                    (showingPlcHdr, a glossary docPart), never a choice;
                                    the explanation field multi-line
"""
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text(pdf, page=None, raw=True):
    cmd = ["pdftotext", "-raw" if raw else "-layout", "-enc", "UTF-8"]
    if page:
        cmd += ["-f", str(page), "-l", str(page)]
    return subprocess.run(cmd + [pdf, "-"], capture_output=True, check=True).stdout.decode()


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


TOKEN = r"[A-Za-z0-9][A-Za-z0-9.%]*"


def breaks(pdf, words_file):
    """A URL longer than its column must break somewhere: URLs are left out."""
    words = set()
    for w in open(words_file, encoding="utf-8").read().split():
        if re.search(r"://|www\.", w):
            continue
        words.add(w)
        words.add(w.rstrip("."))
        words.update(t.rstrip(".") for t in re.findall(TOKEN, w))   # parts of a/b, (a), a-b
    for p in range(1, pages(pdf) + 1):
        lines = text(pdf, p).split("\n")
        for a, b in zip(lines, lines[1:]):
            if a.split() and re.search(r"://|www\.", a.split()[-1]):
                continue   # inside a URL
            left = re.search(TOKEN + r"$", a.rstrip("\n"))
            right = re.match(TOKEN, b)
            if not left or not right or a.endswith(" "):
                continue
            joined = left.group(0) + right.group(0)
            # A footnote number set right after a word reads as its tail ("applicabl/e1").
            bare = re.sub(r"\d+$", "", joined) if re.match(r"[A-Za-z]+\d+$", right.group(0)) else joined
            if joined in words or joined.rstrip(".") in words or bare in words:
                print("p%d: %s/%s" % (p, left.group(0), right.group(0)))


def blank(pdf):
    for p in range(1, pages(pdf) + 1):
        body = [l for l in text(pdf, p, raw=False).split("\n") if l.strip()]
        if len(body) <= 2:   # the header line and the footer line
            print("page %d of %d is blank" % (p, pages(pdf)))


def listing(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 3:
            rows.append(f)
    return rows


def squeeze(s):
    return re.sub(r"\s+", "", s)


def category(pdf, list_file):
    cat = {r[0]: r[2] for r in listing(list_file)}
    for p in range(1, pages(pdf) + 1):
        t = text(pdf, p)
        flat = squeeze(t)
        for id_ in sorted(set(t.split()) & set(cat)):
            if squeeze(cat[id_]) not in flat:
                print("p%d: %s without its category %s" % (p, id_, cat[id_]))


def lone(pdf, list_file, words_file):
    names = {r[2] for r in listing(list_file)} | {r[1] for r in listing(list_file)}
    heads = open(words_file, encoding="utf-8").read().split()
    t = text(pdf)
    for n in sorted(names):
        if len(n) > 1 and re.search(re.escape(n[:-1]) + r"\n" + re.escape(n[-1]) + r"(\n|$)", t):
            print("%s/%s" % (n[:-1], n[-1]))
    for w in heads:
        for k in range(1, len(w)):
            if re.search(re.escape(w[:k]) + r"\n" + re.escape(w[k:]), t):
                print("heading %s/%s" % (w[:k], w[k:]))


def margins(pdf, limit):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, check=True).stdout.decode()
    for p, page in enumerate(re.findall(r"<page .*?</page>", out, re.S), 1):
        ys = sorted((float(a), float(b)) for a, b in
                    re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', page))
        if len(ys) < 3:
            continue
        head = ys[0]
        foot = max(ys, key=lambda y: y[0])
        body = [y for y in ys if y[0] > head[1] + 0.5 and y[1] < foot[0] - 0.5]
        if not body:
            continue
        top = min(y[0] for y in body) - head[1]
        bottom = foot[0] - max(y[1] for y in body)
        if top < limit:
            print("p%d: body text %.1f pt below the header" % (p, top))
        if bottom < limit:
            print("p%d: footer %.1f pt below the body text" % (p, bottom))


def footnotes(pdf):
    """A footnote marker is a small number in the body; its note starts with the
    number at the left margin (x < 80 pt) at the page foot."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, check=True).stdout.decode()
    for p, page in enumerate(re.findall(r"<page .*?</page>", out, re.S), 1):
        words = [(float(a), float(b), float(d) - float(b), t) for a, b, c, d, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)]
        marks = {t for x, y, h, t in words if re.fullmatch(r"\d+", t) and h < 9.5 and x > 80}
        notes = {t for x, y, h, t in words if re.fullmatch(r"\d+", t) and x <= 80}
        for m in sorted(marks - notes, key=int):
            print("p%d: the note of marker %s is not on the page" % (p, m))


def fields(docx):
    z = zipfile.ZipFile(docx)
    doc = ET.fromstring(z.read("word/document.xml"))
    parts = set()
    if "word/glossary/document.xml" in z.namelist():
        g = ET.fromstring(z.read("word/glossary/document.xml"))
        parts = {n.get(W + "val") for n in g.iter(W + "docPartPr") for n in n.findall(W + "name")}
    for sdt in doc.iter(W + "sdt"):
        pr = sdt.find(W + "sdtPr")
        tag = pr.find(W + "tag").get(W + "val") if pr.find(W + "tag") is not None else ""
        alias = pr.find(W + "alias").get(W + "val") if pr.find(W + "alias") is not None else ""
        shown = "".join(t.text or "" for t in sdt.find(W + "sdtContent").iter(W + "t"))
        if not alias or re.fullmatch(r"[^ ]+\.[a-z]+", alias):
            print("%s: title %r is not a person's label" % (tag, alias))
        if not re.fullmatch(r"[^ ]+\.[a-z]+", tag):
            print("%s: machine tag missing" % tag)
        if pr.find(W + "showingPlcHdr") is None or not shown:
            print("%s: no placeholder shown" % tag)
            continue
        dp = pr.find(W + "placeholder/" + W + "docPart")
        if dp is None or dp.get(W + "val") not in parts:
            print("%s: placeholder without a building block in the glossary" % tag)
        dd = pr.find(W + "dropDownList")
        if dd is not None and shown in [i.get(W + "value") for i in dd.findall(W + "listItem")]:
            print("%s: placeholder %r is one of the choices" % (tag, shown))
        if tag.endswith(".explanation"):
            t = pr.find(W + "text")
            if t is None or t.get(W + "multiLine") not in ("1", "true", "on"):
                print("%s: takes one line only" % tag)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"breaks": breaks, "blank": blank, "category": category, "lone": lone,
     "margins": lambda pdf, pt: margins(pdf, float(pt)), "fields": fields, "footnotes": footnotes}[cmd](*args)
