#!/usr/bin/env python3
"""Reads a document back the way a consumer does and checks it against expectations.

usage: docrows.py KIND FILE EXPECT [--doc annex|response|overview] [--choices A|B|C] [--na WORD]
  KIND   odt | docx (the package) | pandoc (pandoc's JSON AST) | pdftext (pdftotext output)
  EXPECT TSV written by consumers.sh:
           id   ID  applicable|excluded|agency   (in the catalogue table's order)
           known ID                              (any ID the catalogue or tender defines)
           note ID  SNIPPET                      (must be in a footnote on ID's row)
Prints one line per problem and exits 1 if there is any.

Rows are found by their item-ID cell (a table cell whose whole text is a known ID), as
shared/README.md advises: LibreOffice drops tags and names, so the row is the anchor.
Text is compared with all whitespace removed (LibreOffice and pandoc re-space CJK text).
"""
import json, re, sys, zipfile
import xml.etree.ElementTree as ET

NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
}
def q(p, local): return "{%s}%s" % (NS[p], local)
def squash(s): return re.sub(r"\s+", "", s)


class Row:
    def __init__(self):
        self.cells, self.notes, self.dropdowns, self.fields = [], [], [], 0
    def text(self): return "".join(self.cells)


class Doc:
    """rows: table rows in document order; notes: every footnote; body: all text."""
    def __init__(self):
        self.rows, self.notes, self.body = [], [], []


# ---- ODT: content.xml -------------------------------------------------------------
def odt_text(el, row, doc):
    """Visible text of el; footnotes, drop-downs and input fields go to row/doc."""
    tag, out = el.tag, []
    if tag == q("text", "note"):
        body = el.find(q("text", "note-body"))
        t = odt_text(body, None, doc) if body is not None else ""
        if el.get(q("text", "note-class"), "footnote") == "footnote":
            doc.notes.append(t)
            if row is not None: row.notes.append(t)
        return el.tail or ""
    if tag in (q("text", "s"), q("text", "tab"), q("text", "line-break")):
        out.append(" ")
    if row is not None:
        if tag == q("text", "drop-down"):
            row.dropdowns.append([l.get(q("text", "value"), "") for l in el.findall(q("text", "label"))])
        elif tag == q("text", "text-input"):
            row.fields += 1
        elif tag == q("loext", "content-control"):
            # LibreOffice 7.4 writes a DOCX drop-down content control this way.
            items = el.findall(q("loext", "list-item"))
            if items: row.dropdowns.append([i.get(q("loext", "display-text"), "") for i in items])
            else: row.fields += 1
    out.append(el.text or "")
    for c in el: out.append(odt_text(c, row, doc))
    out.append(el.tail or "")
    return "".join(out)


def load_odt(path):
    doc = Doc()
    root = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
    for tr in root.iter(q("table", "table-row")):
        row = Row()
        for tc in tr.findall(q("table", "table-cell")):
            row.cells.append(odt_text(tc, row, doc))
        doc.rows.append(row)
    doc.notes = []  # counted again below, once, in document order
    doc.body.append(odt_text(root, None, doc))
    return doc


# ---- DOCX: word/document.xml + word/footnotes.xml ----------------------------------
def docx_text(el, row, doc, fn):
    tag, out = el.tag, []
    if tag in (q("w", "instrText"), q("w", "delText")):
        if row is not None and tag == q("w", "instrText") and re.match(r"\s*FILLIN\b", el.text or ""):
            row.fields += 1  # LibreOffice saves a text form field as a FILLIN field
        return ""
    if tag == q("w", "t"): out.append(el.text or "")
    elif tag in (q("w", "tab"), q("w", "br"), q("w", "cr")): out.append(" ")
    elif tag == q("w", "footnoteReference"):
        t = fn.get(el.get(q("w", "id")), "")
        if row is not None: row.notes.append(t)
    elif row is not None and tag == q("w", "sdtPr"):
        dd = el.find(q("w", "dropDownList"))
        if dd is None: dd = el.find(q("w", "comboBox"))
        if dd is not None:
            row.dropdowns.append([i.get(q("w", "displayText")) or i.get(q("w", "value"), "")
                                  for i in dd.findall(q("w", "listItem"))])
        elif el.find(q("w", "text")) is not None: row.fields += 1
        return ""
    elif row is not None and tag == q("w", "ffData"):  # legacy form fields
        dd = el.find(q("w", "ddList"))
        if dd is not None:
            row.dropdowns.append([e.get(q("w", "val"), "") for e in dd.findall(q("w", "listEntry"))])
        elif el.find(q("w", "textInput")) is not None: row.fields += 1
        return ""
    elif row is not None and tag == q("w", "fldSimple") and re.match(r"\s*FILLIN\b", el.get(q("w", "instr"), "")):
        row.fields += 1
    for c in el: out.append(docx_text(c, row, doc, fn))
    return "".join(out)


def load_docx(path):
    doc, z = Doc(), zipfile.ZipFile(path)
    fn = {}
    if "word/footnotes.xml" in z.namelist():
        for f in ET.fromstring(z.read("word/footnotes.xml")).findall(q("w", "footnote")):
            if f.get(q("w", "type"), "normal") == "normal":
                fn[f.get(q("w", "id"))] = docx_text(f, None, doc, {})
    doc.notes = list(fn.values())
    root = ET.fromstring(z.read("word/document.xml"))
    for tr in root.iter(q("w", "tr")):
        row = Row()
        for tc in tr.findall(q("w", "tc")):
            row.cells.append(docx_text(tc, row, doc, fn))
        doc.rows.append(row)
    doc.body.append(docx_text(root, None, doc, fn))
    return doc


# ---- pandoc JSON AST ----------------------------------------------------------------
def pd_text(node, row, doc):
    """Text of a pandoc AST node; Notes are collected, not inlined; Tables add rows."""
    if isinstance(node, list): return "".join(pd_text(n, row, doc) for n in node)
    if not isinstance(node, dict): return ""  # bare strings are ids, URLs, formats
    t, c = node.get("t"), node.get("c")
    if t == "Str": return c
    if t in ("Space", "SoftBreak", "LineBreak"): return " "
    if t in ("Code", "Math", "RawInline"): return c[1]
    if t == "Note":
        s = pd_text(c, None, doc)
        doc.notes.append(s)
        if row is not None: row.notes.append(s)
        return ""
    if t == "Table":
        _attr, _cap, _specs, head, bodies, foot = c
        rows = head[1] + [r for b in bodies for r in b[2] + b[3]] + foot[1]
        for r in rows:
            pr = Row()
            for cell in r[1]: pr.cells.append(pd_text(cell[4], pr, doc))
            doc.rows.append(pr)
        return " ".join(r.text() for r in doc.rows[-len(rows):]) if rows else ""
    return pd_text(c, row, doc)


def load_pandoc(path):
    doc = Doc()
    with open(path, encoding="utf-8") as f: ast = json.load(f)
    doc.body.append(pd_text(ast["blocks"], None, doc))
    return doc


# ---- checks ----------------------------------------------------------------------------
def read_expect(path):
    ids, known, notes = [], set(), []
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "id": ids.append((p[1], p[2])); known.add(p[1])
            elif p[0] == "known": known.add(p[1])
            elif p[0] == "note": notes.append((p[1], squash(p[2])))
    return ids, known, notes


def short(s, n=40): return s if len(s) <= n else s[:n] + "…"


def check_pdftext(path, ids):
    text = open(path, encoding="utf-8", errors="replace").read()
    tokens, bad = set(text.split()), []
    for i, _ in ids:
        if re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(i), text, re.ASCII): continue
        split = [(i[:k], i[k:]) for k in range(2, len(i)) if i[:k] in tokens and i[k:] in tokens]
        bad.append("ID %s not in the PDF text%s" % (i, " (broken over two lines as «%s» «%s»: "
                   "its cell is too narrow)" % split[0] if split else ""))
    return bad


def check_doc(doc, kind, ids, known, notes, what, choices, na):
    bad = []
    by_id = {}
    order = []
    for r in doc.rows:
        rid = next((squash(c) for c in r.cells if squash(c) in known), None)
        if rid is None: continue
        by_id.setdefault(rid, []).append(r)
        order.append(rid)
    want = {i: s for i, s in ids}
    body = squash("".join(doc.body))
    for i, status in ids:
        n = len(by_id.get(i, []))
        if n == 0:
            where = " (it is in the text, but not in a table row of its own)" \
                if re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(i), "".join(doc.body), re.ASCII) else ""
            bad.append("ID %s: no table row%s" % (i, where))
        elif n > 1: bad.append("ID %s: %d rows" % (i, n))
    for i in sorted(set(by_id) - set(want)): bad.append("ID %s: unexpected row" % i)
    if what in ("annex", "response"):
        got = [i for i in order if want.get(i) in ("applicable", "excluded")]
        exp = [i for i, s in ids if s in ("applicable", "excluded")]
        if got != exp and set(got) == set(exp):
            k = next(k for k in range(len(exp)) if got[k] != exp[k])
            bad.append("rows out of catalogue order: %s where %s is expected" % (got[k], exp[k]))
    for i, status in ids:
        for r in by_id.get(i, [])[:1]:
            t = squash(r.text())
            if what in ("annex", "response") and status == "excluded" and na not in t:
                bad.append("ID %s: excluded but its row does not say %s" % (i, na))
            if what == "response" and kind != "pandoc":
                if status == "excluded":
                    if r.dropdowns or r.fields:
                        bad.append("ID %s: excluded but its row has %d drop-down(s), %d field(s)"
                                   % (i, len(r.dropdowns), r.fields))
                    continue
                if na in t: bad.append("ID %s: applies but its row says %s" % (i, na))
                if len(r.dropdowns) != 1:
                    bad.append("ID %s: %d drop-downs in its row, expected 1" % (i, len(r.dropdowns)))
                elif [squash(x) for x in r.dropdowns[0]] not in (
                        [squash(x) for x in choices], [squash(x) for x in choices[1:]]):
                    # the placeholder (first expected entry) is an entry in ODT, where a
                    # drop-down has no other placeholder, and Word's placeholder in DOCX
                    bad.append("ID %s: drop-down entries %s, expected %s"
                               % (i, "|".join(r.dropdowns[0]), "|".join(choices)))
                if r.fields != 2: bad.append("ID %s: %d text fields in its row, expected 2" % (i, r.fields))
    all_notes = [squash(n) for n in doc.notes]
    for i, snip in notes:
        if any(snip in squash(n) for r in by_id.get(i, []) for n in r.notes): continue
        if any(snip in n for n in all_notes): why = "in a footnote, but not on %s's row" % i
        elif snip in body: why = "in the text, but not in a footnote"
        else: why = "nowhere"
        bad.append("footnote of %s «%s»: %s" % (i, short(snip), why))
    return bad


def main(argv):
    kind, path, expect = argv[1:4]
    opts = dict(zip(argv[4::2], argv[5::2]))
    ids, known, notes = read_expect(expect)
    if kind == "pdftext":
        bad = check_pdftext(path, ids)
    else:
        doc = {"odt": load_odt, "docx": load_docx, "pandoc": load_pandoc}[kind](path)
        bad = check_doc(doc, kind, ids, known, notes, opts.get("--doc", "annex"),
                        opts.get("--choices", "").split("|"), squash(opts.get("--na", "不適用")))
    for b in bad: print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    try: sys.exit(main(sys.argv))
    except Exception as e:  # an unreadable file is a failure to report, not a crash
        print("cannot read %s: %s: %s" % (sys.argv[2] if len(sys.argv) > 2 else "?", type(e).__name__, e))
        sys.exit(1)
