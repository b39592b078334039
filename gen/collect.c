/* Reads filled vendor response forms back by row and column, whatever saved
 * them, checks them against the tender and writes the evaluation matrix. */
#include "collect.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "compose.h"
#include "docx.h"
#include "fileio.h"
#include "odt.h"
#include "package.h"
#include "template.h"
#include "version.h"
#include "xmlload.h"
#include "xmlw.h"

#include "banned.h"

#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_LOEXT "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_CUSTOM "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
#define NS_CUSTOM_STRICT "http://purl.oclc.org/ooxml/officeDocument/customProperties"
#define NS_RELS "http://schemas.openxmlformats.org/package/2006/relationships"

#define MAX_OPEN_FIELDS 8
#define MAX_SPACES 1000              /* per text:s */
#define MAX_EXPANDED ((size_t)1 << 20)   /* spaces all text:s of a form may add */
#define MAX_CELL_TEXT ((size_t)1 << 20)  /* bytes kept of one cell's text */

/* ------------------------------------------------------------------ */
/* Growable arrays (malloc'd while a form is read, then moved to its arena). */

struct vec {
	void *v;
	size_t n, cap;
};

static void *vec_push(struct vec *v, size_t size)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 8;
		void *p = realloc(v->v, cap * size);

		if (!p)
			return NULL;
		v->v = p;
		v->cap = cap;
	}
	memset((char *)v->v + v->n * size, 0, size);
	return (char *)v->v + v->n++ * size;
}

static void *vec_to_arena(arena *a, struct vec *v, size_t size, int *oom)
{
	void *p = arena_alloc(a, (v->n ? v->n : 1) * size);

	if (!p)
		*oom = 1;
	else if (v->n)
		memcpy(p, v->v, v->n * size);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
	return p;
}

/* ------------------------------------------------------------------ */
/* Text helpers. */

/* Length of the white-space character at s (ASCII, NBSP, ideographic and
 * zero-width space), 0 when s does not start with one. */
static size_t ws_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r')
		return 1;
	if (u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	if (u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0x8b)
		return 3;
	return 0;
}

static size_t cp_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
	size_t i;

	for (i = 1; i < n; i++)
		if (!s[i])
			return i;
	return n;
}

/* s with every run of white space made one space, trimmed; in a. */
static char *collapse(arena *a, const char *s)
{
	size_t n = strlen(s), o = 0, k;
	char *out = arena_alloc(a, n + 1);
	int space = 0;

	if (!out)
		return NULL;
	while (*s) {
		k = ws_len(s);
		if (k) {
			space = 1;
			s += k;
			continue;
		}
		if (space && o)
			out[o++] = ' ';
		space = 0;
		k = cp_len(s);
		memcpy(out + o, s, k);
		o += k;
		s += k;
	}
	out[o] = '\0';
	return out;
}

/* Are a and b equal when all white space is ignored? */
static int same_text(const char *a, const char *b)
{
	for (;;) {
		size_t k;

		while ((k = ws_len(a)) != 0)
			a += k;
		while ((k = ws_len(b)) != 0)
			b += k;
		if (!*a || !*b)
			return !*a && !*b;
		if (*a != *b)
			return 0;
		a++;
		b++;
	}
}

static char *vprintf_arena(arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	char *p;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	p = arena_alloc(a, (size_t)n + 1);
	if (p)
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

static char *printf_arena(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *printf_arena(arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = vprintf_arena(a, fmt, ap);
	va_end(ap);
	return p;
}

/* The first line of s (labels in both languages are stacked). */
static const char *first_line(arena *a, const char *s)
{
	const char *p = arena_strndup(a, s, strcspn(s, "\n"));

	return p ? p : s;
}

/* ------------------------------------------------------------------ */
/* Layer 1: reading a form's tables. */

struct field {
	int phase;                /* 0: instruction, 1: result */
	int kind;                 /* FLD_* */
	int emitted;
	char instr[256];
	size_t ilen;
	const char *name;         /* a legacy form field's name */
	const char *dd;           /* a FORMDROPDOWN's chosen entry */
};

enum { FLD_OTHER, FLD_FILLIN, FLD_FORMTEXT, FLD_FORMDROPDOWN };

struct rd {
	collect_form *f;
	int oom;
	struct vec tables;        /* collect_table */
	struct vec props;         /* collect_prop */
	/* The cell being read. */
	xmlw text;
	const char *tag;
	size_t nfields, paras;
	struct field fld[MAX_OPEN_FIELDS];
	size_t nfld, fld_overflow;
	size_t expanded;          /* spaces added by text:s so far */
};

static int ns_is(const xmlNode *n, const char *ns)
{
	return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

static int is(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && ns_is(n, ns) && !strcmp((const char *)n->name, name);
}

static int is_w_ns(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && (ns_is(n, NS_W) || ns_is(n, NS_W_STRICT));
}

static int is_w(const xmlNode *n, const char *name)
{
	return n && is_w_ns(n) && !strcmp((const char *)n->name, name);
}

static xmlNode *child(const xmlNode *n, const char *ns, const char *name)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is(c, ns, name))
			return c;
	return NULL;
}

static xmlNode *w_child(const xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

/* Attribute ns:name of n copied into the form's arena; NULL when absent. */
static const char *attr(struct rd *r, const xmlNode *n, const char *ns, const char *name)
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

static const char *w_attr(struct rd *r, const xmlNode *n, const char *name)
{
	const char *v = attr(r, n, NS_W, name);

	return v ? v : attr(r, n, NS_W_STRICT, name);
}

static const char *content(struct rd *r, const xmlNode *n)
{
	char *copy = xmlload_content(&r->f->mem, (xmlNode *)n);

	if (!copy)
		r->oom = 1;
	return copy ? copy : "";
}

static int emitting(const struct rd *r)
{
	size_t i;

	for (i = 0; i < r->nfld; i++)
		if (r->fld[i].phase == 0 || r->fld[i].kind == FLD_FORMDROPDOWN)
			return 0;
	return 1;
}

static void emit(struct rd *r, const char *s, size_t n)
{
	if (emitting(r) && r->text.len + n <= MAX_CELL_TEXT)
		xmlw_rawn(&r->text, s, n);
}

/* ODF text: every run of white space is one space. */
static void emit_collapsed(struct rd *r, const char *s)
{
	while (*s) {
		size_t run = strcspn(s, " \t\r\n");

		if (run)
			emit(r, s, run);
		s += run;
		if (*s) {
			emit(r, " ", 1);
			s += strspn(s, " \t\r\n");
		}
	}
}

static void para_start(struct rd *r)
{
	if (r->paras++)
		emit(r, "\n", 1);
}

static void note_field(struct rd *r, const char *tag)
{
	r->nfields++;
	if (!r->tag && tag && *tag) {
		r->tag = arena_strdup(&r->f->mem, tag);
		if (!r->tag)
			r->oom = 1;
	}
}

/* --- ODF --- */

static void odt_inline(struct rd *r, const xmlNode *n);

static void odt_dropdown(struct rd *r, const xmlNode *dd)
{
	size_t mark = r->text.len;
	const xmlNode *c;

	note_field(r, attr(r, dd, NS_TEXT, "name"));
	odt_inline(r, dd);
	if (r->text.len != mark)
		return;
	/* Nothing shown: the selected entry is the value. */
	for (c = dd->children; c; c = c->next) {
		const char *sel = is(c, NS_TEXT, "label") ? attr(r, c, NS_TEXT, "current-selected") : NULL;
		const char *v = sel && !strcmp(sel, "true") ? attr(r, c, NS_TEXT, "value") : NULL;

		if (v) {
			emit(r, v, strlen(v));
			return;
		}
	}
}

static void odt_inline(struct rd *r, const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		const char *name = (const char *)c->name;

		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			emit_collapsed(r, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (ns_is(c, NS_TEXT)) {
			if (!strcmp(name, "p") || !strcmp(name, "h")) {
				para_start(r);
				odt_inline(r, c);
			} else if (!strcmp(name, "s")) {
				const char *cnt = attr(r, c, NS_TEXT, "c");
				long k = cnt ? strtol(cnt, NULL, 10) : 1;

				k = k < 1 ? 1 : k > MAX_SPACES ? MAX_SPACES : k;
				/* Thousands of text:s must not make a small file a huge text. */
				if (r->expanded + (size_t)k > MAX_EXPANDED)
					k = 1;
				r->expanded += (size_t)k;
				for (; k > 0; k--)
					emit(r, " ", 1);
			} else if (!strcmp(name, "tab")) {
				emit(r, "\t", 1);
			} else if (!strcmp(name, "line-break")) {
				emit(r, "\n", 1);
			} else if (!strcmp(name, "note") || !strcmp(name, "tracked-changes") ||
				   !strcmp(name, "deletion")) {
				continue;
			} else if (!strcmp(name, "drop-down")) {
				odt_dropdown(r, c);
			} else if (!strcmp(name, "text-input")) {
				note_field(r, attr(r, c, NS_TEXT, "description"));
				odt_inline(r, c);
			} else {
				odt_inline(r, c);
			}
		} else if (ns_is(c, NS_OFFICE) && !strncmp(name, "annotation", 10)) {
			continue;
		} else if (ns_is(c, NS_DRAW)) {
			continue;
		} else if (is(c, NS_LOEXT, "content-control")) {
			const char *tag = attr(r, c, NS_LOEXT, "tag");
			const char *ph = attr(r, c, NS_LOEXT, "showing-place-holder");

			note_field(r, tag && *tag ? tag : attr(r, c, NS_LOEXT, "alias"));
			if (!ph || strcmp(ph, "true"))
				odt_inline(r, c);
		} else {
			odt_inline(r, c);
		}
	}
}

/* --- WordprocessingML --- */

static void docx_inline(struct rd *r, const xmlNode *n);

static int on_off(struct rd *r, const xmlNode *n)
{
	const char *v = n ? w_attr(r, n, "val") : NULL;

	return n && (!v || !(!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "off")));
}

/* The field type and, for FILLIN, the prompt (our tag) of an instruction. */
static int field_kind(const char *instr, char *prompt, size_t size)
{
	const char *p = instr + strspn(instr, " ");
	size_t n = strcspn(p, " \\\"");
	int kind = FLD_OTHER;

	prompt[0] = '\0';
	if (n == 6 && !strncmp(p, "FILLIN", 6))
		kind = FLD_FILLIN;
	else if (n == 8 && !strncmp(p, "FORMTEXT", 8))
		kind = FLD_FORMTEXT;
	else if (n == 12 && !strncmp(p, "FORMDROPDOWN", 12))
		kind = FLD_FORMDROPDOWN;
	if (kind == FLD_FILLIN) {
		p += n;
		p += strspn(p, " ");
		if (*p == '"') {
			n = strcspn(p + 1, "\"");
			snprintf(prompt, size, "%.*s", (int)n, p + 1);
		} else if (*p && *p != '\\') {
			n = strcspn(p, " \\");
			snprintf(prompt, size, "%.*s", (int)n, p);
		}
	}
	return kind;
}

/* The instruction of the innermost field is complete: decide what it is. */
static void field_separate(struct rd *r, struct field *f)
{
	char prompt[256];

	if (f->phase)
		return;
	f->instr[f->ilen] = '\0';
	f->kind = field_kind(f->instr, prompt, sizeof(prompt));
	f->phase = 1;
	if (f->kind == FLD_FILLIN)
		note_field(r, prompt);
	else if (f->kind == FLD_FORMTEXT || f->kind == FLD_FORMDROPDOWN)
		note_field(r, f->name);
	if (f->kind == FLD_FORMDROPDOWN && f->dd && !f->emitted) {
		size_t save = r->nfld;

		/* Written in the parent's context: the field itself shows nothing else. */
		r->nfld = (size_t)(f - r->fld);
		emit(r, f->dd, strlen(f->dd));
		r->nfld = save;
		f->emitted = 1;
	}
}

static void docx_fldchar(struct rd *r, const xmlNode *fc)
{
	const char *type = w_attr(r, fc, "fldCharType");

	if (!type)
		return;
	if (!strcmp(type, "begin")) {
		struct field *f;
		const xmlNode *ff = w_child(fc, "ffData"), *dd = w_child(ff, "ddList"), *c;

		if (r->nfld == MAX_OPEN_FIELDS) {
			r->fld_overflow++;
			return;
		}
		f = &r->fld[r->nfld++];
		memset(f, 0, sizeof(*f));
		f->name = w_child(ff, "name") ? w_attr(r, w_child(ff, "name"), "val") : NULL;
		if (dd) {
			const xmlNode *res = w_child(dd, "result") ? w_child(dd, "result") : w_child(dd, "default");
			const char *v = res ? w_attr(r, res, "val") : NULL;
			long want = v ? strtol(v, NULL, 10) : 0, i = 0;

			for (c = dd->children; c; c = c->next)
				if (is_w(c, "listEntry") && i++ == want)
					f->dd = w_attr(r, c, "val");
		}
	} else if (r->fld_overflow) {
		if (!strcmp(type, "end"))
			r->fld_overflow--;
	} else if (r->nfld && !strcmp(type, "separate")) {
		field_separate(r, &r->fld[r->nfld - 1]);
	} else if (r->nfld && !strcmp(type, "end")) {
		field_separate(r, &r->fld[r->nfld - 1]);
		r->nfld--;
	}
}

static void docx_sdt(struct rd *r, const xmlNode *sdt)
{
	const xmlNode *pr = w_child(sdt, "sdtPr"), *body = w_child(sdt, "sdtContent");
	const xmlNode *tag = w_child(pr, "tag"), *alias = w_child(pr, "alias");
	const char *name = tag ? w_attr(r, tag, "val") : NULL;

	if ((!name || !*name) && alias)
		name = w_attr(r, alias, "val");
	note_field(r, name);
	/* A control showing its placeholder ("Click here to enter text") is empty. */
	if (body && !on_off(r, w_child(pr, "showingPlcHdr")))
		docx_inline(r, body);
}

static void docx_inline(struct rd *r, const xmlNode *n)
{
	static const char *const skip[] = {
		"pPr", "rPr", "tcPr", "trPr", "tblPr", "tblGrid", "sectPr", "sdtPr", "sdtEndPr",
		"del", "moveFrom", "delText", "delInstrText", "drawing", "pict", "object",
		"footnoteReference", "endnoteReference", "commentReference", "annotationRef",
	};
	const xmlNode *c;
	size_t i;

	for (c = n->children; c; c = c->next) {
		const char *name = (const char *)c->name;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!is_w_ns(c)) {
			/* Text boxes and shapes come as alternate content: not cell text. */
			if (!is(c, NS_MC, "AlternateContent"))
				docx_inline(r, c);
			continue;
		}
		for (i = 0; i < sizeof(skip) / sizeof(skip[0]) && strcmp(name, skip[i]); i++)
			;
		if (i < sizeof(skip) / sizeof(skip[0]))
			continue;
		if (!strcmp(name, "p")) {
			para_start(r);
			docx_inline(r, c);
		} else if (!strcmp(name, "t")) {
			xmlChar *v = xmlNodeGetContent(c);

			if (v) {
				emit(r, (const char *)v, strlen((const char *)v));
				xmlFree(v);
			}
		} else if (!strcmp(name, "tab") || !strcmp(name, "ptab")) {
			emit(r, "\t", 1);
		} else if (!strcmp(name, "br") || !strcmp(name, "cr")) {
			emit(r, "\n", 1);
		} else if (!strcmp(name, "noBreakHyphen")) {
			emit(r, "-", 1);
		} else if (!strcmp(name, "instrText")) {
			struct field *f = r->nfld && !r->fld_overflow ? &r->fld[r->nfld - 1] : NULL;
			xmlChar *v = f && !f->phase ? xmlNodeGetContent(c) : NULL;

			if (v) {
				size_t k = strlen((const char *)v);

				if (k > sizeof(f->instr) - 1 - f->ilen)
					k = sizeof(f->instr) - 1 - f->ilen;
				memcpy(f->instr + f->ilen, v, k);
				f->ilen += k;
				xmlFree(v);
			}
		} else if (!strcmp(name, "fldChar")) {
			docx_fldchar(r, c);
		} else if (!strcmp(name, "fldSimple")) {
			char prompt[256];
			const char *instr = w_attr(r, c, "instr");
			int kind = field_kind(instr ? instr : "", prompt, sizeof(prompt));

			if (kind == FLD_FILLIN)
				note_field(r, prompt);
			else if (kind != FLD_OTHER)
				note_field(r, NULL);
			docx_inline(r, c);
		} else if (!strcmp(name, "sdt")) {
			docx_sdt(r, c);
		} else {
			docx_inline(r, c);
		}
	}
}

/* --- tables --- */

static void cell_begin(struct rd *r)
{
	xmlw_reset(&r->text);
	r->tag = NULL;
	r->nfields = r->paras = r->nfld = r->fld_overflow = 0;
}

/* Finishes the cell being read: each line trimmed, blank lines at either end dropped. */
static void cell_end(struct rd *r, collect_cell *cell)
{
	const char *s = r->text.buf ? r->text.buf : "";
	size_t n = r->text.len, o = 0, pending = 0;
	char *out;

	if (r->text.oom)
		r->oom = 1;
	out = arena_alloc(&r->f->mem, n + 1);
	if (!out) {
		r->oom = 1;
		cell->text = "";
		return;
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
	cell->text = out;
	cell->tag = r->tag;
	cell->nfields = r->nfields;
}

static int push_cell(struct rd *r, struct vec *cells, const collect_cell *cell)
{
	collect_cell *slot;

	if (cells->n >= COLLECT_MAX_CELLS)
		return 0;
	slot = vec_push(cells, sizeof(*slot));
	if (!slot) {
		r->oom = 1;
		return 0;
	}
	*slot = *cell;
	return 1;
}

static void push_row(struct rd *r, struct vec *rows, struct vec *cells)
{
	collect_row *row = vec_push(rows, sizeof(*row));

	if (!row) {
		r->oom = 1;
		free(cells->v);
		cells->v = NULL;
		return;
	}
	row->ncells = cells->n;
	row->cells = vec_to_arena(&r->f->mem, cells, sizeof(collect_cell), &r->oom);
}

static void odt_row(struct rd *r, const xmlNode *tr, struct vec *rows)
{
	struct vec cells = { 0 };
	const xmlNode *c;

	for (c = tr->children; c; c = c->next) {
		collect_cell cell = { "", NULL, 0 };
		const char *rep;
		long k;

		if (!is(c, NS_TABLE, "table-cell") && !is(c, NS_TABLE, "covered-table-cell"))
			continue;
		rep = attr(r, c, NS_TABLE, "number-columns-repeated");
		k = rep ? strtol(rep, NULL, 10) : 1;
		cell_begin(r);
		odt_inline(r, c);
		cell_end(r, &cell);
		for (k = k < 1 ? 1 : k; k > 0 && push_cell(r, &cells, &cell); k--)
			;
	}
	push_row(r, rows, &cells);
}

static void odt_rows(struct rd *r, const xmlNode *n, struct vec *rows)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (is(c, NS_TABLE, "table-row"))
			odt_row(r, c, rows);
		else if (is(c, NS_TABLE, "table-header-rows") || is(c, NS_TABLE, "table-rows") ||
			 is(c, NS_TABLE, "table-row-group"))
			odt_rows(r, c, rows);
	}
}

static void docx_cells(struct rd *r, const xmlNode *n, struct vec *cells)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (is_w(c, "tc")) {
			collect_cell cell = { "", NULL, 0 }, empty = { "", NULL, 0 };
			const xmlNode *span = w_child(w_child(c, "tcPr"), "gridSpan");
			const char *v = span ? w_attr(r, span, "val") : NULL;
			long k = v ? strtol(v, NULL, 10) : 1;

			cell_begin(r);
			docx_inline(r, c);
			cell_end(r, &cell);
			if (push_cell(r, cells, &cell))
				for (; k > 1 && push_cell(r, cells, &empty); k--)
					;
		} else if (is_w(c, "sdt")) {
			const xmlNode *body = w_child(c, "sdtContent");

			if (body)
				docx_cells(r, body, cells);
		} else if (is_w(c, "customXml")) {
			docx_cells(r, c, cells);
		}
	}
}

static void docx_rows(struct rd *r, const xmlNode *n, struct vec *rows)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (is_w(c, "tr")) {
			struct vec cells = { 0 };
			const xmlNode *before = w_child(w_child(c, "trPr"), "gridBefore");
			const char *v = before ? w_attr(r, before, "val") : NULL;
			long k = v ? strtol(v, NULL, 10) : 0;
			collect_cell empty = { "", NULL, 0 };

			for (; k > 0 && push_cell(r, &cells, &empty); k--)
				;
			docx_cells(r, c, &cells);
			push_row(r, rows, &cells);
		} else if (is_w(c, "sdt")) {
			const xmlNode *body = w_child(c, "sdtContent");

			if (body)
				docx_rows(r, body, rows);
		} else if (is_w(c, "customXml")) {
			docx_rows(r, c, rows);
		}
	}
}

/* Every table under n, in document order, nested ones after their parent. */
static void find_tables(struct rd *r, const xmlNode *n, int docx)
{
	const xmlNode *c;

	for (c = n->children; c && !r->oom; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (docx ? is_w(c, "tbl") : is(c, NS_TABLE, "table")) {
			struct vec rows = { 0 };
			collect_table *t;

			if (docx)
				docx_rows(r, c, &rows);
			else
				odt_rows(r, c, &rows);
			t = vec_push(&r->tables, sizeof(*t));
			if (!t) {
				free(rows.v);
				r->oom = 1;
				return;
			}
			t->nrows = rows.n;
			t->rows = vec_to_arena(&r->f->mem, &rows, sizeof(collect_row), &r->oom);
		}
		find_tables(r, c, docx);
	}
}

static void add_prop(struct rd *r, const char *name, const char *value)
{
	collect_prop *p;

	if (!name || !value)
		return;
	p = vec_push(&r->props, sizeof(*p));
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
		root = child(root, NS_OFFICE, "meta");
	for (c = root ? root->children : NULL; c; c = c->next) {
		if (!docx && is(c, NS_META, "user-defined")) {
			add_prop(r, attr(r, c, NS_META, "name"), content(r, c));
		} else if (docx && (is(c, NS_CUSTOM, "property") || is(c, NS_CUSTOM_STRICT, "property"))) {
			const xmlNode *v = xmlload_first((xmlNode *)c);

			add_prop(r, attr(r, c, NULL, "name"), v ? content(r, v) : "");
		}
	}
	xmlFreeDoc(doc);
	return AG_OK;
}

collect_form *collect_form_parse(int docx, const char *body, size_t blen, const char *props,
				 size_t plen, const char *name, ag_error *err)
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
	snprintf(part, sizeof(part), "%s (%s)", name, docx ? "word/document.xml" : "content.xml");
	doc = xmlload_parse(body, blen, part, err);
	if (!doc)
		goto fail;
	root = xmlDocGetRootElement(doc);
	if (docx) {
		top = is_w(root, "document") ? w_child(root, "body") : NULL;
		if (!top) {
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is not a word-processing document", name);
			goto fail;
		}
	} else {
		top = is(root, NS_OFFICE, "document-content") ? child(root, NS_OFFICE, "body") : NULL;
		if (top && !child(top, NS_OFFICE, "text")) {
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is an OpenDocument file but not a text document",
				name);
			goto fail;
		}
		if (!top) {
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is not an OpenDocument text", name);
			goto fail;
		}
	}
	find_tables(&r, top, docx);
	xmlFreeDoc(doc);
	doc = NULL;
	if (props) {
		snprintf(part, sizeof(part), "%s (%s)", name, docx ? "docProps/custom.xml" : "meta.xml");
		if (read_props(&r, docx, props, plen, part, err))
			goto fail;
	}
	r.f->ntables = r.tables.n;
	r.f->tables = vec_to_arena(&r.f->mem, &r.tables, sizeof(collect_table), &r.oom);
	r.f->nprops = r.props.n;
	r.f->props = vec_to_arena(&r.f->mem, &r.props, sizeof(collect_prop), &r.oom);
	if (r.oom || r.text.oom) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory reading '%s'", name);
		goto fail;
	}
	xmlw_release(&r.text);
	return r.f;
fail:
	xmlFreeDoc(doc);
	xmlw_release(&r.text);
	free(r.tables.v);
	free(r.props.v);
	collect_form_free(r.f);
	return NULL;
}

void collect_form_free(collect_form *f)
{
	if (!f)
		return;
	arena_release(&f->mem);
	free(f);
}

const char *collect_form_prop(const collect_form *f, const char *name)
{
	size_t i;

	for (i = 0; f && i < f->nprops; i++)
		if (!strcmp(f->props[i].name, name))
			return f->props[i].value;
	return NULL;
}

/* The main part of an OOXML package, from its relationships. */
static void docx_main_part(pkg_reader *pkg, const char *name, char *out, size_t size)
{
	char *data = NULL, ctx[600];
	size_t len;
	ag_error ignored;
	xmlDocPtr doc;
	const xmlNode *c;

	snprintf(out, size, "word/document.xml");
	if (!pkg_has(pkg, "_rels/.rels") || pkg_read(pkg, "_rels/.rels", &data, &len, &ignored))
		return;
	snprintf(ctx, sizeof(ctx), "%s (_rels/.rels)", name);
	doc = xmlload_parse(data, len, ctx, &ignored);
	free(data);
	for (c = doc ? xmlDocGetRootElement(doc) : NULL, c = c ? c->children : NULL; c; c = c->next) {
		xmlChar *type, *target;

		if (!is(c, NS_RELS, "Relationship"))
			continue;
		type = xmlGetNoNsProp((xmlNode *)c, (const xmlChar *)"Type");
		target = xmlGetNoNsProp((xmlNode *)c, (const xmlChar *)"Target");
		if (type && target && strlen((const char *)type) >= 15 &&
		    !strcmp((const char *)type + strlen((const char *)type) - 15, "/officeDocument")) {
			const char *t = (const char *)target;

			snprintf(out, size, "%s", t + (*t == '/'));
		}
		xmlFree(type);
		xmlFree(target);
	}
	xmlFreeDoc(doc);
}

static collect_form *form_from_package(pkg_reader *pkg, const char *name, ag_error *err)
{
	char *body = NULL, *props = NULL, *mime = NULL, main_part[512];
	size_t blen = 0, plen = 0, mlen;
	collect_form *f = NULL;
	int docx;

	if (pkg_has(pkg, "mimetype")) {
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
		docx = 0;
		snprintf(main_part, sizeof(main_part), "content.xml");
	} else if (pkg_has(pkg, "[Content_Types].xml")) {
		docx = 1;
		docx_main_part(pkg, name, main_part, sizeof(main_part));
		if (!pkg_has(pkg, main_part)) {
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is an Office Open XML package without "
				"a word-processing document", name);
			goto done;
		}
	} else {
		ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is a zip package but neither an ODT nor a DOCX "
			"document", name);
		goto done;
	}
	if (pkg_read(pkg, main_part, &body, &blen, err))
		goto done;
	if (pkg_has(pkg, docx ? "docProps/custom.xml" : "meta.xml") &&
	    pkg_read(pkg, docx ? "docProps/custom.xml" : "meta.xml", &props, &plen, err))
		goto done;
	f = collect_form_parse(docx, body, blen, props, plen, name, err);
done:
	free(mime);
	free(body);
	free(props);
	return f;
}

/* A form's XML parts are small; anything near these is not a form. */
static const pkg_limits limits = { 0, COLLECT_MAX_PART, 4 * COLLECT_MAX_PART };

collect_form *collect_form_read_mem(const void *data, size_t len, const char *name, ag_error *err)
{
	pkg_reader *pkg = pkg_reader_open_mem(data, len, name, &limits, err);
	collect_form *f;

	if (!pkg)
		return NULL;
	f = form_from_package(pkg, name, err);
	pkg_reader_free(pkg);
	return f;
}

collect_form *collect_form_read(const char *path, ag_error *err)
{
	pkg_reader *pkg = pkg_reader_open_file(path, &limits, err);
	collect_form *f;

	if (!pkg)
		return NULL;
	f = form_from_package(pkg, path, err);
	pkg_reader_free(pkg);
	return f;
}

/* ------------------------------------------------------------------ */
/* Differences ignoring white space. */

struct cps {
	size_t *off;               /* byte offset of each non-space character */
	size_t n;
};

static int cps_of(const char *s, struct cps *c)
{
	size_t i = 0;

	c->n = 0;
	c->off = malloc((strlen(s) + 1) * sizeof(*c->off));
	if (!c->off)
		return -1;
	while (s[i]) {
		size_t k = ws_len(s + i);

		if (k) {
			i += k;
			continue;
		}
		c->off[c->n++] = i;
		i += cp_len(s + i);
	}
	return 0;
}

static int cp_eq(const char *a, size_t ia, const char *b, size_t ib)
{
	size_t k = cp_len(a + ia);

	return k == cp_len(b + ib) && !memcmp(a + ia, b + ib, k);
}

/* Appends s[0..n) to buf, never cutting a character in two. */
static void put(char *buf, size_t size, size_t *pos, const char *s, size_t n)
{
	while (n) {
		size_t k = cp_len(s);

		if (k > n || *pos + k >= size)
			break;
		memcpy(buf + *pos, s, k);
		*pos += k;
		s += k;
		n -= k;
	}
	buf[*pos] = '\0';
}

/* "…context〔span〕context…" of s, whose changed characters are [p, n - q). */
static void show_span(const char *s, const struct cps *c, size_t p, size_t q, char *buf, size_t size,
		      size_t *pos)
{
	enum { CONTEXT = 8 };
	size_t end_changed = c->n - q;  /* first unchanged character after the span */
	size_t from = p > CONTEXT ? p - CONTEXT : 0;
	size_t to = end_changed + CONTEXT < c->n ? end_changed + CONTEXT : c->n;
	size_t b_from = from < c->n ? c->off[from] : strlen(s);
	size_t b_p = p < c->n ? c->off[p] : strlen(s);
	size_t b_end = end_changed < c->n ? c->off[end_changed] : strlen(s);
	size_t e;

	/* The span ends after its last character, not before the next one's spaces. */
	e = end_changed > p ? c->off[end_changed - 1] + cp_len(s + c->off[end_changed - 1]) : b_p;
	if (from)
		put(buf, size, pos, "…", strlen("…"));
	put(buf, size, pos, s + b_from, b_p - b_from);
	put(buf, size, pos, "〔", strlen("〔"));
	put(buf, size, pos, s + b_p, e - b_p);
	put(buf, size, pos, "〕", strlen("〕"));
	if (to > end_changed) {
		size_t last = c->off[to - 1] + cp_len(s + c->off[to - 1]);

		put(buf, size, pos, s + b_end, last - b_end);
	}
	if (to < c->n)
		put(buf, size, pos, "…", strlen("…"));
}

int collect_text_diff(const char *a, const char *b, char *buf, size_t size)
{
	struct cps ca = { 0 }, cb = { 0 };
	size_t p = 0, q = 0, pos = 0;
	int differ = 1;

	if (size)
		buf[0] = '\0';
	if (cps_of(a, &ca) || cps_of(b, &cb))
		goto done;
	while (p < ca.n && p < cb.n && cp_eq(a, ca.off[p], b, cb.off[p]))
		p++;
	if (p == ca.n && p == cb.n) {
		differ = 0;
		goto done;
	}
	while (q < ca.n - p && q < cb.n - p && cp_eq(a, ca.off[ca.n - 1 - q], b, cb.off[cb.n - 1 - q]))
		q++;
	if (size) {
		show_span(a, &ca, p, q, buf, size, &pos);
		put(buf, size, &pos, "\t", 1);
		show_span(b, &cb, p, q, buf, size, &pos);
	}
done:
	free(ca.off);
	free(cb.off);
	return differ;
}

/* ------------------------------------------------------------------ */
/* Layer 2: the collection. */

enum msg {
	M_UNREADABLE, M_NOT_FORM, M_KIND, M_TENDER, M_TYPE, M_CATALOG, M_NO_PROPS, M_VENDOR_EMPTY,
	M_MISSING, M_UNKNOWN, M_DUPLICATE, M_UNANSWERED, M_INVALID, M_TEXT, M_EXCL, M_TAG, M_COLUMNS,
	M_TITLE, M_INTRO, M_CASE, M_SUMMARY, M_MATRIX, M_PROBLEMS, M_NONE, M_FILE, M_NPROBLEMS,
	M_TOTAL, M_NO_ANSWER, M_OUTSIDE, M_NOT_IN_FORM, M_EXPL, M_EVID, M_SEP, M_COLON, M_LIST_SEP,
	M_NONAME, M_STATE_UNREADABLE, M_STATE_REJECTED, M_NO_PROBLEMS, M_FOOTER, M_OPEN, M_CLOSE,
	M_DASH,
	M_COUNT
};

static const char *const msgs_zh[M_COUNT] = {
	[M_UNREADABLE] = "無法讀取：%s",
	[M_NOT_FORM] = "找不到需求項目表：沒有任何一列以本案「%s」之項目編號開頭，未納入彙整",
	[M_KIND] = "文件類型為「%s」，不是廠商規格回應表，未納入彙整",
	[M_TENDER] = "本表單屬於採購案「%s」，不是本案「%s」，未納入彙整",
	[M_TYPE] = "本表單之服務類型為「%s」，不是「%s」，未納入彙整",
	[M_CATALOG] = "本表單依據 %s %s，本案依據 %s %s，未納入彙整",
	[M_NO_PROPS] = "文件屬性中沒有採購案、服務類型及指引版本，無法確認表單所屬",
	[M_VENDOR_EMPTY] = "未填「%s」",
	[M_MISSING] = "表單中沒有此項目",
	[M_UNKNOWN] = "不是本案「%s」之項目",
	[M_DUPLICATE] = "項目重複出現，採用第一次出現之答覆",
	[M_UNANSWERED] = "未選擇符合情形",
	[M_INVALID] = "符合情形「%s」不是選項之一（%s）",
	[M_TEXT] = "要求項目文字與本案不同：本案為「%s」，表單為「%s」",
	[M_EXCL] = "本案不適用之項目填有答覆：「%s」",
	[M_TAG] = "「%s」欄之欄位標記為「%s」，與所在列不符",
	[M_COLUMNS] = "該列只有 %zu 欄，應有 %zu 欄",
	[M_TITLE] = "%s廠商規格回應彙整表",
	[M_INTRO] = "本表彙整各廠商規格回應表之答覆。「%s」、未填及選項外之答覆以底色標示；各表單之問題列於文末。",
	[M_CASE] = "案號：%s　機關：%s",
	[M_SUMMARY] = "各廠商答覆統計",
	[M_MATRIX] = "逐項對照",
	[M_PROBLEMS] = "問題",
	[M_NONE] = "無。",
	[M_FILE] = "檔案",
	[M_NPROBLEMS] = "問題",
	[M_TOTAL] = "合計",
	[M_NO_ANSWER] = "未填",
	[M_OUTSIDE] = "選項外",
	[M_NOT_IN_FORM] = "表單無此項目",
	[M_EXPL] = "說明：",
	[M_EVID] = "佐證：",
	[M_SEP] = "、",
	[M_COLON] = "：",
	[M_LIST_SEP] = "、",
	[M_NONAME] = "（未填廠商名稱）",
	[M_STATE_UNREADABLE] = "無法讀取",
	[M_STATE_REJECTED] = "未納入彙整",
	[M_NO_PROBLEMS] = "；無問題",
	[M_FOOTER] = "共 %zu 份表單：%zu 份已彙整，%zu 份無法讀取，%zu 份未納入；問題 %zu 項",
	[M_OPEN] = "（",
	[M_CLOSE] = "）",
	[M_DASH] = "—",
};

static const char *const msgs_en[M_COUNT] = {
	[M_UNREADABLE] = "cannot be read: %s",
	[M_NOT_FORM] = "no requirement table: no row starts with an item ID of this tender's %s; left out of the matrix",
	[M_KIND] = "the document kind is '%s', not a vendor response form; left out of the matrix",
	[M_TENDER] = "this form belongs to tender '%s', not '%s'; left out of the matrix",
	[M_TYPE] = "this form is for service type '%s', not '%s'; left out of the matrix",
	[M_CATALOG] = "this form follows %s %s, the tender %s %s; left out of the matrix",
	[M_NO_PROPS] = "the document properties name no tender, service type or catalogue version: the form's origin cannot be confirmed",
	[M_VENDOR_EMPTY] = "'%s' is empty",
	[M_MISSING] = "the item is missing from the form",
	[M_UNKNOWN] = "not an item of this tender's %s",
	[M_DUPLICATE] = "the item appears more than once; the first answer is used",
	[M_UNANSWERED] = "no compliance chosen",
	[M_INVALID] = "compliance '%s' is not one of the choices (%s)",
	[M_TEXT] = "the requirement text differs from the tender's: tender \"%s\", form \"%s\"",
	[M_EXCL] = "answered although the tender excludes the item: \"%s\"",
	[M_TAG] = "the field in column '%s' is tagged '%s', which is not this row's",
	[M_COLUMNS] = "the row has %zu columns instead of %zu",
	[M_TITLE] = "Vendor responses compared: %s",
	[M_INTRO] = "Each vendor's answers side by side. '%s', unanswered items and answers outside the choices are shaded; each form's problems are listed at the end.",
	[M_CASE] = "Case %s, %s",
	[M_SUMMARY] = "Answers per vendor",
	[M_MATRIX] = "Item by item",
	[M_PROBLEMS] = "Problems",
	[M_NONE] = "None.",
	[M_FILE] = "File",
	[M_NPROBLEMS] = "Problems",
	[M_TOTAL] = "Total",
	[M_NO_ANSWER] = "unanswered",
	[M_OUTSIDE] = "outside the choices",
	[M_NOT_IN_FORM] = "missing from the form",
	[M_EXPL] = "Explanation: ",
	[M_EVID] = "Evidence: ",
	[M_SEP] = ", ",
	[M_COLON] = ": ",
	[M_LIST_SEP] = ", ",
	[M_NONAME] = "(no vendor name)",
	[M_STATE_UNREADABLE] = "cannot be read",
	[M_STATE_REJECTED] = "left out of the matrix",
	[M_NO_PROBLEMS] = "; no problems",
	[M_FOOTER] = "%zu forms: %zu collected, %zu unreadable, %zu left out; %zu problems",
	[M_OPEN] = " (",
	[M_CLOSE] = ")",
	[M_DASH] = "-",
};

static const char *M(const collect *c, enum msg m)
{
	return (!strncmp(c->lang, "zh", 2) ? msgs_zh : msgs_en)[m];
}

/* Text of a model cell: paragraphs joined by '\n', fields left out. */
static char *md_cell_text(arena *a, const md_node *cell)
{
	xmlw w;
	const md_node *p, *n;
	char *s;

	xmlw_init(&w);
	xmlw_raw(&w, "");
	for (p = cell ? cell->first : NULL; p; p = p->next) {
		if (p != cell->first)
			xmlw_raw(&w, "\n");
		for (n = p->first; n; n = n->next) {
			if (n->type == MD_TEXT)
				xmlw_raw(&w, n->u.text.s);
			else if (n->type == MD_BREAK)
				xmlw_raw(&w, "\n");
		}
	}
	s = w.oom ? NULL : arena_strdup(a, w.buf ? w.buf : "");
	xmlw_release(&w);
	return s;
}

static const md_node *md_field(const md_node *cell)
{
	const md_node *p, *n;

	for (p = cell ? cell->first : NULL; p; p = p->next)
		for (n = p->first; n; n = n->next)
			if (n->type == MD_DROPDOWN || n->type == MD_INPUT)
				return n;
	return NULL;
}

static const md_node *nth(const md_node *n, size_t i)
{
	while (n && i--)
		n = n->next;
	return n;
}

/* Reads what a filled form should hold from the composed form. */
static ag_code expect(collect *c, ag_error *err)
{
	const md_node *n, *req = NULL, *vend = NULL, *row;
	size_t i, k = 0;

	for (n = c->form->first; n; n = n->next) {
		const md_node *f;

		if (n->type != MD_TABLE)
			continue;
		if (!req && n->u.table.header_rows)
			req = n;
		f = n->first ? md_field(nth(n->first->first, 1)) : NULL;
		if (!vend && f && f->type == MD_INPUT && !strncmp(f->u.field.tag, "vendor.", 7))
			vend = n;
	}
	if (!req || !vend || !req->first)
		return ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "the response form has no requirement table");
	for (row = vend->first, i = 0; row && i < 3; row = row->next, i++) {
		const md_node *f = md_field(nth(row->first, 1));

		c->vendor_labels[i] = md_cell_text(&c->mem, row->first);
		c->vendor_tags[i] = f ? f->u.field.tag : "";
		if (f && !c->prompt)
			c->prompt = f->u.field.placeholder;
		if (!c->vendor_labels[i])
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	for (i = 0; i < 5; i++) {
		c->headings[i] = md_cell_text(&c->mem, nth(req->first->first, i));
		if (!c->headings[i])
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	for (row = req->first->next; row; row = row->next)
		k++;
	c->items = arena_alloc(&c->mem, (k ? k : 1) * sizeof(*c->items));
	if (!c->items)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	for (row = req->first->next; row; row = row->next) {
		collect_item *it = &c->items[c->nitems++];
		const md_node *dd = md_field(nth(row->first, 2));

		it->id = md_cell_text(&c->mem, row->first);
		it->text = md_cell_text(&c->mem, nth(row->first, 1));
		if (!it->id || !it->text)
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		if (!dd || dd->type != MD_DROPDOWN) {
			it->excluded = 1;
			it->na = md_cell_text(&c->mem, nth(row->first, 2));
			if (!it->na)
				return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
			if (!c->na_label && !(c->na_label = first_line(&c->mem, it->na)))
				return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
			continue;
		}
		it->tags[0] = dd->u.field.tag;
		for (i = 1; i < 3; i++) {
			const md_node *f = md_field(nth(row->first, 2 + i));

			it->tags[i] = f ? f->u.field.tag : NULL;
		}
		if (!c->choices) {
			c->choices = dd->u.field.choices;
			c->nchoices = dd->u.field.nchoices;
			c->placeholder = dd->u.field.placeholder;
		}
	}
	if (c->nchoices > 4)
		return ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "more than four compliance choices");
	if (!c->na_label)
		c->na_label = "";
	if (!c->choices) {
		size_t nch;

		c->choices = compose_choices(c->t, &nch);
		c->nchoices = nch;
		c->placeholder = "";
	}
	return AG_OK;
}

collect *collect_new(const tender *t, size_t type, ag_error *err)
{
	collect *c;

	if (type >= t->cat->ntypes || !t->buys[type]) {
		ag_fail(err, AG_ERR_USAGE, NULL, 0, "tender '%s' does not buy service type '%s'", t->id,
			type < t->cat->ntypes ? t->cat->types[type].id : "?");
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	arena_init(&c->mem);
	c->t = t;
	c->type = type;
	c->lang = t->cat->langs[t->langs[0]];
	c->form = compose(t, COMPOSE_RESPONSE, type, err);
	if (!c->form || expect(c, err))
		goto fail;
	return c;
fail:
	collect_free(c);
	return NULL;
}

void collect_free(collect *c)
{
	if (!c)
		return;
	md_doc_free(c->form);
	free(c->vendors);
	free(c->problems);
	arena_release(&c->mem);
	free(c);
}

struct adding {
	collect *c;
	size_t v;
	int oom;
};

static void problem(struct adding *a, const char *item, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void problem(struct adding *a, const char *item, const char *fmt, ...)
{
	collect *c = a->c;
	collect_problem *p;
	va_list ap;

	if (c->nproblems == c->pcap) {
		size_t cap = c->pcap ? 2 * c->pcap : 16;
		void *np = realloc(c->problems, cap * sizeof(*c->problems));

		if (!np) {
			a->oom = 1;
			return;
		}
		c->problems = np;
		c->pcap = cap;
	}
	p = &c->problems[c->nproblems];
	va_start(ap, fmt);
	p->text = vprintf_arena(&c->mem, fmt, ap);
	va_end(ap);
	p->vendor = a->v;
	p->item = item ? arena_strdup(&c->mem, item) : NULL;
	if (!p->text || (item && !p->item)) {
		a->oom = 1;
		return;
	}
	c->nproblems++;
	c->vendors[a->v].nproblems++;
}

static char *dup(struct adding *a, const char *s)
{
	char *p = arena_strdup(&a->c->mem, s ? s : "");

	if (!p)
		a->oom = 1;
	return p ? p : (char *)"";
}

static long item_index(const collect *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->nitems; i++)
		if (!strcmp(c->items[i].id, id))
			return (long)i;
	return -1;
}

/* "XX-12", "AG-DG-1": shaped like an item ID. */
static int id_shaped(const char *s)
{
	static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	size_t n;

	for (;;) {
		n = strspn(s, letters);
		if (!n || n > 10 || s[n] != '-')
			return 0;
		s += n + 1;
		n = strspn(s, "0123456789");
		if (n && n <= 5 && !s[n])
			return 1;
	}
}

static const char *type_name(const collect *c)
{
	return cat_text_get(c->t->cat, &c->t->cat->types[c->type].name, c->t->langs[0]);
}

/* Checks the form's properties; returns 1 when it belongs elsewhere. */
static int check_props(struct adding *a, const collect_form *f)
{
	const collect *c = a->c;
	const catalog *cat = c->t->cat;
	const char *tender = collect_form_prop(f, "Tender"), *type = collect_form_prop(f, "Service type");
	const char *cid = collect_form_prop(f, "Catalogue"), *cver = collect_form_prop(f, "Catalogue version");
	const char *kind = collect_form_prop(f, "Document kind");
	int rejected = 0;

	if (!tender && !type && !cver) {
		problem(a, NULL, "%s", M(c, M_NO_PROPS));
		return 0;
	}
	if (kind && strcmp(kind, "response")) {
		problem(a, NULL, M(c, M_KIND), kind);
		return 1;
	}
	if (tender && strcmp(tender, c->t->id)) {
		problem(a, NULL, M(c, M_TENDER), tender, c->t->id);
		rejected = 1;
	}
	if (type && strcmp(type, cat->types[c->type].id)) {
		problem(a, NULL, M(c, M_TYPE), type, cat->types[c->type].id);
		rejected = 1;
	}
	if ((cid && strcmp(cid, cat->id)) || (cver && strcmp(cver, cat->version))) {
		problem(a, NULL, M(c, M_CATALOG), cid ? cid : "?", cver ? cver : "?", cat->id, cat->version);
		rejected = 1;
	}
	return rejected;
}

/* The vendor fields: by their label in the first cell of a row, else by tag. */
/* s, or "" when it is only an empty text field's prompt: LibreOffice turns a
 * Word control showing its placeholder into an input field holding the text. */
static const char *unprompted(const collect *c, const char *s)
{
	return c->prompt && *c->prompt && same_text(s, c->prompt) ? "" : s;
}

static void vendor_fields(struct adding *a, const collect_form *f, collect_vendor *v)
{
	collect *c = a->c;
	const char **slot[3] = { &v->name, &v->id, &v->date };
	size_t i, t, r, k;

	for (i = 0; i < 3; i++) {
		const collect_cell *found = NULL;

		for (t = 0; t < f->ntables && !found; t++)
			for (r = 0; r < f->tables[t].nrows && !found; r++) {
				const collect_row *row = &f->tables[t].rows[r];

				if (row->ncells >= 2 && same_text(row->cells[0].text, c->vendor_labels[i]))
					found = &row->cells[1];
			}
		for (t = 0; t < f->ntables && !found; t++)
			for (r = 0; r < f->tables[t].nrows && !found; r++)
				for (k = 0; k < f->tables[t].rows[r].ncells && !found; k++)
					if (f->tables[t].rows[r].cells[k].tag &&
					    !strcmp(f->tables[t].rows[r].cells[k].tag, c->vendor_tags[i]))
						found = &f->tables[t].rows[r].cells[k];
		*slot[i] = found ? collapse(&c->mem, found->text) : "";
		if (!*slot[i]) {
			a->oom = 1;
			*slot[i] = "";
		}
		*slot[i] = unprompted(c, *slot[i]);
		if (found && found->tag && strcmp(found->tag, c->vendor_tags[i]))
			problem(a, NULL, M(c, M_TAG), first_line(&c->mem, c->vendor_labels[i]), found->tag);
		if (!**slot[i])
			problem(a, NULL, M(c, M_VENDOR_EMPTY), first_line(&c->mem, c->vendor_labels[i]));
	}
}

static void read_answer(struct adding *a, const collect_item *it, const collect_row *row,
			collect_answer *ans, collect_vendor *v)
{
	collect *c = a->c;
	char diff[4096];
	const char *cells[5], *want, *got;
	size_t i;

	for (i = 0; i < 5; i++)
		cells[i] = i < row->ncells ? row->cells[i].text : "";
	if (row->ncells < 5)
		problem(a, it->id, M(c, M_COLUMNS), row->ncells, (size_t)5);
	want = collapse(&c->mem, it->text);
	got = collapse(&c->mem, cells[1]);
	if (!want || !got) {
		a->oom = 1;
		return;
	}
	if (collect_text_diff(want, got, diff, sizeof(diff))) {
		char *tab = strchr(diff, '\t');

		if (tab)
			*tab++ = '\0';
		problem(a, it->id, M(c, M_TEXT), diff, tab ? tab : "");
	}
	for (i = 2; i < 5 && i < row->ncells; i++) {
		const char *tag = row->cells[i].tag;

		if (tag && it->tags[i - 2] && strcmp(tag, it->tags[i - 2]))
			problem(a, it->id, M(c, M_TAG), first_line(&c->mem, c->headings[i]), tag);
	}
	ans->compliance = dup(a, collapse(&c->mem, cells[2]));
	ans->explanation = dup(a, unprompted(c, cells[3]));
	ans->evidence = dup(a, unprompted(c, cells[4]));
	ans->choice = -1;
	if (it->excluded) {
		if ((*ans->compliance && !same_text(ans->compliance, it->na)) || *ans->explanation ||
		    *ans->evidence) {
			const char *given = printf_arena(&c->mem, "%s%s%s%s%s", ans->compliance,
							 *ans->explanation ? " / " : "", ans->explanation,
							 *ans->evidence ? " / " : "", ans->evidence);

			ans->status = COLLECT_EXCLUDED_ANSWERED;
			problem(a, it->id, M(c, M_EXCL), given ? given : "");
		} else {
			ans->status = COLLECT_EXCLUDED;
		}
		v->count[COLLECT_COUNT_EXCLUDED]++;
		return;
	}
	if (!*ans->compliance || same_text(ans->compliance, c->placeholder)) {
		ans->status = COLLECT_UNANSWERED;
		ans->compliance = "";
		v->count[COLLECT_COUNT_UNANSWERED]++;
		problem(a, it->id, "%s", M(c, M_UNANSWERED));
		return;
	}
	for (i = 0; i < c->nchoices; i++)
		if (same_text(ans->compliance, c->choices[i])) {
			ans->status = COLLECT_ANSWERED;
			ans->choice = (long)i;
			ans->compliance = c->choices[i];
			v->count[i]++;
			return;
		}
	{
		xmlw list;

		xmlw_init(&list);
		for (i = 0; i < c->nchoices; i++) {
			if (i)
				xmlw_raw(&list, M(c, M_LIST_SEP));
			xmlw_raw(&list, c->choices[i]);
		}
		ans->status = COLLECT_INVALID;
		v->count[COLLECT_COUNT_INVALID]++;
		problem(a, it->id, M(c, M_INVALID), ans->compliance, list.buf ? list.buf : "");
		if (list.oom)
			a->oom = 1;
		xmlw_release(&list);
	}
}

static ag_code read_rows(struct adding *a, const collect_form *f, collect_vendor *v)
{
	collect *c = a->c;
	const collect_row **found = calloc(c->nitems ? c->nitems : 1, sizeof(*found));
	collect_answer *answers = arena_alloc(&c->mem, (c->nitems ? c->nitems : 1) * sizeof(*answers));
	struct vec unknown = { 0 }, dups = { 0 };
	size_t t, r, i, nfound = 0;

	if (!found || !answers) {
		free(found);
		a->oom = 1;
		return AG_ERR_NOMEM;
	}
	for (t = 0; t < f->ntables; t++) {
		const collect_table *tab = &f->tables[t];
		int ours = 0;

		for (r = 0; r < tab->nrows && !ours; r++) {
			const char *id = tab->rows[r].ncells ? collapse(&c->mem, tab->rows[r].cells[0].text) : "";

			ours = id && item_index(c, id) >= 0;
		}
		if (!ours)
			continue;
		for (r = 0; r < tab->nrows; r++) {
			const collect_row *row = &tab->rows[r];
			const char *id = row->ncells ? collapse(&c->mem, row->cells[0].text) : "";
			long k = id ? item_index(c, id) : -1;
			const char **slot;

			if (!id) {
				a->oom = 1;
				continue;
			}
			if (k >= 0 && !found[k]) {
				found[k] = row;
				nfound++;
				continue;
			}
			if (k < 0 && !(id_shaped(id) && row->ncells >= 3))
				continue;
			slot = vec_push(k >= 0 ? &dups : &unknown, sizeof(*slot));
			if (!slot)
				a->oom = 1;
			else
				*slot = id;
		}
	}
	if (!nfound) {
		problem(a, NULL, M(c, M_NOT_FORM), type_name(c));
		v->state = COLLECT_REJECTED;
		goto done;
	}
	vendor_fields(a, f, v);
	for (i = 0; i < c->nitems; i++) {
		const collect_item *it = &c->items[i];
		size_t d;

		for (d = 0; d < dups.n; d++)
			if (!strcmp(((const char **)dups.v)[d], it->id)) {
				problem(a, it->id, "%s", M(c, M_DUPLICATE));
				break;
			}
		if (found[i]) {
			read_answer(a, it, found[i], &answers[i], v);
			continue;
		}
		answers[i].status = COLLECT_MISSING;
		answers[i].choice = -1;
		answers[i].compliance = answers[i].explanation = answers[i].evidence = "";
		if (it->excluded) {
			answers[i].status = COLLECT_EXCLUDED;
			v->count[COLLECT_COUNT_EXCLUDED]++;
		} else {
			v->count[COLLECT_COUNT_MISSING]++;
		}
		problem(a, it->id, "%s", M(c, M_MISSING));
	}
	for (i = 0; i < unknown.n; i++)
		problem(a, ((const char **)unknown.v)[i], M(c, M_UNKNOWN), type_name(c));
	v->answers = answers;
	v->state = COLLECT_READ;
done:
	free(found);
	free(unknown.v);
	free(dups.v);
	return a->oom ? AG_ERR_NOMEM : AG_OK;
}

ag_code collect_add_form(collect *c, const char *file, const collect_form *f, const char *why,
			 ag_error *err)
{
	struct adding a = { c, c->nvendors, 0 };
	collect_vendor *v;

	if (c->nvendors == c->vcap) {
		size_t cap = c->vcap ? 2 * c->vcap : 8;
		void *p = realloc(c->vendors, cap * sizeof(*c->vendors));

		if (!p)
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		c->vendors = p;
		c->vcap = cap;
	}
	v = &c->vendors[c->nvendors++];
	memset(v, 0, sizeof(*v));
	v->file = dup(&a, file);
	v->name = v->id = v->date = "";
	v->format = f ? f->format : "";
	if (!f) {
		v->state = COLLECT_UNREADABLE;
		problem(&a, NULL, M(c, M_UNREADABLE), why ? why : "");
		c->nunreadable++;
	} else if (check_props(&a, f)) {
		v->state = COLLECT_REJECTED;
		c->nrejected++;
	} else if (read_rows(&a, f, v) == AG_OK) {
		if (v->state == COLLECT_REJECTED)
			c->nrejected++;
		else
			c->nread++;
	}
	if (a.oom)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	return AG_OK;
}

ag_code collect_add(collect *c, const char *path, ag_error *err)
{
	ag_error e = { 0 };
	collect_form *f = collect_form_read(path, &e);
	char why[2048];
	ag_code rc;

	if (!f && e.code == AG_ERR_NOMEM)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory reading '%s'", path);
	if (!f)
		ag_error_format(&e, why, sizeof(why));
	rc = collect_add_form(c, path, f, f ? NULL : why, err);
	collect_form_free(f);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Output. */

static ag_code finish(xmlw *w, char **out, size_t *len, ag_error *err)
{
	if (w->oom) {
		xmlw_release(w);
		*out = NULL;
		*len = 0;
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	xmlw_raw(w, "");
	*out = xmlw_detach(w, len);
	if (!*out) {
		*out = calloc(1, 1);
		*len = 0;
		if (!*out)
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	return AG_OK;
}

/* One CSV field; vendor text that starts like a formula is defused. */
static void csv_field(xmlw *w, const char *s, int vendor_text, int first)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '));
	const char *p;

	if (!first)
		xmlw_raw(w, ",");
	if (quote)
		xmlw_raw(w, "\"");
	if (vendor_text && *s && strchr("=+-@\t\r", *s))
		xmlw_raw(w, "'");
	for (p = s; *p; p++) {
		if (*p == '"')
			xmlw_raw(w, "\"\"");
		else
			xmlw_rawn(w, p, 1);
	}
	if (quote)
		xmlw_raw(w, "\"");
}

/* A heading for a CSV header cell: stacked languages joined with " / "; a
 * break between two CJK characters only wraps a long heading, and goes. */
static void csv_heading(xmlw *w, const char *s, int first)
{
	xmlw tmp;
	const char *p;

	xmlw_init(&tmp);
	xmlw_raw(&tmp, "");
	for (p = s; *p; p++) {
		int wrap = *p == '\n' && p > s && (unsigned char)p[-1] >= 0x80 && (unsigned char)p[1] >= 0x80;

		xmlw_raw(&tmp, wrap ? "" : *p == '\n' ? " / " : (char[]){ *p, 0 });
	}
	csv_field(w, tmp.buf ? tmp.buf : "", 0, first);
	if (tmp.oom)
		w->oom = 1;
	xmlw_release(&tmp);
}

ag_code collect_csv(const collect *c, char **out, size_t *len, ag_error *err)
{
	xmlw w;
	size_t i, v, k;

	xmlw_init(&w);
	xmlw_raw(&w, "\xef\xbb\xbf");
	/* Header rows: the vendor fields and the file, then the column headings. */
	for (k = 0; k < 4; k++) {
		csv_heading(&w, k < 3 ? c->vendor_labels[k] : M(c, M_FILE), 1);
		csv_field(&w, "", 0, 0);
		for (v = 0; v < c->nvendors; v++) {
			const collect_vendor *cv = &c->vendors[v];
			const char *s = k == 0 ? cv->name : k == 1 ? cv->id : k == 2 ? cv->date : cv->file;
			size_t j;

			if (cv->state != COLLECT_READ)
				continue;
			for (j = 0; j < 3; j++)
				csv_field(&w, s, k < 3, 0);
		}
		xmlw_raw(&w, "\r\n");
	}
	csv_heading(&w, c->headings[0], 1);
	csv_heading(&w, c->headings[1], 0);
	for (v = 0; v < c->nvendors; v++)
		if (c->vendors[v].state == COLLECT_READ)
			for (k = 2; k < 5; k++)
				csv_heading(&w, c->headings[k], 0);
	xmlw_raw(&w, "\r\n");
	for (i = 0; i < c->nitems; i++) {
		csv_field(&w, c->items[i].id, 0, 1);
		csv_field(&w, c->items[i].text, 0, 0);
		for (v = 0; v < c->nvendors; v++) {
			const collect_answer *a = c->vendors[v].answers ? &c->vendors[v].answers[i] : NULL;

			if (c->vendors[v].state != COLLECT_READ || !a)
				continue;
			csv_field(&w, a->compliance, 1, 0);
			csv_field(&w, a->explanation, 1, 0);
			csv_field(&w, a->evidence, 1, 0);
		}
		xmlw_raw(&w, "\r\n");
	}
	return finish(&w, out, len, err);
}

/* "符合 55、部分符合 2、..." for a vendor read into the matrix; sep between parts. */
static void counts(const collect *c, const collect_vendor *v, xmlw *w, const char *sep)
{
	size_t i;
	int first = 1;

	for (i = 0; i < c->nchoices; i++, first = 0)
		xmlw_printf(w, "%s%s %zu", first ? "" : sep, c->choices[i], v->count[i]);
	if (v->count[COLLECT_COUNT_UNANSWERED] + v->count[COLLECT_COUNT_MISSING])
		xmlw_printf(w, "%s%s %zu", sep, M(c, M_NO_ANSWER),
			    v->count[COLLECT_COUNT_UNANSWERED] + v->count[COLLECT_COUNT_MISSING]);
	if (v->count[COLLECT_COUNT_INVALID])
		xmlw_printf(w, "%s%s %zu", sep, M(c, M_OUTSIDE), v->count[COLLECT_COUNT_INVALID]);
	if (v->count[COLLECT_COUNT_EXCLUDED])
		xmlw_printf(w, "%s%s %zu", sep, c->na_label, v->count[COLLECT_COUNT_EXCLUDED]);
}

ag_code collect_report(const collect *c, char **out, size_t *len, ag_error *err)
{
	xmlw w;
	size_t v, p;

	xmlw_init(&w);
	for (v = 0; v < c->nvendors; v++) {
		const collect_vendor *cv = &c->vendors[v];

		xmlw_printf(&w, "%s%s", cv->file, M(c, M_COLON));
		if (cv->state == COLLECT_UNREADABLE) {
			xmlw_raw(&w, M(c, M_STATE_UNREADABLE));
		} else if (cv->state == COLLECT_REJECTED) {
			xmlw_raw(&w, M(c, M_STATE_REJECTED));
		} else {
			xmlw_raw(&w, *cv->name ? cv->name : M(c, M_NONAME));
			if (*cv->id)
				xmlw_printf(&w, "%s%s%s", M(c, M_OPEN), cv->id, M(c, M_CLOSE));
			xmlw_raw(&w, M(c, M_COLON));
			counts(c, cv, &w, M(c, M_SEP));
			if (!cv->nproblems)
				xmlw_raw(&w, M(c, M_NO_PROBLEMS));
		}
		xmlw_raw(&w, "\n");
		for (p = 0; p < c->nproblems; p++) {
			const collect_problem *pr = &c->problems[p];

			if (pr->vendor != v)
				continue;
			if (pr->item)
				xmlw_printf(&w, "  - %s%s%s\n", pr->item, M(c, M_COLON), pr->text);
			else
				xmlw_printf(&w, "  - %s\n", pr->text);
		}
	}
	xmlw_printf(&w, M(c, M_FOOTER), c->nvendors, c->nread, c->nunreadable, c->nrejected, c->nproblems);
	xmlw_raw(&w, "\n");
	return finish(&w, out, len, err);
}

/* Is this answer one the committee must look at: 不符合 (the last choice),
 * unanswered, missing, outside the choices, or given for an excluded item? */
static int alert(const collect *c, const collect_answer *a)
{
	return a->status == COLLECT_UNANSWERED || a->status == COLLECT_MISSING ||
	       a->status == COLLECT_INVALID || a->status == COLLECT_EXCLUDED_ANSWERED ||
	       (a->status == COLLECT_ANSWERED && c->nchoices && (size_t)a->choice == c->nchoices - 1);
}

static md_node *heading_cell(md_doc *d, md_node *row, const char *s)
{
	md_node *cell = md_cell(d, row);

	if (cell)
		cell->u.cell.shaded = MD_SHADE_HEADING;
	md_text_lang(d, md_para(d, cell, MD_S_TABLE_HEADING), s, NULL, 1);
	return cell;
}

static md_node *text_cell(md_doc *d, md_node *row, md_style style, const char *s, int shade)
{
	md_node *cell = md_cell(d, row);

	if (cell && shade)
		cell->u.cell.shaded = MD_SHADE_ALERT;
	md_text(d, md_para(d, cell, style), s);
	return cell;
}

static const char *vendor_title(const collect *c, const collect_vendor *v)
{
	return *v->name ? v->name : M(c, M_NONAME);
}

/* The totals table: one row per file. */
static void summary(const collect *c, md_doc *d)
{
	size_t ncols = 3 + c->nchoices + 3, i, v;
	unsigned widths[3 + 4 + 3];
	md_node *table, *row;

	md_text(d, md_para(d, NULL, MD_S_HEADING), M(c, M_SUMMARY));
	widths[0] = 3400;
	widths[1] = 1800;
	widths[2] = 3400;
	for (i = 3; i < ncols; i++)
		widths[i] = (unsigned)((17000 - 8600) / (ncols - 3));
	table = md_table(d, widths, ncols, 1);
	row = md_row(d, table, 1);
	heading_cell(d, row, c->vendor_labels[0]);
	heading_cell(d, row, c->vendor_labels[1]);
	heading_cell(d, row, M(c, M_FILE));
	for (i = 0; i < c->nchoices; i++)
		heading_cell(d, row, c->choices[i]);
	heading_cell(d, row, M(c, M_NO_ANSWER));
	heading_cell(d, row, M(c, M_OUTSIDE));
	heading_cell(d, row, M(c, M_NPROBLEMS));
	for (v = 0; v < c->nvendors; v++) {
		const collect_vendor *cv = &c->vendors[v];
		int read = cv->state == COLLECT_READ;
		size_t none = cv->count[COLLECT_COUNT_UNANSWERED] + cv->count[COLLECT_COUNT_MISSING];

		row = md_row(d, table, 0);
		text_cell(d, row, MD_S_TABLE_TEXT,
			  read ? vendor_title(c, cv) :
			  M(c, cv->state == COLLECT_UNREADABLE ? M_STATE_UNREADABLE : M_STATE_REJECTED), !read);
		text_cell(d, row, MD_S_TABLE_TEXT, cv->id, 0);
		text_cell(d, row, MD_S_TABLE_TEXT, cv->file, 0);
		for (i = 0; i < c->nchoices; i++)
			text_cell(d, row, MD_S_TABLE_CENTER, read ? md_printf(d, "%zu", cv->count[i]) : M(c, M_DASH),
				  read && i == c->nchoices - 1 && cv->count[i]);
		text_cell(d, row, MD_S_TABLE_CENTER, read ? md_printf(d, "%zu", none) : M(c, M_DASH), read && none);
		text_cell(d, row, MD_S_TABLE_CENTER,
			  read ? md_printf(d, "%zu", cv->count[COLLECT_COUNT_INVALID]) : M(c, M_DASH),
			  read && cv->count[COLLECT_COUNT_INVALID]);
		text_cell(d, row, MD_S_TABLE_CENTER, md_printf(d, "%zu", cv->nproblems), 0);
	}
}

static void answer_cell(const collect *c, md_doc *d, md_node *row, const collect_answer *a)
{
	md_node *cell = md_cell(d, row), *p;
	const char *shown;

	if (cell && alert(c, a))
		cell->u.cell.shaded = MD_SHADE_ALERT;
	switch (a->status) {
	case COLLECT_UNANSWERED:
		shown = M(c, M_NO_ANSWER);
		break;
	case COLLECT_MISSING:
		shown = M(c, M_NOT_IN_FORM);
		break;
	case COLLECT_EXCLUDED:
		shown = c->na_label;
		break;
	case COLLECT_EXCLUDED_ANSWERED:
		shown = *a->compliance ? a->compliance : c->na_label;
		break;
	default:
		shown = a->compliance;
		break;
	}
	md_text_lang(d, md_para(d, cell, MD_S_TABLE_CENTER), shown, NULL, 1);
	if (*a->explanation) {
		p = md_para(d, cell, MD_S_TABLE_TEXT);
		md_text(d, p, md_printf(d, "%s%s", M(c, M_EXPL), a->explanation));
	}
	if (*a->evidence) {
		p = md_para(d, cell, MD_S_TABLE_TEXT);
		md_text(d, p, md_printf(d, "%s%s", M(c, M_EVID), a->evidence));
	}
}

/* Items x vendors, with a totals row. Returns -1 when out of memory. */
static int matrix(const collect *c, md_doc *d)
{
	size_t n = c->nread, ncols = 2 + n, i, v;
	unsigned *widths = calloc(ncols, sizeof(*widths)), vw;
	md_node *table, *row, *cell, *p;
	int rc = 0;

	if (!widths)
		return -1;
	md_text(d, md_para(d, NULL, MD_S_HEADING), M(c, M_MATRIX));
	vw = n ? (unsigned)((17000 - 1500 - 5000) / n) : 0;
	if (vw > 4500)
		vw = 4500;
	if (n && vw < 1800)
		vw = 1800;
	widths[0] = 1500;
	widths[1] = 17000 - 1500 > vw * n + 2500 ? (unsigned)(17000 - 1500 - vw * n) : 2500;
	for (v = 0; v < n; v++)
		widths[2 + v] = vw;
	table = md_table(d, widths, ncols, 1);
	free(widths);
	row = md_row(d, table, 1);
	heading_cell(d, row, c->headings[0]);
	heading_cell(d, row, c->headings[1]);
	for (v = 0; v < c->nvendors; v++) {
		if (c->vendors[v].state != COLLECT_READ)
			continue;
		cell = heading_cell(d, row, vendor_title(c, &c->vendors[v]));
		p = cell ? cell->last : NULL;
		md_break(d, p);
		md_text(d, p, c->vendors[v].file);
	}
	for (i = 0; i < c->nitems; i++) {
		row = md_row(d, table, 0);
		text_cell(d, row, MD_S_TABLE_CENTER, c->items[i].id, 0);
		text_cell(d, row, MD_S_TABLE_TEXT, c->items[i].text, 0);
		for (v = 0; v < c->nvendors; v++)
			if (c->vendors[v].state == COLLECT_READ)
				answer_cell(c, d, row, &c->vendors[v].answers[i]);
	}
	row = md_row(d, table, 0);
	heading_cell(d, row, M(c, M_TOTAL));
	text_cell(d, row, MD_S_TABLE_TEXT, "", 0);
	for (v = 0; v < c->nvendors; v++) {
		xmlw w;

		if (c->vendors[v].state != COLLECT_READ)
			continue;
		xmlw_init(&w);
		counts(c, &c->vendors[v], &w, "\n");
		if (w.oom || !w.buf)
			rc = -1;
		else
			text_cell(d, row, MD_S_TABLE_TEXT, w.buf, 0);
		xmlw_release(&w);
	}
	return rc;
}

static void problems(const collect *c, md_doc *d)
{
	size_t v, p;

	md_text(d, md_para(d, NULL, MD_S_HEADING), M(c, M_PROBLEMS));
	if (!c->nproblems)
		md_text(d, md_para(d, NULL, MD_S_BODY), M(c, M_NONE));
	for (v = 0; v < c->nvendors; v++) {
		const collect_vendor *cv = &c->vendors[v];

		if (!cv->nproblems)
			continue;
		md_text_lang(d, md_para(d, NULL, MD_S_BODY),
			     cv->state == COLLECT_READ
			     ? md_printf(d, "%s%s%s%s", cv->file, M(c, M_OPEN), vendor_title(c, cv), M(c, M_CLOSE))
			     : cv->file, NULL, 1);
		for (p = 0; p < c->nproblems; p++) {
			const collect_problem *pr = &c->problems[p];

			if (pr->vendor != v)
				continue;
			md_text(d, md_para(d, NULL, MD_S_BODY),
				pr->item ? md_printf(d, "%s%s%s", pr->item, M(c, M_COLON), pr->text) : pr->text);
		}
	}
}

md_doc *collect_matrix(const collect *c, ag_error *err)
{
	md_doc *d = md_doc_new();
	const md_meta *fm = &c->form->meta;
	const char *title;
	md_node *p;
	int oom;

	if (!d) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	title = md_printf(d, M(c, M_TITLE), type_name(c));
	md_text(d, md_para(d, NULL, MD_S_TITLE), title);
	p = md_para(d, NULL, MD_S_SUBTITLE);
	md_text(d, p, fm->subject);
	if (*c->t->case_number) {
		md_break(d, p);
		md_text(d, p, md_printf(d, M(c, M_CASE), c->t->case_number, fm->creator));
	}
	md_text(d, md_para(d, NULL, MD_S_BODY),
		md_printf(d, M(c, M_INTRO), c->nchoices ? c->choices[c->nchoices - 1] : ""));
	summary(c, d);
	md_para(d, NULL, MD_S_BODY);
	oom = matrix(c, d) < 0;
	problems(c, d);
	d->meta.title = title;
	d->meta.subject = md_strdup(d, fm->subject);
	d->meta.description = md_strdup(d, fm->description);
	d->meta.keywords = md_printf(d, "%s %s; matrix; %s", c->t->cat->id, c->t->cat->version,
				     c->t->cat->types[c->type].id);
	d->meta.lang = md_strdup(d, fm->lang);
	d->meta.creator = md_strdup(d, fm->creator);
	d->meta.generator = "annexgen " AG_VERSION;
	d->meta.catalog_id = md_strdup(d, fm->catalog_id);
	d->meta.catalog_version = md_strdup(d, fm->catalog_version);
	d->meta.tender_id = md_strdup(d, fm->tender_id);
	d->meta.kind = "matrix";
	d->meta.service_type = md_strdup(d, fm->service_type);
	d->meta.header_text = md_strdup(d, fm->header_text);
	d->meta.page_before = md_strdup(d, fm->page_before);
	d->meta.page_middle = md_strdup(d, fm->page_middle);
	d->meta.page_after = md_strdup(d, fm->page_after);
	if (oom || md_doc_failed(d)) {
		md_doc_free(d);
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	return d;
}

static ag_code write_one(const char *dir, const char *name, const void *data, size_t len, ag_error *err)
{
	char path[4200];
	int n = snprintf(path, sizeof(path), "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= sizeof(path))
		return ag_fail(err, AG_ERR_CANTCREAT, dir, 0, "output folder name is too long");
	return fileio_write_atomic(path, data, len, err);
}

ag_code collect_write(const collect *c, const char *dir, const template *tpl, ag_error *err)
{
	char *csv = NULL;
	unsigned char *odt = NULL, *docx = NULL;
	size_t csv_len = 0, odt_len = 0, docx_len = 0;
	md_doc *d = NULL;
	ag_code rc;

	rc = collect_csv(c, &csv, &csv_len, err);
	if (rc)
		goto fail;
	d = collect_matrix(c, err);
	if (!d) {
		rc = err ? err->code : AG_ERR_NOMEM;
		goto fail;
	}
	if (!tpl)
		tpl = template_builtin();
	rc = odt_render(d, tpl, &odt, &odt_len, err);
	if (!rc)
		rc = docx_render(d, tpl, &docx, &docx_len, err);
	if (!rc)
		rc = fileio_mkdirs(dir, err);
	if (!rc)
		rc = write_one(dir, "matrix.csv", csv, csv_len, err);
	if (!rc)
		rc = write_one(dir, "matrix.odt", odt, odt_len, err);
	if (!rc)
		rc = write_one(dir, "matrix.docx", docx, docx_len, err);
fail:
	free(csv);
	free(odt);
	free(docx);
	md_doc_free(d);
	return rc;
}
