/* The ODF half of docread: an ODT's paragraphs, fields and tables as a reader
 * (LibreOffice) sees them, and the styles that hide text. */
#include "docread_int.h"

#include <stdlib.h>
#include <string.h>

#include "textcmp.h"

#include "banned.h"

static void odt_inline(struct rd *r, const xmlNode *n);

/* The text a drop-down holds besides its entries, as a reader of the XML
 * would see it; LibreOffice shows the selected entry instead. */
static const char *odt_stale(struct rd *r, const xmlNode *dd)
{
	xmlw save = r->text, tmp;
	const char *s;

	xmlw_init(&tmp);
	xmlw_raw(&tmp, "");
	r->text = tmp;
	r->in_copy++;
	odt_inline(r, dd);
	r->in_copy--;
	tmp = r->text;
	r->text = save;
	s = tmp.oom ? NULL : arena_strdup(&r->f->mem, tmp.buf ? tmp.buf : "");
	xmlw_release(&tmp);
	if (!s)
		r->oom = 1;
	return s ? s : "";
}

static void odt_dropdown(struct rd *r, const xmlNode *dd)
{
	const xmlNode *c;
	const char *sel = NULL, *stale;

	docread_note_field(r, docread_attr(r, dd, NS_TEXT, "name"));
	for (c = dd->children; c && !sel; c = c->next)
		if (docread_is(c, NS_TEXT, "label") && docread_attr_is(c, NS_TEXT, "current-selected", "true")) {
			sel = docread_attr(r, c, NS_TEXT, "value");
			if (!sel)
				sel = "";
		}
	docread_copy_begin(r);
	if (!sel) {
		/* No entry selected: the drop-down shows the text it holds. */
		odt_inline(r, dd);
		docread_copy_end(r);
		return;
	}
	docread_emit(r, sel, strlen(sel));
	docread_copy_end(r);
	stale = r->hidden ? "" : odt_stale(r, dd);
	if (*stale && !textcmp_same(stale, sel)) {
		const char **slot = arena_vec_push(&r->stale, sizeof(*slot));

		if (!slot)
			r->oom = 1;
		else
			*slot = stale;
	}
}

/* Does the ODF element n carry a style that hides text (text:display="none")? */
static int odt_hides(struct rd *r, const xmlNode *n, int family)
{
	xmlChar *v = xmlGetNsProp((xmlNode *)n, (const xmlChar *)"style-name", (const xmlChar *)NS_TEXT);
	int h = v ? docread_style_hidden(&r->st, family, (const char *)v) : -1;

	xmlFree(v);
	return h == 1;
}

static void odt_inline(struct rd *r, const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		const char *name = (const char *)c->name;

		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			docread_emit_collapsed(r, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (docread_ns_is(c, NS_TEXT)) {
			int hide = 0;

			if (!strcmp(name, "p") || !strcmp(name, "h")) {
				hide = odt_hides(r, c, 0);
				/* A hidden paragraph takes its line with it. */
				if (!hide && !r->hidden)
					docread_para_start(r);
			} else if (!strcmp(name, "span")) {
				hide = odt_hides(r, c, 1);
			} else if (!strcmp(name, "section")) {
				hide = docread_attr_is(c, NS_TEXT, "display", "none");
			} else if (!strcmp(name, "hidden-paragraph") || !strcmp(name, "hidden-text")) {
				if (docread_attr_is(c, NS_TEXT, "is-hidden", "true"))
					continue;
			}
			r->hidden += hide;
			if (!strcmp(name, "p") || !strcmp(name, "h") || !strcmp(name, "span") ||
			    !strcmp(name, "section")) {
				odt_inline(r, c);
			} else if (!strcmp(name, "s")) {
				const char *cnt = docread_attr(r, c, NS_TEXT, "c");
				long k = cnt ? strtol(cnt, NULL, 10) : 1;

				k = k < 1 ? 1 : k > MAX_SPACES ? MAX_SPACES : k;
				/* Thousands of text:s must not make a small file a huge text. */
				if (r->expanded + (size_t)k > MAX_EXPANDED)
					k = 1;
				r->expanded += (size_t)k;
				for (; k > 0; k--)
					docread_emit(r, " ", 1);
			} else if (!strcmp(name, "tab")) {
				docread_emit(r, "\t", 1);
			} else if (!strcmp(name, "line-break")) {
				docread_emit(r, "\n", 1);
			} else if (!strcmp(name, "placeholder")) {
				/* Shown until the reader types over it: not an answer. */
				r->placeholder = 1;
			} else if (!strcmp(name, "note") || !strcmp(name, "tracked-changes") ||
				   !strcmp(name, "deletion")) {
				/* Not part of the text a reader reads in the cell. */
			} else if (!strcmp(name, "drop-down")) {
				odt_dropdown(r, c);
			} else if (!strcmp(name, "text-input")) {
				docread_note_field(r, docread_attr(r, c, NS_TEXT, "description"));
				docread_copy_begin(r);
				r->in_input++;
				odt_inline(r, c);
				r->in_input--;
				docread_copy_end(r);
			} else {
				odt_inline(r, c);
			}
			r->hidden -= hide;
		} else if (docread_is(c, NS_TABLE, "table")) {
			docread_nested_table(r, c);
		} else if (docread_ns_is(c, NS_OFFICE) && !strncmp(name, "annotation", 10)) {
			continue;
		} else if (docread_ns_is(c, NS_DRAW)) {
			continue;
		} else if (docread_is(c, NS_LOEXT, "content-control")) {
			const char *tag = docread_attr(r, c, NS_LOEXT, "tag");

			docread_note_field(r, tag && *tag ? tag : docread_attr(r, c, NS_LOEXT, "alias"));
			docread_copy_begin(r);
			if (!docread_attr_is(c, NS_LOEXT, "showing-place-holder", "true"))
				odt_inline(r, c);
			else
				r->placeholder = 1;
			docread_copy_end(r);
		} else {
			odt_inline(r, c);
		}
	}
}

static void odt_row(struct rd *r, const xmlNode *tr, arena_vec *rows)
{
	arena_vec cells = { 0 };
	const xmlNode *c;

	for (c = tr->children; c; c = c->next) {
		docread_cell cell = docread_empty_cell;
		const char *rep;
		long k;

		if (!docread_is(c, NS_TABLE, "table-cell") && !docread_is(c, NS_TABLE, "covered-table-cell"))
			continue;
		rep = docread_attr(r, c, NS_TABLE, "number-columns-repeated");
		k = rep ? strtol(rep, NULL, 10) : 1;
		docread_cell_begin(r);
		odt_inline(r, c);
		docread_cell_end(r, &cell);
		for (k = k < 1 ? 1 : k; k > 0 && docread_push_cell(r, &cells, &cell); k--)
			;
	}
	docread_push_row(r, rows, &cells);
}

void docread_odt_rows(struct rd *r, const xmlNode *n, arena_vec *rows)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (docread_is(c, NS_TABLE, "table-row"))
			odt_row(r, c, rows);
		else if (docread_is(c, NS_TABLE, "table-header-rows") || docread_is(c, NS_TABLE, "table-rows") ||
			 docread_is(c, NS_TABLE, "table-row-group"))
			docread_odt_rows(r, c, rows);
	}
}

/* ODF styles of paragraphs and text in container n (office:styles,
 * office:automatic-styles): which set text:display (ODF 1.3 part 3, §20.374). */
void docread_odt_styles(struct rd *r, const xmlNode *n)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next) {
		const xmlNode *tp = docread_child(c, NS_STYLE, "text-properties");
		const char *disp = tp ? docread_attr(r, tp, NS_TEXT, "display") : NULL;
		int fam;

		if (!docread_is(c, NS_STYLE, "style"))
			continue;
		if (docread_attr_is(c, NS_STYLE, "family", "paragraph"))
			fam = 0;
		else if (docread_attr_is(c, NS_STYLE, "family", "text"))
			fam = 1;
		else
			continue;
		docread_add_style(r, docread_attr(r, c, NS_STYLE, "name"), docread_attr(r, c, NS_STYLE, "parent-style-name"), fam,
			  !disp ? -1 : !strcmp(disp, "none") ? 1 : !strcmp(disp, "true") ? 0 : -1);
	}
}
