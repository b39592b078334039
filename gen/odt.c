/* Renders the document model as ODF 1.3 (content, styles, meta, manifest)
 * using only markup the OASIS schema accepts, then hands the parts to the packager. */
#include "odt.h"

#include <stdio.h>
#include <string.h>

#include "lang.h"
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
	int in_table;                       /* writing a table cell's text (not a note) */
	unsigned text_width;  /* the template's, 1/100 mm; 0: the built-in page */
};

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

/* A span's language fills only its own script slot, so that a Chinese span
 * never turns the Western slot (which breaks Latin words) Chinese. */
static void lang_props(xmlw *w, const char *tag)
{
	char lang[16], country[16];
	int cjk = lang_is_cjk(tag);

	lang_split(tag, lang, sizeof(lang), country, sizeof(country));
	xmlw_attr(w, cjk ? "style:language-asian" : "fo:language", lang);
	if (*country)
		xmlw_attr(w, cjk ? "style:country-asian" : "fo:country", country);
}

static void write_span_styles(struct odt *o)
{
	xmlw *w = &o->w;
	size_t i;
	int bold;

	/* Per language: plain and bold, each also at the translation size for
	 * table text (T). */
	for (i = 0; i < o->nlangs; i++) {
		for (bold = 0; bold < 4; bold++) {
			xmlw_printf(w, "<style:style style:name=\"AGL%zu%s%s\" style:family=\"text\">"
				       "<style:text-properties", i, bold & 2 ? "T" : "", bold & 1 ? "B" : "");
			lang_props(w, o->langs[i]);
			if (bold & 1)
				xmlw_raw(w, " fo:font-weight=\"bold\" style:font-weight-asian=\"bold\""
					    " style:font-weight-complex=\"bold\"");
			if (bold & 2)
				xmlw_printf(w, " fo:font-size=\"%dpt\" style:font-size-asian=\"%dpt\""
					       " style:font-size-complex=\"%dpt\"",
					    MD_TRANSLATION_PT, MD_TRANSLATION_PT, MD_TRANSLATION_PT);
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
			fitted += md_fit_width(o->text_width, total, n->u.table.widths[i]);
		xmlw_printf(w, "<style:style style:name=\"%s\" style:family=\"table\">"
			       "<style:table-properties style:width=\"%u.%02umm\" table:align=\"center\" table:border-model=\"collapsing\""
			       "%s%s/></style:style>",
			    n->u.table.name, fitted / 100, fitted % 100,
			    n->u.table.keep & MD_KEEP_NEXT && !md_table_end_row(n) ? " fo:keep-with-next=\"always\"" : "",
			    n->u.table.keep & MD_KEEP_TOGETHER ? " style:may-break-between-rows=\"false\"" : "");
		if (md_table_end_row(n))
			xmlw_printf(w, "<style:style style:name=\"%s.end\" style:family=\"table\">"
				       "<style:table-properties style:width=\"%u.%02umm\" table:align=\"center\""
				       " table:border-model=\"collapsing\""
				       " fo:keep-with-next=\"always\" style:may-break-between-rows=\"false\"/></style:style>",
				    n->u.table.name, fitted / 100, fitted % 100);
		for (i = 0; i < n->u.table.ncols; i++) {
			cw = md_fit_width(o->text_width, total, n->u.table.widths[i]);
			xmlw_printf(w, "<style:style style:name=\"%s.C%zu\" style:family=\"table-column\">"
				       "<style:table-column-properties style:column-width=\"%u.%02umm\"/>"
				       "</style:style>",
				    n->u.table.name, i, cw / 100, cw % 100);
		}
	}
}

/* AGKeep<Style>: the paragraph style that stays with the next block, for
 * each style a top-level paragraph that keeps uses. */
static void write_keep_styles(struct odt *o)
{
	unsigned char used[MD_S_COUNT] = { 0 };
	const md_node *n;
	size_t i;

	for (n = o->d->first; n; n = n->next)
		if (n->type == MD_PARA && n->u.para.keep_next)
			used[n->u.para.style] = 1;
	for (i = 0; i < MD_S_COUNT; i++)
		if (used[i])
			xmlw_printf(&o->w, "<style:style style:name=\"AGKeep%s\" style:family=\"paragraph\""
					   " style:parent-style-name=\"%s\"><style:paragraph-properties"
					   " fo:keep-with-next=\"always\"/></style:style>",
				    md_style_name((md_style)i), md_style_name((md_style)i));
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

	xmlw_printf(w, "<text:p text:style-name=\"%s%s\">", p->u.para.keep_next ? "AGKeep" : "",
		    md_style_name(p->u.para.style));
	write_inlines(o, p->first);
	xmlw_raw(w, "</text:p>");
}

static void write_note(struct odt *o, const md_node *n)
{
	xmlw *w = &o->w;
	const md_node *p;
	int in_table = o->in_table;

	o->in_table = 0;
	xmlw_printf(w, "<text:note text:id=\"ftn%u\" text:note-class=\"footnote\">"
		       "<text:note-citation>%u</text:note-citation><text:note-body>",
		    n->u.note.number, n->u.note.number);
	for (p = n->first; p; p = p->next)
		write_para(o, p);
	xmlw_raw(w, "</text:note-body></text:note>");
	o->in_table = in_table;
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
				xmlw_printf(w, "<text:span text:style-name=\"AGL%ld%s%s\">", l,
					    o->in_table ? "T" : "", n->u.text.bold ? "B" : "");
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

	/* A row with a footnote may split: LibreOffice keeps a note on its marker's
	 * page only by moving the marker's line, which an unsplittable row forbids. */
	xmlw_raw(w, md_has_note(row) ? "<table:table-row table:style-name=\"AGRowNote\">"
				     : "<table:table-row table:style-name=\"AGRow\">");
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
		o->in_table = 1;
		for (p = cell->first; p; p = p->next)
			write_para(o, p);
		o->in_table = 0;
		if (!cell->first)
			xmlw_raw(w, "<text:p text:style-name=\"AGTableText\"/>");
		xmlw_raw(w, "</table:table-cell>");
	}
	xmlw_raw(w, "</table:table-row>");
}

static void write_table(struct odt *o, const md_node *t)
{
	xmlw *w = &o->w;
	const md_node *row, *end = md_table_end_row(t);
	size_t i, nheader = 0;

	xmlw_printf(w, "<table:table table:name=\"%s\" table:style-name=\"%s\">",
		    t->u.table.name, t->u.table.name);
	for (i = 0; i < t->u.table.ncols; i++)
		xmlw_printf(w, "<table:table-column table:style-name=\"%s.C%zu\"/>", t->u.table.name, i);
	for (row = t->first; row; row = row->next) {
		if (row == end) {
			xmlw_printf(w, "</table:table><table:table table:name=\"%s.end\" table:style-name=\"%s.end\">",
				    t->u.table.name, t->u.table.name);
			for (i = 0; i < t->u.table.ncols; i++)
				xmlw_printf(w, "<table:table-column table:style-name=\"%s.C%zu\"/>", t->u.table.name, i);
		}
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
	write_keep_styles(o);
	write_span_styles(o);
	xmlw_raw(w, "</office:automatic-styles><office:body><office:text>");
	for (n = o->d->first; n; n = n->next) {
		if (n->type == MD_PARA)
			write_para(o, n);
		else if (n->type == MD_TABLE)
			write_table(o, n);
	}
	/* LibreOffice adds a full-size empty paragraph after a final table; on a full
	 * page that alone makes a blank last page. */
	if (o->d->last && o->d->last->type == MD_TABLE)
		xmlw_raw(w, "<text:p text:style-name=\"AGEnd\"/>");
	xmlw_raw(w, "</office:text></office:body></office:document-content>\n");
}

static void write_styles(struct odt *o, const char *tpl, size_t len)
{
	const md_meta *m = &o->d->meta;
	char lang[16], country[16], asian[16], asian_country[16];
	const char *names[] = { "HEADER_TEXT", "PAGE_BEFORE", "PAGE_MIDDLE", "PAGE_AFTER",
				"LANGUAGE", "COUNTRY", "LANGUAGE_ASIAN", "COUNTRY_ASIAN" };
	const char *values[8];

	lang_slots slots = lang_slots_of(m->lang);

	lang_split(slots.western, lang, sizeof(lang), country, sizeof(country));
	lang_split(slots.asian, asian, sizeof(asian), asian_country, sizeof(asian_country));
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
	"<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
	"<manifest:file-entry manifest:full-path=\"settings.xml\" manifest:media-type=\"text/xml\"/>";

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

ag_code odt_render(const md_doc *d, const template *tpl, pkg_cache *cache, unsigned char **out,
		   size_t *len, ag_error *err)
{
	struct odt o = { .d = d, .text_width = template_text_width(tpl) };
	pkg_writer *pkg = pkg_writer_new(cache);
	const char *styles, *settings;
	const template_media *media;
	size_t styles_len, settings_len, nmedia, i;
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
	settings = template_part(tpl, "odt/settings.xml", &settings_len);
	if (!settings) {
		rc = ag_fail(err, AG_ERR_DATA, NULL, 0, "the template has no 'odt/settings.xml'");
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
	if (!rc)
		rc = pkg_add(pkg, "settings.xml", settings, settings_len, 0, err);
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
