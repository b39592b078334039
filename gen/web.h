/* The pages of `annexgen serve`: tender form, items, preview, download, open
 * and collect, rendered on the server (no script needed). */
#ifndef WEB_H
#define WEB_H

#include <stddef.h>

#include "catalog.h"
#include "error.h"
#include "serve.h"
#include "template.h"

typedef struct web web;

typedef struct {
	int status;                  /* HTTP status */
	const char *type;            /* Content-Type; static */
	char *body;                  /* malloc'd, the caller frees */
	size_t len;
	char filename[256];          /* attachment name (UTF-8), "" for a page */
} web_response;

/* The application state shared by every request: the catalogue and
 * template (which must outlive it), the CSRF token every form carries, and
 * a few recent collect results kept for download. Caller frees with
 * web_free; NULL when out of memory. */
web *web_new(const catalog *c, const template *tpl, const char *csrf);
void web_free(web *w);

/*
 * Answers one request that passed the server's checks (Host, CSRF, limits).
 * method "GET" or "POST"; path the URL path; ui "zh" or "en", the page
 * language the query asked for ("" for the default); in the submitted form
 * (empty for GET). tmpdir is a private folder for this request only, which
 * the caller empties and removes afterwards. Always fills out (an error is a
 * page); safe to call from several threads at once.
 */
void web_handle(web *w, const char *method, const char *path, const char *ui, const serve_form *in,
		const char *tmpdir, web_response *out);

#endif
