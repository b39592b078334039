/* Composes the documents of a tender as document models: the requirement
 * annex and vendor response form per service type, and the overview. */
#ifndef COMPOSE_H
#define COMPOSE_H

#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "model.h"
#include "tender.h"

typedef enum {
	COMPOSE_ANNEX,
	COMPOSE_RESPONSE,
	COMPOSE_OVERVIEW,
	COMPOSE_KIND_COUNT
} compose_kind;

/* "annex", "response", "overview"; and back (-1 when unknown). */
const char *compose_kind_name(compose_kind kind);
int compose_kind_parse(const char *name);

/* The drop-down choices of the response form (*n of them) in the tender's
 * languages: "符合", or "符合 / Complies" for two. Strings and array are
 * static or taken from a (so they live as long as it); NULL when out of
 * memory. */
const char *const *compose_choices(arena *a, const tender *t, size_t *n);

/* Builds the document of kind for service type (ignored for the overview)
 * of a bound tender. Caller frees with md_doc_free; NULL with err filled. */
md_doc *compose(const tender *t, compose_kind kind, size_t type, ag_error *err);

/* A sample document that uses every style, with the templates' placeholders
 * (@HEADER_TEXT@ ...) left in place: a starting point for --template files.
 * Caller frees with md_doc_free; NULL with err filled. */
md_doc *compose_template_sample(ag_error *err);

#endif
