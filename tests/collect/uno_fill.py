#!/usr/bin/env python3
"""Fills response forms with LibreOffice itself, through its UNO API, as a vendor would.

usage: uno_fill.py PIPE JOBS.json
       uno_fill.py --check [--joined] MATRIX.csv SPEC.json...

PIPE names the pipe of a running headless soffice (started by the caller with its own
profile: one process for every job). JOBS is a JSON list of
  {"in": FORM, "out": FILE, "spec": SPEC.json}   open FORM, fill it as SPEC says, save as
                                                 OUT (ODT or DOCX by its extension)
  {"in": FORM, "out": FILE}                      convert only
Fields are found as collect finds them, by table row (the item ID in the first cell) and
column (2 compliance, 3 explanation, 4 evidence), and filled through the application:
a drop-down field gets its SelectedItem, an input field its Content, a content control
(LibreOffice's reading of a Word drop-down) its text; a cell without a field gets the
text typed into it. SPEC is fill.py's: vendor, default, answers (null: leave alone).

--check compares the collected matrix.csv with what the SPECs typed, in order: every
vendor's name, business number, date and every answer must be exactly what was typed
(an untouched drop-down reads as unanswered, ""). Prints the first differences, exit 1.
--joined compares typed line breaks as removed: LibreOffice 7.4 saving a DOCX form as DOCX
writes a text field's lines as adjacent w:t with no break, and the file then shows them
joined in Word and in LibreOffice alike (measured); the break is not in the file.
"""
import csv, json, os, re, sys

VENDOR_LABELS = {"廠商名稱": "name", "統一編號": "id", "填表日期": "date"}
ID_RE = re.compile(r"^[A-Z]+(-[A-Z]+)*-[0-9]+$")


def answers_of(spec, ids):
    out = {}
    for i, iid in enumerate(ids):
        d = [v.replace("{id}", iid).replace("{n}", str(i + 1)) if isinstance(v, str) else v
             for v in spec.get("default", [None, "", ""])]
        out[iid] = spec.get("answers", {}).get(iid, d)
    return out


def check(matrix, specs, joined=False):
    with open(matrix, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    bad = []
    specs = [json.load(open(s, encoding="utf-8")) for s in specs]
    ids = [r[0] for r in rows[5:]]
    excluded = set()
    for k, spec in enumerate(specs):
        col = 2 + 3 * k
        for r, key in ((0, "name"), (1, "id"), (2, "date")):
            want = spec["vendor"][key]
            if rows[r][col] != want:
                bad.append(f"vendor {k + 1} {key}: {rows[r][col]!r}, typed {want!r}")
        ans = answers_of(spec, ids)
        for row in rows[5:]:
            iid = row[0]
            if iid in spec.get("excluded_ids", []):
                continue
            comp, expl, evid = ans[iid]
            got = row[col:col + 3]
            want = [comp or "", expl, evid]
            if joined:
                want = [w.replace("\n", "") for w in want]
            if got != want:
                bad.append(f"vendor {k + 1} {iid}: {got!r}, typed {want!r}")
    for b in bad[:12]:
        print(b)
    return 1 if bad else 0


def fill_jobs(pipe, jobs):
    import uno
    from com.sun.star.beans import PropertyValue

    def pv(n, v):
        p = PropertyValue()
        p.Name, p.Value = n, v
        return p

    local = uno.getComponentContext()
    res = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = res.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
    desk = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def put(cell, value):
        if value is None or value == "":
            return
        for para in cell.getText().createEnumeration():
            for por in para.createEnumeration():
                kind = por.TextPortionType
                if kind == "TextField":
                    fld = por.TextField
                    if fld.supportsService("com.sun.star.text.TextField.DropDown"):
                        if value in fld.Items:
                            fld.SelectedItem = value
                            return
                    elif fld.supportsService("com.sun.star.text.TextField.Input"):
                        fld.Content = value
                        return
                elif kind == "ContentControl":
                    # The control's own text range is empty in 7.4: its content
                    # is the portions it enumerates; the first takes the value.
                    cc = por.ContentControl
                    parts = cc.createEnumeration()
                    first = True
                    while parts.hasMoreElements():
                        parts.nextElement().setString(value if first else "")
                        first = False
                    cc.ShowingPlaceHolder = False
                    return
        cell.setString(value)

    for job in jobs:
        doc = desk.loadComponentFromURL(uno.systemPathToFileUrl(job["in"]), "_blank", 0,
                                        (pv("Hidden", True),))
        if "spec" in job:
            spec = json.load(open(job["spec"], encoding="utf-8"))
            tables = doc.getTextTables()
            ids = []
            for t in range(tables.getCount()):
                tb = tables.getByIndex(t)
                for r in range(tb.getRows().getCount()):
                    try:
                        first = tb.getCellByPosition(0, r).getString().strip()
                    except Exception:
                        continue
                    label = first.split("\n")[0].strip()
                    if label in VENDOR_LABELS:
                        put(tb.getCellByPosition(1, r), spec["vendor"][VENDOR_LABELS[label]])
                    elif ID_RE.match(first):
                        ids.append((first, tb, r))
            ans = answers_of(spec, [i for i, _, _ in ids])
            for iid, tb, r in ids:
                if iid in spec.get("excluded_ids", []):
                    continue
                for k, v in enumerate(ans[iid]):
                    try:
                        put(tb.getCellByPosition(2 + k, r), v)
                    except Exception:
                        pass
            doc.getTextFields().refresh()
        out = job["out"]
        flt = "MS Word 2007 XML" if out.endswith(".docx") else "writer8"
        doc.storeToURL(uno.systemPathToFileUrl(out), (pv("FilterName", flt),))
        doc.close(True)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1:3] == ["--check", "--joined"]:
        sys.exit(check(sys.argv[3], sys.argv[4:], joined=True))
    if len(sys.argv) >= 3 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2], sys.argv[3:]))
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    fill_jobs(sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8")))
    sys.stdout.flush()
    # pyuno can crash while the interpreter tears the bridge down: leave at once.
    os._exit(0)
