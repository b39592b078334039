#!/usr/bin/python3
# Hand-made template edge cases for tests/template.sh, written into OUTDIR from
# two starting packages: an `annexgen template` DOCX and ODT (BASE.docx,
# BASE.odt). Each case is one small change to a package a program wrote.
# usage: template-cases.py BASE.docx BASE.odt OUTDIR
import re
import sys
import zipfile

base_docx, base_odt, out = sys.argv[1:4]


def rewrite(src, dst, edits, rename=None, extra=None, patch=None):
    """Copies package src to dst; edits maps entry name -> function(bytes) -> bytes,
    rename maps old entry names to new ones, extra adds entries, patch(bytes)
    edits the finished zip."""
    zin = zipfile.ZipFile(src)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data)
            name = (rename or {}).get(info.filename, info.filename)
            zi = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
        for name, data in (extra or {}).items():
            zi = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
    if patch:
        with open(dst, "rb") as f:
            data = bytearray(f.read())
        patch(data)
        with open(dst, "wb") as f:
            f.write(data)


def sub(pattern, repl, count=1):
    def f(data):
        new, n = re.subn(pattern.encode(), lambda m: repl.encode(), data, count=count)
        assert n, pattern
        return new
    return f


def add_styles(xml):
    return sub("</w:styles>", xml + "</w:styles>")


W = 'w:type="paragraph" w:customStyle="1"'
D = base_docx
O = base_odt
cases = {
    # accepted: repaired or dropped
    "ok-missing-parent.docx": (D, {"word/styles.xml": add_styles(
        f'<w:style {W} w:styleId="Orphan"><w:name w:val="Orphan"/><w:basedOn w:val="Nowhere"/>'
        '<w:next w:val="Gone"/></w:style>')}),
    "ok-footnote-in-header.docx": (D, {"word/header1.xml": sub(
        "</w:p>", '<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:endnoteReference w:id="1"/></w:r></w:p>')}),
    "ok-includepicture.docx": (D, {
        "word/header1.xml": sub("</w:p>",
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "http://127.0.0.1:9/beacon.png" \\d </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>beacon</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:fldSimple w:instr=" INCLUDETEXT &quot;http://127.0.0.1:9/x.docx&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple>'
            '<w:hyperlink r:id="rIdLink"><w:r><w:t>link text</w:t></w:r></w:hyperlink>'
            '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            '<wp:extent cx="100" cy="100"/><wp:docPr id="9" name="beacon"/>'
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:nvPicPr><pic:cNvPr id="9" name="beacon"/><pic:cNvPicPr/></pic:nvPicPr>'
            '<pic:blipFill><a:blip r:embed="rIdPic"/></pic:blipFill><pic:spPr/></pic:pic>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'),
        "word/header1.xml:ns": None}),
    "ok-split-and-marks.docx": (D, {"word/header1.xml": sub(
        r"<w:r><w:t xml:space=\"preserve\">@HEADER_TEXT@</w:t></w:r>",
        '<w:r><w:t>@HEA</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="b"/>'
        '<w:ins w:id="1" w:author="a"><w:r><w:t>DER_</w:t></w:r></w:ins><w:bookmarkEnd w:id="0"/>'
        '<w:r><w:rPr><w:lang w:val="en-US"/></w:rPr><w:t xml:space="preserve">TEXT@ </w:t></w:r>')}),
    "ok-absolute-targets.docx": (D, {
        "_rels/.rels": sub('Target="word/document.xml"', 'Target="/word/main.xml"'),
        "[Content_Types].xml": sub("/word/document.xml", "/word/main.xml"),
        "word/_rels/document.xml.rels": lambda d: d.replace(b'Target="styles.xml"', b'Target="/word/./styles.xml"')
            .replace(b'Target="header1.xml"', b'Target="../word/header1.xml"')}, {"word/document.xml": "word/main.xml",
        "word/_rels/document.xml.rels": "word/_rels/main.xml.rels"}),
    "ok-external-image.odt": (O, {"styles.xml": sub(
        "</style:header>",
        '<text:p><draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" draw:name="beacon" svg:width="1cm" svg:height="1cm">'
        '<draw:image xlink:href="http://127.0.0.1:9/beacon.png" xlink:type="simple" xlink:show="embed" '
        'xlink:actuate="onLoad"/></draw:frame></text:p></style:header>')}),
    "ok-missing-parent.odt": (O, {"styles.xml": sub(
        "</office:styles>",
        '<style:style style:name="Orphan" style:family="paragraph" style:parent-style-name="Nowhere"/></office:styles>')}),
    "ok-split-spans.odt": (O, {"styles.xml": sub(
        "@PAGE_BEFORE@", '<text:span>@PAGE_</text:span><text:span><text:span>BEF</text:span>ORE@</text:span>')}),
    # refused with one line
    "err-style-loop.odt": (O, {"styles.xml": sub(
        "</office:styles>",
        '<style:style style:name="Memo" style:family="paragraph" style:parent-style-name="Quote"/>'
        '<style:style style:name="Quote" style:family="paragraph" style:parent-style-name="Memo"/></office:styles>')}),
    "err-style-self.docx": (D, {"word/styles.xml": add_styles(
        f'<w:style {W} w:styleId="Self"><w:name w:val="Self"/><w:basedOn w:val="Self"/></w:style>')}),
    "err-style-deep.docx": (D, {"word/styles.xml": add_styles("".join(
        f'<w:style {W} w:styleId="Deep{i}"><w:name w:val="Deep{i}"/>'
        + (f'<w:basedOn w:val="Deep{i + 1}"/>' if i < 59 else "") + "</w:style>" for i in range(60)))}),
    "err-header-to-content-types.docx": (D, {"word/_rels/document.xml.rels": sub(
        'Target="header1.xml"', 'Target="../[Content_Types].xml"')}),
    "err-header-to-rels.docx": (D, {"word/_rels/document.xml.rels": sub(
        'Target="footer1.xml"', 'Target="_rels/document.xml.rels"')}),
    "err-misspelt-placeholder.docx": (D, {"word/header1.xml": sub("@HEADER_TEXT@", "@HEADR_TEXT@")}),
    "err-placeholder-across-paragraphs.odt": (O, {"styles.xml": sub(
        "@HEADER_TEXT@", "@HEADER_</text:p><text:p>TEXT@")}),
    "err-no-main-part.docx": (D, {"_rels/.rels": sub('officeDocument" Target', 'officeDocumentX" Target')}),
}

# A hyperlink needs its relationship in the header's own part.
header_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships '
               'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
               'Target="http://127.0.0.1:9/" TargetMode="External"/>'
               '<Relationship Id="rIdPic" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
               'Target="http://127.0.0.1:9/beacon.png" TargetMode="External"/></Relationships>')

for name, spec in cases.items():
    src, edits = spec[0], dict(spec[1])
    rename = spec[2] if len(spec) > 2 else None
    extra = None
    if edits.pop("word/header1.xml:ns", 0) is None:
        extra = {"word/_rels/header1.xml.rels": header_rels}
        old = edits["word/header1.xml"]
        edits["word/header1.xml"] = lambda d, old=old: old(d.replace(
            b'<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
            b'<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'))
    rewrite(src, f"{out}/{name}", edits, rename, extra)


def relax(data):
    # Version needed and time of the first local header differ from the central
    # directory's: legal (APPNOTE), and what some writers produce.
    data[4] = 45
    data[10] ^= 0x21


rewrite(D, f"{out}/ok-relaxed-zip.docx", {}, patch=relax)
