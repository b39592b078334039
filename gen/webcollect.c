/* The collect page of `annexgen serve`: a tender file and the vendors' filled
 * forms in, the evaluation matrix as a table and its files to download out. */
#include "webpage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "collect.h"
#include "elapsed.h"
#include "html.h"
#include "render.h"
#include "webform.h"

#include "banned.h"

static void stash_put(web *app, unsigned char *data, size_t len, const char *name, char token[33])
{
	unsigned char r[16];
	size_t i, slot = 0;
	double now = elapsed_now();

	token[0] = '\0';
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		free(data);
		return;
	}
	for (i = 0; i < 16; i++)
		snprintf(token + 2 * i, 3, "%02x", r[i]);
	pthread_mutex_lock(&app->stash_lock);
	for (i = 0; i < NSTASH; i++)
		if (app->stash[i].at < app->stash[slot].at)
			slot = i;
	free(app->stash[slot].data);
	memcpy(app->stash[slot].token, token, 33);
	app->stash[slot].at = now;
	app->stash[slot].data = data;
	app->stash[slot].len = len;
	snprintf(app->stash[slot].name, sizeof(app->stash[slot].name), "%s", name);
	pthread_mutex_unlock(&app->stash_lock);
}

/* A copy of the stashed result with token, or 0 when it is gone. */
int webcollect_result(web *app, const char *token, web_response *out)
{
	size_t i;
	int found = 0;
	double now = elapsed_now();

	pthread_mutex_lock(&app->stash_lock);
	for (i = 0; i < NSTASH; i++) {
		struct stash *s = &app->stash[i];

		if (!s->data || strlen(token) != 32 || strcmp(s->token, token))
			continue;
		if (now - s->at > STASH_SECONDS)
			break;
		out->body = malloc(s->len ? s->len : 1);
		if (out->body) {
			memcpy(out->body, s->data, s->len);
			out->len = s->len;
			out->status = 200;
			out->type = "application/zip";
			snprintf(out->filename, sizeof(out->filename), "%s", s->name);
			found = 1;
		}
		break;
	}
	pthread_mutex_unlock(&app->stash_lock);
	return found;
}

void webcollect_page(struct page *pg, const xmlw *result)
{
	const catalog *c = pg->app->cat;
	long tr = webform_translation(c);
	size_t i;

	webpage_start(pg, W(pg, L_COLLECT_H), "/collect");
	xmlw_printf(&pg->w, "<p>%s</p>", W(pg, L_COLLECT_HINT));
	webpage_form(pg, "/collect", 1);
	webpage_tender_file(pg, W(pg, L_TENDER_FILE));
	xmlw_raw(&pg->w, "<div class=\"field\">");
	webpage_label(pg, "type", W(pg, L_TYPES), NULL);
	xmlw_raw(&pg->w, "<select");
	webpage_control(pg, "type");
	xmlw_printf(&pg->w, "><option value=\"\">%s</option>", W(pg, L_TYPE_AUTO));
	for (i = 0; i < c->ntypes; i++) {
		xmlw_open(&pg->w, "option");
		xmlw_attr(&pg->w, "value", c->types[i].id);
		if (!strcmp(webform_val(pg->v, "type"), c->types[i].id))
			xmlw_raw(&pg->w, " selected");
		xmlw_gt(&pg->w);
		webpage_txt(pg, cat_text_get(c, &c->types[i].name, pg->en && tr >= 0 ? (size_t)tr : c->official));
		xmlw_raw(&pg->w, "</option>");
	}
	xmlw_raw(&pg->w, "</select>");
	webpage_error(pg, "type");
	xmlw_raw(&pg->w, "</div><div class=\"field\">");
	webpage_label(pg, "forms", W(pg, L_FORMS), NULL);
	xmlw_raw(&pg->w, "<input type=\"file\" multiple accept=\".odt,.docx\"");
	webpage_control(pg, "forms");
	xmlw_raw(&pg->w, " required>");
	webpage_error(pg, "forms");
	xmlw_printf(&pg->w, "</div><div class=\"actions\"><button type=\"submit\" id=\"act-collect\" class=\"primary\">%s</button></div></form>",
		    W(pg, L_COLLECT_BTN));
	if (result && result->len)
		xmlw_rawn(&pg->w, result->buf, result->len);
	webpage_end(pg);
}

/* Collects the uploaded forms; fills result (matrix and download link) or
 * the page's error. */
static void run_collect(struct page *pg, const char *dir, xmlw *result)
{
	const serve_field *tf = serve_form_get(pg->v, "tender");
	const char *type_id = webform_val(pg->v, "type");
	ag_error err = { 0 };
	char token[33], zname[200], mname[32];
	sb path, mdir;
	tender *t = NULL;
	collect *col = NULL;
	md_doc *d = NULL;
	pkg_writer *z = NULL;
	char *report = NULL;
	unsigned char *zip = NULL;
	size_t i, rlen, zlen, nforms = 0;
	long type;

	if (!tf || !tf->filename || !tf->len) {
		pg->err_field = "tender";
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s", W(pg, L_NO_FILE));
		return;
	}
	sb_init(&path);
	sb_init(&mdir);
	if (webpage_save_upload(dir, "tender.xml", tf, &path, &err) ||
	    !(t = webpage_load_bound(pg->app, path.buf, &err))) {
		webpage_upload_error(pg, "tender", tf->filename, &err);
		goto done;
	}
	if (!*type_id && t->ntypes != 1) {
		pg->err_field = "type";
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s", W(pg, L_SEVERAL));
		goto done;
	}
	type = catalog_type(t->cat, *type_id ? type_id : t->type_ids[0]);
	if (type < 0 || !(col = collect_new(t, (size_t)type, &err))) {
		pg->err_field = "type";
		if (type < 0)
			snprintf(pg->err_msg, sizeof(pg->err_msg), "unknown service type '%s'", type_id);
		else
			ag_error_format(&err, pg->err_msg, sizeof(pg->err_msg));
		goto done;
	}
	for (i = 0; i < pg->v->n; i++) {
		const serve_field *f = &pg->v->f[i];
		docread_form *form;
		ag_error fe = { 0 };
		char why[1200];

		if (strcmp(f->name, "forms") || !f->filename)
			continue;
		nforms++;
		/* The file is read from memory and shown under the name the browser gave. */
		form = docread_mem(f->data, f->len, f->filename, &fe);
		if (!form)
			ag_error_format(&fe, why, sizeof(why));
		if (!form && fe.code == AG_ERR_NOMEM) {
			err = fe;
			goto fail;
		}
		if (collect_add_form(col, f->filename, form, form ? NULL : why, &err)) {
			docread_free(form);
			goto fail;
		}
		docread_free(form);
	}
	if (!nforms) {
		pg->err_field = "forms";
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s", W(pg, L_NO_FILE));
		goto done;
	}
	d = collect_matrix(col, &err);
	if (!d)
		goto fail;
	xmlw_printf(result, "<section id=\"matrix\" aria-labelledby=\"h-matrix\"><h2 id=\"h-matrix\">%s</h2>",
		    W(pg, L_MATRIX_H));
	if (!sb_setf(&mdir, "%s/matrix", dir)) {
		ag_fail(&err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	if (html_render(d, "matrix", result, &err) || collect_report(col, &report, &rlen, &err) ||
	    collect_write(col, mdir.buf, pg->app->tpl, 1, &err))
		goto fail;
	z = pkg_writer_new(NULL);
	if (!z) {
		ag_fail(&err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	if (webpage_zip_file(z, mdir.buf, "matrix.csv", "", &err))
		goto fail;
	for (i = 0; i < render_nformats; i++) {
		snprintf(mname, sizeof(mname), "matrix.%s", render_formats[i].extension);
		if (webpage_zip_file(z, mdir.buf, mname, "", &err))
			goto fail;
	}
	if (pkg_add(z, "report.txt", report, rlen, 0, &err) || pkg_finish(z, &zip, &zlen, &err))
		goto fail;
	snprintf(zname, sizeof(zname), "%s-%s-matrix.zip", t->id, t->cat->types[type].id);
	stash_put(pg->app, zip, zlen, zname, token);
	if (*token)
		xmlw_printf(result, "<p class=\"actions\"><a class=\"button primary\" id=\"matrix-download\" href=\"/result/%s\">%s</a></p>",
			    token, W(pg, L_MATRIX_DL));
	xmlw_raw(result, "<h3>report.txt</h3><pre class=\"report\">");
	xmlw_text(result, report);
	xmlw_raw(result, "</pre></section>");
	goto done;
fail:
	pg->err_field = "";
	ag_error_format(&err, pg->err_msg, sizeof(pg->err_msg));
	xmlw_reset(result);
done:
	sb_release(&path);
	sb_release(&mdir);
	free(report);
	pkg_writer_free(z);
	md_doc_free(d);
	collect_free(col);
	tender_free(t);
}

void webcollect_post(struct page *pg, const char *dir, web_response *out)
{
	xmlw result;

	xmlw_init(&result);
	run_collect(pg, dir, &result);
	webcollect_page(pg, &result);
	xmlw_release(&result);
	webpage_finish(pg, out, pg->err_field ? 422 : 200);
}

