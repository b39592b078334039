/* Matching filled vendor response forms against the tender: which row holds
 * which item, what each answer is, and every problem found on the way. */
#include "collect.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "textcmp.h"
#include "xmlw.h"

#include "banned.h"

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

const char *collect_label(const collect *c, enum label l)
{
	return label_get(label_lang_of(c->lang), l);
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

/* Labels of all output languages stacked a line apart, as the form shows them. */
static const char *stacked(collect *c, const char *const *per_lang, size_t nlangs)
{
	const char *s = per_lang[0];
	size_t i;

	for (i = 1; i < nlangs && s; i++)
		s = printf_arena(&c->mem, "%s\n%s", s, per_lang[i]);
	return s;
}

/* Reads what a filled form should hold: its layout as compose describes it,
 * and the tender's items as the composed form's requirement table has them. */
static ag_code expect(collect *c, ag_error *err)
{
	compose_response_layout lay;
	const md_node *n, *req = NULL, *row;
	size_t i, k = 0;

	if (compose_response_layout_get(&c->mem, c->t, &lay))
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	for (n = c->form->first; n && !req; n = n->next)
		if (n->type == MD_TABLE && n->u.table.header_rows)
			req = n;
	if (!req || !req->first)
		return ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "the response form has no requirement table");
	for (i = 0; i < COMPOSE_VENDOR_ROWS; i++) {
		c->vendor_labels[i] = stacked(c, lay.vendor_labels[i], lay.nlangs);
		c->vendor_tags[i] = lay.vendor_tags[i];
		if (!c->vendor_labels[i])
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	for (i = 0; i < COMPOSE_RESPONSE_COLS; i++) {
		c->headings[i] = stacked(c, lay.headings[i], lay.nlangs);
		if (!c->headings[i])
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	c->choices = lay.choices;
	c->nchoices = lay.nchoices;
	c->placeholder = lay.placeholder;
	c->prompt = lay.prompt;
	c->na_label = lay.na_label[0];
	if (c->nchoices > 4)
		return ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "more than four compliance choices");
	for (row = req->first->next; row; row = row->next)
		k++;
	c->items = arena_alloc(&c->mem, (k ? k : 1) * sizeof(*c->items));
	if (!c->items)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	for (row = req->first->next; row; row = row->next) {
		collect_item *it = &c->items[c->nitems++];

		it->id = md_cell_text(&c->mem, row->first);
		it->text = md_cell_text(&c->mem, nth(row->first, COMPOSE_COL_REQUIREMENT));
		if (!it->id || !it->text)
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		if (!md_field(nth(row->first, COMPOSE_COL_COMPLIANCE))) {
			it->excluded = 1;
			it->na = stacked(c, lay.na_label, lay.nlangs);
			if (!it->na)
				return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
			continue;
		}
		for (i = 0; i < 3; i++) {
			const char *suffix = lay.tags[COMPOSE_COL_COMPLIANCE + i];

			it->tags[i] = suffix ? printf_arena(&c->mem, "%s%s", it->id, suffix) : NULL;
			if (suffix && !it->tags[i])
				return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		}
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

/* Text from a vendor's file as a report may show it: escaped, bounded (see textcmp_escape). */
static const char *q(struct adding *a, const char *s)
{
	char *e = textcmp_escape(&a->c->mem, s ? s : "", COLLECT_MAX_QUOTE);

	if (!e)
		a->oom = 1;
	return e ? e : "";
}

/* A problem for a cell whose field copies disagree: every distinct copy, quoted. */
static void copies_problem(struct adding *a, const char *item, const char *heading, const docread_cell *cell)
{
	collect *c = a->c;
	xmlw list;
	size_t i;

	if (cell->ncopies < 2)
		return;
	xmlw_init(&list);
	for (i = 0; i < cell->ncopies; i++) {
		if (i)
			xmlw_raw(&list, collect_label(c, L_LIST_SEP));
		/* A report line names a handful; more say nothing new. */
		if (i == COLLECT_MAX_COPIES_SHOWN) {
			xmlw_raw(&list, "…");
			break;
		}
		xmlw_printf(&list, "%s%s%s%s%s%s", collect_label(c, L_QUOTE_OPEN), q(a, cell->copies[i].text),
			    collect_label(c, L_QUOTE_CLOSE), collect_label(c, L_OPEN),
			    collect_label(c, cell->copies[i].kind == DOCREAD_COPY_STORED ? L_COPY_STORED :
				 cell->copies[i].kind == DOCREAD_COPY_OUTSIDE ? L_COPY_OUTSIDE : L_COPY_FIELD),
			    collect_label(c, L_CLOSE));
	}
	if (list.oom)
		a->oom = 1;
	problem(a, item, collect_label(c, L_COPIES), first_line(&c->mem, heading), list.buf ? list.buf : "");
	xmlw_release(&list);
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

const char *collect_type_name(const collect *c)
{
	return cat_text_get(c->t->cat, &c->t->cat->types[c->type].name, c->t->langs[0]);
}

/* Checks the form's properties; returns 1 when it belongs elsewhere. */
static int check_props(struct adding *a, const docread_form *f)
{
	collect *c = a->c;
	const catalog *cat = c->t->cat;
	const char *tender = docread_prop(f, "Tender"), *type = docread_prop(f, "Service type");
	const char *cid = docread_prop(f, "Catalogue"), *cver = docread_prop(f, "Catalogue version");
	const char *kind = docread_prop(f, "Document kind");
	int rejected = 0;

	if (!tender && !type && !cver) {
		problem(a, NULL, "%s", collect_label(c, L_NO_PROPS));
		return 0;
	}
	if (kind && strcmp(kind, "response")) {
		problem(a, NULL, collect_label(c, L_WRONG_KIND), q(a, kind));
		return 1;
	}
	if (tender && strcmp(tender, c->t->id)) {
		problem(a, NULL, collect_label(c, L_WRONG_TENDER), q(a, tender), c->t->id);
		rejected = 1;
	}
	if (type && strcmp(type, cat->types[c->type].id)) {
		problem(a, NULL, collect_label(c, L_WRONG_TYPE), q(a, type), cat->types[c->type].id);
		rejected = 1;
	}
	if ((cid && strcmp(cid, cat->id)) || (cver && strcmp(cver, cat->version))) {
		problem(a, NULL, collect_label(c, L_WRONG_CATALOG), q(a, cid ? cid : "?"), q(a, cver ? cver : "?"), cat->id,
			cat->version);
		rejected = 1;
	}
	return rejected;
}

/* The vendor fields: by their label in the first cell of a row, else by tag. */
/* s, or "" when it is only an empty text field's prompt: LibreOffice turns a
 * Word control showing its placeholder into an input field holding the text. */
static const char *unprompted(const collect *c, const char *s)
{
	return c->prompt && *c->prompt && textcmp_same(s, c->prompt) ? "" : s;
}

static void vendor_fields(struct adding *a, const docread_form *f, collect_vendor *v)
{
	collect *c = a->c;
	const char **slot[3] = { &v->name, &v->id, &v->date };
	size_t i, t, r, k;

	for (i = 0; i < 3; i++) {
		const docread_cell *found = NULL;

		for (t = 0; t < f->ntables && !found; t++)
			for (r = 0; r < f->tables[t].nrows && !found; r++) {
				const docread_row *row = &f->tables[t].rows[r];

				if (row->ncells >= 2 && textcmp_same(row->cells[0].text, c->vendor_labels[i]))
					found = &row->cells[1];
			}
		for (t = 0; t < f->ntables && !found; t++)
			for (r = 0; r < f->tables[t].nrows && !found; r++)
				for (k = 0; k < f->tables[t].rows[r].ncells && !found; k++)
					if (f->tables[t].rows[r].cells[k].tag &&
					    !strcmp(f->tables[t].rows[r].cells[k].tag, c->vendor_tags[i]))
						found = &f->tables[t].rows[r].cells[k];
		*slot[i] = found ? textcmp_collapse(&c->mem, found->text) : "";
		if (!*slot[i]) {
			a->oom = 1;
			*slot[i] = "";
		}
		*slot[i] = unprompted(c, *slot[i]);
		if (found && found->tag && strcmp(found->tag, c->vendor_tags[i]))
			problem(a, NULL, collect_label(c, L_WRONG_TAG), first_line(&c->mem, c->vendor_labels[i]), q(a, found->tag));
		if (found)
			copies_problem(a, NULL, c->vendor_labels[i], found);
		if (!**slot[i])
			problem(a, NULL, collect_label(c, L_VENDOR_EMPTY), first_line(&c->mem, c->vendor_labels[i]));
	}
}

/* Bilingual forms made before the placeholder had its translation show the
 * official part alone (請選擇 of 請選擇 / Choose): still unanswered. */
static int is_old_placeholder(const collect *c, const char *answer)
{
	const char *slash = strstr(c->placeholder, " / ");
	size_t n = slash ? (size_t)(slash - c->placeholder) : 0;

	return n && strlen(answer) == n && !strncmp(answer, c->placeholder, n);
}

static void read_answer(struct adding *a, const collect_item *it, const docread_row *row,
			collect_answer *ans, collect_vendor *v)
{
	collect *c = a->c;
	char diff[4096];
	const char *cells[5], *want, *got;
	size_t i;

	for (i = 0; i < 5; i++)
		cells[i] = i < row->ncells ? row->cells[i].text : "";
	if (row->ncells < 5)
		problem(a, it->id, collect_label(c, L_COLUMNS), row->ncells, (size_t)5);
	want = textcmp_collapse(&c->mem, it->text);
	got = textcmp_collapse(&c->mem, cells[1]);
	if (!want || !got) {
		a->oom = 1;
		return;
	}
	if (textcmp_diff(want, got, diff, sizeof(diff))) {
		char *tab = strchr(diff, '\t');

		if (tab)
			*tab++ = '\0';
		problem(a, it->id, collect_label(c, L_TEXT_DIFFERS), q(a, diff), q(a, tab ? tab : ""));
	}
	for (i = 2; i < 5 && i < row->ncells; i++) {
		const char *tag = row->cells[i].tag;

		if (tag && it->tags[i - 2] && strcmp(tag, it->tags[i - 2]))
			problem(a, it->id, collect_label(c, L_WRONG_TAG), first_line(&c->mem, c->headings[i]), q(a, tag));
		copies_problem(a, it->id, c->headings[i], &row->cells[i]);
	}
	ans->compliance = dup(a, textcmp_collapse(&c->mem, cells[2]));
	ans->explanation = dup(a, unprompted(c, cells[3]));
	ans->evidence = dup(a, unprompted(c, cells[4]));
	ans->choice = -1;
	if (it->excluded) {
		if ((*ans->compliance && !textcmp_same(ans->compliance, it->na)) || *ans->explanation ||
		    *ans->evidence) {
			const char *given = printf_arena(&c->mem, "%s%s%s%s%s", ans->compliance,
							 *ans->explanation ? " / " : "", ans->explanation,
							 *ans->evidence ? " / " : "", ans->evidence);

			ans->status = COLLECT_EXCLUDED_ANSWERED;
			problem(a, it->id, collect_label(c, L_EXCL_ANSWERED), q(a, given ? given : ""));
		} else {
			ans->status = COLLECT_EXCLUDED;
		}
		v->count[COLLECT_COUNT_EXCLUDED]++;
		return;
	}
	if (!*ans->compliance || textcmp_same(ans->compliance, c->placeholder) ||
	    is_old_placeholder(c, ans->compliance)) {
		ans->status = COLLECT_UNANSWERED;
		ans->compliance = "";
		v->count[COLLECT_COUNT_UNANSWERED]++;
		problem(a, it->id, "%s", collect_label(c, L_UNANSWERED));
		return;
	}
	for (i = 0; i < c->nchoices; i++)
		if (textcmp_same(ans->compliance, c->choices[i])) {
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
				xmlw_raw(&list, collect_label(c, L_LIST_SEP));
			xmlw_raw(&list, c->choices[i]);
		}
		ans->status = COLLECT_INVALID;
		v->count[COLLECT_COUNT_INVALID]++;
		problem(a, it->id, collect_label(c, L_INVALID), q(a, ans->compliance), list.buf ? list.buf : "");
		if (list.oom)
			a->oom = 1;
		xmlw_release(&list);
	}
}

static ag_code read_rows(struct adding *a, const docread_form *f, collect_vendor *v)
{
	collect *c = a->c;
	const docread_row **found = calloc(c->nitems ? c->nitems : 1, sizeof(*found));
	collect_answer *answers = arena_alloc(&c->mem, (c->nitems ? c->nitems : 1) * sizeof(*answers));
	arena_vec unknown = { 0 }, dups = { 0 };
	size_t t, r, i, nfound = 0;

	if (!found || !answers) {
		free(found);
		a->oom = 1;
		return AG_ERR_NOMEM;
	}
	for (t = 0; t < f->ntables; t++) {
		const docread_table *tab = &f->tables[t];
		int ours = 0;

		for (r = 0; r < tab->nrows && !ours; r++) {
			const char *id = tab->rows[r].ncells ? textcmp_collapse(&c->mem, tab->rows[r].cells[0].text) : "";

			ours = id && item_index(c, id) >= 0;
		}
		if (!ours)
			continue;
		for (r = 0; r < tab->nrows; r++) {
			const docread_row *row = &tab->rows[r];
			const char *id = row->ncells ? textcmp_collapse(&c->mem, row->cells[0].text) : "";
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
			slot = arena_vec_push(k >= 0 ? &dups : &unknown, sizeof(*slot));
			if (!slot)
				a->oom = 1;
			else
				*slot = id;
		}
	}
	if (!nfound) {
		problem(a, NULL, collect_label(c, L_NOT_FORM), collect_type_name(c));
		v->state = COLLECT_REJECTED;
		goto done;
	}
	vendor_fields(a, f, v);
	for (i = 0; i < c->nitems; i++) {
		const collect_item *it = &c->items[i];
		size_t d;

		for (d = 0; d < dups.n; d++)
			if (!strcmp(((const char **)dups.v)[d], it->id)) {
				problem(a, it->id, "%s", collect_label(c, L_DUPLICATE));
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
		problem(a, it->id, "%s", collect_label(c, L_MISSING));
	}
	for (i = 0; i < unknown.n; i++)
		problem(a, ((const char **)unknown.v)[i], collect_label(c, L_UNKNOWN_ITEM), collect_type_name(c));
	v->answers = answers;
	v->state = COLLECT_READ;
done:
	free(found);
	free(unknown.v);
	free(dups.v);
	return a->oom ? AG_ERR_NOMEM : AG_OK;
}

ag_code collect_add_form(collect *c, const char *file, const docread_form *f, const char *why,
			 ag_error *err)
{
	struct adding a = { c, c->nvendors, 0 };
	collect_vendor *v;
	size_t i;

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
		problem(&a, NULL, collect_label(c, L_UNREADABLE), q(&a, why ? why : ""));
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
	if (f && f->both_formats)
		problem(&a, NULL, collect_label(c, L_BOTH_PACKAGES), f->format);
	if (v->state == COLLECT_READ && *v->id) {
		if (!collect_ubn_valid(v->id))
			problem(&a, NULL, collect_label(c, L_BAD_UBN), q(&a, v->id));
		for (i = 0; i + 1 < c->nvendors; i++)
			if (c->vendors[i].state == COLLECT_READ && !strcmp(c->vendors[i].id, v->id)) {
				problem(&a, NULL, collect_label(c, L_SAME_VENDOR), q(&a, c->vendors[i].file), q(&a, v->id));
				break;
			}
	}
	if (a.oom)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	return AG_OK;
}

ag_code collect_add(collect *c, const char *path, ag_error *err)
{
	ag_error e = { 0 };
	docread_form *f = docread_file(path, &e);
	char why[2048];
	ag_code rc;

	if (!f && e.code == AG_ERR_NOMEM)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory reading '%s'", path);
	if (!f)
		ag_error_format(&e, why, sizeof(why));
	rc = collect_add_form(c, path, f, f ? NULL : why, err);
	docread_free(f);
	return rc;
}

/*
 * The check digit of a business number (統一編號), as the Ministry of Finance
 * amended it from 1 April 2023 (財政部「營利事業統一編號檢查碼邏輯修正說明」,
 * https://www.mof.gov.tw; reported by the Northern Region National Taxation
 * Bureau, https://smartcpa.tw/ko/news/content/E3F2E9817E12A3140DDE3EBD406D22F2):
 * weights 1,2,1,2,1,2,4,1; the digits of each product are summed; the total
 * must now be divisible by 5 (before: by 10, which rejects new numbers).
 * When the seventh digit is 7 its product 28 gives 10, which counts as 1 or
 * as 0: either total may be divisible.
 */
int collect_ubn_valid(const char *s)
{
	static const int weight[8] = { 1, 2, 1, 2, 1, 2, 4, 1 };
	int sum = 0, i;

	if (strlen(s) != 8 || strspn(s, "0123456789") != 8)
		return 0;
	for (i = 0; i < 8; i++) {
		int p = (s[i] - '0') * weight[i];

		if (i == 6 && s[i] == '7')
			continue;
		sum += p / 10 + p % 10;
	}
	if (s[6] == '7')
		return sum % 5 == 0 || (sum + 1) % 5 == 0;
	return sum % 5 == 0;
}
