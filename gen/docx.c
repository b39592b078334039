/* Renders the document model as WordprocessingML parts that the ECMA-376
 * transitional schemas accept (element order included), then packages them. */
#include "docx.h"

#include <string.h>

#include "lang.h"
#include "package.h"
#include "xmlw.h"

#include "banned.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define CT "application/vnd.openxmlformats-officedocument.wordprocessingml."

#define MAX_PLACEHOLDERS 8

struct docx {
	const md_doc *d;
	xmlw w;          /* the part being written */
	xmlw notes;      /* footnotes.xml, written alongside document.xml */
	unsigned sdt_id;
	/* The distinct placeholder texts of the form fields: each is a building
	 * block (docPart "AGPlaceholderN") of the glossary document. */
	const char *placeholders[MAX_PLACEHOLDERS];
	size_t nplaceholders;
	int in_table;    /* writing a table cell's text (not a note) */
	unsigned text_width;  /* the template's, 1/100 mm; 0: the built-in page */
};

/* The docPart number (1, 2, ...) of placeholder text s; 0 when there are more
 * distinct texts than MAX_PLACEHOLDERS (the field then shows s without one). */
static size_t placeholder_part(const struct docx *x, const char *s)
{
	size_t i;

	for (i = 0; i < x->nplaceholders; i++)
		if (!strcmp(x->placeholders[i], s))
			return i + 1;
	return 0;
}

static void collect_placeholders(struct docx *x, const md_node *n)
{
	for (; n; n = n->next) {
		if ((n->type == MD_DROPDOWN || n->type == MD_INPUT) && n->u.field.placeholder &&
		    !placeholder_part(x, n->u.field.placeholder) && x->nplaceholders < MAX_PLACEHOLDERS)
			x->placeholders[x->nplaceholders++] = n->u.field.placeholder;
		collect_placeholders(x, n->first);
	}
}

/* 1/100 mm to twentieths of a point. */
static unsigned twips(unsigned hmm)
{
	return (unsigned)(((unsigned long)hmm * 567 + 500) / 1000);
}

static void write_run_text(xmlw *w, const char *s, size_t n)
{
	int edge = n && (s[0] == ' ' || s[n - 1] == ' ');

	xmlw_raw(w, edge ? "<w:t xml:space=\"preserve\">" : "<w:t>");
	xmlw_textn(w, s, n);
	xmlw_raw(w, "</w:t>");
}

static void write_text(struct docx *x, xmlw *w, const md_node *n)
{
	const char *lang = n->u.text.lang;
	const char *s = n->u.text.s;
	int other = lang && strcmp(lang, x->d->meta.lang);

	xmlw_raw(w, "<w:r>");
	if (n->u.text.bold || other) {
		xmlw_raw(w, "<w:rPr>");
		if (n->u.text.bold)
			xmlw_raw(w, "<w:b/><w:bCs/>");
		if (other && x->in_table)   /* a translation in a table: see MD_TRANSLATION_PT */
			xmlw_printf(w, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>", 2 * MD_TRANSLATION_PT,
				    2 * MD_TRANSLATION_PT);
		if (other) {
			xmlw_open(w, "w:lang");
			xmlw_attr(w, lang_is_cjk(lang) ? "w:eastAsia" : "w:val", lang);
			xmlw_empty(w);
		}
		xmlw_raw(w, "</w:rPr>");
	}
	/* Newlines and tabs become Word's own break and tab elements. */
	while (*s) {
		size_t run = strcspn(s, "\t\n");

		if (run)
			write_run_text(w, s, run);
		s += run;
		if (*s == '\t')
			xmlw_raw(w, "<w:tab/>");
		else if (*s == '\n')
			xmlw_raw(w, "<w:br/>");
		if (*s)
			s++;
	}
	xmlw_raw(w, "</w:r>");
}

static void write_inlines(struct docx *x, xmlw *w, const md_node *n);

/* Does paragraph p (or, p NULL, any paragraph of cell) stay on the page of
 * what follows: its own flag, or its table row's (MD_KEEP_*)? Word keeps a
 * row with the next when its paragraphs do. */
static int keeps_next(const md_node *p, const md_node *cell)
{
	const md_node *row, *t;

	if (p && p->u.para.keep_next)
		return 1;
	if (!cell || cell->type != MD_CELL)
		return 0;
	row = cell->parent;
	t = row->parent;
	return ((t->u.table.keep & MD_KEEP_TOGETHER) && row->next) ||
	       ((t->u.table.keep & MD_KEEP_NEXT) && !row->next);
}

static void write_para(struct docx *x, xmlw *w, const md_node *p, int note_ref)
{
	xmlw_printf(w, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>%s</w:pPr>", md_style_name(p->u.para.style),
		    keeps_next(p, p->parent) ? "<w:keepNext/>" : "");
	if (note_ref)
		xmlw_raw(w, "<w:r><w:rPr><w:rStyle w:val=\"AGNoteAnchor\"/></w:rPr><w:footnoteRef/></w:r>"
			    "<w:r><w:t xml:space=\"preserve\"> </w:t></w:r>");
	write_inlines(x, w, p->first);
	xmlw_raw(w, "</w:p>");
}

static void write_note(struct docx *x, xmlw *w, const md_node *n)
{
	const md_node *p;
	int in_table = x->in_table;

	xmlw_printf(w, "<w:r><w:rPr><w:rStyle w:val=\"AGNoteAnchor\"/></w:rPr>"
		       "<w:footnoteReference w:id=\"%u\"/></w:r>", n->u.note.number);
	xmlw_printf(&x->notes, "<w:footnote w:id=\"%u\">", n->u.note.number);
	x->in_table = 0;
	for (p = n->first; p; p = p->next)
		write_para(x, &x->notes, p, p == n->first);
	x->in_table = in_table;
	xmlw_raw(&x->notes, "</w:footnote>");
}

/* A content control: tagged with the field's id so a reader can cross-check
 * it against the row it sits in, titled with its human label. Its placeholder
 * is Word's (ECMA-376 17.5.2.25 placeholder, 17.5.2.39 showingPlcHdr): grey
 * text that a click selects and typing replaces, never one of the choices. */
static void write_sdt(struct docx *x, xmlw *w, const md_node *n)
{
	const char *ph = n->u.field.placeholder;
	size_t i, part = ph ? placeholder_part(x, ph) : 0;

	xmlw_raw(w, "<w:sdt><w:sdtPr>");
	xmlw_open(w, "w:alias");
	xmlw_attr(w, "w:val", n->u.field.label ? n->u.field.label : n->u.field.tag);
	xmlw_empty(w);
	xmlw_open(w, "w:tag");
	xmlw_attr(w, "w:val", n->u.field.tag);
	xmlw_empty(w);
	xmlw_printf(w, "<w:id w:val=\"%u\"/>", ++x->sdt_id);
	if (part)
		xmlw_printf(w, "<w:placeholder><w:docPart w:val=\"AGPlaceholder%zu\"/></w:placeholder>", part);
	if (ph)
		xmlw_raw(w, "<w:showingPlcHdr/>");
	if (n->type == MD_DROPDOWN) {
		xmlw_raw(w, "<w:dropDownList>");
		for (i = 0; i < n->u.field.nchoices; i++) {
			xmlw_open(w, "w:listItem");
			xmlw_attr(w, "w:displayText", n->u.field.choices[i]);
			xmlw_attr(w, "w:value", n->u.field.choices[i]);
			xmlw_empty(w);
		}
		xmlw_raw(w, "</w:dropDownList>");
	} else {
		xmlw_raw(w, n->u.field.multiline ? "<w:text w:multiLine=\"1\"/>" : "<w:text/>");
	}
	xmlw_raw(w, "</w:sdtPr><w:sdtContent><w:r>");
	if (ph) {
		xmlw_raw(w, "<w:rPr><w:rStyle w:val=\"PlaceholderText\"/></w:rPr>");
		write_run_text(w, ph, strlen(ph));
	} else {
		xmlw_raw(w, "<w:t></w:t>");
	}
	xmlw_raw(w, "</w:r></w:sdtContent></w:sdt>");
}

/* word/glossary/document.xml: one placeholder building block per text. */
static void write_glossary(struct docx *x)
{
	xmlw *w = &x->w;
	size_t i;

	xmlw_raw(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<w:glossaryDocument xmlns:w=\"" NS_W "\"><w:docParts>");
	for (i = 0; i < x->nplaceholders; i++) {
		xmlw_printf(w, "<w:docPart><w:docPartPr><w:name w:val=\"AGPlaceholder%zu\"/>"
			       "<w:category><w:name w:val=\"General\"/><w:gallery w:val=\"placeholder\"/></w:category>"
			       "<w:types><w:type w:val=\"bbPlcHdr\"/></w:types>"
			       "<w:behaviors><w:behavior w:val=\"content\"/></w:behaviors>"
			       "<w:guid w:val=\"{6A1E5C2B-3D4F-4A8B-9C0D-%012zX}\"/></w:docPartPr>"
			       "<w:docPartBody><w:p><w:r><w:rPr><w:rStyle w:val=\"PlaceholderText\"/></w:rPr>",
			    i + 1, i + 1);
		write_run_text(w, x->placeholders[i], strlen(x->placeholders[i]));
		xmlw_raw(w, "</w:r></w:p></w:docPartBody></w:docPart>");
	}
	xmlw_raw(w, "</w:docParts></w:glossaryDocument>\n");
}

static void write_inlines(struct docx *x, xmlw *w, const md_node *n)
{
	for (; n; n = n->next) {
		switch (n->type) {
		case MD_TEXT:
			write_text(x, w, n);
			break;
		case MD_BREAK:
			xmlw_raw(w, "<w:r><w:br/></w:r>");
			break;
		case MD_NOTE:
			write_note(x, w, n);
			break;
		case MD_DROPDOWN:
		case MD_INPUT:
			write_sdt(x, w, n);
			break;
		default:
			break;
		}
	}
}

static void write_cell(struct docx *x, xmlw *w, const md_node *cell, unsigned width)
{
	const md_node *p;

	xmlw_printf(w, "<w:tc><w:tcPr><w:tcW w:w=\"%u\" w:type=\"dxa\"/>", twips(width));
	if (cell->u.cell.covered)
		xmlw_raw(w, "<w:vMerge/>");
	else if (cell->u.cell.rowspan > 1)
		xmlw_raw(w, "<w:vMerge w:val=\"restart\"/>");
	if (cell->u.cell.shaded == MD_SHADE_HEADING)
		xmlw_raw(w, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/>"
			    "<w:vAlign w:val=\"center\"/>");
	else if (cell->u.cell.shaded == MD_SHADE_ALERT)
		xmlw_raw(w, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"FFD7D7\"/>");
	xmlw_raw(w, "</w:tcPr>");
	if (cell->u.cell.covered || !cell->first) {
		xmlw_printf(w, "<w:p><w:pPr><w:pStyle w:val=\"AGTableText\"/>%s</w:pPr></w:p>",
			    keeps_next(NULL, cell) ? "<w:keepNext/>" : "");
	} else {
		x->in_table = 1;
		for (p = cell->first; p; p = p->next)
			write_para(x, w, p, 0);
		x->in_table = 0;
	}
	xmlw_raw(w, "</w:tc>");
}

static void write_table(struct docx *x, xmlw *w, const md_node *t)
{
	const md_node *row, *cell;
	unsigned total = 0, fitted;
	size_t i;

	for (i = 0; i < t->u.table.ncols; i++)
		total += t->u.table.widths[i];
	for (i = 0, fitted = 0; i < t->u.table.ncols; i++)
		fitted += md_fit_width(x->text_width, total, t->u.table.widths[i]);
	xmlw_printf(w, "<w:tbl><w:tblPr><w:tblW w:w=\"%u\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
		       "<w:tblBorders>"
		       "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		       "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		       "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		       "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		       "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		       "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
		       "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
		       "<w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/>"
		       "<w:bottom w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar>"
		       "<w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>", twips(fitted));
	for (i = 0; i < t->u.table.ncols; i++)
		xmlw_printf(w, "<w:gridCol w:w=\"%u\"/>", twips(md_fit_width(x->text_width, total, t->u.table.widths[i])));
	xmlw_raw(w, "</w:tblGrid>");
	for (row = t->first; row; row = row->next) {
		/* A row with a footnote may split, so that the note can stay on the page
		 * of its marker (as in odt.c). */
		xmlw_raw(w, row->u.row.header ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
			    : md_has_note(row) ? "<w:tr>"
			    : "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
		for (cell = row->first, i = 0; cell && i < t->u.table.ncols; cell = cell->next, i++)
			write_cell(x, w, cell, md_fit_width(x->text_width, total, t->u.table.widths[i]));
		xmlw_raw(w, "</w:tr>");
	}
	xmlw_raw(w, "</w:tbl>");
}

static ag_code write_document(struct docx *x, const template *tpl, ag_error *err)
{
	xmlw *w = &x->w;
	const md_node *n;
	const char *sect;
	size_t len;

	sect = template_part(tpl, "docx/section.xml", &len);
	if (!sect)
		return ag_fail(err, AG_ERR_DATA, NULL, 0, "the template has no 'docx/section.xml'");
	xmlw_raw(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\"><w:body>");
	xmlw_raw(&x->notes, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
			    "<w:footnotes xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\">"
			    "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
			    "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>");
	for (n = x->d->first; n; n = n->next) {
		if (n->type == MD_PARA)
			write_para(x, w, n, 0);
		else if (n->type == MD_TABLE)
			write_table(x, w, n);
	}
	/* Word wants a paragraph between a final table and the section properties:
	 * one point high, so that it never makes a blank last page of its own. */
	if (x->d->last && x->d->last->type == MD_TABLE)
		xmlw_raw(w, "<w:p><w:pPr><w:pStyle w:val=\"AGBody\"/>"
			    "<w:spacing w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>"
			    "<w:rPr><w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr></w:pPr></w:p>");
	xmlw_rawn(w, sect, len);
	xmlw_raw(w, "</w:body></w:document>\n");
	xmlw_raw(&x->notes, "</w:footnotes>\n");
	return AG_OK;
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"" CT "document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"" CT "styles+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" ContentType=\"" CT "settings+xml\"/>"
	"<Override PartName=\"/word/fontTable.xml\" ContentType=\"" CT "fontTable+xml\"/>"
	"<Override PartName=\"/word/footnotes.xml\" ContentType=\"" CT "footnotes+xml\"/>"
	"<Override PartName=\"/word/header1.xml\" ContentType=\"" CT "header+xml\"/>"
	"<Override PartName=\"/word/footer1.xml\" ContentType=\"" CT "footer+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
	"<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
	"<Override PartName=\"/docProps/custom.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.custom-properties+xml\"/>";
static const char content_types_glossary[] =
	"<Override PartName=\"/word/glossary/document.xml\" ContentType=\"" CT "document.glossary+xml\"/>";

static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" REL "extended-properties\" Target=\"docProps/app.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"" REL "custom-properties\" Target=\"docProps/custom.xml\"/>"
	"</Relationships>\n";

static const char document_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rIdStyles\" Type=\"" REL "styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rIdSettings\" Type=\"" REL "settings\" Target=\"settings.xml\"/>"
	"<Relationship Id=\"rIdFonts\" Type=\"" REL "fontTable\" Target=\"fontTable.xml\"/>"
	"<Relationship Id=\"rIdFootnotes\" Type=\"" REL "footnotes\" Target=\"footnotes.xml\"/>"
	"<Relationship Id=\"rIdHeader\" Type=\"" REL "header\" Target=\"header1.xml\"/>"
	"<Relationship Id=\"rIdFooter\" Type=\"" REL "footer\" Target=\"footer1.xml\"/>";
static const char document_rels_glossary[] =
	"<Relationship Id=\"rIdGlossary\" Type=\"" REL "glossaryDocument\" Target=\"glossary/document.xml\"/>";

static void write_core(struct docx *x)
{
	const md_meta *m = &x->d->meta;
	xmlw *w = &x->w;

	xmlw_raw(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
		    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">");
	xmlw_elem_text(w, "dc:title", m->title);
	xmlw_elem_text(w, "dc:subject", m->subject);
	xmlw_elem_text(w, "dc:creator", m->creator);
	xmlw_elem_text(w, "cp:keywords", m->keywords);
	xmlw_elem_text(w, "dc:description", m->description);
	xmlw_elem_text(w, "dc:language", m->lang);
	xmlw_raw(w, "</cp:coreProperties>\n");
}

static void write_app(struct docx *x)
{
	xmlw *w = &x->w;

	xmlw_raw(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">");
	xmlw_elem_text(w, "Application", x->d->meta.generator);
	xmlw_raw(w, "<DocSecurity>0</DocSecurity>");
	xmlw_elem_text(w, "Company", x->d->meta.creator);
	xmlw_raw(w, "</Properties>\n");
}

static void custom_prop(xmlw *w, unsigned pid, const char *name, const char *value)
{
	xmlw_printf(w, "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"%u\"", pid);
	xmlw_attr(w, "name", name);
	xmlw_raw(w, "><vt:lpwstr>");
	xmlw_text(w, value);
	xmlw_raw(w, "</vt:lpwstr></property>");
}

static void write_custom(struct docx *x)
{
	md_prop props[MD_MAX_PROPS];
	xmlw *w = &x->w;
	size_t i, n = md_meta_props(&x->d->meta, props);

	xmlw_raw(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\""
		    " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">");
	/* Custom property ids start at 2, as the format requires. */
	for (i = 0; i < n; i++)
		custom_prop(w, (unsigned)i + 2, props[i].name, props[i].value);
	xmlw_raw(w, "</Properties>\n");
}

/* Expands a template part's placeholders into x->w. */
static ag_code write_template(struct docx *x, const template *tpl, const char *name, ag_error *err)
{
	const md_meta *m = &x->d->meta;
	const char *names[] = { "HEADER_TEXT", "PAGE_BEFORE", "PAGE_MIDDLE", "PAGE_AFTER",
				"LANG", "LANG_ASIAN" };
	const char *values[6];
	lang_slots slots = lang_slots_of(m->lang);
	const char *part;
	size_t len;

	part = template_part(tpl, name, &len);
	if (!part)
		return ag_fail(err, AG_ERR_DATA, NULL, 0, "the template has no '%s'", name);
	values[0] = m->header_text;
	values[1] = m->page_before;
	values[2] = m->page_middle;
	values[3] = m->page_after;
	values[4] = slots.western;
	values[5] = slots.asian;
	xmlw_expand(&x->w, part, len, names, values, 6);
	return AG_OK;
}

/* Adds the part in w to the package, then empties w for the next part. */
static ag_code add_part(pkg_writer *pkg, xmlw *w, const char *name, ag_error *err)
{
	ag_code rc;

	if (w->oom)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	rc = pkg_add(pkg, name, w->buf, w->len, 0, err);
	xmlw_reset(w);
	return rc;
}

ag_code docx_render(const md_doc *d, const template *tpl, pkg_cache *cache, unsigned char **out,
		    size_t *len, ag_error *err)
{
	static const struct {
		const char *tpl, *part;
	} templated[] = {
		{ "docx/styles.xml", "word/styles.xml" },
		{ "docx/settings.xml", "word/settings.xml" },
		{ "docx/fontTable.xml", "word/fontTable.xml" },
		{ "docx/header.xml", "word/header1.xml" },
		{ "docx/footer.xml", "word/footer1.xml" },
	};
	static const struct {
		const char *tpl, *part;
	} rels[] = {
		{ "docx/header.xml.rels", "word/_rels/header1.xml.rels" },
		{ "docx/footer.xml.rels", "word/_rels/footer1.xml.rels" },
	};
	struct docx x = { .d = d, .text_width = template_text_width(tpl) };
	pkg_writer *pkg = pkg_writer_new(cache);
	const template_media *media;
	ag_code rc;
	size_t i, nmedia, plen;

	xmlw_init(&x.w);
	xmlw_init(&x.notes);
	if (!pkg) {
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	collect_placeholders(&x, d->first);
	/* The template's images (a logo in the header) are parts of their own. */
	media = template_media_list(tpl, "docx", &nmedia);
	xmlw_raw(&x.w, content_types);
	if (x.nplaceholders)
		xmlw_raw(&x.w, content_types_glossary);
	for (i = 0; i < nmedia; i++) {
		xmlw_raw(&x.w, "<Override");
		xmlw_printf(&x.w, " PartName=\"/%s\"", media[i].name);
		xmlw_attr(&x.w, "ContentType", media[i].type);
		xmlw_raw(&x.w, "/>");
	}
	xmlw_raw(&x.w, "</Types>\n");
	rc = add_part(pkg, &x.w, "[Content_Types].xml", err);
	for (i = 0; !rc && i < nmedia; i++)
		rc = pkg_add(pkg, media[i].name, media[i].data, media[i].len, 0, err);
	for (i = 0; !rc && i < sizeof(rels) / sizeof(rels[0]); i++) {
		const char *part = template_part(tpl, rels[i].tpl, &plen);

		if (part)
			rc = pkg_add(pkg, rels[i].part, part, plen, 0, err);
	}
	if (!rc)
		rc = pkg_add(pkg, "_rels/.rels", package_rels, sizeof(package_rels) - 1, 0, err);
	if (!rc)
		rc = write_document(&x, tpl, err);
	if (!rc)
		rc = add_part(pkg, &x.w, "word/document.xml", err);
	if (!rc)
		rc = add_part(pkg, &x.notes, "word/footnotes.xml", err);
	if (!rc) {
		xmlw_raw(&x.w, document_rels);
		if (x.nplaceholders)
			xmlw_raw(&x.w, document_rels_glossary);
		xmlw_raw(&x.w, "</Relationships>\n");
		rc = add_part(pkg, &x.w, "word/_rels/document.xml.rels", err);
	}
	if (!rc && x.nplaceholders) {
		write_glossary(&x);
		rc = add_part(pkg, &x.w, "word/glossary/document.xml", err);
	}
	for (i = 0; !rc && i < sizeof(templated) / sizeof(templated[0]); i++) {
		rc = write_template(&x, tpl, templated[i].tpl, err);
		if (!rc)
			rc = add_part(pkg, &x.w, templated[i].part, err);
	}
	if (!rc) {
		write_core(&x);
		rc = add_part(pkg, &x.w, "docProps/core.xml", err);
	}
	if (!rc) {
		write_app(&x);
		rc = add_part(pkg, &x.w, "docProps/app.xml", err);
	}
	if (!rc) {
		write_custom(&x);
		rc = add_part(pkg, &x.w, "docProps/custom.xml", err);
	}
	if (!rc)
		rc = pkg_finish(pkg, out, len, err);
fail:
	xmlw_release(&x.w);
	xmlw_release(&x.notes);
	pkg_writer_free(pkg);
	return rc;
}
