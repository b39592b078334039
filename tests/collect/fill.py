#!/usr/bin/env python3
"""Fills a vendor response form the way the program that saved it stores a filled field.

usage: fill.py IN OUT SPEC.json

IN is a response form: ours (ODT, DOCX) or one LibreOffice converted. The fields are
found as collect finds them, by table row (the item ID in the first cell) and column
(2 compliance, 3 explanation, 4 evidence), never by tag, because LibreOffice drops tags.
Each field is filled as its writer stores it:
  ODT  text:drop-down        the chosen text:label gets text:current-selected, the
                             shown text becomes the choice (LibreOffice);
       loext:content-control the content becomes the choice (LibreOffice, from DOCX);
       text:text-input       the content becomes the text;
  DOCX w:sdt                 w:sdtContent becomes one run with the text (Word);
       FILLIN field          the result runs between 'separate' and 'end' become the
                             text (LibreOffice's DOCX);
A value that is not one of a drop-down's entries cannot be picked, so the field is
replaced by the typed text, as a vendor who deletes the control and types would.

SPEC (JSON):
  vendor    {"name":..., "id":..., "date":...}        the vendor table (by its labels)
  default   [compliance, explanation, evidence]       for every answerable row; "{id}" and
                                                      "{n}" (row number) are replaced
  answers   {ID: [compliance|null, explanation, evidence]}  null: leave the drop-down alone
  excluded  {ID: [compliance, explanation, evidence]} typed into an excluded row's cells
  text      {ID: [old, new]}                          tamper with the requirement text
  props     {name: value}                             change a document property
"""
import json, re, sys, zipfile
from xml.dom import minidom

VENDOR_LABELS = {"廠商名稱": "name", "統一編號": "id", "填表日期": "date"}
ID_RE = re.compile(r"^[A-Z]+-[0-9]+$")


def text_of(node):
    out = []
    for n in node.childNodes:
        if n.nodeType == n.TEXT_NODE:
            out.append(n.data)
        elif n.nodeType == n.ELEMENT_NODE and n.tagName not in ("text:note", "w:instrText", "w:delText"):
            out.append(text_of(n))
    return "".join(out)


def elements(node, *names):
    """Descendant elements with one of names, in document order."""
    found = []
    for n in node.childNodes:
        if n.nodeType == n.ELEMENT_NODE:
            if n.tagName in names:
                found.append(n)
            found.extend(elements(n, *names))
    return found


def kids(node, *names):
    return [n for n in node.childNodes if n.nodeType == n.ELEMENT_NODE and n.tagName in names]


def clear(node, keep=()):
    for n in list(node.childNodes):
        if not (n.nodeType == n.ELEMENT_NODE and n.tagName in keep):
            node.removeChild(n)


class Odt:
    CELLS = ("table:table-cell", "table:covered-table-cell")

    def __init__(self, doc):
        self.doc = doc

    def rows(self):
        for tr in elements(self.doc, "table:table-row"):
            yield tr, kids(tr, *self.CELLS)

    def field(self, cell):
        f = elements(cell, "text:drop-down", "loext:content-control", "text:text-input")
        return f[0] if f else None

    def type_text(self, cell, value):
        """Replaces the cell's content by one paragraph holding value."""
        paras = elements(cell, "text:p")
        first = paras[0]
        for p in paras[1:]:
            p.parentNode.removeChild(p)
        clear(first)
        first.appendChild(self.doc.createTextNode(value))

    def set(self, cell, value, dropdown):
        f = self.field(cell)
        if f is None:
            self.type_text(cell, value)
            return
        if f.tagName == "text:drop-down":
            labels = kids(f, "text:label")
            if value not in [l.getAttribute("text:value") for l in labels]:
                self.type_text(cell, value)
                return
            for l in labels:
                if l.hasAttribute("text:current-selected"):
                    l.removeAttribute("text:current-selected")
                if l.getAttribute("text:value") == value:
                    l.setAttribute("text:current-selected", "true")
            clear(f, keep=("text:label",))
        elif f.tagName == "loext:content-control":
            items = [i.getAttribute("loext:value") for i in kids(f, "loext:list-item")]
            if items and value not in items:
                self.type_text(cell, value)
                return
            clear(f, keep=("loext:list-item",))
            # picking an entry ends the placeholder, as LibreOffice does
            if f.hasAttribute("loext:showing-place-holder"):
                f.removeAttribute("loext:showing-place-holder")
        else:
            clear(f)
        f.appendChild(self.doc.createTextNode(value))

    def set_text(self, cell, value):
        self.type_text(cell, value)


class Docx:
    def __init__(self, doc):
        self.doc = doc

    def rows(self):
        for tr in elements(self.doc, "w:tr"):
            yield tr, kids(tr, "w:tc")

    def run(self, value):
        r = self.doc.createElement("w:r")
        t = self.doc.createElement("w:t")
        t.setAttribute("xml:space", "preserve")
        t.appendChild(self.doc.createTextNode(value))
        r.appendChild(t)
        return r

    def type_text(self, cell, value):
        paras = elements(cell, "w:p")
        first = paras[0]
        for p in paras[1:]:
            p.parentNode.removeChild(p)
        clear(first, keep=("w:pPr",))
        first.appendChild(self.run(value))

    def set(self, cell, value, dropdown):
        sdts = elements(cell, "w:sdt")
        if sdts:
            sdt = sdts[0]
            pr = kids(sdt, "w:sdtPr")[0]
            lists = kids(pr, "w:dropDownList", "w:comboBox")
            if lists and value not in [i.getAttribute("w:value") for i in kids(lists[0], "w:listItem")]:
                self.type_text(cell, value)
                return
            for ph in kids(pr, "w:showingPlcHdr"):
                pr.removeChild(ph)
            body = kids(sdt, "w:sdtContent")[0]
            clear(body)
            body.appendChild(self.run(value))
            return
        # A FILLIN field: its result runs lie between 'separate' and 'end'.
        for p in elements(cell, "w:p"):
            state, between = None, []
            for n in list(p.childNodes):
                chars = elements(n, "w:fldChar") if n.nodeType == n.ELEMENT_NODE else []
                kind = chars[0].getAttribute("w:fldCharType") if chars else None
                if kind == "separate":
                    state = "result"
                elif kind == "end" and state == "result":
                    for b in between:
                        p.removeChild(b)
                    p.insertBefore(self.run(value), n)
                    return
                elif state == "result" and n.nodeType == n.ELEMENT_NODE and n.tagName == "w:r":
                    between.append(n)
        self.type_text(cell, value)

    def set_text(self, cell, value):
        self.type_text(cell, value)


def fill(form, spec):
    n = 0
    for tr, cells in form.rows():
        if not cells:
            continue
        first = text_of(cells[0]).strip()
        label = first.split("\n")[0].strip()
        if label in VENDOR_LABELS and len(cells) >= 2 and "vendor" in spec:
            value = spec["vendor"].get(VENDOR_LABELS[label], "")
            if value:
                form.set(cells[1], value, False)
            continue
        if not ID_RE.match(first) or len(cells) < 5:
            continue
        n += 1
        if first in spec.get("text", {}):
            old, new = spec["text"][first]
            current = text_of(cells[1])
            if old not in current:
                sys.exit("fill.py: %s: '%s' is not in the requirement text" % (first, old))
            form.set_text(cells[1], current.replace(old, new))
        answerable = form.field(cells[2]) is not None if isinstance(form, Odt) else \
            bool(elements(cells[2], "w:sdt", "w:fldChar"))
        if not answerable:
            if first in spec.get("excluded", {}):
                for col, value in zip((2, 3, 4), spec["excluded"][first]):
                    if value:
                        form.type_text(cells[col], value)
            continue
        values = spec.get("answers", {}).get(first, spec.get("default", [None, "", ""]))
        for col, value in zip((2, 3, 4), values):
            if value is None or value == "":
                continue
            form.set(cells[col], value.replace("{id}", first).replace("{n}", str(n)), col == 2)


def set_props(name, data, props):
    doc = minidom.parseString(data)
    if name == "meta.xml":
        for e in elements(doc, "meta:user-defined"):
            if e.getAttribute("meta:name") in props:
                clear(e)
                e.appendChild(doc.createTextNode(props[e.getAttribute("meta:name")]))
    else:
        for e in elements(doc, "property"):
            if e.getAttribute("name") in props:
                v = [k for k in e.childNodes if k.nodeType == k.ELEMENT_NODE][0]
                clear(v)
                v.appendChild(doc.createTextNode(props[e.getAttribute("name")]))
    return doc.toxml(encoding="UTF-8")


def main():
    src, dst, spec_path = sys.argv[1:4]
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    with zipfile.ZipFile(src) as zin:
        names = zin.namelist()
        if "content.xml" in names:
            part, cls, props = "content.xml", Odt, "meta.xml"
        else:
            part, cls, props = "word/document.xml", Docx, "docProps/custom.xml"
        doc = minidom.parseString(zin.read(part))
        fill(cls(doc), spec)
        changed = {part: doc.toxml(encoding="UTF-8")}
        if spec.get("props"):
            changed[props] = set_props(props, zin.read(props), spec["props"])
        with zipfile.ZipFile(dst, "w") as zout:
            for info in zin.infolist():
                data = changed.get(info.filename, zin.read(info.filename))
                zout.writestr(info, data, compress_type=info.compress_type)


if __name__ == "__main__":
    main()
