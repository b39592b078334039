/* The frame and form helpers every page of `annexgen serve` shares
 * (webpage.h): escaped output, labels for fields, errors next to their fields. */
#include "webpage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "webform.h"

#include "banned.h"

#define ZIP_FILE_MAX ((size_t)256 << 20)

void webpage_txt(struct page *pg, const char *s)
{
	xmlw_text(&pg->w, s ? s : "");
}

/* ------------------------------------------------------------------ */
/* Page frame and fields. */

/* Writes attr="PREFIXname" (escaped). */
void webpage_attr(struct page *pg, const char *attr, const char *prefix, const char *name)
{
	char buf[300];

	snprintf(buf, sizeof(buf), "%s%s", prefix, name);
	xmlw_attr(&pg->w, attr, buf);
}

void webpage_start(struct page *pg, const char *title, const char *here)
{
	static const char *const nav[] = { "/", "/open", "/collect" };
	static const enum label nav_l[] = { L_NAV_TENDER, L_NAV_OPEN, L_NAV_COLLECT };
	xmlw *w = &pg->w;
	size_t i;

	xmlw_printf(w, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		       "<title>", pg->en ? "en" : "zh-TW");
	webpage_txt(pg, title);
	xmlw_raw(w, " – ");
	webpage_txt(pg, W(pg, L_APP));
	xmlw_printf(w, "</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body>"
		       "<a class=\"skip\" href=\"#main\">%s</a><header><p class=\"app\">%s</p>"
		       "<nav aria-label=\"%s\"><ul>", W(pg, L_SKIP), W(pg, L_APP), W(pg, L_APP));
	for (i = 0; i < 3; i++)
		xmlw_printf(w, "<li><a href=\"%s%s\"%s>%s</a></li>", nav[i], pg->en ? "?lang=en" : "",
			    !strcmp(here, nav[i]) ? " aria-current=\"page\"" : "", W(pg, nav_l[i]));
	xmlw_printf(w, "<li><a href=\"%s%s\" lang=\"%s\" hreflang=\"%s\">%s</a></li></ul></nav></header>"
		       "<main id=\"main\"><h1>", here, pg->en ? "?lang=zh" : "?lang=en",
		    pg->en ? "zh-TW" : "en", pg->en ? "zh-TW" : "en", W(pg, L_SWITCH));
	webpage_txt(pg, title);
	xmlw_raw(w, "</h1>");
	if (pg->notice) {
		xmlw_raw(w, "<p class=\"notice\" role=\"status\">");
		webpage_txt(pg, pg->notice);
		xmlw_raw(w, "</p>");
	}
	if (pg->err_field) {
		xmlw_printf(w, "<div class=\"errors\" role=\"alert\"><p>%s</p><p>", W(pg, L_ERRORS));
		if (*pg->err_field) {
			xmlw_raw(w, "<a");
			webpage_attr(pg, "href", "#f-", pg->err_field);
			xmlw_raw(w, ">");
		}
		webpage_txt(pg, pg->err_msg);
		xmlw_raw(w, *pg->err_field ? "</a></p></div>" : "</p></div>");
	}
}

void webpage_end(struct page *pg)
{
	xmlw_raw(&pg->w, "</main></body></html>\n");
}

/* Hidden fields every form carries: the token, and the page language. */
void webpage_form(struct page *pg, const char *action, int multipart)
{
	xmlw_printf(&pg->w, "<form method=\"post\" action=\"%s\"%s>"
			    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"ui\" value=\"%s\">",
		    action, multipart ? " enctype=\"multipart/form-data\"" : "", pg->app->csrf,
		    pg->en ? "en" : "zh");
}

/* The error message, when it concerns field name. */
void webpage_error(struct page *pg, const char *name)
{
	if (!pg->err_field || strcmp(pg->err_field, name))
		return;
	xmlw_raw(&pg->w, "<p class=\"error\"");
	webpage_attr(pg, "id", "e-", name);
	xmlw_raw(&pg->w, ">");
	webpage_txt(pg, pg->err_msg);
	xmlw_raw(&pg->w, "</p>");
	pg->err_shown = 1;
}

void webpage_control(struct page *pg, const char *name)
{
	webpage_attr(pg, "id", "f-", name);
	xmlw_attr(&pg->w, "name", name);
	if (pg->err_field && !strcmp(pg->err_field, name)) {
		xmlw_raw(&pg->w, " aria-invalid=\"true\"");
		webpage_attr(pg, "aria-describedby", "e-", name);
	}
}

void webpage_label(struct page *pg, const char *name, const char *label, const char *lang_tag)
{
	xmlw_raw(&pg->w, "<label");
	webpage_attr(pg, "for", "f-", name);
	xmlw_raw(&pg->w, ">");
	webpage_txt(pg, label);
	if (lang_tag)
		xmlw_printf(&pg->w, W(pg, L_IN), lang_tag);
	xmlw_raw(&pg->w, "</label>");
}

void webpage_tender_file(struct page *pg, const char *label)
{
	xmlw_raw(&pg->w, "<div class=\"field\">");
	webpage_label(pg, "tender", label, NULL);
	xmlw_raw(&pg->w, "<input type=\"file\" accept=\".xml,application/xml,text/xml\"");
	webpage_control(pg, "tender");
	xmlw_raw(&pg->w, " required>");
	webpage_error(pg, "tender");
	xmlw_raw(&pg->w, "</div>");
}

/* A one-line text field with its label; lang_tag names the language typed. */
void webpage_text_field(struct page *pg, const char *name, const char *label, const char *lang_tag,
		       const char *type, const char *hint)
{
	xmlw_raw(&pg->w, "<div class=\"field\">");
	webpage_label(pg, name, label, lang_tag);
	xmlw_open(&pg->w, "input");
	xmlw_attr(&pg->w, "type", type);
	webpage_control(pg, name);
	xmlw_attr(&pg->w, "value", webform_val(pg->v, name));
	if (lang_tag)
		xmlw_attr(&pg->w, "lang", lang_tag);
	xmlw_gt(&pg->w);
	if (hint) {
		xmlw_raw(&pg->w, "<p class=\"hint\">");
		webpage_txt(pg, hint);
		xmlw_raw(&pg->w, "</p>");
	}
	webpage_error(pg, name);
	xmlw_raw(&pg->w, "</div>");
}

void webpage_finish(struct page *pg, web_response *out, int status)
{
	out->status = pg->w.oom ? 503 : status;
	out->type = "text/html; charset=utf-8";
	if (pg->w.oom) {
		xmlw_release(&pg->w);
		out->body = strdup("out of memory\n");
		out->type = "text/plain; charset=utf-8";
		out->len = out->body ? strlen(out->body) : 0;
		return;
	}
	xmlw_raw(&pg->w, "");
	out->body = xmlw_detach(&pg->w, &out->len);
}

/* A one-line description of a load error with the uploaded file's name. */
void webpage_upload_error(struct page *pg, const char *field, const char *filename, const ag_error *err)
{
	char name[200];
	size_t i;

	snprintf(name, sizeof(name), "%s", filename && *filename ? filename : "upload");
	for (i = 0; name[i]; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			name[i] = '?';
	pg->err_field = field;
	if (err->line > 0)
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s:%ld: %s", name, err->line, err->msg);
	else
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s: %s", name, err->msg);
}

/* Writes an uploaded file into dir under a name of ours (never the browser's). */
ag_code webpage_save_upload(const char *dir, const char *as, const serve_field *f, sb *path, ag_error *err)
{
	if (!sb_setf(path, "%s/%s", dir, as))
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	return fileio_write_atomic(path->buf, f->data, f->len, err);
}

/* Loads the tender file at path through the CLI's loader and binds it to
 * the server's catalogue. */
tender *webpage_load_bound(const web *app, const char *path, ag_error *err)
{
	tender *t = tender_load(path, err);

	if (t && tender_bind(t, app->cat, err)) {
		tender_free(t);
		return NULL;
	}
	return t;
}

static int stored_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 4 && !strcmp(name + n - 4, ".odt")) || (n > 5 && !strcmp(name + n - 5, ".docx"));
}

/* Adds file dir/name to the zip as prefix/name; packages are stored as they are. */
ag_code webpage_zip_file(pkg_writer *z, const char *dir, const char *name, const char *prefix,
			ag_error *err)
{
	char *data = NULL;
	size_t len;
	ag_code rc;
	sb path, entry;

	sb_init(&path);
	sb_init(&entry);
	sb_addf(&entry, "%s%s%s", prefix, *prefix ? "/" : "", name);
	if (!sb_setf(&path, "%s/%s", dir, name) || entry.oom)
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	else
		rc = fileio_read(path.buf, ZIP_FILE_MAX, &data, &len, err);
	if (!rc)
		rc = pkg_add(z, entry.buf, data, len, stored_name(name), err);
	free(data);
	sb_release(&path);
	sb_release(&entry);
	return rc;
}

