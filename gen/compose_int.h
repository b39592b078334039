/* What compose.c and compose_overview.c share: the composing context, the
 * labels and the helpers both build documents with (prefix cx_). */
#ifndef COMPOSE_INT_H
#define COMPOSE_INT_H

#include "compose.h"

enum label {
	L_DOMAIN, L_CATEGORY, L_ID, L_REQ, L_REMARK, L_NA, L_AGENCY_ITEM,
	L_ANNEX_TITLE, L_RESP_TITLE, L_OVERVIEW_TITLE, L_CASE, L_AGENCY,
	L_CITE, L_CITE_EXCL, L_EXCL_REASON, L_EXCL_NOREASON, L_BASIS_NOTE, L_BASIS_ADJ,
	L_GLOSSARY, L_ABBR, L_TERM, L_DEF, L_SEE_SECTION,
	L_RESP_INTRO, L_VENDOR, L_BAN, L_FILLDATE, L_COMPLIANCE, L_EXPLAIN, L_EVIDENCE,
	L_CHOOSE, L_FILL, L_C_YES, L_C_PART, L_C_NO, L_SIGN_VENDOR, L_SIGN_HEAD,
	L_FOR_ANNEX, L_BOUGHT, L_NOT_BOUGHT, L_ITEM_COUNT,
	L_PAGE_BEFORE, L_PAGE_MIDDLE, L_PAGE_AFTER, L_HEADER, L_SEP, L_STOP, L_COLON, L_FIELD_SEP, L_TITLE_SEP,
	L_DATE, L_DECLARE, L_TO, L_TABLE_OF, L_LIST_SEP,
	L_LEG_APPLIES, L_LEG_EXCLUDED, L_LEG_NOTIN, L_INDENT, L_DECLARATION,
	L_COUNT
};

struct ctx {
	const tender *t;
	const catalog *c;
	md_doc *d;
	size_t type;
	int oom;                  /* out of memory outside the model's builders */
};

const char *cx_L(const struct ctx *x, size_t lang, enum label l);
const char *cx_tag(const struct ctx *x, size_t i);
void cx_put_label(struct ctx *x, md_node *para, enum label l, int bold);
void cx_put_cat_text(struct ctx *x, md_node *para, const cat_text *ct);
void cx_put_cat_fitted(struct ctx *x, md_node *para, const cat_text *ct, unsigned width);
void cx_put_fitted(struct ctx *x, md_node *para, const char *s, size_t i, unsigned width,
		   int heading);
md_node *cx_cell_para(struct ctx *x, md_node *row, md_style style);
void cx_header_row(struct ctx *x, md_node *table, const enum label *cols, size_t n);
void cx_title_block(struct ctx *x, enum label title);
void cx_notice(struct ctx *x);
void cx_exclusion_note(struct ctx *x, md_node *para, const tender_exclude *ex, const cat_row *row,
		       const size_t *types, size_t n);
const cat_text *cx_category_name(const struct ctx *x, long category, cat_text *tmp);
size_t cx_label_texts(const struct ctx *x, enum label l, const char **texts);
unsigned cx_fit_langs(const struct ctx *x, const char *const *texts, size_t n, int heading,
		      unsigned base, unsigned max);
unsigned cx_id_width(size_t len, unsigned base);

/* The applicability overview (every item against every service type). */
void cx_overview(struct ctx *x);

#endif
