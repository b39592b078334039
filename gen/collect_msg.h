/* The messages of collect's report and matrix, in the tender's first
 * language: shared by the matching (collect.c) and the outputs (collect_out.c). */
#ifndef COLLECT_MSG_H
#define COLLECT_MSG_H

#include "collect.h"

enum collect_msg_id {
	M_UNREADABLE, M_NOT_FORM, M_KIND, M_TENDER, M_TYPE, M_CATALOG, M_NO_PROPS, M_VENDOR_EMPTY,
	M_MISSING, M_UNKNOWN, M_DUPLICATE, M_UNANSWERED, M_INVALID, M_TEXT, M_EXCL, M_TAG, M_COLUMNS,
	M_TITLE, M_INTRO, M_CASE, M_SUMMARY, M_MATRIX, M_PROBLEMS, M_NONE, M_FILE, M_NPROBLEMS,
	M_TOTAL, M_NO_ANSWER, M_OUTSIDE, M_NOT_IN_FORM, M_EXPL, M_EVID, M_SEP, M_COLON, M_LIST_SEP,
	M_NONAME, M_STATE_UNREADABLE, M_STATE_REJECTED, M_NO_PROBLEMS, M_FOOTER, M_OPEN, M_CLOSE,
	M_DASH, M_COPIES, M_BOTH, M_UBN, M_SAME_VENDOR,
	M_QUOTE_OPEN, M_QUOTE_CLOSE, M_COPY_FIELD, M_COPY_OUTSIDE, M_COPY_STORED,
	M_COUNT
};

/* The message m in c's first language (Chinese for zh*, else English); static. */
const char *collect_msg(const collect *c, enum collect_msg_id m);
#define M(c, m) collect_msg((c), (m))

/* The name of c's service type in the tender's first language; owned by the catalogue. */
const char *collect_type_name(const collect *c);

#endif
