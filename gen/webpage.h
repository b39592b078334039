/* Internal to the web page (web.c, webcollect.c, webpage.c): the shared
 * state of the pages, their language and the form helpers. */
#ifndef WEBPAGE_H
#define WEBPAGE_H

#include <pthread.h>
#include <stddef.h>

#include "catalog.h"
#include "error.h"
#include "label.h"
#include "package.h"
#include "serve.h"
#include "template.h"
#include "tender.h"
#include "web.h"
#include "xmlw.h"

#define NSTASH 8
#define STASH_SECONDS (30 * 60)

struct stash {
	char token[33];
	double at;                   /* elapsed_now() when stored: the oldest goes first */
	unsigned char *data;
	size_t len;
	char name[256];
};

/* Requests run at once, in the server's threads: what they share is read
 * only (catalogue, template, token) but for the stash, which has its lock.
 * tests/serve-threads.sh keeps it so under ThreadSanitizer. */
struct web {
	const catalog *cat;
	const template *tpl;
	char csrf[65];
	pthread_mutex_t stash_lock;
	struct stash stash[NSTASH];
};

struct page {
	web *app;
	int en;                      /* page language: 0 Traditional Chinese, 1 English */
	xmlw w;
	const serve_form *v;         /* the values the form shows */
	const char *err_field;       /* the field an error concerns ("" for the form) */
	char err_msg[1600];
	char err_name[200];          /* err_field's storage when computed */
	int err_shown;
	const char *notice;
};

/* Label l in the page's language (label.h). */
#define W(pg, l) label_get((pg)->en ? LABEL_EN : LABEL_ZH, (l))

/* Appends s escaped (NULL as ""). */
void webpage_txt(struct page *pg, const char *s);
/* Appends attr="PREFIXname", escaped. */
void webpage_attr(struct page *pg, const char *attr, const char *prefix, const char *name);
/* The page up to its <h1> (title), the notice and the error summary; here
 * is the path of the page for the navigation. */
void webpage_start(struct page *pg, const char *title, const char *here);
void webpage_end(struct page *pg);
/* A POST form to action with the token and the page language. */
void webpage_form(struct page *pg, const char *action, int multipart);
/* The error message, when it concerns field name. */
void webpage_error(struct page *pg, const char *name);
/* id, name and, when the error concerns it, aria-invalid/aria-describedby. */
void webpage_control(struct page *pg, const char *name);
/* <label for> of control name; lang_tag (may be NULL) names the language typed. */
void webpage_label(struct page *pg, const char *name, const char *label, const char *lang_tag);
/* The required upload field "tender" (a tender file, .xml) with label and its error. */
void webpage_tender_file(struct page *pg, const char *label);
/* A one-line input of type with its label, hint (may be NULL) and error. */
void webpage_text_field(struct page *pg, const char *name, const char *label, const char *lang_tag,
			const char *type, const char *hint);
/* Hands the page to out with status (503 when the page ran out of memory). */
void webpage_finish(struct page *pg, web_response *out, int status);
/* The error of loading an upload, as "NAME:LINE: message" next to field. */
void webpage_upload_error(struct page *pg, const char *field, const char *filename, const ag_error *err);
/* Writes upload f to dir/as (a name of ours: never the browser's); path gets it. */
ag_code webpage_save_upload(const char *dir, const char *as, const serve_field *f, sb *path, ag_error *err);
/* Loads the tender file at path with the CLI's loader and binds it to the
 * server's catalogue. Caller frees. */
tender *webpage_load_bound(const web *app, const char *path, ag_error *err);
/* Adds file dir/name to z as prefix/name (prefix "" for none); ODT and DOCX
 * packages are stored, not deflated again. */
ag_code webpage_zip_file(pkg_writer *z, const char *dir, const char *name, const char *prefix,
			 ag_error *err);

/* The collect page (result: the matrix section, or NULL), a POST to it,
 * and a kept result by its token (0 when gone). */
void webcollect_page(struct page *pg, const xmlw *result);
void webcollect_post(struct page *pg, const char *dir, web_response *out);
int webcollect_result(web *app, const char *token, web_response *out);

#endif
