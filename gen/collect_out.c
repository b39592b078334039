/* The evaluation outputs of collect: matrix.csv, the problem report and the
 * matrix documents (ODT, DOCX), written so that no edited file is lost. */
#include "collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fit.h"
#include "generate.h"
#include "render.h"
#include "textcmp.h"
#include "version.h"
#include "xmlw.h"

#include "banned.h"

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

/* One CSV field; text that starts like a formula (=, +, -, @, a tab or a
 * carriage return, OWASP's list) is defused with a leading apostrophe. */
static void csv_field(xmlw *w, const char *s, int first)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '));
	const char *p;

	if (!first)
		xmlw_raw(w, ",");
	if (quote)
		xmlw_raw(w, "\"");
	if (*s && strchr("=+-@\t\r", *s))
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

/* A heading for a CSV header cell: stacked languages joined with " / ". */
static void csv_heading(xmlw *w, const char *s, int first)
{
	xmlw tmp;
	const char *p;

	xmlw_init(&tmp);
	xmlw_raw(&tmp, "");
	for (p = s; *p; p++)
		xmlw_raw(&tmp, *p == '\n' ? " / " : (char[]){ *p, 0 });
	csv_field(w, tmp.buf ? tmp.buf : "", first);
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
		csv_heading(&w, k < 3 ? c->vendor_labels[k] : collect_label(c, L_FILE), 1);
		csv_field(&w, "", 0);
		for (v = 0; v < c->nvendors; v++) {
			const collect_vendor *cv = &c->vendors[v];
			const char *s = k == 0 ? cv->name : k == 1 ? cv->id : k == 2 ? cv->date : cv->file;
			size_t j;

			if (cv->state != COLLECT_READ)
				continue;
			for (j = 0; j < 3; j++)
				csv_field(&w, s, 0);
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
		csv_field(&w, c->items[i].id, 1);
		csv_field(&w, c->items[i].text, 0);
		for (v = 0; v < c->nvendors; v++) {
			const collect_answer *a = c->vendors[v].answers ? &c->vendors[v].answers[i] : NULL;

			if (c->vendors[v].state != COLLECT_READ || !a)
				continue;
			csv_field(&w, a->compliance, 0);
			csv_field(&w, a->explanation, 0);
			csv_field(&w, a->evidence, 0);
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
		xmlw_printf(w, "%s%s %zu", sep, collect_label(c, L_NO_ANSWER),
			    v->count[COLLECT_COUNT_UNANSWERED] + v->count[COLLECT_COUNT_MISSING]);
	if (v->count[COLLECT_COUNT_INVALID])
		xmlw_printf(w, "%s%s %zu", sep, collect_label(c, L_OUTSIDE), v->count[COLLECT_COUNT_INVALID]);
	if (v->count[COLLECT_COUNT_EXCLUDED])
		xmlw_printf(w, "%s%s %zu", sep, c->na_label, v->count[COLLECT_COUNT_EXCLUDED]);
}

/* Writes s escaped and bounded (textcmp_escape): file names and vendor
 * fields must not break a report line or steer a terminal. */
static void quoted(xmlw *w, const char *s)
{
	arena a;
	const char *e;

	arena_init(&a);
	e = textcmp_escape(&a, s, COLLECT_MAX_QUOTE);
	if (e)
		xmlw_raw(w, e);
	else
		w->oom = 1;
	arena_release(&a);
}

ag_code collect_report(const collect *c, char **out, size_t *len, ag_error *err)
{
	xmlw w;
	size_t v, p;

	xmlw_init(&w);
	for (v = 0; v < c->nvendors; v++) {
		const collect_vendor *cv = &c->vendors[v];

		quoted(&w, cv->file);
		xmlw_raw(&w, collect_label(c, L_COLON));
		if (cv->state == COLLECT_UNREADABLE) {
			xmlw_raw(&w, collect_label(c, L_STATE_UNREADABLE));
		} else if (cv->state == COLLECT_REJECTED) {
			xmlw_raw(&w, collect_label(c, L_STATE_REJECTED));
		} else {
			if (*cv->name)
				quoted(&w, cv->name);
			else
				xmlw_raw(&w, collect_label(c, L_NO_NAME));
			if (*cv->id) {
				xmlw_raw(&w, collect_label(c, L_OPEN));
				quoted(&w, cv->id);
				xmlw_raw(&w, collect_label(c, L_CLOSE));
			}
			xmlw_raw(&w, collect_label(c, L_COLON));
			counts(c, cv, &w, collect_label(c, L_LIST_SEP));
			if (!cv->nproblems)
				xmlw_raw(&w, collect_label(c, L_NO_PROBLEMS));
		}
		xmlw_raw(&w, "\n");
		for (p = 0; p < c->nproblems; p++) {
			const collect_problem *pr = &c->problems[p];

			if (pr->vendor != v)
				continue;
			if (pr->item)
				xmlw_printf(&w, "  - %s%s%s\n", pr->item, collect_label(c, L_COLON), pr->text);
			else
				xmlw_printf(&w, "  - %s\n", pr->text);
		}
	}
	xmlw_printf(&w, collect_label(c, L_MATRIX_FOOTER), c->nvendors, c->nread, c->nunreadable, c->nrejected, c->nproblems);
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

/* s escaped and bounded (textcmp_escape) as a string of d: vendor fields and
 * file names in the matrix document, where a bidi override or control would
 * disguise the name the committee reads. */
static const char *shown(md_doc *d, const char *s)
{
	arena a;
	const char *e, *r;

	arena_init(&a);
	e = textcmp_escape(&a, s, COLLECT_MAX_QUOTE);
	r = e ? md_printf(d, "%s", e) : NULL;
	arena_release(&a);
	return r ? r : "";
}

static const char *vendor_title(const collect *c, md_doc *d, const collect_vendor *v)
{
	return *v->name ? shown(d, v->name) : collect_label(c, L_NO_NAME);
}

/* The totals table: one row per file. */
static void summary(const collect *c, md_doc *d)
{
	size_t ncols = 3 + c->nchoices + 3, i, v;
	unsigned widths[3 + 4 + 3], used = 0;
	const char *heads[3 + 4 + 3], **cells = calloc(c->nvendors + 1, sizeof(*cells));
	md_node *table, *row;

	md_text(d, md_para(d, NULL, MD_S_HEADING), collect_label(c, L_SUMMARY));
	heads[0] = c->vendor_labels[0];
	heads[1] = c->vendor_labels[1];
	heads[2] = collect_label(c, L_FILE);
	for (i = 0; i < c->nchoices; i++)
		heads[3 + i] = c->choices[i];
	heads[3 + i] = collect_label(c, L_NO_ANSWER);
	heads[4 + i] = collect_label(c, L_OUTSIDE);
	heads[5 + i] = collect_label(c, L_PROBLEMS);
	/* The ID and count columns as wide as their headings and values need
	 * unbroken (統一編號, 不符合, an eight-digit number); the names' column
	 * what their words need, as far as the rest allows; the file the rest. */
	for (v = 0; cells && v < c->nvendors; v++)
		cells[v] = c->vendors[v].id;
	widths[1] = fit_width(&heads[1], 1, 1, 1500, 3500);
	widths[1] = cells ? fit_width(cells, c->nvendors, 0, widths[1], 3500) : 3500;
	for (i = 3; i < ncols; i++)
		widths[i] = fit_width(&heads[i], 1, 1, 1200, 3000);
	for (i = 1; i < ncols; i++)
		used += i == 2 ? 0 : widths[i];
	used = used < 17000 - 5000 ? 17000 - used : 5000;   /* for name and file */
	for (v = 0; cells && v < c->nvendors; v++)
		cells[v] = c->vendors[v].state == COLLECT_READ ? vendor_title(c, d, &c->vendors[v]) : NULL;
	widths[0] = fit_width(&heads[0], 1, 1, 2500, used - 2500);
	widths[0] = cells ? fit_width(cells, c->nvendors, 1, widths[0], used - 2500) : widths[0];
	widths[2] = used - widths[0];
	free(cells);
	table = md_table(d, widths, ncols, 1);
	row = md_row(d, table, 1);
	for (i = 0; i < ncols; i++)
		heading_cell(d, row, heads[i]);
	for (v = 0; v < c->nvendors; v++) {
		const collect_vendor *cv = &c->vendors[v];
		int read = cv->state == COLLECT_READ;
		size_t none = cv->count[COLLECT_COUNT_UNANSWERED] + cv->count[COLLECT_COUNT_MISSING];

		row = md_row(d, table, 0);
		text_cell(d, row, MD_S_TABLE_TEXT,
			  read ? vendor_title(c, d, cv) :
			  collect_label(c, cv->state == COLLECT_UNREADABLE ? L_STATE_UNREADABLE : L_STATE_REJECTED), !read);
		text_cell(d, row, MD_S_TABLE_TEXT, shown(d, cv->id), 0);
		text_cell(d, row, MD_S_TABLE_TEXT, shown(d, cv->file), 0);
		for (i = 0; i < c->nchoices; i++)
			text_cell(d, row, MD_S_TABLE_CENTER, read ? md_printf(d, "%zu", cv->count[i]) : collect_label(c, L_DASH),
				  read && i == c->nchoices - 1 && cv->count[i]);
		text_cell(d, row, MD_S_TABLE_CENTER, read ? md_printf(d, "%zu", none) : collect_label(c, L_DASH), read && none);
		text_cell(d, row, MD_S_TABLE_CENTER,
			  read ? md_printf(d, "%zu", cv->count[COLLECT_COUNT_INVALID]) : collect_label(c, L_DASH),
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
		shown = collect_label(c, L_NO_ANSWER);
		break;
	case COLLECT_MISSING:
		shown = collect_label(c, L_NOT_IN_FORM);
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
		md_text(d, p, md_printf(d, "%s%s%s", collect_label(c, L_EXPLAIN), collect_label(c, L_COLON),
						 a->explanation));
	}
	if (*a->evidence) {
		p = md_para(d, cell, MD_S_TABLE_TEXT);
		md_text(d, p, md_printf(d, "%s%s%s", collect_label(c, L_EVID_BRIEF), collect_label(c, L_COLON),
						 a->evidence));
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
	md_text(d, md_para(d, NULL, MD_S_HEADING), collect_label(c, L_ITEM_BY_ITEM));
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
		cell = heading_cell(d, row, vendor_title(c, d, &c->vendors[v]));
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
	heading_cell(d, row, collect_label(c, L_TOTAL));
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

	md_text(d, md_para(d, NULL, MD_S_HEADING), collect_label(c, L_PROBLEMS));
	if (!c->nproblems)
		md_text(d, md_para(d, NULL, MD_S_BODY), collect_label(c, L_NONE));
	for (v = 0; v < c->nvendors; v++) {
		const collect_vendor *cv = &c->vendors[v];

		if (!cv->nproblems)
			continue;
		md_text_lang(d, md_para(d, NULL, MD_S_BODY),
			     cv->state == COLLECT_READ
			     ? md_printf(d, "%s%s%s%s", shown(d, cv->file), collect_label(c, L_OPEN), vendor_title(c, d, cv),
					 collect_label(c, L_CLOSE))
			     : shown(d, cv->file), NULL, 1);
		for (p = 0; p < c->nproblems; p++) {
			const collect_problem *pr = &c->problems[p];

			if (pr->vendor != v)
				continue;
			md_text(d, md_para(d, NULL, MD_S_BODY),
				pr->item ? md_printf(d, "%s%s%s", pr->item, collect_label(c, L_COLON), pr->text) : pr->text);
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
	title = md_printf(d, collect_label(c, L_MATRIX_TITLE), collect_type_name(c));
	md_text(d, md_para(d, NULL, MD_S_TITLE), title);
	p = md_para(d, NULL, MD_S_SUBTITLE);
	md_text(d, p, fm->subject);
	if (*c->t->case_number) {
		md_break(d, p);
		md_text(d, p, md_printf(d, collect_label(c, L_MATRIX_CASE), c->t->case_number, fm->creator));
	}
	md_text(d, md_para(d, NULL, MD_S_BODY),
		md_printf(d, collect_label(c, L_MATRIX_INTRO), c->nchoices ? c->choices[c->nchoices - 1] : ""));
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

/* Is the file at path the same file as at other (both existing)? */
static int same_file(const char *path, const char *other)
{
	struct stat a, b;

	return !stat(path, &a) && !stat(other, &b) && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

ag_code collect_write(const collect *c, const char *dir, const template *tpl, int force, ag_error *err)
{
	size_t n = 1 + render_nformats, i, v;
	gen_file *o = calloc(n, sizeof(*o));
	char (*names)[32] = calloc(n, sizeof(*names));
	const char *type = c->t->cat->types[c->type].id;
	char *csv = NULL;
	md_doc *d = NULL;
	gen_stats st;
	ag_code rc;
	sb path;

	sb_init(&path);
	if (!o || !names) {
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	o[0] = (gen_file){ "matrix.csv", type, "matrix", "csv", NULL, 0 };
	rc = collect_csv(c, &csv, &o[0].len, err);
	if (rc)
		goto fail;
	o[0].data = csv;
	d = collect_matrix(c, err);
	if (!d) {
		rc = err ? err->code : AG_ERR_NOMEM;
		goto fail;
	}
	if (!tpl)
		tpl = template_builtin();
	/* Everything is rendered before anything is written. */
	for (i = 1; i < n && !rc; i++) {
		const render_format *fmt = &render_formats[i - 1];
		unsigned char *data = NULL;

		snprintf(names[i], sizeof(names[i]), "matrix.%s", fmt->extension);
		o[i] = (gen_file){ names[i], type, "matrix", fmt->name, NULL, 0 };
		rc = fmt->render(d, tpl, NULL, &data, &o[i].len, err);
		o[i].data = data;
	}
	for (i = 0; i < n && !rc; i++) {
		if (!sb_setf(&path, "%s/%s", dir, o[i].name)) {
			rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
			break;
		}
		for (v = 0; v < c->nvendors && !rc; v++)
			if (!strcmp(c->vendors[v].file, path.buf) || same_file(c->vendors[v].file, path.buf))
				rc = ag_fail(err, AG_ERR_USAGE, c->vendors[v].file, 0,
					     "a form to collect is also an output of collect; choose another -o");
	}
	if (!rc)
		rc = gen_write_files(dir, o, n, c->t->cat, force, &st, err);
fail:
	for (i = 1; o && i < n; i++)
		free((void *)o[i].data);
	free(csv);
	free(o);
	free(names);
	md_doc_free(d);
	sb_release(&path);
	return rc;
}
