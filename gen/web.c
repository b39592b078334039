/* The pages of `annexgen serve`: a tender form that becomes a tender file and
 * goes through the CLI's own loader, the preview, the zip, open; and routing. */
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "elapsed.h"
#include "embedded.h"
#include "fileio.h"
#include "generate.h"
#include "html.h"
#include "webform.h"
#include "webpage.h"

#include "banned.h"

/* ------------------------------------------------------------------ */
/* Each document's own annex number (optional), folded away: a document left
 * empty takes its sub-number of the annex number above. */
static void doc_number_fields(struct page *pg)
{
	const catalog *c = pg->app->cat;
	long tr = webform_translation(c);
	size_t k, ty;
	int en;
	char field[200], label[600];

	xmlw_raw(&pg->w, "<details class=\"field\"><summary>");
	webpage_txt(pg, W(pg, L_DOC_NUMBERS));
	xmlw_raw(&pg->w, "</summary><p class=\"hint\">");
	webpage_txt(pg, W(pg, L_DOC_NUMBERS_HINT));
	xmlw_raw(&pg->w, "</p>");
	for (k = TENDER_DOC_ANNEX; k <= TENDER_DOC_OVERVIEW; k++)
		for (ty = 0; ty < (k == TENDER_DOC_OVERVIEW ? 1 : c->ntypes); ty++)
			for (en = 0; en <= (tr >= 0); en++) {
				const char *type_id = k == TENDER_DOC_OVERVIEW ? NULL : c->types[ty].id;
				size_t lang = pg->en && tr >= 0 ? (size_t)tr : c->official;

				webform_number_field(field, sizeof(field), (int)k, type_id, en);
				snprintf(label, sizeof(label), "%s%s%s%s%s", W(pg, L_ANNEX), W(pg, L_COLON),
					 type_id ? cat_text_get(c, &c->types[ty].name, lang) : "", type_id ? " " : "",
					 W(pg, k == TENDER_DOC_ANNEX ? L_DOC_ANNEX
					       : k == TENDER_DOC_RESPONSE ? L_DOC_RESPONSE : L_DOC_OVERVIEW));
				webpage_text_field(pg, field, label, c->langs[en ? (size_t)tr : c->official], "text",
						   NULL);
			}
	xmlw_raw(&pg->w, "</details>");
}

/* The tender page. */

static const char *lang_name(const char *tag)
{
	return label_lang_of(tag) == LABEL_ZH ? "中文" : !strcmp(tag, "en") ? "English" : tag;
}

static void tender_fields(struct page *pg)
{
	const catalog *c = pg->app->cat;
	const char *off = c->langs[c->official];
	long tr = webform_translation(c);
	const char *cur = webform_val(pg->v, "language");
	size_t i;
	char name[80];

	xmlw_printf(&pg->w, "<section aria-labelledby=\"h-tender\"><h2 id=\"h-tender\">%s</h2>",
		    W(pg, L_TENDER_H));
	webpage_text_field(pg, "title", W(pg, L_TENDER_TITLE), off, "text", NULL);
	if (tr >= 0)
		webpage_text_field(pg, "title_en", W(pg, L_TENDER_TITLE), c->langs[tr], "text", NULL);
	webpage_text_field(pg, "agency", W(pg, L_AGENCY_NAME), off, "text", NULL);
	if (tr >= 0)
		webpage_text_field(pg, "agency_en", W(pg, L_AGENCY_NAME), c->langs[tr], "text", NULL);
	webpage_text_field(pg, "case", W(pg, L_CASE), NULL, "text", NULL);
	webpage_text_field(pg, "id", W(pg, L_TENDER_ID), NULL, "text", W(pg, L_TENDER_ID_HINT));
	webpage_text_field(pg, "date", W(pg, L_DATE), NULL, "date", NULL);
	webpage_text_field(pg, "annex", W(pg, L_ANNEX), off, "text", NULL);
	if (tr >= 0)
		webpage_text_field(pg, "annex_en", W(pg, L_ANNEX), c->langs[tr], "text", NULL);
	doc_number_fields(pg);

	xmlw_raw(&pg->w, "<div class=\"field\">");
	webpage_label(pg, "language", W(pg, L_LANGUAGE), NULL);
	xmlw_open(&pg->w, "select");
	webpage_control(pg, "language");
	xmlw_gt(&pg->w);
	for (i = 0; i <= c->nlangs; i++) {
		const char *v = i < c->nlangs ? c->langs[i] : "both";

		if (i == c->nlangs && tr < 0)
			break;
		xmlw_open(&pg->w, "option");
		xmlw_attr(&pg->w, "value", v);
		if (!strcmp(cur, v))
			xmlw_raw(&pg->w, " selected");
		xmlw_gt(&pg->w);
		webpage_txt(pg, i < c->nlangs ? lang_name(v) : W(pg, L_BOTH_LANGS));
		xmlw_printf(&pg->w, " (%s)</option>", i < c->nlangs ? c->langs[i] : "both");
	}
	xmlw_raw(&pg->w, "</select>");
	webpage_error(pg, "language");
	xmlw_raw(&pg->w, "</div>");

	xmlw_printf(&pg->w, "<fieldset class=\"field\" id=\"f-type\"><legend>%s</legend>", W(pg, L_TYPES));
	for (i = 0; i < c->ntypes; i++) {
		snprintf(name, sizeof(name), "type-%s", c->types[i].id);
		xmlw_raw(&pg->w, "<label class=\"check\"><input type=\"checkbox\" name=\"type\"");
		xmlw_attr(&pg->w, "id", name);
		xmlw_attr(&pg->w, "value", c->types[i].id);
		if (webform_has(pg->v, "type", c->types[i].id))
			xmlw_raw(&pg->w, " checked");
		xmlw_gt(&pg->w);
		webpage_txt(pg, cat_text_get(c, &c->types[i].name, pg->en && tr >= 0 ? (size_t)tr : c->official));
		xmlw_raw(&pg->w, "</label>");
	}
	webpage_error(pg, "type");
	xmlw_raw(&pg->w, "</fieldset></section>");
}

static void items_table(struct page *pg, size_t ty, size_t lang)
{
	const catalog *c = pg->app->cat;
	const cat_table *tab = &c->tables[ty];
	const char *tags[2];
	size_t nl = webform_out_langs(c, pg->v, tags), i, k;
	char name[160];

	xmlw_raw(&pg->w, "<section class=\"items\"><h3>");
	webpage_txt(pg, cat_text_get(c, &c->types[ty].name, lang));
	xmlw_printf(&pg->w, "</h3><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    W(pg, L_EXCLUDE), W(pg, L_DOMAIN), W(pg, L_CATEGORY), W(pg, L_ID), W(pg, L_REQ),
		    W(pg, L_REASON));
	for (i = 0; i < tab->nrows; i++) {
		const cat_row *row = &tab->rows[i];
		const cat_item *it = &c->items[row->item];
		const cat_category *cat = &c->categories[it->category];
		int excluded;

		snprintf(name, sizeof(name), "x:%s:%s", c->types[ty].id, it->id);
		excluded = *webform_val(pg->v, name) != '\0';
		xmlw_raw(&pg->w, excluded ? "<tr class=\"excluded\"><td>" : "<tr><td>");
		xmlw_raw(&pg->w, "<label class=\"check\"><input type=\"checkbox\" value=\"1\"");
		webpage_control(pg, name);
		if (excluded)
			xmlw_raw(&pg->w, " checked");
		xmlw_printf(&pg->w, "> %s <span class=\"vh\">", W(pg, L_EXCLUDE));
		webpage_txt(pg, it->id);
		xmlw_raw(&pg->w, "</span></label>");
		webpage_error(pg, name);
		xmlw_raw(&pg->w, "</td>");
		/* Domain and category cells span their rows, as in the guide's table. */
		if (!i || c->categories[c->items[tab->rows[i - 1].item].category].domain != cat->domain) {
			for (k = i + 1; k < tab->nrows &&
			     c->categories[c->items[tab->rows[k].item].category].domain == cat->domain; k++)
				;
			xmlw_printf(&pg->w, "<td class=\"group\" rowspan=\"%zu\">", k - i);
			webpage_txt(pg, cat_text_get(c, &c->domains[cat->domain].name, lang));
			xmlw_raw(&pg->w, "</td>");
		}
		if (!i || c->items[tab->rows[i - 1].item].category != it->category) {
			for (k = i + 1; k < tab->nrows && c->items[tab->rows[k].item].category == it->category; k++)
				;
			xmlw_printf(&pg->w, "<td class=\"group\" rowspan=\"%zu\">", k - i);
			webpage_txt(pg, cat_text_get(c, &cat->name, lang));
			xmlw_raw(&pg->w, "</td>");
		}
		xmlw_raw(&pg->w, "<td class=\"id\">");
		webpage_txt(pg, it->id);
		xmlw_raw(&pg->w, "</td><td>");
		webpage_txt(pg, catalog_row_text(c, row, lang));
		if (row->excludable) {
			xmlw_printf(&pg->w, "<p class=\"excludable\">%s", W(pg, L_EXCLUDABLE));
			if (row->note >= 0) {
				xmlw_printf(&pg->w, "<br><span class=\"note\">%s%s", W(pg, L_NOTE), W(pg, L_COLON));
				webpage_txt(pg, cat_text_get(c, &c->notes[row->note].name, lang));
				xmlw_raw(&pg->w, "</span>");
			}
			xmlw_raw(&pg->w, "</p>");
		}
		xmlw_raw(&pg->w, "</td><td>");
		for (k = 0; k < nl; k++) {
			snprintf(name, sizeof(name), "%s:%s:%s", k ? "re" : "r", c->types[ty].id, it->id);
			xmlw_raw(&pg->w, "<label class=\"vh\"");
			webpage_attr(pg, "for", "f-", name);
			xmlw_raw(&pg->w, ">");
			webpage_txt(pg, it->id);
			xmlw_printf(&pg->w, " %s (%s)</label><input type=\"text\"", W(pg, L_REASON), tags[k]);
			webpage_control(pg, name);
			xmlw_attr(&pg->w, "lang", tags[k]);
			xmlw_attr(&pg->w, "value", webform_val(pg->v, name));
			xmlw_gt(&pg->w);
			webpage_error(pg, name);
		}
		xmlw_raw(&pg->w, "</td></tr>");
	}
	xmlw_raw(&pg->w, "</tbody></table></div></section>");
}

/* A text input for row field PREFIX:K showing the value of PREFIX:I (blank: ""). */
static void row_text(struct page *pg, const char *prefix, size_t k, const char *value, const char *label,
		     const char *tag)
{
	char key[48];

	snprintf(key, sizeof(key), "%s:%zu", prefix, k);
	xmlw_raw(&pg->w, "<div class=\"field\">");
	webpage_label(pg, key, label, tag);
	xmlw_raw(&pg->w, "<input type=\"text\"");
	webpage_control(pg, key);
	if (tag)
		xmlw_attr(&pg->w, "lang", tag);
	xmlw_attr(&pg->w, "value", value);
	xmlw_raw(&pg->w, "></div>");
}

static void option(struct page *pg, const char *value, const char *label, int selected)
{
	xmlw_open(&pg->w, "option");
	xmlw_attr(&pg->w, "value", value);
	if (selected)
		xmlw_raw(&pg->w, " selected");
	xmlw_gt(&pg->w);
	webpage_txt(pg, label);
	xmlw_raw(&pg->w, "</option>");
}

/* Each used row i of kind (1: agency categories, 0: items), then one blank
 * row, as fieldsets numbered k = 1, 2... without gaps. */
static void agency_group(struct page *pg, size_t lang, int categories)
{
	const catalog *c = pg->app->cat;
	const serve_form *v = pg->v;
	long tr = webform_translation(c);
	size_t i, k = 0, j, d, n, ty;
	char name[40], key[48], idbuf[40], other[40];

	for (i = 1; i <= WEBFORM_MAX_AGENCY + 1; i++) {
		int blank = i > WEBFORM_MAX_AGENCY ||
			    !(categories ? webform_category_used(v, i) : webform_agency_used(v, i));
		const char *pre = categories ? "ac" : "ag";

		if (blank && i <= WEBFORM_MAX_AGENCY)
			continue;
		k++;
		snprintf(name, sizeof(name), "%s:%zu", pre, k);
		xmlw_printf(&pg->w, "<fieldset class=\"agency-row\" id=\"f-%s\"><legend>%s %zu</legend>", name,
			    W(pg, categories ? L_AC_H : L_AGENCY_H), k);
		row_text(pg, categories ? "aci" : "agi", k,
			 blank ? "" : webform_row_id(v, categories ? "AC" : "AG", i, k, idbuf, sizeof(idbuf)),
			 W(pg, categories ? L_AC_ID : L_AG_ID), NULL);
		snprintf(key, sizeof(key), "%s:%zu", categories ? "acd" : "agc", k);
		xmlw_raw(&pg->w, "<div class=\"field\">");
		webpage_label(pg, key, W(pg, categories ? L_DOMAIN : L_CATEGORY), NULL);
		xmlw_open(&pg->w, "select");
		webpage_control(pg, key);
		xmlw_gt(&pg->w);
		for (d = 0; d < c->ndomains; d++) {
			const char *sel = blank ? "" : webform_row(v, categories ? "acd" : "agc", i);

			if (categories) {
				option(pg, c->domains[d].id, cat_text_get(c, &c->domains[d].name, lang),
				       !strcmp(sel, c->domains[d].id));
				continue;
			}
			xmlw_raw(&pg->w, "<optgroup");
			xmlw_attr(&pg->w, "label", cat_text_get(c, &c->domains[d].name, lang));
			xmlw_gt(&pg->w);
			for (j = 0; j < c->ncategories; j++)
				if (c->categories[j].domain == d)
					option(pg, c->categories[j].id, cat_text_get(c, &c->categories[j].name, lang),
					       !strcmp(sel, c->categories[j].id));
			xmlw_raw(&pg->w, "</optgroup>");
		}
		/* Items may also go into the agency's own categories. */
		for (j = 1, n = 0; !categories && j <= WEBFORM_MAX_AGENCY; j++) {
			const char *id, *label;

			if (!webform_category_used(v, j))
				continue;
			if (!n++) {
				xmlw_raw(&pg->w, "<optgroup");
				xmlw_attr(&pg->w, "label", W(pg, L_AC_H));
				xmlw_gt(&pg->w);
			}
			id = webform_row_id(v, "AC", j, n, other, sizeof(other));
			label = *webform_row(v, "acn", j) ? webform_row(v, "acn", j) : webform_row(v, "ace", j);
			option(pg, id, label, !blank && !strcmp(webform_row(v, "agc", i), id));
		}
		xmlw_raw(&pg->w, n ? "</optgroup></select></div>" : "</select></div>");
		for (j = 0; j < (tr >= 0 ? 2u : 1u); j++)
			row_text(pg, categories ? (j ? "ace" : "acn") : (j ? "age" : "agt"), k,
				 blank ? "" : webform_row(v, categories ? (j ? "ace" : "acn") : (j ? "age" : "agt"), i),
				 W(pg, categories ? L_AC_NAME : L_AG_TEXT), j ? c->langs[tr] : c->langs[c->official]);
		if (!categories) {
			xmlw_printf(&pg->w, "<fieldset class=\"types\"><legend>%s</legend>", W(pg, L_AG_TYPES));
			snprintf(key, sizeof(key), "agy:%zu", i);
			for (ty = 0; ty < c->ntypes; ty++) {
				snprintf(other, sizeof(other), "agy:%zu:%s", k, c->types[ty].id);
				xmlw_raw(&pg->w, "<label class=\"check\"><input type=\"checkbox\"");
				webpage_attr(pg, "id", "f-", other);
				snprintf(other, sizeof(other), "agy:%zu", k);
				xmlw_attr(&pg->w, "name", other);
				xmlw_attr(&pg->w, "value", c->types[ty].id);
				if (!blank && webform_has(v, key, c->types[ty].id))
					xmlw_raw(&pg->w, " checked");
				xmlw_gt(&pg->w);
				webpage_txt(pg, cat_text_get(c, &c->types[ty].name, lang));
				xmlw_raw(&pg->w, "</label>");
			}
			xmlw_raw(&pg->w, "</fieldset>");
		}
		webpage_error(pg, name);
		xmlw_raw(&pg->w, "</fieldset>");
	}
}

static void agency_rows(struct page *pg, size_t lang)
{
	xmlw_printf(&pg->w, "<section class=\"agency\"><h3>%s</h3><p class=\"hint\">%s</p>", W(pg, L_AC_H),
		    W(pg, L_AC_HINT));
	agency_group(pg, lang, 1);
	xmlw_printf(&pg->w, "<h3>%s</h3><p class=\"hint\">%s</p>", W(pg, L_AGENCY_H), W(pg, L_AGENCY_HINT));
	agency_group(pg, lang, 0);
	xmlw_raw(&pg->w, "</section>");
}

static void tender_page(struct page *pg, const xmlw *preview)
{
	const catalog *c = pg->app->cat;
	long tr = webform_translation(c);
	size_t lang = pg->en && tr >= 0 ? (size_t)tr : c->official, ty, n = 0;

	webpage_start(pg, W(pg, L_NAV_TENDER), "/");
	webpage_form(pg, "/tender", 0);
	tender_fields(pg);
	xmlw_printf(&pg->w, "<section aria-labelledby=\"h-items\"><h2 id=\"h-items\">%s</h2><p class=\"hint\">%s</p>",
		    W(pg, L_ITEMS_H), W(pg, L_ITEMS_HINT));
	for (ty = 0; ty < c->ntypes; ty++) {
		if (!webform_has(pg->v, "type", c->types[ty].id))
			continue;
		items_table(pg, ty, lang);
		n++;
	}
	if (!n)
		xmlw_printf(&pg->w, "<p class=\"notice\">%s</p>", W(pg, L_NO_TYPES));
	agency_rows(pg, lang);
	xmlw_printf(&pg->w, "</section><div class=\"actions\" role=\"group\" aria-label=\"%s\">"
			    "<button type=\"submit\" name=\"act\" value=\"refresh\" id=\"act-refresh\">%s</button>"
			    "<button type=\"submit\" name=\"act\" value=\"preview\" id=\"act-preview\">%s</button>"
			    "<button type=\"submit\" name=\"act\" value=\"download\" id=\"act-download\" class=\"primary\">%s</button>"
			    "</div><p class=\"lang-switch\"><button type=\"submit\" name=\"setui\" value=\"%s\" lang=\"%s\">%s</button></p></form>",
		    W(pg, L_ACTIONS), W(pg, L_REFRESH), W(pg, L_PREVIEW), W(pg, L_DOWNLOAD),
		    pg->en ? "zh" : "en", pg->en ? "zh-TW" : "en", W(pg, L_SWITCH));
	if (preview && preview->len) {
		xmlw_printf(&pg->w, "<section id=\"preview\" aria-labelledby=\"h-preview\"><h2 id=\"h-preview\">%s</h2>",
			    W(pg, L_PREVIEW_H));
		xmlw_rawn(&pg->w, preview->buf, preview->len);
		xmlw_raw(&pg->w, "</section>");
	}
	webpage_end(pg);
}

/*
 * Puts the loader's message next to the field it concerns. The line gives
 * the element; the message can say more: a missing translation belongs to
 * the _en field, an exclusion's complaint to its reason, and a schema
 * complaint about an empty field means it is required.
 */
static void refine_error(struct page *pg, const char *field, const ag_error *err)
{
	const catalog *c = pg->app->cat;
	long tr = webform_translation(c);
	const char *tags[2];
	size_t nl = webform_out_langs(c, pg->v, tags);
	char want[80];
	int no_tr = 0;

	if (tr >= 0) {
		snprintf(want, sizeof(want), "has no '%s' text", c->langs[tr]);
		no_tr = strstr(err->msg, want) != NULL;
	}
	if (!strncmp(field, "x:", 2))
		snprintf(pg->err_name, sizeof(pg->err_name), "%s%s", no_tr && nl == 2 ? "re:" : "r:", field + 2);
	else if (no_tr && (!strcmp(field, "title") || !strcmp(field, "agency") || !strcmp(field, "annex")))
		snprintf(pg->err_name, sizeof(pg->err_name), "%s_en", field);
	else
		snprintf(pg->err_name, sizeof(pg->err_name), "%s", field);
	pg->err_field = pg->err_name;
	if (*field && strncmp(field, "x:", 2) && strncmp(field, "ag:", 3) && strncmp(field, "ac:", 3) &&
	    strcmp(field, "type") &&
	    !*webform_val(pg->v, pg->err_name))
		/* An empty field needs no schema words: the message stands beside it. */
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s", W(pg, L_REQUIRED));
	else
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s", err->msg);
}

/* The form as a tender file in dir, loaded as the CLI loads one. On error
 * the page learns which field it concerns. *xml gets the file (caller frees). */
static tender *tender_from_form(struct page *pg, const char *dir, char **xml, size_t *xlen)
{
	xmlw w;
	webform_lines m = { 0 };
	ag_error err = { 0 };
	tender *t = NULL;
	sb path;

	*xml = NULL;
	xmlw_init(&w);
	sb_init(&path);
	webform_build(pg->app->cat, pg->v, &w, &m);
	if (w.oom || !sb_setf(&path, "%s/tender.xml", dir)) {
		ag_fail(&err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	} else if (fileio_write_atomic(path.buf, w.buf, w.len, &err) == AG_OK) {
		t = webpage_load_bound(pg->app, path.buf, &err);
	}
	sb_release(&path);
	if (!t) {
		const char *f = err.line > 0 && (size_t)err.line <= m.n && m.field[err.line - 1]
					? m.field[err.line - 1] : "";

		refine_error(pg, f, &err);
		xmlw_release(&w);
	} else {
		*xml = xmlw_detach(&w, xlen);
	}
	webform_lines_release(&m);
	return t;
}

/* ------------------------------------------------------------------ */
/* Preview and download. */

static ag_code preview(const tender *t, xmlw *out, ag_error *err)
{
	const catalog *c = t->cat;
	size_t ty;
	int kind;
	char prefix[96];

	for (ty = 0; ty < c->ntypes; ty++) {
		if (!t->buys[ty])
			continue;
		for (kind = COMPOSE_ANNEX; kind <= COMPOSE_RESPONSE; kind++) {
			md_doc *d = compose(t, (compose_kind)kind, ty, err);
			ag_code rc;

			if (!d)
				return err->code;
			snprintf(prefix, sizeof(prefix), "%s-%s", c->types[ty].id, compose_kind_name(kind));
			xmlw_printf(out, "<details class=\"doc\"%s><summary>", kind == COMPOSE_ANNEX ? " open" : "");
			xmlw_text(out, d->meta.title ? d->meta.title : prefix);
			xmlw_raw(out, "</summary>");
			rc = html_render(d, prefix, out, err);
			xmlw_raw(out, "</details>");
			md_doc_free(d);
			if (rc)
				return rc;
		}
	}
	{
		md_doc *d = compose(t, COMPOSE_OVERVIEW, 0, err);
		ag_code rc;

		if (!d)
			return err->code;
		xmlw_raw(out, "<details class=\"doc\"><summary>");
		xmlw_text(out, d->meta.title ? d->meta.title : "overview");
		xmlw_raw(out, "</summary>");
		rc = html_render(d, "overview", out, err);
		xmlw_raw(out, "</details>");
		md_doc_free(d);
		return rc;
	}
}

/* generate's files for t, its manifest and the tender file, as one zip. */
static ag_code download(const web *app, const tender *t, const char *dir, const char *xml,
			size_t xlen, unsigned char **out, size_t *len, ag_error *err)
{
	gen_opts o = { NULL, RENDER_ALL, 1, 0, app->tpl, NULL };
	gen_stats st;
	gen_manifest m = { 0 };
	pkg_writer *z = NULL;
	size_t i;
	ag_code rc = AG_OK;
	sb outdir, tdir, xname;

	sb_init(&outdir);
	sb_init(&tdir);
	sb_init(&xname);
	sb_addf(&outdir, "%s/out", dir);
	sb_addf(&tdir, "%s/%s", outdir.buf, t->id);
	sb_addf(&xname, "%s/%s.xml", t->id, t->id);
	o.outdir = outdir.buf;
	if (outdir.oom || tdir.oom || xname.oom)
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	if (!rc)
		rc = generate_tender(t, &o, &st, err);
	if (!rc)
		rc = gen_manifest_read(tdir.buf, &m, err);
	if (!rc && !(z = pkg_writer_new(NULL)))
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	for (i = 0; i < m.n && !rc; i++)
		rc = webpage_zip_file(z, tdir.buf, m.e[i].name, t->id, err);
	if (!rc)
		rc = webpage_zip_file(z, tdir.buf, GEN_MANIFEST, t->id, err);
	if (!rc)
		rc = pkg_add(z, xname.buf, xml, xlen, 0, err);
	if (!rc)
		rc = pkg_finish(z, out, len, err);
	pkg_writer_free(z);
	gen_manifest_release(&m);
	sb_release(&outdir);
	sb_release(&tdir);
	sb_release(&xname);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Requests. */

static void default_values(web *app, serve_form *v)
{
	char date[16];

	elapsed_today(date);
	webform_set(v, "date", date);
	webform_set(v, "language", app->cat->langs[app->cat->official]);
}

static void post_tender(struct page *pg, const char *dir, web_response *out)
{
	const char *act = webform_val(pg->v, "act");
	xmlw pv;
	char *xml = NULL;
	size_t xlen = 0;
	tender *t;
	int status = 200;

	xmlw_init(&pv);
	if (strcmp(act, "preview") && strcmp(act, "download")) {
		tender_page(pg, NULL);
		webpage_finish(pg, out, 200);
		return;
	}
	t = tender_from_form(pg, dir, &xml, &xlen);
	if (t && !strcmp(act, "download")) {
		ag_error err = { 0 };
		unsigned char *zip;
		size_t zlen;

		if (download(pg->app, t, dir, xml, xlen, &zip, &zlen, &err) == AG_OK) {
			out->status = 200;
			out->type = "application/zip";
			out->body = (char *)zip;
			out->len = zlen;
			snprintf(out->filename, sizeof(out->filename), "%s.zip", t->id);
			tender_free(t);
			free(xml);
			xmlw_release(&pv);
			xmlw_release(&pg->w);
			return;
		}
		pg->err_field = "";
		ag_error_format(&err, pg->err_msg, sizeof(pg->err_msg));
		status = 500;
	} else if (t) {
		ag_error err = { 0 };

		if (preview(t, &pv, &err)) {
			pg->err_field = "";
			ag_error_format(&err, pg->err_msg, sizeof(pg->err_msg));
			status = 500;
		}
	} else {
		status = 422;
	}
	tender_free(t);
	free(xml);
	tender_page(pg, &pv);
	xmlw_release(&pv);
	webpage_finish(pg, out, status);
}

static void open_page(struct page *pg)
{
	webpage_start(pg, W(pg, L_NAV_OPEN), "/open");
	xmlw_printf(&pg->w, "<p>%s</p>", W(pg, L_OPEN_HINT));
	webpage_form(pg, "/open", 1);
	webpage_tender_file(pg, W(pg, L_TENDER_FILE));
	xmlw_printf(&pg->w, "<div class=\"actions\"><button type=\"submit\" id=\"act-open\" class=\"primary\">%s</button></div></form>",
		    W(pg, L_OPEN_BTN));
	webpage_end(pg);
}

static void post_open(struct page *pg, const char *dir, web_response *out)
{
	const serve_field *f = serve_form_get(pg->v, "tender");
	serve_form v = { 0 };
	ag_error err = { 0 };
	char notice[400];
	tender *t = NULL;
	sb path;

	if (!f || !f->filename || !f->len) {
		pg->err_field = "tender";
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s", W(pg, L_NO_FILE));
		open_page(pg);
		webpage_finish(pg, out, 422);
		return;
	}
	sb_init(&path);
	if (webpage_save_upload(dir, "tender.xml", f, &path, &err) == AG_OK)
		t = webpage_load_bound(pg->app, path.buf, &err);
	sb_release(&path);
	if (!t) {
		webpage_upload_error(pg, "tender", f->filename, &err);
		open_page(pg);
		webpage_finish(pg, out, 422);
		return;
	}
	snprintf(notice, sizeof(notice), "%s%s", webform_from_tender(t, &v) ? W(pg, L_DROPPED) : W(pg, L_OPENED),
		 f->filename);
	tender_free(t);
	pg->notice = notice;
	pg->v = &v;
	tender_page(pg, NULL);
	webpage_finish(pg, out, 200);
	serve_form_release(&v);
}

web *web_new(const catalog *c, const template *tpl, const char *csrf)
{
	web *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->cat = c;
	w->tpl = tpl ? tpl : template_builtin();
	snprintf(w->csrf, sizeof(w->csrf), "%s", csrf);
	pthread_mutex_init(&w->stash_lock, NULL);
	return w;
}

void web_free(web *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < NSTASH; i++)
		free(w->stash[i].data);
	pthread_mutex_destroy(&w->stash_lock);
	free(w);
}

void web_handle(web *app, const char *method, const char *path, const char *ui, const serve_form *in,
		const char *tmpdir, web_response *out)
{
	struct page pg = { 0 };
	serve_form defaults = { 0 };
	const char *set = webform_val(in, "setui");
	const char *form_ui = webform_val(in, "ui");
	int post = !strcmp(method, "POST");

	memset(out, 0, sizeof(*out));
	pg.app = app;
	pg.v = in;
	pg.en = !strcmp(*set ? set : post ? form_ui : ui, "en");
	xmlw_init(&pg.w);
	if (!post && !strcmp(path, "/style.css")) {
		const embedded_file *f = embedded_find("web.css");

		out->status = f ? 200 : 404;
		out->type = "text/css; charset=utf-8";
		out->body = f ? malloc(f->len + 1) : strdup("");
		if (out->body && f)
			memcpy(out->body, f->data, f->len + 1);
		out->len = f && out->body ? f->len : 0;
		return;
	}
	if (!post && !strncmp(path, "/result/", 8)) {
		if (webcollect_result(app, path + 8, out))
			return;
		webpage_start(&pg, W(&pg, L_COLLECT_H), "/collect");
		xmlw_printf(&pg.w, "<p>%s</p>", W(&pg, L_EXPIRED));
		webpage_end(&pg);
		webpage_finish(&pg, out, 404);
		return;
	}
	if (!post && !strcmp(path, "/")) {
		default_values(app, &defaults);
		pg.v = &defaults;
		tender_page(&pg, NULL);
		webpage_finish(&pg, out, 200);
	} else if (!post && !strcmp(path, "/open")) {
		open_page(&pg);
		webpage_finish(&pg, out, 200);
	} else if (!post && !strcmp(path, "/collect")) {
		webcollect_page(&pg, NULL);
		webpage_finish(&pg, out, 200);
	} else if (post && !strcmp(path, "/tender")) {
		post_tender(&pg, tmpdir, out);
	} else if (post && !strcmp(path, "/open")) {
		post_open(&pg, tmpdir, out);
	} else if (post && !strcmp(path, "/collect")) {
		webcollect_post(&pg, tmpdir, out);
	} else {
		webpage_start(&pg, W(&pg, L_NOT_FOUND), "/");
		webpage_end(&pg);
		webpage_finish(&pg, out, 404);
	}
	serve_form_release(&defaults);
}
