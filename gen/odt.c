/* Renders the document model as ODF 1.3 (content, styles, meta, manifest)
 * using only markup the OASIS schema accepts, then hands the parts to the packager. */
#include "odt.h"

#include <stdio.h>
#include <string.h>

#include "package.h"
#include "xmlw.h"

#include "banned.h"

#define NS_ODF \
	" xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
	" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"" \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"" \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"" \
	" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\"" \
	" xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\""

#define MAX_SPAN_LANGS 8

struct odt {
	const md_doc *d;
	xmlw w;
	const char *langs[MAX_SPAN_LANGS];  /* languages of spans other than the document's */
	size_t nlangs;
	unsigned text_width;  /* the template's, 1/100 mm; 0: the built-in page */
};

/* Column width w of a table total wide, narrowed to fit the template's
 * text area (a template may have narrower pages than the built-in A4). */
static unsigned fit(const struct odt *o, unsigned total, unsigned w)
{
	if (!o->text_width || total <= o->text_width)
		return w;
	return (unsigned)((unsigned long long)w * o->text_width / total);
}

/* "zh-TW" -> language "zh", country "TW" (country "" when absent). */
static void split_tag(const char *tag, char *lang, size_t lsize, char *country, size_t csize)
{
	size_t n = strcspn(tag, "-");

	snprintf(lang, lsize, "%.*s", (int)n, tag);
	snprintf(country, csize, "%s", tag[n] ? tag + n + 1 : "");
}

static int is_cjk_lang(const char *lang)
{
	return !strcmp(lang, "zh") || !strcmp(lang, "ja") || !strcmp(lang, "ko");
}

static long span_lang(const struct odt *o, const char *tag)
{
	size_t i;

	if (!tag || !strcmp(tag, o->d->meta.lang))
		return -1;
	for (i = 0; i < o->nlangs; i++)
		if (!strcmp(o->langs[i], tag))
			return (long)i;
	return -1;
}

static void collect_langs(struct odt *o, const md_node *n)
{
	for (; n; n = n->next) {
		if (n->type == MD_TEXT && n->u.text.lang && strcmp(n->u.text.lang, o->d->meta.lang) &&
		    span_lang(o, n->u.text.lang) < 0 && o->nlangs < MAX_SPAN_LANGS)
			o->langs[o->nlangs++] = n->u.text.lang;
		collect_langs(o, n->first);
	}
}

static void lang_props(xmlw *w, const char *tag)
{
	char lang[16], country[16];

	split_tag(tag, lang, sizeof(lang), country, sizeof(country));
	xmlw_attr(w, "fo:language", lang);
	if (*country)
		xmlw_attr(w, "fo:country", country);
	if (is_cjk_lang(lang)) {
		xmlw_attr(w, "style:language-asian", lang);
		if (*country)
			xmlw_attr(w, "style:country-asian", country);
	}
}

static void write_span_styles(struct odt *o)
{
	xmlw *w = &o->w;
	size_t i;
	int bold;

	for (i = 0; i < o->nlangs; i++) {
		for (bold = 0; bold < 2; bold++) {
			xmlw_printf(w, "<style:style style:name=\"AGL%zu%s\" style:family=\"text\">"
				       "<style:text-properties", i, bold ? "B" : "");
			lang_props(w, o->langs[i]);
			if (bold)
				xmlw_raw(w, " fo:font-weight=\"bold\" style:font-weight-asian=\"bold\""
					    " style:font-weight-complex=\"bold\"");
			xmlw_raw(w, "/></style:style>");
		}
	}
}

static void write_table_styles(struct odt *o)
{
	xmlw *w = &o->w;
	const md_node *n;
	size_t i;

	for (n = o->d->first; n; n = n->next) {
		unsigned total = 0, fitted = 0, cw;

		if (n->type != MD_TABLE)
			continue;
		for (i = 0; i < n->u.table.ncols; i++)
			total += n->u.table.widths[i];
		for (i = 0; i < n->u.table.ncols; i++)
			fitted += fit(o, total, n->u.table.widths[i]);
		xmlw_printf(w, "<style:style style:name=\"%s\" style:family=\"table\">"
			       "<style:table-properties style:width=\"%u.%02umm\" table:align=\"center\" table:border-model=\"collapsing\""
			       " fo:margin-top=\"0.1cm\" fo:margin-bottom=\"0.2cm\"/></style:style>",
			    n->u.table.name, fitted / 100, fitted % 100);
		for (i = 0; i < n->u.table.ncols; i++) {
			cw = fit(o, total, n->u.table.widths[i]);
			xmlw_printf(w, "<style:style style:name=\"%s.C%zu\" style:family=\"table-column\">"
				       "<style:table-column-properties style:column-width=\"%u.%02umm\"/>"
				       "</style:style>",
				    n->u.table.name, i, cw / 100, cw % 100);
		}
	}
}

/* Text with ODF's white-space rules made explicit: runs of spaces, tabs and newlines. */
static void write_text(xmlw *w, const char *s)
{
	const char *p = s;

	while (*p) {
		size_t run = strcspn(p, " \t\n");
		size_t spaces;

		if (run) {
			xmlw_textn(w, p, run);
			p += run;
		}
		if (*p == '\t') {
			xmlw_raw(w, "<text:tab/>");
			p++;
		} else if (*p == '\n') {
			xmlw_raw(w, "<text:line-break/>");
			p++;
		} else if (*p == ' ') {
			spaces = strspn(p, " ");
			/* One space survives as is unless it starts the paragraph or is followed by more. */
			if (spaces == 1 && p != s) {
				xmlw_raw(w, " ");
			} else if (p != s) {
				xmlw_printf(w, " <text:s text:c=\"%zu\"/>", spaces - 1);
			} else {
				xmlw_printf(w, "<text:s text:c=\"%zu\"/>", spaces);
			}
			p += spaces;
		}
	}
}

static void write_inlines(struct odt *o, const md_node *n);

static void write_para(struct odt *o, const md_node *p)
{
	xmlw *w = &o->w;

	xmlw_printf(w, "<text:p text:style-name=\"%s\">", md_style_name(p->u.para.style));
	write_inlines(o, p->first);
	xmlw_raw(w, "</text:p>");
}

static void write_note(struct odt *o, const md_node *n)
{
	xmlw *w = &o->w;
	const md_node *p;

	xmlw_printf(w, "<text:note text:id=\"ftn%u\" text:note-class=\"footnote\">"
		       "<text:note-citation>%u</text:note-citation><text:note-body>",
		    n->u.note.number, n->u.note.number);
	for (p = n->first; p; p = p->next)
		write_para(o, p);
	xmlw_raw(w, "</text:note-body></text:note>");
}

static void write_dropdown(struct odt *o, const md_node *n)
{
	xmlw *w = &o->w;
	size_t i;

	xmlw_open(w, "text:drop-down");
	xmlw_attr(w, "text:name", n->u.field.tag);
	xmlw_gt(w);
	/* The placeholder is the first, selected entry: LibreOffice would otherwise
	 * show the first real choice as if the vendor had picked it. */
	xmlw_open(w, "text:label");
	xmlw_attr(w, "text:value", n->u.field.placeholder);
	xmlw_raw(w, " text:current-selected=\"true\"");
	xmlw_empty(w);
	for (i = 0; i < n->u.field.nchoices; i++) {
		xmlw_open(w, "text:label");
		xmlw_attr(w, "text:value", n->u.field.choices[i]);
		xmlw_empty(w);
	}
	xmlw_text(w, n->u.field.placeholder);
	xmlw_close(w, "text:drop-down");
}

static void write_inlines(struct odt *o, const md_node *n)
{
	xmlw *w = &o->w;

	for (; n; n = n->next) {
		switch (n->type) {
		case MD_TEXT: {
			long l = span_lang(o, n->u.text.lang);

			if (l >= 0)
				xmlw_printf(w, "<text:span text:style-name=\"AGL%ld%s\">", l,
					    n->u.text.bold ? "B" : "");
			else if (n->u.text.bold)
				xmlw_raw(w, "<text:span text:style-name=\"AGStrong\">");
			write_text(w, n->u.text.s);
			if (l >= 0 || n->u.text.bold)
				xmlw_raw(w, "</text:span>");
			break;
		}
		case MD_BREAK:
			xmlw_raw(w, "<text:line-break/>");
			break;
		case MD_NOTE:
			write_note(o, n);
			break;
		case MD_DROPDOWN:
			write_dropdown(o, n);
			break;
		case MD_INPUT:
			xmlw_open(w, "text:text-input");
			xmlw_attr(w, "text:description", n->u.field.tag);
			xmlw_gt(w);
			xmlw_close(w, "text:text-input");
			break;
		default:
			break;
		}
	}
}

static void write_row(struct odt *o, const md_node *row)
{
	xmlw *w = &o->w;
	const md_node *cell, *p;

	xmlw_raw(w, "<table:table-row table:style-name=\"AGRow\">");
	for (cell = row->first; cell; cell = cell->next) {
		if (cell->u.cell.covered) {
			xmlw_raw(w, "<table:covered-table-cell/>");
			continue;
		}
		xmlw_printf(w, "<table:table-cell table:style-name=\"%s\" office:value-type=\"string\"",
			    cell->u.cell.shaded == MD_SHADE_HEADING ? "AGCellShaded" :
			    cell->u.cell.shaded == MD_SHADE_ALERT ? "AGCellAlert" : "AGCell");
		if (cell->u.cell.rowspan > 1)
			xmlw_printf(w, " table:number-rows-spanned=\"%u\"", cell->u.cell.rowspan);
		xmlw_gt(w);
		for (p = cell->first; p; p = p->next)
			write_para(o, p);
		if (!cell->first)
			xmlw_raw(w, "<text:p text:style-name=\"AGTableText\"/>");
		xmlw_raw(w, "</table:table-cell>");
	}
	xmlw_raw(w, "</table:table-row>");
}

static void write_table(struct odt *o, const md_node *t)
{
	xmlw *w = &o->w;
	const md_node *row;
	size_t i, nheader = 0;

	xmlw_printf(w, "<table:table table:name=\"%s\" table:style-name=\"%s\">",
		    t->u.table.name, t->u.table.name);
	for (i = 0; i < t->u.table.ncols; i++)
		xmlw_printf(w, "<table:table-column table:style-name=\"%s.C%zu\"/>", t->u.table.name, i);
	for (row = t->first; row; row = row->next) {
		if (row->u.row.header && nheader == 0)
			xmlw_raw(w, "<table:table-header-rows>");
		if (!row->u.row.header && nheader && nheader != (size_t)-1) {
			xmlw_raw(w, "</table:table-header-rows>");
			nheader = (size_t)-1;
		}
		if (row->u.row.header && nheader != (size_t)-1)
			nheader++;
		write_row(o, row);
	}
	if (nheader && nheader != (size_t)-1)
		xmlw_raw(w, "</table:table-header-rows>");
	xmlw_raw(w, "</table:table>");
}

static void write_content(struct odt *o, const template *tpl)
{
	xmlw *w = &o->w;
	const md_node *n;
	const char *fixed;
	size_t len;

	xmlw_raw(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content" NS_ODF
		    " office:version=\"1.3\"><office:automatic-styles>");
	fixed = template_part(tpl, "odt/content-styles.xml", &len);
	if (fixed)
		xmlw_rawn(w, fixed, len);
	write_table_styles(o);
	write_span_styles(o);
	xmlw_raw(w, "</office:automatic-styles><office:body><office:text>");
	for (n = o->d->first; n; n = n->next) {
		if (n->type == MD_PARA)
			write_para(o, n);
		else if (n->type == MD_TABLE)
			write_table(o, n);
	}
	xmlw_raw(w, "</office:text></office:body></office:document-content>\n");
}

static void write_styles(struct odt *o, const char *tpl, size_t len)
{
	const md_meta *m = &o->d->meta;
	char lang[16], country[16], asian[16], asian_country[16];
	const char *names[] = { "HEADER_TEXT", "PAGE_BEFORE", "PAGE_MIDDLE", "PAGE_AFTER",
				"LANGUAGE", "COUNTRY", "LANGUAGE_ASIAN", "COUNTRY_ASIAN" };
	const char *values[8];

	split_tag(m->lang, lang, sizeof(lang), country, sizeof(country));
	/* Chinese documents keep Chinese rules for CJK text; others still type CJK in zh-TW. */
	if (is_cjk_lang(lang)) {
		snprintf(asian, sizeof(asian), "%s", lang);
		snprintf(asian_country, sizeof(asian_country), "%s", country);
	} else {
		snprintf(asian, sizeof(asian), "zh");
		snprintf(asian_country, sizeof(asian_country), "TW");
	}
	if (!*country)
		snprintf(country, sizeof(country), "%s", !strcmp(lang, "en") ? "US" : "");
	values[0] = m->header_text;
	values[1] = m->page_before;
	values[2] = m->page_middle;
	values[3] = m->page_after;
	values[4] = lang;
	values[5] = country;
	values[6] = asian;
	values[7] = asian_country;
	xmlw_expand(&o->w, tpl, len, names, values, 8);
}

static void meta_user(xmlw *w, const char *name, const char *value)
{
	xmlw_open(w, "meta:user-defined");
	xmlw_attr(w, "meta:name", name);
	xmlw_gt(w);
	xmlw_text(w, value);
	xmlw_close(w, "meta:user-defined");
}

static void write_meta(struct odt *o)
{
	const md_meta *m = &o->d->meta;
	xmlw *w = &o->w;
	md_prop props[MD_MAX_PROPS];
	size_t i, n;

	xmlw_raw(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta"
		    " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
		    " xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""
		    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.3\"><office:meta>");
	xmlw_elem_text(w, "meta:generator", m->generator);
	xmlw_elem_text(w, "dc:title", m->title);
	xmlw_elem_text(w, "dc:description", m->description);
	xmlw_elem_text(w, "dc:subject", m->subject);
	xmlw_elem_text(w, "meta:keyword", m->keywords);
	xmlw_elem_text(w, "meta:initial-creator", m->creator);
	xmlw_elem_text(w, "dc:language", m->lang);
	n = md_meta_props(m, props);
	for (i = 0; i < n; i++)
		meta_user(w, props[i].name, props[i].value);
	xmlw_raw(w, "</office:meta></office:document-meta>\n");
}

static const char manifest[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""
	" manifest:version=\"1.3\">"
	"<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\""
	" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
	"<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
	"<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
	"<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>";

static const char mimetype[] = "application/vnd.oasis.opendocument.text";

/* Adds the part in o->w (then empties it for the next part). */
static ag_code add_part(struct odt *o, pkg_writer *pkg, const char *name, ag_error *err)
{
	ag_code rc;

	if (o->w.oom)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	rc = pkg_add(pkg, name, o->w.buf, o->w.len, 0, err);
	xmlw_reset(&o->w);
	return rc;
}

ag_code odt_render(const md_doc *d, const template *tpl, unsigned char **out, size_t *len,
		   ag_error *err)
{
	struct odt o = { d, { 0 }, { 0 }, 0, template_text_width(tpl) };
	pkg_writer *pkg = pkg_writer_new();
	const char *styles;
	const template_media *media;
	size_t styles_len, nmedia, i;
	ag_code rc;

	xmlw_init(&o.w);
	if (!pkg) {
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	styles = template_part(tpl, "odt/styles.xml", &styles_len);
	if (!styles) {
		rc = ag_fail(err, AG_ERR_DATA, NULL, 0, "the template has no 'odt/styles.xml'");
		goto fail;
	}
	collect_langs(&o, d->first);
	rc = pkg_add(pkg, "mimetype", mimetype, sizeof(mimetype) - 1, 1, err);
	if (rc)
		goto fail;
	write_content(&o, tpl);
	rc = add_part(&o, pkg, "content.xml", err);
	if (rc)
		goto fail;
	write_styles(&o, styles, styles_len);
	rc = add_part(&o, pkg, "styles.xml", err);
	if (rc)
		goto fail;
	write_meta(&o);
	rc = add_part(&o, pkg, "meta.xml", err);
	/* The template's images (a logo in the header) are entries of their own. */
	media = template_media_list(tpl, "odt", &nmedia);
	for (i = 0; !rc && i < nmedia; i++)
		rc = pkg_add(pkg, media[i].name, media[i].data, media[i].len, 0, err);
	if (!rc) {
		xmlw_raw(&o.w, manifest);
		for (i = 0; i < nmedia; i++) {
			xmlw_raw(&o.w, "<manifest:file-entry");
			xmlw_attr(&o.w, "manifest:full-path", media[i].name);
			xmlw_attr(&o.w, "manifest:media-type", media[i].type);
			xmlw_raw(&o.w, "/>");
		}
		xmlw_raw(&o.w, "</manifest:manifest>\n");
		rc = add_part(&o, pkg, "META-INF/manifest.xml", err);
	}
	if (!rc)
		rc = pkg_finish(pkg, out, len, err);
fail:
	xmlw_release(&o.w);
	pkg_writer_free(pkg);
	return rc;
}
