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

/*
 * The response form's layout: one description that the form builder writes
 * and collect reads filled forms back by. The requirement table's columns
 * (headings per output language; tags[c] is the suffix of the field tag
 * "<item ID><suffix>", NULL for a column without a field), the vendor table's
 * rows (labels per output language, field tags), what an excluded row's
 * compliance cell says, and the drop-down's choices and placeholder (shown
 * before a choice is made, as a list entry or as a placeholder; both
 * languages of a bilingual tender, "請選擇 / Choose"). Strings are static or
 * taken from the arena.
 */
enum { COMPOSE_COL_ID, COMPOSE_COL_REQUIREMENT, COMPOSE_COL_COMPLIANCE, COMPOSE_COL_EXPLANATION,
       COMPOSE_COL_EVIDENCE, COMPOSE_RESPONSE_COLS };
enum { COMPOSE_VENDOR_ROWS = 3 };      /* name, business number (統一編號), date */

typedef struct {
	size_t nlangs;
	const char *headings[COMPOSE_RESPONSE_COLS][TENDER_MAX_LANGS];
	const char *tags[COMPOSE_RESPONSE_COLS];
	const char *vendor_labels[COMPOSE_VENDOR_ROWS][TENDER_MAX_LANGS];
	const char *vendor_tags[COMPOSE_VENDOR_ROWS];
	const char *na_label[TENDER_MAX_LANGS];
	const char *const *choices;
	size_t nchoices;
	const char *placeholder;
	const char *prompt;      /* what an empty text field shows: 請填寫 */
} compose_response_layout;

/* Fills *l with the response form layout of bound tender t, taking what it
 * allocates from a; -1 when out of memory. */
int compose_response_layout_get(arena *a, const tender *t, compose_response_layout *l);

/* Builds the document of kind for service type (ignored for the overview)
 * of a bound tender. Caller frees with md_doc_free; NULL with err filled. */
md_doc *compose(const tender *t, compose_kind kind, size_t type, ag_error *err);

/* A sample document that uses every style, with the templates' placeholders
 * (@HEADER_TEXT@ ...) left in place: a starting point for --template files.
 * Caller frees with md_doc_free; NULL with err filled. */
md_doc *compose_template_sample(ag_error *err);

#endif
