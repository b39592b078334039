/* Renders the document model as WordprocessingML parts that the ECMA-376
 * transitional schemas accept (element order included), then packages them. */
#include "docx.h"

#include <string.h>

#include "package.h"
#include "xmlw.h"

#include "banned.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define CT "application/vnd.openxmlformats-officedocument.wordprocessingml."

struct docx {
	const md_doc *d;
	xmlw w;          /* the part being written */
	xmlw notes;      /* footnotes.xml, written alongside document.xml */
	unsigned sdt_id;
	unsigned text_width;  /* the template's, 1/100 mm; 0: the built-in page */
};

/* Column width w of a table total wide, narrowed to fit the template's
 * text area (a template may have narrower pages than the built-in A4). */
static unsigned fit(const struct docx *x, unsigned total, unsigned w)
{
	if (!x->text_width || total <= x->text_width)
		return w;
	return (unsigned)((unsigned long long)w * x->text_width / total);
}

/* 1/100 mm to twentieths of a point. */
static unsigned twips(unsigned hmm)
{
	return (unsigned)(((unsigned long)hmm * 567 + 500) / 1000);
}

static int is_cjk_tag(const char *tag)
{
	return !strncmp(tag, "zh", 2) || !strncmp(tag, "ja", 2) || !strncmp(tag, "ko", 2);
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
		if (other) {
			xmlw_open(w, "w:lang");
			xmlw_attr(w, is_cjk_tag(lang) ? "w:eastAsia" : "w:val", lang);
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

static void write_para(struct docx *x, xmlw *w, const md_node *p, int note_ref)
{
	xmlw_printf(w, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", md_style_name(p->u.para.style));
	if (note_ref)
		xmlw_raw(w, "<w:r><w:rPr><w:rStyle w:val=\"AGNoteAnchor\"/></w:rPr><w:footnoteRef/></w:r>"
			    "<w:r><w:t xml:space=\"preserve\"> </w:t></w:r>");
	write_inlines(x, w, p->first);
	xmlw_raw(w, "</w:p>");
}

static void write_note(struct docx *x, xmlw *w, const md_node *n)
{
	const md_node *p;

	xmlw_printf(w, "<w:r><w:rPr><w:rStyle w:val=\"AGNoteAnchor\"/></w:rPr>"
		       "<w:footnoteReference w:id=\"%u\"/></w:r>", n->u.note.number);
	xmlw_printf(&x->notes, "<w:footnote w:id=\"%u\">", n->u.note.number);
	for (p = n->first; p; p = p->next)
		write_para(x, &x->notes, p, p == n->first);
	xmlw_raw(&x->notes, "</w:footnote>");
}

/* A content control: tagged with the field's id so a reader can cross-check
 * it against the row it sits in. */
static void write_sdt(struct docx *x, xmlw *w, const md_node *n)
{
	size_t i;

	xmlw_raw(w, "<w:sdt><w:sdtPr>");
	xmlw_open(w, "w:alias");
	xmlw_attr(w, "w:val", n->u.field.tag);
	xmlw_empty(w);
	xmlw_open(w, "w:tag");
	xmlw_attr(w, "w:val", n->u.field.tag);
	xmlw_empty(w);
	xmlw_printf(w, "<w:id w:val=\"%u\"/>", ++x->sdt_id);
	if (n->type == MD_DROPDOWN) {
		xmlw_raw(w, "<w:dropDownList>");
		/* The placeholder is listed first so LibreOffice, which imports the
		 * control as a drop-down field, does not show a real choice as picked. */
		xmlw_open(w, "w:listItem");
		xmlw_attr(w, "w:displayText", n->u.field.placeholder);
		xmlw_attr(w, "w:value", n->u.field.placeholder);
		xmlw_empty(w);
		for (i = 0; i < n->u.field.nchoices; i++) {
			xmlw_open(w, "w:listItem");
			xmlw_attr(w, "w:displayText", n->u.field.choices[i]);
			xmlw_attr(w, "w:value", n->u.field.choices[i]);
			xmlw_empty(w);
		}
		xmlw_raw(w, "</w:dropDownList></w:sdtPr><w:sdtContent><w:r>");
		write_run_text(w, n->u.field.placeholder, strlen(n->u.field.placeholder));
		xmlw_raw(w, "</w:r></w:sdtContent></w:sdt>");
	} else {
		xmlw_raw(w, "<w:text/></w:sdtPr><w:sdtContent><w:r><w:t></w:t></w:r></w:sdtContent></w:sdt>");
	}
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
		xmlw_raw(w, "<w:p><w:pPr><w:pStyle w:val=\"AGTableText\"/></w:pPr></w:p>");
	} else {
		for (p = cell->first; p; p = p->next)
			write_para(x, w, p, 0);
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
		fitted += fit(x, total, t->u.table.widths[i]);
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
		xmlw_printf(w, "<w:gridCol w:w=\"%u\"/>", twips(fit(x, total, t->u.table.widths[i])));
	xmlw_raw(w, "</w:tblGrid>");
	for (row = t->first; row; row = row->next) {
		xmlw_raw(w, row->u.row.header ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
					      : "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
		for (cell = row->first, i = 0; cell && i < t->u.table.ncols; cell = cell->next, i++)
			write_cell(x, w, cell, fit(x, total, t->u.table.widths[i]));
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
	/* Word wants a paragraph between a final table and the section properties. */
	if (x->d->last && x->d->last->type == MD_TABLE)
		xmlw_raw(w, "<w:p><w:pPr><w:pStyle w:val=\"AGBody\"/></w:pPr></w:p>");
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
	"<Relationship Id=\"rIdFooter\" Type=\"" REL "footer\" Target=\"footer1.xml\"/>"
	"</Relationships>\n";

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
	const char *part;
	size_t len;

	part = template_part(tpl, name, &len);
	if (!part)
		return ag_fail(err, AG_ERR_DATA, NULL, 0, "the template has no '%s'", name);
	values[0] = m->header_text;
	values[1] = m->page_before;
	values[2] = m->page_middle;
	values[3] = m->page_after;
	values[4] = !strcmp(m->lang, "en") ? "en-US" : m->lang;
	values[5] = is_cjk_tag(m->lang) ? m->lang : "zh-TW";
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

ag_code docx_render(const md_doc *d, const template *tpl, unsigned char **out, size_t *len,
		    ag_error *err)
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
	struct docx x = { d, { 0 }, { 0 }, 0, template_text_width(tpl) };
	pkg_writer *pkg = pkg_writer_new();
	const template_media *media;
	ag_code rc;
	size_t i, nmedia, plen;

	xmlw_init(&x.w);
	xmlw_init(&x.notes);
	if (!pkg) {
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	/* The template's images (a logo in the header) are parts of their own. */
	media = template_media_list(tpl, "docx", &nmedia);
	xmlw_raw(&x.w, content_types);
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
	if (!rc)
		rc = pkg_add(pkg, "word/_rels/document.xml.rels", document_rels, sizeof(document_rels) - 1,
			     0, err);
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
