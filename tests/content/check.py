#!/usr/bin/env python3
# The checks of tests/content.sh: reads each example tender and the catalogue for what the
# documents must say, and the rendered pages (pdftotext -layout text and -bbox word boxes)
# and the generated XML for what they do say. Prints "ok NAME" or "FAIL NAME: why".
# usage: check.py EXAMPLES-DIR CATALOG OUT-DIR PDF-DIR
import glob
import html
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

TNS = '{urn:annexgen:tender:1}'
CNS = '{urn:annexgen:catalog:1}'
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
CN_DIGITS = '〇一二三四五六七八九'
MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
          'September', 'October', 'November', 'December']
FORMATS = ('odt', 'docx')

examples, catalog_path, out_dir, pdf_dir = sys.argv[1:5]


def ok(name):
    print('ok ' + name)


def fail(name, problems):
    for p in problems[:6]:
        print('    ' + p)
    if len(problems) > 6:
        print('    … %d more' % (len(problems) - 6))
    print('FAIL %s: %s%s' % (name, problems[0], ' (+%d more)' % (len(problems) - 1) if len(problems) > 1 else ''))


def verdict(name, problems):
    if problems:
        fail(name, problems)
    else:
        ok(name)


def norm(s):
    """Text without any white space (pdftotext spaces CJK and wraps lines at will)."""
    return re.sub(r'\s+', '', s.replace('\u3000', ' '))


def texts(el, name, ns):
    return {t.get(XML_LANG): (t.text or '').strip() for t in el.findall(ns + name)}


# ---- the catalogue -------------------------------------------------------------------------
cat = ET.parse(catalog_path).getroot()
cat_types = [t.get('id') for t in cat.find(CNS + 'service-types')]
official = [l.get('tag') for l in cat.find(CNS + 'languages') if l.get('official') == 'true'][0]
translation = [l.get('tag') for l in cat.find(CNS + 'languages') if l.get('official') != 'true']
items = []          # (id, category, domain) in catalogue order
for dom in cat.iter(CNS + 'domain'):
    for c in dom.findall(CNS + 'category'):
        for it in c.findall(CNS + 'item'):
            items.append((it.get('id'), c.get('id'), dom.get('id')))
item_ids = {i[0] for i in items}
notes = {n.get('id'): texts(n, 'text', CNS) for n in cat.iter(CNS + 'note')}
tables = {}         # type -> {item: row element}
for tab in cat.findall(CNS + 'table'):
    tables[tab.get('type')] = {r.get('item'): r for r in tab.findall(CNS + 'row')}
abbrs = sorted({t.get('abbr') for t in cat.iter(CNS + 'term') if t.get('abbr')})


# ---- the tenders ---------------------------------------------------------------------------
def cn_number(k):
    if k < 10:
        return CN_DIGITS[k]
    return (CN_DIGITS[k // 10] if k >= 20 else '') + '十' + (CN_DIGITS[k % 10] if k % 10 else '')


class Tender:
    def __init__(self, path):
        r = ET.parse(path).getroot()
        self.path = path
        self.id = r.get('id')
        self.agency = texts(r, 'agency', TNS)
        self.date = r.find(TNS + 'date').text.strip()
        lang = r.find(TNS + 'language').text.strip()
        self.langs = [official] + translation[:1] if lang == 'both' else [lang]
        self.types = [t for t in cat_types if t in {s.get('id') for s in r.findall(TNS + 'service-type')}]
        self.excludes = []   # (item, [types], reason by lang)
        for e in r.findall(TNS + 'exclude'):
            ts = [e.get('type')] if e.get('type') else [t for t in self.types if e.get('item') in tables[t]]
            self.excludes.append((e.get('item'), ts, texts(e, 'reason', TNS)))
        acats = {c.get('id'): c.get('domain') for c in r.findall(TNS + 'agency-category')}
        self.agency_items = []
        for a in r.findall(TNS + 'agency-item'):
            types = (a.get('types') or ' '.join(self.types)).split()
            self.agency_items.append((a.get('id'), a.get('category'), acats.get(a.get('category')), types))
        # Annex numbers: the README's stated order.
        base, own = {}, {}
        for n in r.findall(TNS + 'annex-number'):
            if n.get('kind'):
                own.setdefault((n.get('kind'), n.get('type')), {})[n.get(XML_LANG)] = n.text.strip()
            else:
                base[n.get(XML_LANG)] = n.text.strip()
        order = [('annex', t) for t in self.types] + [('response', t) for t in self.types] + [('overview', None)]
        self.numbers, k = {}, 0
        for doc in order:
            if doc in own:
                self.numbers[doc] = own[doc]
                continue
            k += 1
            self.numbers[doc] = {l: s + ('之' + cn_number(k) if l.startswith('zh') else '-%d' % k)
                                 for l, s in base.items()}

    def docs(self):
        for t in self.types:
            yield ('annex', t), '%s-%s-annex' % (self.id, t)
            yield ('response', t), '%s-%s-response' % (self.id, t)
        yield ('overview', None), '%s-overview' % self.id


tenders = [Tender(p) for p in sorted(glob.glob(os.path.join(examples, '*.xml')))]

# The documents' words a check looks for, in the tender's first language (gen/label.c).
WORDS = {
    'zh': {'declaration': '廠商聲明', 'attest': ['均屬真實', '契約之一部分', '此致'],
           'fields': ['廠商名稱', '統一編號', '填表日期'], 'seals': ['廠商印章（大章）', '負責人印章（小章）'],
           'big': '大章', 'small': '小章', 'date_line': r'\s*日期\s*$',
           'reason': '本機關決定排除本項，理由為', 'noreason': '本機關經評估無此需求', 'quote': '其原文為：「%s」',
           'glossary': '名詞及縮寫'},
    'en': {'declaration': 'Declaration', 'attest': ['every answer above is true', 'form part of the contract', 'To'],
           'fields': ['Vendor name', 'Business ID', 'Date'], 'seals': ['Company seal', "Representative's seal"],
           'big': 'Company', 'small': "Representative's", 'date_line': None,
           'reason': 'the agency has decided to exclude this item, for this reason: ',
           'noreason': 'the agency has assessed that it has no need', 'quote': 'which reads: \u201c%s\u201d',
           'glossary': 'Terms and abbreviations'},
}


def reading(t):
    """The tender's first language, and its words: the language a check reads."""
    return t.langs[0], WORDS['zh' if t.langs[0].startswith('zh') else 'en']


def body(pg):
    """The pages without their header and footer lines, joined: a footnote may run on."""
    out = []
    for p in pg:
        lines = [l for l in p.splitlines() if l.strip()]
        out.append('\n'.join(lines[1:-1]))
    return '\n'.join(out)


def pages(name, fmt, suffix='.txt'):
    p = os.path.join(pdf_dir, fmt, name + suffix)
    if not os.path.exists(p):
        return None
    with open(p, encoding='utf-8') as f:
        return f.read().split('\f')


def words(name, fmt, suffix='.bbox.html'):
    """(page, text, xMin, yMin, xMax, yMax) of every word pdftotext -bbox found."""
    p = os.path.join(pdf_dir, fmt, name + suffix)
    if not os.path.exists(p):
        return []
    out, page = [], 0
    with open(p, encoding='utf-8') as f:
        for line in f:
            if '<page ' in line:
                page += 1
            m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
            if m:
                out.append((page, html.unescape(m.group(5)), *map(float, m.group(1, 2, 3, 4))))
    return out


def rendered(name, probs=None):
    """(format, pages) of document name in each format LibreOffice rendered; a
    format it did not render is a problem in probs (when given)."""
    for fmt in FORMATS:
        pg = pages(name, fmt)
        if pg is None:
            if probs is not None:
                probs.append(missing(name, fmt))
            continue
        yield fmt, pg


def each_doc(t, kinds=None, probs=None):
    """Every rendered document of t (of kinds), as rendered() reports the others."""
    for (kind, ty), name in t.docs():
        if kinds and kind not in kinds:
            continue
        for fmt, pg in rendered(name, probs):
            yield kind, ty, name, fmt, pg


def missing(name, fmt):
    return '%s.%s: LibreOffice made no PDF' % (name, fmt)


def zh(t):
    return [l for l in t.langs if l.startswith('zh')]


def en(t):
    return [l for l in t.langs if not l.startswith('zh')]


# ---- 1. one annex number per document; the form names its annex ----------------------------
for t in tenders:
    probs, seen = [], {}
    for kind, ty, name, fmt, pg in each_doc(t, None, probs):
        first = norm(pg[0])
        for l in t.langs:
            num = norm(t.numbers[(kind, ty)][l])
            # The number heads the title: 附件三之一 followed by the title, not by 之.
            m = re.search(re.escape(num) + r'(?![之\-\d一二三四五六七八九十])', first)
            if not m:
                probs.append('%s.%s: page 1 has no title numbered %s' % (name, fmt, num))
        key = t.numbers[(kind, ty)][t.langs[0]]
        if key in seen and seen[key] != name:
            probs.append('%s and %s share the number %s' % (seen[key], name, key))
        seen[key] = name
    verdict('annex-number-per-document %s' % t.id, probs)

    probs = []
    for kind, ty, name, fmt, pg in each_doc(t, ('response',), probs):
        first = norm(pg[0])
        for l in zh(t):
            want = norm('本表回應' + t.numbers[('annex', ty)][l] + '「')
            if want not in first:
                probs.append('%s.%s: page 1 does not say 「%s」' % (name, fmt, want))
        for l in en(t):
            want = norm('This form answers ' + t.numbers[('annex', ty)][l] + ',')
            if want not in first:
                probs.append('%s.%s: page 1 does not say "%s"' % (name, fmt, want))
    verdict('response-names-its-annex %s' % t.id, probs)

# ---- 4. the vendor's declaration --------------------------------------------------------------
for t in tenders:
    probs = []
    for kind, ty, name, fmt, pg in each_doc(t, ('response',), probs):
        lang, w = reading(t)
        at = [i for i, p in enumerate(pg) if norm(w['declaration']) in norm(p)]
        if len(at) != 1:
            probs.append('%s.%s: the declaration %s is on %d pages' % (name, fmt, w['declaration'], len(at)))
            continue
        # At least the last item row before it, so that it never stands alone. Checked on
        # the ODT (LibreOffice moves the small table annexgen sets the last row in; the
        # DOCX keeps the row by Word's keep-with-next, which LibreOffice does not apply),
        # and for one language: a bilingual last row and the block exceed a page.
        if fmt == 'odt' and len(t.langs) == 1:
            before = pg[at[0]].split(w['declaration'])[0]
            if not any(re.match(r'\s*(%s)\s' % '|'.join(map(re.escape, item_ids | {a[0] for a in t.agency_items})), l)
                       for l in before.splitlines()):
                probs.append('%s.%s: the declaration (p%d) has no item row before it' % (name, fmt, at[0] + 1))
        page = norm(pg[at[0]])
        need = [norm(n) for n in w['attest'] + [t.agency[lang]] + w['fields'] + w['seals']]
        for n in need:
            if n not in page:
                probs.append('%s.%s: the declaration page (p%d) lacks 「%s」' % (name, fmt, at[0] + 1, n))
        # One date line: no 日期 row besides 填表日期.
        for i, p in enumerate(pg):
            for line in p.splitlines():
                if w['date_line'] and re.match(w['date_line'], line):
                    probs.append('%s.%s: p%d repeats a 日期 line beside 填表日期' % (name, fmt, i + 1))
        # Room for the company seal: 4.5 cm between the 大章 and 小章 labels.
        ws = [w for w in words(name, fmt, '.bboxall.html') if w[0] == at[0] + 1]
        big = [x for x in ws if w['big'] in x[1]]
        small = [x for x in ws if w['small'] in x[1]]
        if big and small and small[0][3] - big[0][3] < 4.5 / 2.54 * 72:
            probs.append('%s.%s: the company seal box is %.1f cm high' % (name, fmt, (small[0][3] - big[0][3]) / 72 * 2.54))
    verdict('vendor-declaration %s' % t.id, probs)

# ---- 8. exclusion footnotes: decision, basis, quotation -------------------------------------
for t in tenders:
    probs = []
    for kind, ty, name, fmt, pg in each_doc(t, ('annex',), probs):
        text = norm(body(pg))
        lang, w = reading(t)
        for item, types, reason in t.excludes:
            if ty not in types:
                continue
            if reason:
                # The reason's start: a long note may run on to the next page (issue 10, 6).
                want = [norm(w['reason'] + reason[lang][:12])]
            else:
                row = tables[ty][item]
                want = [norm(w['noreason']), norm(w['quote'] % notes[row.get('note')][lang])]
            for x in want:
                if x not in text:
                    probs.append('%s.%s: the note of %s lacks 「%s」' % (name, fmt, item, x))
    verdict('exclusion-notes %s' % t.id, probs)

# ---- 9. bilingual documents ------------------------------------------------------------------
probs = []
for t in tenders:
    for kind, ty, name, fmt, pg in each_doc(t):
        if 'annexgen' in ''.join(pg).lower():
            probs.append('%s.%s names the program that made it' % (name, fmt))
verdict('no-document-names-the-tool', probs)

for t in [t for t in tenders if len(t.langs) > 1]:
    probs = []
    for kind, ty, name, fmt, pg in each_doc(t, None, probs):
        first = norm(pg[0])
        if not re.search(r'機關自訂項目[^。]*註腳[^。]*為準', first):
            probs.append('%s.%s: the notice does not make the Chinese prevail for agency items and footnotes' % (name, fmt))
        if not re.search(r'including[^.;]*agency[^.;]*footnotes[^.;]*prevails', first):
            probs.append('%s.%s: the English notice does not cover agency items and footnotes' % (name, fmt))
    verdict('prevailing-language-covers-document %s' % t.id, probs)

    probs = []
    for kind, ty, name, fmt, pg in each_doc(t, ('annex',), probs):
        flat = re.sub(r'\s+', ' ', pg[0])
        m = re.search(r'The requirement items of this annex follow.*?footnotes give the reason and its basis\.', flat)
        if not m:
            probs.append('%s.%s: no English intro on page 1' % (name, fmt))
            continue
        if re.search(r'[a-z)]\.[A-Z]', m.group(0)):
            probs.append('%s.%s: a sentence runs into the next: %s' % (name, fmt, re.search(r'\S+\.[A-Z]\S*', m.group(0)).group(0)))
        if 'table' not in m.group(0).split('Items the agency')[0]:
            probs.append('%s.%s: the English intro does not name the table' % (name, fmt))
    verdict('english-intro %s' % t.id, probs)

    probs = []
    for kind, ty, name, fmt, pg in each_doc(t, ('response',)):
        raw = pages(name, fmt, '.raw.txt')   # in reading order: a word broken in a cell stays together
        if raw is not None and '請選擇/Choose' not in norm(''.join(raw)):
            probs.append('%s.%s: the drop-down placeholder has no English' % (name, fmt))
    verdict('placeholder-in-both-languages %s' % t.id, probs)

    # Footnote lines after the first keep the note's indent (the English of a note too).
    probs = []
    for kind, ty, name, fmt, pg in each_doc(t, ('annex', 'overview')):
        for i, p in enumerate(pg):
            for line in p.splitlines():
                if line.lstrip().startswith('Not applicable to this tender') and not line[:1].isspace():
                    probs.append('%s.%s p%d: a note line is not indented: %s' % (name, fmt, i + 1, line.strip()[:50]))
    verdict('footnote-continuation-indent %s' % t.id, probs)

# The notice style is upright: CJK has no italic, LibreOffice and Word slant it.
probs = []
for path in sorted(glob.glob(os.path.join(out_dir, '*', '*'))):
    if path.endswith('.odt'):
        s = zipfile.ZipFile(path).read('styles.xml').decode()
        m = re.search(r'<style:style style:name="AGNotice".*?</style:style>', s)
        if m and 'italic' in m.group(0):
            probs.append('%s: AGNotice is italic' % os.path.basename(path))
    elif path.endswith('.docx'):
        s = zipfile.ZipFile(path).read('word/styles.xml').decode()
        m = re.search(r'<w:style [^>]*w:styleId="AGNotice".*?</w:style>', s, re.S)
        if m and re.search(r'<w:i/>|<w:i w:val="(1|true|on)"/>', m.group(0)):
            probs.append('%s: AGNotice is italic' % os.path.basename(path))
verdict('notice-upright', probs)

# ---- 12. the overview ---------------------------------------------------------------------------
for t in tenders:
    name = '%s-overview' % t.id
    probs = []
    for fmt, pg in rendered(name, probs):
        text = norm(''.join(pg))
        lang, w = reading(t)
        for item, types, reason in t.excludes:
            if reason:
                n = text.count(norm(reason[lang]))
                if n != 1:
                    probs.append('%s.%s: the reason for %s is printed %d times' % (name, fmt, item, n))
        unreasoned = {i for i, ty, r in t.excludes if not r}
        n = text.count(norm(w['noreason']))
        if n != len(unreasoned):
            probs.append('%s.%s: %d notes for %d items excluded without a reason' % (name, fmt, n, len(unreasoned)))
    verdict('overview-one-note-per-item %s' % t.id, probs)

    # Agency items after the last item of their category (else domain), as in the annexes.
    expected = [i[0] for i in items]
    for aid, acat, adom, types in t.agency_items:
        dom = adom or [i[2] for i in items if i[1] == acat][0]
        after = max([k for k, i in enumerate(items) if i[1] == acat] or
                    [k for k, i in enumerate(items) if i[2] == dom] or [len(items) - 1])
        pos = expected.index(items[after][0]) + 1
        while pos < len(expected) and expected[pos] not in item_ids:
            pos += 1
        expected.insert(pos, aid)
    known = set(expected)
    probs = []
    for fmt, pg in rendered(name, probs):
        got = []
        for p in pg:
            for line in p.splitlines():
                m = re.match(r'\s*(\S+)', line)
                if m and m.group(1) in known and (not got or got[-1] != m.group(1)):
                    got.append(m.group(1))
        if got != expected:
            diff = [a for a in t.agency_items if a[0] in got and
                    got.index(a[0]) and expected.index(a[0]) and
                    got[got.index(a[0]) - 1] != expected[expected.index(a[0]) - 1]]
            probs.append('%s.%s: rows out of order%s' % (
                name, fmt, ''.join(' (%s after %s, not %s)' % (a[0], got[got.index(a[0]) - 1],
                                                              expected[expected.index(a[0]) - 1]) for a in diff)))
    verdict('overview-agency-items-in-place %s' % t.id, probs)

    # The legend's marks and the cells' marks in one size.
    probs = []
    for fmt in FORMATS:
        marks = [w for w in words(name, fmt) if w[1] in ('\u25cf', '\u25cb')]
        if len({w[1] for w in marks}) < 2:
            probs.append('%s.%s: page 1 lacks a ● or ○ of its own' % (name, fmt))
            continue
        widths = [w[4] - w[2] for w in marks]
        if max(widths) > 1.25 * min(widths):
            probs.append('%s.%s: marks from %.1f to %.1f pt wide' % (name, fmt, min(widths), max(widths)))
    verdict('overview-marks-one-size %s' % t.id, probs)

# ---- 13. the glossary defines every abbreviation it uses ---------------------------------------
for t in tenders:
    probs = []
    for kind, ty, name, fmt, pg in each_doc(t, ('annex',), probs):
        text = '\f'.join(pg)
        at = text.rfind(reading(t)[1]['glossary'])
        if at < 0:
            continue
        section = text[at:]
        listed = {a for a in abbrs if re.search(r'^\s*' + re.escape(a) + r'\s', section, re.M)}
        used = {a for a in abbrs if re.search(r'(?<![A-Za-z])' + re.escape(a) + r's?(?![A-Za-z])', section)}
        for a in sorted(used - listed):
            probs.append('%s.%s: the glossary uses %s but does not define it' % (name, fmt, a))
    verdict('glossary-closed %s' % t.id, probs)

# ---- 14. the tender's date ------------------------------------------------------------------------
for t in tenders:
    y, m, d = map(int, t.date[:10].split('-'))
    want = {'zh': norm('日期：中華民國%d年%d月%d日' % (y - 1911, m, d)), 'en': norm('Date: %d %s %d' % (d, MONTHS[m - 1], y))}
    probs = []
    for kind, ty, name, fmt, pg in each_doc(t, None, probs):
        for l in t.langs:
            w = want['zh' if l.startswith('zh') else 'en']
            if w not in norm(pg[0]):
                probs.append('%s.%s: page 1 does not give the date 「%s」' % (name, fmt, w))
    verdict('tender-date %s' % t.id, probs)
