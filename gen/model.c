/* The document tree: builders that take every node and string from one arena,
 * and the vertical merge the requirement tables need. */
#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* md_doc is allocated with a failure flag after it. */
typedef struct {
	md_doc doc;
	int failed;
} md_doc_box;

md_doc *md_doc_new(void)
{
	md_doc_box *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	arena_init(&b->doc.mem);
	return &b->doc;
}

void md_doc_free(md_doc *d)
{
	if (!d)
		return;
	arena_release(&d->mem);
	free((md_doc_box *)d);
}

int md_doc_failed(const md_doc *d)
{
	return ((const md_doc_box *)d)->failed;
}

static md_node *new_node(md_doc *d, md_node *parent, md_type type)
{
	md_node *n;

	if (md_doc_failed(d))
		return NULL;
	n = arena_alloc(&d->mem, sizeof(*n));
	if (!n) {
		((md_doc_box *)d)->failed = 1;
		return NULL;
	}
	n->type = type;
	n->parent = parent;
	if (parent) {
		if (parent->last)
			parent->last->next = n;
		else
			parent->first = n;
		parent->last = n;
	} else {
		if (d->last)
			d->last->next = n;
		else
			d->first = n;
		d->last = n;
	}
	return n;
}

void *md_alloc(md_doc *d, size_t size)
{
	void *p;

	if (md_doc_failed(d))
		return NULL;
	p = arena_alloc(&d->mem, size);
	if (!p)
		((md_doc_box *)d)->failed = 1;
	return p;
}

const char *md_strdup(md_doc *d, const char *s)
{
	char *p;

	if (md_doc_failed(d))
		return "";
	p = arena_strdup(&d->mem, s ? s : "");
	if (!p)
		((md_doc_box *)d)->failed = 1;
	return p ? p : "";
}

const char *md_printf(md_doc *d, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || md_doc_failed(d)) {
		((md_doc_box *)d)->failed = 1;
		return "";
	}
	p = arena_alloc(&d->mem, (size_t)n + 1);
	if (!p) {
		((md_doc_box *)d)->failed = 1;
		return "";
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

md_node *md_para(md_doc *d, md_node *parent, md_style style)
{
	md_node *n = new_node(d, parent, MD_PARA);

	if (n)
		n->u.para.style = style;
	return n;
}

md_node *md_text_lang(md_doc *d, md_node *para, const char *s, const char *lang, int bold)
{
	md_node *n;

	if (!para)
		return NULL;
	n = new_node(d, para, MD_TEXT);
	if (!n)
		return NULL;
	n->u.text.s = md_strdup(d, s);
	n->u.text.lang = lang ? md_strdup(d, lang) : NULL;
	n->u.text.bold = bold;
	return md_doc_failed(d) ? NULL : n;
}

md_node *md_text(md_doc *d, md_node *para, const char *s)
{
	return md_text_lang(d, para, s, NULL, 0);
}

md_node *md_break(md_doc *d, md_node *para)
{
	return para ? new_node(d, para, MD_BREAK) : NULL;
}

md_node *md_table(md_doc *d, const unsigned *widths, size_t ncols, size_t header_rows)
{
	md_node *n = new_node(d, NULL, MD_TABLE);
	unsigned *w;

	if (!n)
		return NULL;
	w = arena_alloc(&d->mem, ncols * sizeof(*w));
	if (!w) {
		((md_doc_box *)d)->failed = 1;
		return NULL;
	}
	memcpy(w, widths, ncols * sizeof(*w));
	n->u.table.widths = w;
	n->u.table.ncols = ncols;
	n->u.table.header_rows = header_rows;
	n->u.table.name = md_printf(d, "Table%u", ++d->ntables);
	return n;
}

md_node *md_row(md_doc *d, md_node *table, int header)
{
	md_node *n = table ? new_node(d, table, MD_ROW) : NULL;

	if (n)
		n->u.row.header = header;
	return n;
}

md_node *md_cell(md_doc *d, md_node *row)
{
	md_node *n = row ? new_node(d, row, MD_CELL) : NULL;

	if (n)
		n->u.cell.rowspan = 1;
	return n;
}

md_node *md_note(md_doc *d, md_node *para)
{
	md_node *n = para ? new_node(d, para, MD_NOTE) : NULL;

	if (!n)
		return NULL;
	n->u.note.number = ++d->nnotes;
	return md_para(d, n, MD_S_FOOTNOTE);
}

static md_node *field(md_doc *d, md_node *para, md_type type, const char *tag)
{
	md_node *n = para ? new_node(d, para, type) : NULL;

	if (n)
		n->u.field.tag = md_strdup(d, tag);
	return n;
}

md_node *md_dropdown(md_doc *d, md_node *para, const char *tag, const char *const *choices,
		     size_t nchoices, const char *placeholder)
{
	md_node *n = field(d, para, MD_DROPDOWN, tag);
	const char **v;
	size_t i;

	if (!n)
		return NULL;
	v = arena_alloc(&d->mem, nchoices * sizeof(*v) + 1);
	if (!v) {
		((md_doc_box *)d)->failed = 1;
		return NULL;
	}
	for (i = 0; i < nchoices; i++)
		v[i] = md_strdup(d, choices[i]);
	n->u.field.choices = v;
	n->u.field.nchoices = nchoices;
	n->u.field.placeholder = md_strdup(d, placeholder);
	return md_doc_failed(d) ? NULL : n;
}

md_node *md_input(md_doc *d, md_node *para, const char *tag)
{
	return field(d, para, MD_INPUT, tag);
}

static md_node *nth(md_node *n, size_t i)
{
	while (n && i--)
		n = n->next;
	return n;
}

int md_merge_down(md_node *table, size_t first, size_t n, size_t col)
{
	md_node *row, *cell;
	size_t i;

	if (!n)
		return 0;
	/* Check the whole range first: a refused merge changes nothing. */
	for (i = 0, row = nth(table->first, first); i < n; i++, row = row->next)
		if (!row || !nth(row->first, col))
			return 0;
	for (i = 0, row = nth(table->first, first); i < n; i++, row = row->next) {
		cell = nth(row->first, col);
		if (i == 0)
			cell->u.cell.rowspan = (unsigned)n;
		else
			cell->u.cell.covered = 1;
	}
	return 1;
}

const char *md_style_name(md_style style)
{
	static const char *const names[MD_S_COUNT] = {
		[MD_S_TITLE] = "AGTitle",
		[MD_S_SUBTITLE] = "AGSubtitle",
		[MD_S_HEADING] = "AGHeading",
		[MD_S_BODY] = "AGBody",
		[MD_S_NOTICE] = "AGNotice",
		[MD_S_TABLE_HEADING] = "AGTableHeading",
		[MD_S_TABLE_TEXT] = "AGTableText",
		[MD_S_TABLE_CENTER] = "AGTableCenter",
		[MD_S_FOOTNOTE] = "AGFootnote",
		[MD_S_SIGNATURE] = "AGSignature",
	};

	return (unsigned)style < MD_S_COUNT ? names[style] : names[MD_S_BODY];
}

size_t md_meta_props(const md_meta *m, md_prop out[MD_MAX_PROPS])
{
	size_t n = 0;

	out[n++] = (md_prop){ "Agency", m->creator };
	out[n++] = (md_prop){ "Catalogue", m->catalog_id };
	out[n++] = (md_prop){ "Catalogue version", m->catalog_version };
	out[n++] = (md_prop){ "Tender", m->tender_id };
	out[n++] = (md_prop){ "Document kind", m->kind };
	if (m->service_type && *m->service_type)
		out[n++] = (md_prop){ "Service type", m->service_type };
	out[n++] = (md_prop){ "Generator", m->generator };
	return n;
}

const md_node *md_table_end_row(const md_node *table)
{
	const md_node *row, *last = NULL, *cell;
	size_t body = 0;

	if (!(table->u.table.keep & MD_KEEP_NEXT))
		return NULL;
	for (row = table->first; row; row = row->next) {
		body += !row->u.row.header;
		last = row;
	}
	if (body < 2)
		return NULL;
	for (cell = last->first; cell; cell = cell->next)
		if (cell->u.cell.covered)
			return NULL;
	return last;
}

unsigned md_fit_width(unsigned text_width, unsigned total, unsigned w)
{
	if (!text_width || total <= text_width)
		return w;
	return (unsigned)((unsigned long long)w * text_width / total);
}

int md_has_note(const md_node *n)
{
	const md_node *k;

	if (n->type == MD_NOTE)
		return 1;
	for (k = n->first; k; k = k->next)
		if (md_has_note(k))
			return 1;
	return 0;
}
