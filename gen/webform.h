/* The tender form of `annexgen serve` as a tender file and back: the page
 * never decides what a tender means, the CLI's loader does. */
#ifndef WEBFORM_H
#define WEBFORM_H

#include <stddef.h>

#include "catalog.h"
#include "serve.h"
#include "tender.h"
#include "xmlw.h"

#define WEBFORM_MAX_AGENCY 200     /* agency-item rows the form reads (agt:1 ... agt:200) */

/*
 * Field names: title, title_en, agency, agency_en, annex, annex_en (the
 * catalogue's official language and its translation), case, id, date,
 * language, type (one per service type bought); per row of a bought type's
 * table x:TYPE:ID (excluded when not empty), r:TYPE:ID and re:TYPE:ID (the
 * reason in the first and second output language); per agency category
 * aci:N (id; empty: AC-K), acd:N (domain), acn:N and ace:N (name in the two
 * languages); per agency item agi:N (id; empty: AG-K), agc:N (category: a
 * catalogue or agency category id), agy:N (the types it applies to, one
 * field each; none: every type bought), agt:N and age:N (text). Rows with
 * no text are left out and the others numbered K = 1, 2... without gaps.
 */

/* The value of the first plain field called name, "" when absent. */
const char *webform_val(const serve_form *v, const char *name);
/* Whether a field called name has value. */
int webform_has(const serve_form *v, const char *name, const char *value);
/* Appends name=value (copied); -1 when out of memory. */
int webform_set(serve_form *v, const char *name, const char *value);
/* The catalogue's translation language index (its second language), or -1. */
long webform_translation(const catalog *c);

/* The form field of one document's own annex number into buf: "num.overview",
 * "num.annex.<type id>", "num.response.<type id>"; the translation's field
 * ("num_en....") when en. kind is a tender_doc; type_id NULL for the overview. */
void webform_number_field(char *buf, size_t size, int kind, const char *type_id, int en);
/* The output languages the form's language field asks for (1 or 2 tags,
 * owned by c): reasons r: are in tags[0], re: in tags[1]. */
size_t webform_out_langs(const catalog *c, const serve_form *v, const char *tags[2]);
/* The value of field PREFIX:i, "" when absent. */
const char *webform_row(const serve_form *v, const char *prefix, size_t i);
/* Whether agency item row i (1-based), or agency category row i, has any text. */
int webform_agency_used(const serve_form *v, size_t i);
int webform_category_used(const serve_form *v, size_t i);
/* The id of the K-th used row i of agency categories (prefix "AC", from
 * aci:i) or items ("AG", from agi:i), "PREFIX-K" when none was typed; may
 * be written into buf. */
const char *webform_row_id(const serve_form *v, const char *prefix, size_t i, size_t k, char *buf,
			   size_t size);

/* Which form field each line of a built tender file came from. */
typedef struct {
	char **field;              /* field[line - 1]: a field name, or NULL */
	size_t n, cap;
} webform_lines;

/* Writes the form as a tender file (format 1, catalogue c without href) to
 * w, one element per line, and the field of each line to m (release with
 * webform_lines_release). Values are escaped; line breaks in them become
 * spaces. The lines of agency categories and items are attributed to ac:K
 * and ag:K. Out of memory sets w->oom. */
void webform_build(const catalog *c, const serve_form *v, xmlw *w, webform_lines *m);
void webform_lines_release(webform_lines *m);

/* The values of bound tender t as form fields appended to v. Returns 1
 * when part of it cannot be shown (more than WEBFORM_MAX_AGENCY agency
 * items or categories), else 0. */
int webform_from_tender(const tender *t, serve_form *v);

#endif
