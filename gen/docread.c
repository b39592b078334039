/* Reads ODF and WordprocessingML documents as a reader sees them: tables of
 * cell text with their form fields, document properties, OPC packages. */
#include "docread.h"
#include "docread_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "opc.h"
#include "textcmp.h"
#include "xmlload.h"

#include "banned.h"

static int style_cmp(const void *a, const void *b)
{
	const struct style *x = a, *y = b;

	return x->family != y->family ? x->family - y->family : strcmp(x->name, y->name);
}

static const struct style *style_find(const struct styles *st, int family, const char *name)
{
	struct style key = { name, NULL, family, 0, 0 };

	return name && st->n ? bsearch(&key, st->v, st->n, sizeof(*st->v), style_cmp) : NULL;
}

/* Whether style name hides text, following parents (at most 32 deep, which
 * also ends loops); -1 when no style of the chain says. */
int docread_style_hidden(const struct styles *st, int family, const char *name)
{
	const struct style *s = style_find(st, family, name);
	int depth;

	for (depth = 0; s && depth < 32; depth++) {
		if (s->hidden >= 0)
			return s->hidden;
		s = style_find(st, family, s->parent);
	}
	return -1;
}

int docread_ns_is(const xmlNode *n, const char *ns)
{
	return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

int docread_is(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && docread_ns_is(n, ns) && !strcmp((const char *)n->name, name);
}

xmlNode *docread_child(const xmlNode *n, const char *ns, const char *name)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (docread_is(c, ns, name))
			return c;
	return NULL;
}

/* Attribute ns:name of n copied into the form's arena; NULL when absent. */
const char *docread_attr(struct rd *r, const xmlNode *n, const char *ns, const char *name)
{
	xmlChar *v = ns ? xmlGetNsProp((xmlNode *)n, (const xmlChar *)name, (const xmlChar *)ns)
			: xmlGetNoNsProp((xmlNode *)n, (const xmlChar *)name);
	char *copy;

	if (!v)
		return NULL;
	copy = arena_strdup(&r->f->mem, (const char *)v);
	xmlFree(v);
	if (!copy)
		r->oom = 1;
	return copy;
}

/* Is n's attribute ns:name equal to value? Reads without copying. */
int docread_attr_is(const xmlNode *n, const char *ns, const char *name, const char *value)
{
	xmlChar *v = xmlGetNsProp((xmlNode *)n, (const xmlChar *)name, (const xmlChar *)ns);
	int eq = v && !strcmp((const char *)v, value);

	xmlFree(v);
	return eq;
}

const char *docread_content(struct rd *r, const xmlNode *n)
{
	char *copy = xmlload_content(&r->f->mem, (xmlNode *)n);

	if (!copy)
		r->oom = 1;
	return copy ? copy : "";
}

static int emitting(const struct rd *r)
{
	size_t i;

	if (r->hidden)
		return 0;
	for (i = 0; i < r->nfld; i++)
		if (r->fld[i].phase == 0 || r->fld[i].kind == FLD_FORMDROPDOWN)
			return 0;
	return 1;
}

void docread_emit(struct rd *r, const char *s, size_t n)
{
	if (emitting(r) && r->text.len + n <= MAX_CELL_TEXT)
		xmlw_rawn(&r->text, s, n);
}

/* ODF text: every run of white space is one space; except that inside a
 * field's content LibreOffice stores a typed line break as a newline
 * character and shows it as one. */
void docread_emit_collapsed(struct rd *r, const char *s)
{
	while (*s) {
		size_t run = strcspn(s, " \t\r\n");



		if (run)
			docread_emit(r, s, run);
		s += run;
		if (*s && r->in_input && *s == '\n') {
			docread_emit(r, "\n", 1);
			s++;
		} else if (*s) {
			docread_emit(r, " ", 1);
			s += strspn(s, " \t\r\n");
		}
	}
}

void docread_para_start(struct rd *r)
{
	if (r->paras++)
		docread_emit(r, "\n", 1);
}

void docread_note_field(struct rd *r, const char *tag)
{
	r->nfields++;
	if (!r->tag && tag && *tag) {
		r->tag = arena_strdup(&r->f->mem, tag);
		if (!r->tag)
			r->oom = 1;
	}
}

/* A field whose result is the cell's value starts or ends here; only the
 * outermost counts (a field inside another's result is part of it). */
void docread_copy_begin(struct rd *r)
{
	if (r->in_copy++ == 0)
		r->copy_start = r->text.len;
}

void docread_copy_end(struct rd *r)
{
	struct span *s;

	if (!r->in_copy || --r->in_copy)
		return;
	s = arena_vec_push(&r->spans, sizeof(*s));
	if (!s) {
		r->oom = 1;
		return;
	}
	s->b = r->copy_start;
	s->e = r->text.len;
}

/* A table inside the cell being read: read once, after the current table. */
void docread_nested_table(struct rd *r, const xmlNode *t)
{
	const xmlNode **slot = arena_vec_push(&r->nested, sizeof(*slot));

	if (!slot)
		r->oom = 1;
	else
		*slot = t;
}

void docread_cell_begin(struct rd *r)
{
	xmlw_reset(&r->text);
	r->tag = NULL;
	r->nfields = r->paras = r->nfld = r->fld_overflow = 0;
	r->in_copy = r->placeholder = 0;
	r->spans.n = r->stale.n = 0;
}

/* s[0..n) with each line trimmed and blank lines at either end dropped, in the form's arena. */
static const char *tidy(struct rd *r, const char *s, size_t n)
{
	size_t o = 0, pending = 0;
	char *out = arena_alloc(&r->f->mem, n + 1);

	if (!out) {
		r->oom = 1;
		return "";
	}
	while (n) {
		size_t len = 0, b = 0, e;
		const char *nl = memchr(s, '\n', n);

		len = nl ? (size_t)(nl - s) : n;
		e = len;
		while (b < e && (s[b] == ' ' || s[b] == '\t'))
			b++;
		while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		if (e > b) {
			for (; o && pending; pending--)
				out[o++] = '\n';
			pending = 0;
			memcpy(out + o, s + b, e - b);
			o += e - b;
		}
		pending++;
		if (!nl)
			break;
		s += len + 1;
		n -= len + 1;
	}
	out[o] = '\0';
	return out;
}

/* Does copy x agree with value v? Equal, or v with a piece of v before or
 * after it (LibreOffice 7.4 writes each copy of a DOCX field as a fragment
 * of the typed text followed by the whole text), white space ignored. */
static int agrees(struct rd *r, const char *x, const char *v)
{
	char *xs, *vs;
	size_t xn, vn, i, k;
	int ok = 0, w;

	if (textcmp_same(x, v))
		return 1;
	xs = malloc(strlen(x) + 1);
	vs = malloc(strlen(v) + 1);
	if (!xs || !vs) {
		r->oom = 1;
		goto done;
	}
	for (i = k = 0; x[i]; i += textcmp_ws_len(x + i) ? textcmp_ws_len(x + i) : 1)
		if (!textcmp_ws_len(x + i))
			xs[k++] = x[i];
	xs[xn = k] = '\0';
	for (i = k = 0; v[i]; i += textcmp_ws_len(v + i) ? textcmp_ws_len(v + i) : 1)
		if (!textcmp_ws_len(v + i))
			vs[k++] = v[i];
	vs[vn = k] = '\0';
	if (vn && xn > vn && !strcmp(xs + xn - vn, vs)) {
		xs[xn - vn] = '\0';
		w = textcmp_within(xs, vs);
		ok = w > 0;
	} else if (vn && xn > vn && !strncmp(xs, vs, vn)) {
		w = textcmp_within(xs + vn, vs);
		ok = w > 0;
	}
done:
	free(xs);
	free(vs);
	return ok;
}

/* Bounds on the copies compared in one cell, so that a cell of thousands
 * of fields costs no more than a few comparisons of its text: LibreOffice
 * writes at most a few dozen copies of one field. */
#define MAX_COPIES 32                /* distinct copies kept */
#define MAX_STRAYS 64                /* fragments beside the fields checked one by one */

/* Adds v (of kind) to the distinct copies unless it is blank, already
 * there, or MAX_COPIES are kept (then the copies disagree anyway). */
static void add_copy(struct rd *r, arena_vec *copies, const char *v, int kind)
{
	docread_copy *slot;
	size_t i;

	if (!*v || copies->n == MAX_COPIES)
		return;
	for (i = 0; i < copies->n; i++)
		if (textcmp_same(((docread_copy *)copies->v)[i].text, v))
			return;
	slot = arena_vec_push(copies, sizeof(*slot));
	if (!slot) {
		r->oom = 1;
		return;
	}
	slot->text = v;
	slot->kind = kind;
}

/* The copy every other copy agrees with (the first such, in document
 * order), else the first; -1 when there is none. Past MAX_CANDIDATES
 * distinct copies the first is taken: they cannot all agree anyway. */
#define MAX_CANDIDATES 16
static long agreed(struct rd *r, const docread_copy *c, size_t n)
{
	size_t i, k;

	for (i = 0; i < n && n <= MAX_CANDIDATES; i++) {
		if (c[i].kind != DOCREAD_COPY_FIELD)
			continue;
		for (k = 0; k < n && (k == i || agrees(r, c[k].text, c[i].text)); k++)
			;
		if (k == n)
			return (long)i;
	}
	for (i = 0; i < n; i++)
		if (c[i].kind == DOCREAD_COPY_FIELD)
			return (long)i;
	return -1;
}

/* Finishes the cell being read: one value per field (see docread.h). */
void docread_cell_end(struct rd *r, docread_cell *cell)
{
	const char *s = r->text.buf ? r->text.buf : "";
	const struct span *sp = r->spans.v;
	arena_vec copies = { 0 }, strays = { 0 };
	docread_copy *cp;
	size_t i, k, o, pos = 0;
	long v;

	if (r->text.oom)
		r->oom = 1;
	cell->tag = r->tag;
	cell->nfields = r->nfields;
	cell->placeholder = r->placeholder;
	cell->copies = NULL;
	cell->ncopies = 0;
	for (i = 0; i <= r->spans.n && !r->oom; i++) {
		size_t b = i < r->spans.n ? sp[i].b : r->text.len;
		const char **slot;

		if (b > pos) {
			slot = arena_vec_push(&strays, sizeof(*slot));
			if (!slot)
				r->oom = 1;
			else
				*slot = tidy(r, s + pos, b - pos);
		}
		if (i == r->spans.n)
			break;
		add_copy(r, &copies, tidy(r, s + sp[i].b, sp[i].e - sp[i].b), DOCREAD_COPY_FIELD);
		pos = sp[i].e;
	}
	for (i = 0; i < r->stale.n; i++)
		add_copy(r, &copies, ((const char **)r->stale.v)[i], DOCREAD_COPY_STORED);
	cp = copies.v;
	v = agreed(r, cp, copies.n);
	if (v < 0) {
		/* No field, or only empty ones: the cell shows what was typed around them. */
		cell->text = tidy(r, s, r->text.len);
		goto done;
	}
	/* LibreOffice's stray fragments are pieces of the value; other text beside
	 * the fields is a copy of its own. Past MAX_STRAYS fragments the cell is
	 * no LibreOffice output: the first one counts as disagreeing. */
	for (i = 0; i < strays.n; i++) {
		const char *frag = ((const char **)strays.v)[i];
		int part = 0;

		if (strays.n > MAX_STRAYS && *frag) {
			add_copy(r, &copies, frag, DOCREAD_COPY_OUTSIDE);
			break;
		}
		for (k = 0; k < copies.n && !part; k++) {
			int w = textcmp_within(frag, ((docread_copy *)copies.v)[k].text);

			if (w < 0)
				r->oom = 1;
			part = w > 0;
		}
		if (!part)
			add_copy(r, &copies, frag, DOCREAD_COPY_OUTSIDE);
	}
	cp = copies.v;
	cell->text = cp[v].text;
	/* The value first, then what disagrees with it, in document order. */
	if (v) {
		docread_copy first = cp[v];

		memmove(cp + 1, cp, (size_t)v * sizeof(*cp));
		cp[0] = first;
	}
	for (i = o = 1; i < copies.n; i++)
		if (!agrees(r, cp[i].text, cp[0].text))
			cp[o++] = cp[i];
	copies.n = o;
	if (copies.n > 1) {
		cell->ncopies = copies.n;
		cell->copies = arena_vec_finish(&r->f->mem, &copies, sizeof(docread_copy), &r->oom);
	}
done:
	free(copies.v);
	free(strays.v);
}

int docread_push_cell(struct rd *r, arena_vec *cells, const docread_cell *cell)
{
	docread_cell *slot;

	if (cells->n >= DOCREAD_MAX_CELLS)
		return 0;
	slot = arena_vec_push(cells, sizeof(*slot));
	if (!slot) {
		r->oom = 1;
		return 0;
	}
	*slot = *cell;
	return 1;
}

void docread_push_row(struct rd *r, arena_vec *rows, arena_vec *cells)
{
	docread_row *row = arena_vec_push(rows, sizeof(*row));

	if (!row) {
		r->oom = 1;
		free(cells->v);
		cells->v = NULL;
		return;
	}
	row->ncells = cells->n;
	row->cells = arena_vec_finish(&r->f->mem, cells, sizeof(docread_cell), &r->oom);
}

const docread_cell docread_empty_cell = { "", NULL, 0, NULL, 0, 0 };

/* Reads table t, then the tables nested in its cells: every element is
 * walked once, however deep the nesting (the nested ones follow their
 * parent in the list). */
static void read_table(struct rd *r, const xmlNode *t, int docx)
{
	arena_vec rows = { 0 }, outer = r->nested, inner;
	docread_table *tab;
	size_t slot, i;

	if (r->tables.n >= DOCREAD_MAX_TABLES) {
		r->too_many = 1;
		return;
	}
	if (!arena_vec_push(&r->tables, sizeof(docread_table))) {
		r->oom = 1;
		return;
	}
	slot = r->tables.n - 1;
	memset(&r->nested, 0, sizeof(r->nested));
	if (docx)
		docread_docx_rows(r, t, &rows);
	else
		docread_odt_rows(r, t, &rows);
	inner = r->nested;
	r->nested = outer;
	tab = (docread_table *)r->tables.v + slot;
	tab->nrows = rows.n;
	tab->rows = arena_vec_finish(&r->f->mem, &rows, sizeof(docread_row), &r->oom);
	for (i = 0; i < inner.n && !r->oom && !r->too_many; i++)
		read_table(r, ((const xmlNode **)inner.v)[i], docx);
	free(inner.v);
}

/* Every table under n, in document order, nested ones after their parent. */
static void find_tables(struct rd *r, const xmlNode *n, int docx)
{
	const xmlNode *c;

	for (c = n->children; c && !r->oom && !r->too_many; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (docx ? docread_is_w(c, "tbl") : docread_is(c, NS_TABLE, "table")) {
			read_table(r, c, docx);
		} else if (docx && docread_is(c, NS_MC, "AlternateContent")) {
			const xmlNode *b = docread_mc_branch(c);

			if (b)
				find_tables(r, b, docx);
		} else if (!docx && docread_is(c, NS_TEXT, "section") && docread_attr_is(c, NS_TEXT, "display", "none")) {
			continue;
		} else {
			find_tables(r, c, docx);
		}
	}
}

static void add_prop(struct rd *r, const char *name, const char *value)
{
	docread_property *p;

	if (!name || !value)
		return;
	p = arena_vec_push(&r->props, sizeof(*p));
	if (!p) {
		r->oom = 1;
		return;
	}
	p->name = name;
	p->value = value;
}

static ag_code read_props(struct rd *r, int docx, const char *data, size_t len, const char *name,
			  ag_error *err)
{
	xmlDocPtr doc = xmlload_parse(data, len, name, err);
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL, *c;

	if (!doc)
		return err ? err->code : AG_ERR_DATA;
	if (!docx)
		root = docread_child(root, NS_OFFICE, "meta");
	for (c = root ? root->children : NULL; c; c = c->next) {
		if (!docx && docread_is(c, NS_META, "user-defined")) {
			add_prop(r, docread_attr(r, c, NS_META, "name"), docread_content(r, c));
		} else if (docx && (docread_is(c, NS_CUSTOM, "property") || docread_is(c, NS_CUSTOM_STRICT, "property"))) {
			const xmlNode *v = xmlload_first((xmlNode *)c);

			add_prop(r, docread_attr(r, c, NULL, "name"), v ? docread_content(r, v) : "");
		}
	}
	xmlFreeDoc(doc);
	return AG_OK;
}

void docread_add_style(struct rd *r, const char *name, const char *parent, int family, int hidden)
{
	struct style *s;

	if (!name)
		return;
	if (r->st.n == r->st.cap) {
		size_t cap = r->st.cap ? 2 * r->st.cap : 32;
		void *p = realloc(r->st.v, cap * sizeof(*r->st.v));

		if (!p) {
			r->oom = 1;
			return;
		}
		r->st.v = p;
		r->st.cap = cap;
	}
	s = &r->st.v[r->st.n++];
	s->name = name;
	s->parent = parent;
	s->family = family;
	s->hidden = hidden;
	s->seq = r->st.n;
}

static ag_code read_styles(struct rd *r, int docx, const char *data, size_t len, const char *name,
			   ag_error *err)
{
	xmlDocPtr doc = xmlload_parse(data, len, name, err);
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;

	if (!doc)
		return err ? err->code : AG_ERR_DATA;
	if (docx) {
		docread_docx_styles(r, root);
	} else {
		docread_odt_styles(r, docread_child(root, NS_OFFICE, "styles"));
		docread_odt_styles(r, docread_child(root, NS_OFFICE, "automatic-styles"));
	}
	xmlFreeDoc(doc);
	return AG_OK;
}

static int style_order(const void *a, const void *b)
{
	const struct style *x = a, *y = b;
	int c = style_cmp(a, b);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sorts the styles for lookup; of two with one name the later counts
 * (content.xml's automatic styles come after styles.xml's). */
static void sort_styles(struct rd *r)
{
	size_t i, o = 0;

	if (!r->st.n)
		return;
	qsort(r->st.v, r->st.n, sizeof(*r->st.v), style_order);
	for (i = 0; i < r->st.n; i++) {
		if (o && !style_cmp(&r->st.v[o - 1], &r->st.v[i]))
			o--;
		r->st.v[o++] = r->st.v[i];
	}
	r->st.n = o;
}

static docread_form *parse(int docx, const char *body, size_t blen, const char *props, size_t plen,
			   const char *styles, size_t slen, const char *name, int both,
			   ag_error *err)
{
	struct rd r;
	xmlDocPtr doc = NULL;
	const xmlNode *root, *top;
	char part[600];

	memset(&r, 0, sizeof(r));
	xmlw_init(&r.text);
	r.f = calloc(1, sizeof(*r.f));
	if (!r.f) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	arena_init(&r.f->mem);
	r.f->format = docx ? "docx" : "odt";
	r.f->both_formats = both;
	if (styles) {
		snprintf(part, sizeof(part), "%s (%s)", name, docx ? "word/styles.xml" : "styles.xml");
		if (read_styles(&r, docx, styles, slen, part, err))
			goto fail;
	}
	snprintf(part, sizeof(part), "%s (%s)", name, docx ? "word/document.xml" : "content.xml");
	doc = xmlload_parse(body, blen, part, err);
	if (!doc)
		goto fail;
	root = xmlDocGetRootElement(doc);
	if (docx) {
		top = docread_is_w(root, "document") ? docread_w_child(root, "body") : NULL;
		if (!top) {
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is not a word-processing document", name);
			goto fail;
		}
	} else {
		top = docread_is(root, NS_OFFICE, "document-content") ? docread_child(root, NS_OFFICE, "body") : NULL;
		if (top && !docread_child(top, NS_OFFICE, "text")) {
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is an OpenDocument file but not a text document",
				name);
			goto fail;
		}
		if (!top) {
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is not an OpenDocument text", name);
			goto fail;
		}
		docread_odt_styles(&r, docread_child(root, NS_OFFICE, "automatic-styles"));
	}
	sort_styles(&r);
	find_tables(&r, top, docx);
	if (r.too_many) {
		ag_fail(err, AG_ERR_LIMIT, NULL, 0, "'%s' holds more than %d tables", name, DOCREAD_MAX_TABLES);
		goto fail;
	}
	xmlFreeDoc(doc);
	doc = NULL;
	if (props) {
		snprintf(part, sizeof(part), "%s (%s)", name, docx ? "docProps/custom.xml" : "meta.xml");
		if (read_props(&r, docx, props, plen, part, err))
			goto fail;
	}
	r.f->ntables = r.tables.n;
	r.f->tables = arena_vec_finish(&r.f->mem, &r.tables, sizeof(docread_table), &r.oom);
	r.f->nprops = r.props.n;
	r.f->props = arena_vec_finish(&r.f->mem, &r.props, sizeof(docread_property), &r.oom);
	if (r.oom || r.text.oom) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory reading '%s'", name);
		goto fail;
	}
	xmlw_release(&r.text);
	free(r.st.v);
	free(r.spans.v);
	free(r.stale.v);
	return r.f;
fail:
	xmlFreeDoc(doc);
	xmlw_release(&r.text);
	free(r.tables.v);
	free(r.props.v);
	free(r.st.v);
	free(r.spans.v);
	free(r.stale.v);
	free(r.nested.v);
	docread_free(r.f);
	return NULL;
}

docread_form *docread_parse(int docx, const char *body, size_t blen, const char *props, size_t plen,
			    const char *styles, size_t slen, const char *name, ag_error *err)
{
	return parse(docx, body, blen, props, plen, styles, slen, name, 0, err);
}

void docread_free(docread_form *f)
{
	if (!f)
		return;
	arena_release(&f->mem);
	free(f);
}

const char *docread_prop(const docread_form *f, const char *name)
{
	size_t i;

	for (i = 0; f && i < f->nprops; i++)
		if (!strcmp(f->props[i].name, name))
			return f->props[i].value;
	return NULL;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && !strcmp(s + n - k, tail);
}

/* The content type [Content_Types].xml gives part (an Override, else the
 * Default of its extension), copied into a; "" when none. */

static docread_form *form_from_package(pkg_reader *pkg, const char *name, ag_error *err)
{
	char *body = NULL, *props = NULL, *mime = NULL, *styles = NULL;
	const char *main_part = NULL, *styles_part = NULL, *props_part;
	size_t blen = 0, plen = 0, slen = 0, mlen, nrels = 0, i, nmain = 0;
	opc_rel *rels = NULL, *mrels = NULL;
	size_t nmrels = 0;
	char ct[256];
	docread_form *f = NULL;
	int odf = pkg_has(pkg, "mimetype"), docx, both = 0;
	arena a;

	arena_init(&a);
	/* Word opens a package by its relationships and never looks at a mimetype. */
	if (pkg_has(pkg, "[Content_Types].xml")) {
		if (opc_rels_read(pkg, name, "", &rels, &nrels, err))
			goto done;
		for (i = 0; i < nrels; i++)
			if (!rels[i].external && (ends_with(rels[i].type, "/relationships/officeDocument") ||
						  ends_with(rels[i].type, "/2006/relationships/officeDocument"))) {
				nmain++;
				main_part = rels[i].target;
			}
		if (nmain > 1) {
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' names %zu main documents in _rels/.rels "
				"(a package has exactly one): which one a reader shows cannot be known", name, nmain);
			goto done;
		}
		if (nmain && !pkg_has(pkg, main_part)) {
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' names a main document '%.200s' that it does "
				"not hold", name, main_part);
			goto done;
		}
	}
	if (nmain && odf) {
		/* Word reads it as DOCX, LibreOffice by the name it is opened under. */
		docx = !(ends_with(name, ".odt") || ends_with(name, ".ott") || ends_with(name, ".ODT"));
		both = 1;
	} else if (nmain) {
		docx = 1;
	} else if (odf) {
		docx = 0;
	} else {
		ag_fail(err, AG_ERR_DATA, NULL, 0, pkg_has(pkg, "[Content_Types].xml") ?
			"'%s' is an Office Open XML package without a main document (no officeDocument "
			"relationship in _rels/.rels)" : "'%s' is a zip package but neither an ODT nor a DOCX "
			"document", name);
		goto done;
	}
	if (docx) {
		if (opc_content_type(pkg, name, main_part, ct, sizeof(ct), err))
			goto done;
		if (!strstr(ct, "wordprocessingml") && !strstr(ct, "ms-word")) {
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is an Office Open XML package but not a "
				"word-processing document (main part '%.200s' of type '%.100s')", name, main_part,
				*ct ? ct : "unknown");
			goto done;
		}
		/* The styles part is the one the main part's relationships name. */
		if (opc_rels_read(pkg, name, main_part, &mrels, &nmrels, err))
			goto done;
		for (i = 0; i < nmrels; i++)
			if (!mrels[i].external && ends_with(mrels[i].type, "/styles"))
				styles_part = mrels[i].target;
		props_part = "docProps/custom.xml";
	} else {
		if (pkg_read(pkg, "mimetype", &mime, &mlen, err))
			goto done;
		while (mlen && (mime[mlen - 1] == '\n' || mime[mlen - 1] == '\r' || mime[mlen - 1] == ' '))
			mime[--mlen] = '\0';
		if (strcmp(mime, "application/vnd.oasis.opendocument.text") &&
		    strcmp(mime, "application/vnd.oasis.opendocument.text-template")) {
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is an OpenDocument file of type '%.100s', "
				"not a text document", name, mime);
			goto done;
		}
		main_part = "content.xml";
		styles_part = "styles.xml";
		props_part = "meta.xml";
	}
	if (pkg_read(pkg, main_part, &body, &blen, err))
		goto done;
	if (pkg_has(pkg, props_part) && pkg_read(pkg, props_part, &props, &plen, err))
		goto done;
	if (styles_part && pkg_has(pkg, styles_part) && pkg_read(pkg, styles_part, &styles, &slen, err))
		goto done;
	f = parse(docx, body, blen, props, plen, styles, slen, name, both, err);
done:
	opc_rels_free(rels, nrels);
	opc_rels_free(mrels, nmrels);
	arena_release(&a);
	free(mime);
	free(body);
	free(props);
	free(styles);
	return f;
}

/* A form's XML parts are small; anything near these is not a form. */

static const pkg_limits limits = { 0, DOCREAD_MAX_PART, 4 * DOCREAD_MAX_PART };

docread_form *docread_mem(const void *data, size_t len, const char *name, ag_error *err)
{
	pkg_reader *pkg = pkg_reader_open_mem(data, len, name, &limits, err);
	docread_form *f;

	if (!pkg)
		return NULL;
	f = form_from_package(pkg, name, err);
	pkg_reader_free(pkg);
	return f;
}

/* What a file that is no zip package is, by its first bytes: vendors send
 * PDFs, scans and Word 97-2003 files instead of the form. NULL: not known. */
static const char *sniff(const char *path)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *what;
	} kinds[] = {
		{ "%PDF-", 5, "a PDF file, not a fillable form: ask the vendor for the ODT or DOCX form" },
		{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8,
		  "a Word 97-2003 (.doc) or other legacy Office file, which collect cannot read: ask the "
		  "vendor for the ODT or DOCX form (or open it and save it as DOCX)" },
		{ "{\\rtf", 5, "an RTF file, not the response form: ask the vendor for the ODT or DOCX form" },
		{ "\x89PNG", 4, "an image (PNG), a scan rather than the form: ask the vendor for the ODT or DOCX form" },
		{ "\xff\xd8\xff", 3, "an image (JPEG), a scan rather than the form: ask the vendor for the ODT or DOCX form" },
		{ "II*\0", 4, "an image (TIFF), a scan rather than the form: ask the vendor for the ODT or DOCX form" },
		{ "MM\0*", 4, "an image (TIFF), a scan rather than the form: ask the vendor for the ODT or DOCX form" },
	};
	unsigned char head[8] = { 0 };
	FILE *fp = fopen(path, "rb");
	size_t n, i;

	if (!fp)
		return NULL;
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (n >= kinds[i].len && !memcmp(head, kinds[i].magic, kinds[i].len))
			return kinds[i].what;
	return NULL;
}

docread_form *docread_file(const char *path, ag_error *err)
{
	const char *what = sniff(path);
	pkg_reader *pkg;
	docread_form *f;

	if (what) {
		ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is %s", path, what);
		return NULL;
	}
	pkg = pkg_reader_open_file(path, &limits, err);
	if (!pkg)
		return NULL;
	f = form_from_package(pkg, path, err);
	pkg_reader_free(pkg);
	return f;
}
