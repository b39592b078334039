// Benchmark peer for tests/bench/run.sh: docxtemplater in one warm Node.js
// process renders the PaaS table into a DOCX template, N times.
//
// usage: node docxtemplater.js ANNEX.docx LIST.tsv NOTES.tsv N OUTDIR
//   ANNEX.docx  a DOCX annexgen made: the template keeps its styles, settings,
//               fonts, header and footer, and gets a body with one looped row
//   LIST.tsv    `annexgen list --type paas`: ID, domain, category, text
//   NOTES.tsv   `bench notes paas`: ID, note (put in the remarks column:
//               docxtemplater's free modules cannot make footnotes)
// Prints two lines, in memory then to files (a plain write, no fsync):
//   ms-per-file files-per-second peak-RSS-KiB
'use strict';

const fs = require('fs');
const path = require('path');
const PizZip = require('pizzip');
const Docxtemplater = require('docxtemplater');

const [annex, listFile, notesFile, nArg, outdir] = process.argv.slice(2);
const n = parseInt(nArg, 10);
if (!annex || !listFile || !notesFile || !(n > 0) || !outdir) {
  process.stderr.write('usage: node docxtemplater.js ANNEX.docx LIST.tsv NOTES.tsv N OUTDIR\n');
  process.exit(64);
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const widths = [1400, 1700, 900, 4400, 1200];

function cell(width, text, style) {
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/></w:tcPr>` +
    `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p></w:tc>`;
}

function row(texts, style, header) {
  return '<w:tr>' + (header ? '<w:trPr><w:tblHeader/></w:trPr>' : '') +
    texts.map((t, i) => cell(widths[i], t, style)).join('') + '</w:tr>';
}

// The template: annexgen's own package with a body of one title and a table
// whose second row is the loop.
function template() {
  const zip = new PizZip(fs.readFileSync(annex));
  const doc = zip.file('word/document.xml').asText();
  const sect = doc.slice(doc.lastIndexOf('<w:sectPr'), doc.lastIndexOf('</w:body>'));
  const body =
    '<w:p><w:pPr><w:pStyle w:val="AGTitle"/></w:pPr><w:r><w:t>{title}</w:t></w:r></w:p>' +
    '<w:tbl><w:tblPr><w:tblW w:w="9600" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>' +
    '<w:tblGrid>' + widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('') + '</w:tblGrid>' +
    row(['管理面向', '管理類別', '編號', '要求項目', '備註'], 'AGTableHeading', true) +
    row(['{#rows}{domain}', '{category}', '{id}', '{text}', '{note}{/rows}'], 'AGTableText', false) +
    '</w:tbl><w:p><w:pPr><w:pStyle w:val="AGBody"/></w:pPr></w:p>';
  zip.file('word/document.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}${sect}</w:body></w:document>\n`);
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function data() {
  const notes = new Map();
  for (const line of fs.readFileSync(notesFile, 'utf8').split('\n')) {
    const [id, note] = line.split('\t');
    if (id) notes.set(id, note);
  }
  const rows = [];
  let domain = null;
  let category = null;
  for (const line of fs.readFileSync(listFile, 'utf8').split('\n')) {
    const [id, d, c, text] = line.split('\t');
    if (!id) continue;
    // Repeated domain and category cells stay empty, as merged cells read.
    rows.push({ id, text, note: notes.get(id) || '',
      domain: d === domain ? '' : d, category: c === category ? '' : c });
    domain = d;
    category = c;
  }
  return { title: 'PaaS 服務類型需求項目', rows };
}

const tpl = template();
const values = data();

function render() {
  const doc = new Docxtemplater(new PizZip(tpl), { paragraphLoop: true, linebreaks: true });
  doc.render(values);
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE',
    compressionOptions: { level: 6 } });
}

function median(v) {
  v.sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

// Warm: the JIT compiles the hot paths before anything is timed.
for (let i = 0; i < 60; i++) render();
fs.writeFileSync(path.join(outdir, 'docxtemplater-sample.docx'), render());

// Rounds alternate between memory and files, so that noise from the rest of
// the machine falls on both alike; the median round is reported.
const rounds = 9;
const per = Math.max(1, Math.floor(n / rounds));
const times = [[], []];
let k = 0;
for (let r = 0; r < rounds; r++) {
  for (const toFiles of [0, 1]) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < per; i++) {
      const buf = render();
      if (toFiles) fs.writeFileSync(path.join(outdir, `dt-${k++ % 100}.docx`), buf);
    }
    times[toFiles].push(Number(process.hrtime.bigint() - t0) / 1e6 / per);
  }
}
const rss = process.resourceUsage().maxRSS;
for (const t of times) {
  const ms = median(t);
  process.stdout.write(`${ms.toFixed(4)} ${(1000 / ms).toFixed(1)} ${rss}\n`);
}
