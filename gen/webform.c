/* Turns the tender form's fields into a tender file (and a tender back into
 * fields), recording which field each line came from for error messages. */
#include "webform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

const char *webform_val(const serve_form *v, const char *name)
{
	const serve_field *f = v ? serve_form_get(v, name) : NULL;

	return f && !f->filename ? f->data : "";
}

int webform_has(const serve_form *v, const char *name, const char *value)
{
	size_t i;

	for (i = 0; v && i < v->n; i++)
		if (!strcmp(v->f[i].name, name) && !strcmp(v->f[i].data, value))
			return 1;
	return 0;
}

int webform_set(serve_form *v, const char *name, const char *value)
{
	serve_field *nf;

	if (v->n == v->cap) {
		size_t ncap = v->cap ? 2 * v->cap : 64;

		nf = realloc(v->f, ncap * sizeof(*nf));
		if (!nf)
			return -1;
		v->f = nf;
		v->cap = ncap;
	}
	nf = &v->f[v->n];
	nf->name = strdup(name);
	nf->data = strdup(value ? value : "");
	nf->filename = NULL;
	if (!nf->name || !nf->data) {
		free(nf->name);
		free(nf->data);
		return -1;
	}
	nf->len = strlen(nf->data);
	v->n++;
	return 0;
}

/* The catalogue's second language (the translation), or -1. */
long webform_translation(const catalog *c)
{
	return c->nlangs > 1 ? (c->official == 0 ? 1 : 0) : -1;
}

/* Output languages the form asks for: the first gets reason "r:", the second "re:". */
size_t webform_out_langs(const catalog *c, const serve_form *v, const char *tags[2])
{
	const char *l = webform_val(v, "language");
	long tr = webform_translation(c);

	if (!strcmp(l, "both") && tr >= 0) {
		tags[0] = c->langs[c->official];
		tags[1] = c->langs[tr];
		return 2;
	}
	tags[0] = catalog_lang(c, l) >= 0 ? c->langs[catalog_lang(c, l)] : c->langs[c->official];
	return 1;
}

const char *webform_row(const serve_form *v, const char *prefix, size_t i)
{
	char name[48];

	snprintf(name, sizeof(name), "%s:%zu", prefix, i);
	return webform_val(v, name);
}

int webform_category_used(const serve_form *v, size_t i)
{
	return *webform_row(v, "acn", i) || *webform_row(v, "ace", i);
}

const char *webform_row_id(const serve_form *v, const char *prefix, size_t i, size_t k, char *buf,
			   size_t size)
{
	const char *id = webform_row(v, !strcmp(prefix, "AC") ? "aci" : "agi", i);

	if (*id)
		return id;
	snprintf(buf, size, "%s-%zu", prefix, k);
	return buf;
}

int webform_agency_used(const serve_form *v, size_t i)
{
	char name[32];

	snprintf(name, sizeof(name), "agt:%zu", i);
	if (*webform_val(v, name))
		return 1;
	snprintf(name, sizeof(name), "age:%zu", i);
	return *webform_val(v, name) != '\0';
}

/* ------------------------------------------------------------------ */
/* Form -> tender file, with the form field each line came from. */


void webform_lines_release(webform_lines *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->field[i]);
	free(m->field);
}

/* Ends the current line of w; it came from field (NULL: none). */
static void line(xmlw *w, webform_lines *m, const char *field)
{
	xmlw_raw(w, "\n");
	if (m->n == m->cap) {
		size_t ncap = m->cap ? 2 * m->cap : 64;
		char **nf = realloc(m->field, ncap * sizeof(*nf));

		if (!nf) {
			w->oom = 1;
			return;
		}
		m->field = nf;
		m->cap = ncap;
	}
	m->field[m->n] = field ? strdup(field) : NULL;
	if (field && !m->field[m->n])
		w->oom = 1;
	m->n++;
}

/* A form value as one line of text: line breaks and tabs become spaces,
 * surrounding white space goes (the loader trims it too). */
static void oneline(xmlw *w, const char *s)
{
	char *copy = strdup(s), *p, *e;

	if (!copy) {
		w->oom = 1;
		return;
	}
	for (p = copy; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	for (p = copy; *p == ' '; p++)
		;
	for (e = p + strlen(p); e > p && e[-1] == ' '; e--)
		;
	*e = '\0';
	xmlw_text(w, p);
	free(copy);
}

static void lang_elem(xmlw *w, webform_lines *m, const char *el, const char *tag, const char *value,
		      const char *field)
{
	xmlw_printf(w, "  <%s", el);
	xmlw_attr(w, "xml:lang", tag);
	xmlw_raw(w, ">");
	oneline(w, value);
	xmlw_printf(w, "</%s>", el);
	line(w, m, field);
}

/* <el> in the official language and, when given, in the translation; the
 * official one is written even when empty (so the schema names the field)
 * unless only the translation was given. */
static void text_pair(xmlw *w, const catalog *c, const char *el, const char *off, const char *tr_text)
{
	long tr = webform_translation(c);

	if (*off || tr < 0 || !*tr_text) {
		xmlw_printf(w, "<%s", el);
		xmlw_attr(w, "xml:lang", c->langs[c->official]);
		xmlw_raw(w, ">");
		oneline(w, off);
		xmlw_printf(w, "</%s>", el);
	}
	if (tr >= 0 && *tr_text) {
		xmlw_printf(w, "<%s", el);
		xmlw_attr(w, "xml:lang", c->langs[tr]);
		xmlw_raw(w, ">");
		oneline(w, tr_text);
		xmlw_printf(w, "</%s>", el);
	}
}

/* An id from the form, else the case number when it is one, else "tender". */
static const char *tender_id(const serve_form *v)
{
	const char *id = webform_val(v, "id"), *cn = webform_val(v, "case");
	size_t n = strspn(cn, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

	if (*id)
		return id;
	if (*cn && !cn[n] && n <= 64 && cn[0] != '.' && cn[0] != '_' && cn[0] != '-')
		return cn;
	return "tender";
}

void webform_number_field(char *buf, size_t size, int kind, const char *type_id, int en)
{
	static const char *const kinds[] = { "annex", "response", "overview" };

	snprintf(buf, size, "num%s.%s%s%s", en ? "_en" : "", kinds[kind], type_id ? "." : "",
		 type_id ? type_id : "");
}

/* <annex-number kind=... type=...> of each document the form numbers itself. */
static void doc_numbers(xmlw *w, webform_lines *m, const catalog *c, const serve_form *v)
{
	long tr = webform_translation(c);
	char field[200];
	size_t ty, k;
	int en;

	for (k = TENDER_DOC_ANNEX; k <= TENDER_DOC_OVERVIEW; k++)
		for (ty = 0; ty < (k == TENDER_DOC_OVERVIEW ? 1 : c->ntypes); ty++)
			for (en = 0; en <= (tr >= 0); en++) {
				const char *type_id = k == TENDER_DOC_OVERVIEW ? NULL : c->types[ty].id;
				const char *value;

				webform_number_field(field, sizeof(field), (int)k, type_id, en);
				value = webform_val(v, field);
				if (!*value)
					continue;
				xmlw_raw(w, "  <annex-number");
				xmlw_attr(w, "kind", k == TENDER_DOC_ANNEX ? "annex" : k == TENDER_DOC_RESPONSE
										  ? "response" : "overview");
				if (type_id)
					xmlw_attr(w, "type", type_id);
				xmlw_attr(w, "xml:lang", c->langs[en ? (size_t)tr : c->official]);
				xmlw_raw(w, ">");
				oneline(w, value);
				xmlw_raw(w, "</annex-number>");
				line(w, m, field);
			}
}

void webform_build(const catalog *c, const serve_form *v, xmlw *w, webform_lines *m)
{
	static const char *const pairs[][3] = {
		{ "title", "title", "title_en" },
		{ "agency", "agency", "agency_en" },
	};
	const char *off = c->langs[c->official], *tags[2];
	long tr = webform_translation(c);
	size_t nl = webform_out_langs(c, v, tags), i, ty, k;
	char name[160];

	xmlw_raw(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
	line(w, m, NULL);
	xmlw_raw(w, "<tender xmlns=\"urn:annexgen:tender:1\" format=\"1\"");
	xmlw_attr(w, "id", tender_id(v));
	xmlw_raw(w, ">");
	line(w, m, *webform_val(v, "id") ? "id" : "case");
	for (i = 0; i < 2; i++) {
		if (*webform_val(v, pairs[i][1]) || tr < 0 || !*webform_val(v, pairs[i][2]))
			lang_elem(w, m, pairs[i][0], off, webform_val(v, pairs[i][1]), pairs[i][1]);
		if (tr >= 0 && *webform_val(v, pairs[i][2]))
			lang_elem(w, m, pairs[i][0], c->langs[tr], webform_val(v, pairs[i][2]), pairs[i][2]);
	}
	xmlw_raw(w, "  <case-number>");
	oneline(w, webform_val(v, "case"));
	xmlw_raw(w, "</case-number>");
	line(w, m, "case");
	xmlw_raw(w, "  <date>");
	oneline(w, webform_val(v, "date"));
	xmlw_raw(w, "</date>");
	line(w, m, "date");
	xmlw_raw(w, "  <catalog");
	xmlw_attr(w, "id", c->id);
	xmlw_attr(w, "version", c->version);
	xmlw_raw(w, "/>");
	line(w, m, NULL);
	if (*webform_val(v, "annex") || tr < 0 || !*webform_val(v, "annex_en"))
		lang_elem(w, m, "annex-number", off, webform_val(v, "annex"), "annex");
	if (tr >= 0 && *webform_val(v, "annex_en"))
		lang_elem(w, m, "annex-number", c->langs[tr], webform_val(v, "annex_en"), "annex_en");
	doc_numbers(w, m, c, v);
	xmlw_raw(w, "  <language>");
	oneline(w, webform_val(v, "language"));
	xmlw_raw(w, "</language>");
	line(w, m, "language");
	k = 0;
	for (i = 0; i < v->n; i++) {
		if (strcmp(v->f[i].name, "type"))
			continue;
		xmlw_raw(w, "  <service-type");
		xmlw_attr(w, "id", v->f[i].data);
		xmlw_raw(w, "/>");
		line(w, m, "type");
		k++;
	}
	/* With no type the schema complains about whatever follows: that is this field too. */
	if (!k) {
		xmlw_raw(w, "  <!-- no service type -->");
		line(w, m, "type");
	}
	for (ty = 0; ty < c->ntypes; ty++) {
		const cat_table *tab = &c->tables[ty];

		if (!webform_has(v, "type", c->types[ty].id))
			continue;
		for (i = 0; i < tab->nrows; i++) {
			const char *id = c->items[tab->rows[i].item].id;
			char field[160];

			snprintf(field, sizeof(field), "x:%s:%s", c->types[ty].id, id);
			if (!*webform_val(v, field))
				continue;
			xmlw_raw(w, "  <exclude");
			xmlw_attr(w, "item", id);
			xmlw_attr(w, "type", c->types[ty].id);
			xmlw_raw(w, ">");
			for (k = 0; k < nl; k++) {
				snprintf(name, sizeof(name), "%s:%s:%s", k ? "re" : "r", c->types[ty].id, id);
				if (!*webform_val(v, name))
					continue;
				xmlw_raw(w, "<reason");
				xmlw_attr(w, "xml:lang", tags[k]);
				xmlw_raw(w, ">");
				oneline(w, webform_val(v, name));
				xmlw_raw(w, "</reason>");
			}
			xmlw_raw(w, "</exclude>");
			line(w, m, field);
		}
	}
	k = 0;
	for (i = 1; i <= WEBFORM_MAX_AGENCY; i++) {
		char field[40], idbuf[40];

		if (!webform_category_used(v, i))
			continue;
		k++;
		snprintf(field, sizeof(field), "ac:%zu", k);
		xmlw_raw(w, "  <agency-category");
		xmlw_attr(w, "id", webform_row_id(v, "AC", i, k, idbuf, sizeof(idbuf)));
		xmlw_attr(w, "domain", webform_row(v, "acd", i));
		xmlw_raw(w, ">");
		text_pair(w, c, "name", webform_row(v, "acn", i), webform_row(v, "ace", i));
		xmlw_raw(w, "</agency-category>");
		line(w, m, field);
	}
	k = 0;
	for (i = 1; i <= WEBFORM_MAX_AGENCY; i++) {
		char field[40], idbuf[40], key[48];
		xmlw types;
		size_t j;

		if (!webform_agency_used(v, i))
			continue;
		k++;
		snprintf(field, sizeof(field), "ag:%zu", k);
		xmlw_raw(w, "  <agency-item");
		xmlw_attr(w, "id", webform_row_id(v, "AG", i, k, idbuf, sizeof(idbuf)));
		xmlw_attr(w, "category", webform_row(v, "agc", i));
		/* No type ticked: every type bought (the attribute is left out). */
		xmlw_init(&types);
		snprintf(key, sizeof(key), "agy:%zu", i);
		for (j = 0; j < v->n; j++)
			if (!strcmp(v->f[j].name, key))
				xmlw_printf(&types, "%s%s", types.len ? " " : "", v->f[j].data);
		if (types.len)
			xmlw_attr(w, "types", types.buf);
		w->oom |= types.oom;
		xmlw_release(&types);
		xmlw_raw(w, ">");
		text_pair(w, c, "text", webform_row(v, "agt", i), webform_row(v, "age", i));
		xmlw_raw(w, "</agency-item>");
		line(w, m, field);
	}
	xmlw_raw(w, "</tender>");
	line(w, m, NULL);
}


int webform_from_tender(const tender *t, serve_form *v)
{
	const catalog *c = t->cat;
	long tr = webform_translation(c);
	const char *off = c->langs[c->official];
	size_t i, k, ty;
	char name[200];

	webform_set(v, "id", t->id);
	webform_set(v, "case", t->case_number);
	webform_set(v, "date", t->date);
	webform_set(v, "language", t->language);
	for (i = 0; i < t->title.n; i++)
		webform_set(v, !strcmp(t->title.tag[i], off) ? "title" : "title_en", t->title.s[i]);
	for (i = 0; i < t->agency.n; i++)
		webform_set(v, !strcmp(t->agency.tag[i], off) ? "agency" : "agency_en", t->agency.s[i]);
	for (i = 0; i < t->annex.n; i++)
		webform_set(v, !strcmp(t->annex.tag[i], off) ? "annex" : "annex_en", t->annex.s[i]);
	for (k = 0; k < t->nnumbers; k++) {
		const tender_number *num = &t->numbers[k];

		for (i = 0; i < num->text.n; i++) {
			webform_number_field(name, sizeof(name), (int)num->kind, num->type_id,
					     strcmp(num->text.tag[i], off) != 0);
			webform_set(v, name, num->text.s[i]);
		}
	}
	for (i = 0; i < t->ntypes; i++)
		webform_set(v, "type", t->type_ids[i]);
	for (ty = 0; ty < c->ntypes; ty++) {
		for (i = 0; t->buys[ty] && i < c->nitems; i++) {
			const tender_exclude *e = tender_excluded(t, ty, i);

			if (!e)
				continue;
			snprintf(name, sizeof(name), "x:%s:%s", c->types[ty].id, c->items[i].id);
			webform_set(v, name, "1");
			for (k = 0; k < e->reason.n; k++) {
				int second = t->nlangs > 1 && !strcmp(e->reason.tag[k], c->langs[t->langs[1]]);

				snprintf(name, sizeof(name), "%s:%s:%s", second ? "re" : "r", c->types[ty].id,
					 c->items[i].id);
				webform_set(v, name, e->reason.s[k]);
			}
		}
	}
	for (i = 0; i < t->ncategories && i < WEBFORM_MAX_AGENCY; i++) {
		const tender_category *ac = &t->categories[i];

		snprintf(name, sizeof(name), "aci:%zu", i + 1);
		webform_set(v, name, ac->id);
		snprintf(name, sizeof(name), "acd:%zu", i + 1);
		webform_set(v, name, ac->domain_id);
		for (k = 0; k < ac->name.n; k++) {
			snprintf(name, sizeof(name), "%s:%zu", tr >= 0 && strcmp(ac->name.tag[k], off) ? "ace" : "acn",
				 i + 1);
			webform_set(v, name, ac->name.s[k]);
		}
	}
	for (i = 0; i < t->nitems && i < WEBFORM_MAX_AGENCY; i++) {
		const tender_item *it = &t->items[i];

		snprintf(name, sizeof(name), "agi:%zu", i + 1);
		webform_set(v, name, it->id);
		snprintf(name, sizeof(name), "agc:%zu", i + 1);
		webform_set(v, name, it->category_id);
		for (ty = 0; it->types && ty < c->ntypes; ty++) {
			if (!it->applies[ty])
				continue;
			snprintf(name, sizeof(name), "agy:%zu", i + 1);
			webform_set(v, name, c->types[ty].id);
		}
		for (k = 0; k < it->text.n; k++) {
			snprintf(name, sizeof(name), "%s:%zu", tr >= 0 && strcmp(it->text.tag[k], off) ? "age" : "agt",
				 i + 1);
			webform_set(v, name, it->text.s[k]);
		}
	}
	return t->nitems > WEBFORM_MAX_AGENCY || t->ncategories > WEBFORM_MAX_AGENCY;
}

