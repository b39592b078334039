/* Renders the document model as an HTML fragment for the page's preview, so
 * what the page shows is what the ODT and DOCX files say. */
#include "html.h"

#include <string.h>

#include "banned.h"

struct html {
	const md_doc *d;
	const char *prefix;
	xmlw *w;
};

static void inlines(struct html *h, const md_node *n);

static const char *para_class(md_style s)
{
	static const char *const names[MD_S_COUNT] = {
		[MD_S_TITLE] = "title", [MD_S_SUBTITLE] = "subtitle", [MD_S_HEADING] = "heading",
		[MD_S_BODY] = "body", [MD_S_NOTICE] = "notice", [MD_S_TABLE_HEADING] = "th",
		[MD_S_TABLE_TEXT] = "td", [MD_S_TABLE_CENTER] = "td center",
		[MD_S_FOOTNOTE] = "footnote", [MD_S_SIGNATURE] = "signature",
	};

	return (unsigned)s < MD_S_COUNT && names[s] ? names[s] : "body";
}

/* Titles and headings are headings for assistive technology too. */
static const char *para_element(md_style s)
{
	return s == MD_S_TITLE ? "h3" : s == MD_S_HEADING ? "h4" : "p";
}

static void para(struct html *h, const md_node *p)
{
	const char *el = para_element(p->u.para.style);

	xmlw_open(h->w, el);
	xmlw_attr(h->w, "class", para_class(p->u.para.style));
	xmlw_gt(h->w);
	inlines(h, p->first);
	xmlw_close(h->w, el);
}

static void inlines(struct html *h, const md_node *n)
{
	xmlw *w = h->w;

	for (; n; n = n->next) {
		switch (n->type) {
		case MD_TEXT:
			if (n->u.text.lang && strcmp(n->u.text.lang, h->d->meta.lang ? h->d->meta.lang : "")) {
				xmlw_open(w, "span");
				xmlw_attr(w, "lang", n->u.text.lang);
				xmlw_gt(w);
			}
			if (n->u.text.bold)
				xmlw_raw(w, "<strong>");
			xmlw_text(w, n->u.text.s ? n->u.text.s : "");
			if (n->u.text.bold)
				xmlw_raw(w, "</strong>");
			if (n->u.text.lang && strcmp(n->u.text.lang, h->d->meta.lang ? h->d->meta.lang : ""))
				xmlw_raw(w, "</span>");
			break;
		case MD_NOTE:
			xmlw_printf(w, "<sup class=\"noteref\"><a id=\"%s-r%u\" href=\"#%s-n%u\">%u</a></sup>",
				    h->prefix, n->u.note.number, h->prefix, n->u.note.number,
				    n->u.note.number);
			break;
		case MD_DROPDOWN:
			xmlw_raw(w, "<span class=\"field dropdown\">");
			xmlw_text(w, n->u.field.placeholder ? n->u.field.placeholder : "");
			xmlw_raw(w, " \xe2\x96\xbe</span>");
			break;
		case MD_INPUT:
			xmlw_raw(w, "<span class=\"field input\"></span>");
			break;
		case MD_BREAK:
			xmlw_raw(w, "<br>");
			break;
		default:
			break;
		}
	}
}

static void cell(struct html *h, const md_node *c, int header)
{
	static const char *const shade[] = { "", "shade-heading", "shade-alert" };
	const char *el = header ? "th" : "td";
	const md_node *p;

	if (c->u.cell.covered)
		return;
	xmlw_open(h->w, el);
	if (c->u.cell.rowspan > 1)
		xmlw_attr_int(h->w, "rowspan", (long)c->u.cell.rowspan);
	if (c->u.cell.shaded > 0 && c->u.cell.shaded <= MD_SHADE_ALERT)
		xmlw_attr(h->w, "class", shade[c->u.cell.shaded]);
	if (header)
		xmlw_attr(h->w, "scope", "col");
	xmlw_gt(h->w);
	for (p = c->first; p; p = p->next)
		if (p->type == MD_PARA)
			para(h, p);
	xmlw_close(h->w, el);
}

static void table(struct html *h, const md_node *t)
{
	const md_node *r, *c;
	int in_head = 0, in_body = 0;

	xmlw_raw(h->w, "<div class=\"table-wrap\"><table>");
	/* The documents' column widths, as proportions (no style attribute: the
	 * page's Content-Security-Policy allows none). */
	if (t->u.table.widths && t->u.table.ncols) {
		unsigned long total = 0;
		size_t i;

		for (i = 0; i < t->u.table.ncols; i++)
			total += t->u.table.widths[i];
		xmlw_raw(h->w, "<colgroup>");
		for (i = 0; total && i < t->u.table.ncols; i++)
			xmlw_printf(h->w, "<col width=\"%lu%%\">", t->u.table.widths[i] * 100 / total);
		xmlw_raw(h->w, "</colgroup>");
	}
	for (r = t->first; r; r = r->next) {
		if (r->u.row.header && !in_head && !in_body) {
			xmlw_raw(h->w, "<thead>");
			in_head = 1;
		} else if (!r->u.row.header && !in_body) {
			if (in_head)
				xmlw_raw(h->w, "</thead>");
			xmlw_raw(h->w, "<tbody>");
			in_head = 0;
			in_body = 1;
		}
		xmlw_raw(h->w, "<tr>");
		for (c = r->first; c; c = c->next)
			cell(h, c, r->u.row.header);
		xmlw_raw(h->w, "</tr>");
	}
	xmlw_raw(h->w, in_head ? "</thead>" : in_body ? "</tbody>" : "");
	xmlw_raw(h->w, "</table></div>");
}

/* Footnotes, in number order, wherever they sit in the tree. */
static void notes(struct html *h, const md_node *n)
{
	const md_node *p;

	for (; n; n = n->next) {
		if (n->type == MD_NOTE) {
			xmlw_printf(h->w, "<li id=\"%s-n%u\" value=\"%u\">", h->prefix, n->u.note.number,
				    n->u.note.number);
			for (p = n->first; p; p = p->next)
				if (p->type == MD_PARA)
					para(h, p);
			xmlw_printf(h->w, "<a class=\"back\" href=\"#%s-r%u\">\xe2\x86\xa9</a></li>",
				    h->prefix, n->u.note.number);
			continue;
		}
		notes(h, n->first);
	}
}

ag_code html_render(const md_doc *d, const char *id_prefix, xmlw *w, ag_error *err)
{
	struct html h = { d, id_prefix, w };
	const md_node *b;

	xmlw_open(w, "article");
	xmlw_attr(w, "class", d->meta.landscape ? "doc landscape" : "doc");
	if (d->meta.lang)
		xmlw_attr(w, "lang", d->meta.lang);
	xmlw_gt(w);
	if (d->meta.header_text && *d->meta.header_text) {
		xmlw_raw(w, "<p class=\"page-header\">");
		xmlw_text(w, d->meta.header_text);
		xmlw_raw(w, "</p>");
	}
	for (b = d->first; b; b = b->next) {
		if (b->type == MD_PARA)
			para(&h, b);
		else if (b->type == MD_TABLE)
			table(&h, b);
	}
	if (d->nnotes) {
		xmlw_raw(w, "<ol class=\"notes\">");
		notes(&h, d->first);
		xmlw_raw(w, "</ol>");
	}
	xmlw_raw(w, "</article>\n");
	if (w->oom)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	return AG_OK;
}
