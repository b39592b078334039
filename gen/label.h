/* Every word annexgen shows a reader, in each language it has words for: the
 * documents' labels, collect's report and matrix, the web page (label.c). */
#ifndef LABEL_H
#define LABEL_H

/* The languages words exist in; LABEL_ZH is Traditional Chinese (Taiwan). */
typedef enum { LABEL_ZH, LABEL_EN } label_lang;

/* One label per word; the same word with the same meaning is one label, used
 * by every part (L_COLON, L_LIST_SEP, L_DOMAIN ...). Some labels are printf
 * formats: their conversions are the same, in the same order, in every
 * language (tests/test_label.c checks it). */
enum label {
	/* Documents (compose.c, compose_overview.c): annex, response form, overview. */
	/* L_C_YES, L_C_PART, L_C_NO stay in this order: compose counts from L_C_YES. */
	L_DOMAIN, L_CATEGORY, L_ID, L_REQ, L_REMARK, L_NA, L_AGENCY_ITEM, L_ANNEX_TITLE,
	L_RESP_TITLE, L_OVERVIEW_TITLE, L_CASE, L_AGENCY, L_CITE, L_CITE_EXCL, L_EXCL_REASON,
	L_EXCL_NOREASON, L_BASIS_NOTE, L_BASIS_ADJ, L_GLOSSARY, L_ABBR, L_TERM, L_DEF,
	L_SEE_SECTION, L_RESP_INTRO, L_VENDOR, L_BAN, L_FILLDATE, L_COMPLIANCE, L_EXPLAIN,
	L_EVIDENCE, L_CHOOSE, L_FILL, L_C_YES, L_C_PART, L_C_NO, L_SIGN_VENDOR, L_SIGN_HEAD,
	L_FOR_ANNEX, L_BOUGHT, L_NOT_BOUGHT, L_ITEM_COUNT, L_PAGE_BEFORE, L_PAGE_MIDDLE,
	L_PAGE_AFTER, L_HEADER, L_SEP, L_STOP, L_COLON, L_FIELD_SEP, L_TITLE_SEP, L_DATE,
	L_DECLARE, L_TO, L_TABLE_OF, L_LIST_SEP, L_LEG_APPLIES, L_LEG_EXCLUDED, L_LEG_NOTIN,
	L_INDENT, L_DECLARATION,
	/* Collect's problem report and evaluation matrix (collect.c, collect_out.c). */
	L_UNREADABLE, L_NOT_FORM, L_WRONG_KIND, L_WRONG_TENDER, L_WRONG_TYPE, L_WRONG_CATALOG,
	L_NO_PROPS, L_VENDOR_EMPTY, L_MISSING, L_UNKNOWN_ITEM, L_DUPLICATE, L_UNANSWERED,
	L_INVALID, L_TEXT_DIFFERS, L_EXCL_ANSWERED, L_WRONG_TAG, L_COLUMNS, L_MATRIX_TITLE,
	L_MATRIX_INTRO, L_MATRIX_CASE, L_SUMMARY, L_ITEM_BY_ITEM, L_PROBLEMS, L_NONE, L_FILE,
	L_TOTAL, L_NO_ANSWER, L_OUTSIDE, L_NOT_IN_FORM, L_EVID_BRIEF, L_NO_NAME,
	L_STATE_UNREADABLE, L_STATE_REJECTED, L_NO_PROBLEMS, L_MATRIX_FOOTER, L_OPEN, L_CLOSE,
	L_DASH, L_COPIES, L_BOTH_PACKAGES, L_BAD_UBN, L_SAME_VENDOR, L_QUOTE_OPEN, L_QUOTE_CLOSE,
	L_COPY_FIELD, L_COPY_OUTSIDE, L_COPY_STORED,
	/* The web page of `annexgen serve` (web.c, webcollect.c, webpage.c); its item
	 * tables use the documents' L_DOMAIN, L_CATEGORY, L_ID, L_REQ, L_CASE, L_DATE. */
	L_APP, L_NAV_TENDER, L_NAV_OPEN, L_NAV_COLLECT, L_SWITCH, L_SKIP, L_TENDER_H, L_TENDER_ID,
	L_TENDER_ID_HINT, L_TENDER_TITLE, L_AGENCY_NAME, L_ANNEX, L_LANGUAGE, L_BOTH_LANGS,
	L_TYPES, L_ITEMS_H, L_ITEMS_HINT, L_NO_TYPES, L_EXCLUDE, L_REASON, L_EXCLUDABLE,
	L_AGENCY_H, L_AGENCY_HINT, L_AG_TEXT, L_REFRESH, L_PREVIEW, L_DOWNLOAD, L_PREVIEW_H,
	L_ERRORS, L_OPEN_HINT, L_TENDER_FILE, L_OPEN_BTN, L_COLLECT_H, L_COLLECT_HINT, L_TYPE_AUTO,
	L_FORMS, L_COLLECT_BTN, L_MATRIX_H, L_MATRIX_DL, L_NO_FILE, L_NOT_FOUND, L_EXPIRED,
	L_DROPPED, L_OPENED, L_NOTE, L_SEVERAL, L_ACTIONS, L_IN, L_REQUIRED, L_AC_H, L_AC_HINT,
	L_AC_ID, L_AC_NAME, L_AG_ID, L_AG_TYPES, L_DOC_NUMBERS, L_DOC_NUMBERS_HINT, L_DOC_ANNEX,
	L_DOC_RESPONSE, L_DOC_OVERVIEW,
	L_COUNT
};

/* The language whose words a reader of BCP 47 tag reads: LABEL_ZH when the
 * primary subtag is "zh" ("zh", "zh-TW", "ZH-Hant"; case-insensitive, RFC 5646
 * section 2.1.1), LABEL_EN for any other tag, "" and NULL. */
label_lang label_lang_of(const char *tag);

/* Label l in lang: a static string, never NULL ("" where a language needs no
 * word, as L_SEP in Chinese). l must be below L_COUNT. */
const char *label_get(label_lang lang, enum label l);

#endif
