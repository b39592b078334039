/* Collecting filled vendor response forms (ODT, DOCX; ours or as LibreOffice
 * and Word save them) into an evaluation matrix and a problem report. */
#ifndef COLLECT_H
#define COLLECT_H

#include <stddef.h>

#include "arena.h"
#include "docread.h"
#include "error.h"
#include "label.h"
#include "model.h"
#include "template.h"
#include "tender.h"

#define COLLECT_MAX_QUOTE 200   /* characters of a vendor's text quoted in a report line */
#define COLLECT_MAX_COPIES_SHOWN 8   /* disagreeing field copies named in one problem */

/*
 * Forms against the tender. The expected form is composed exactly
 * as `generate` composes it; every filled form is matched to it by the item
 * ID in the first cell of each row, then by column: 編號, 要求項目, 符合情形,
 * 說明, 佐證資料.
 */
typedef enum {
	COLLECT_ANSWERED,          /* one of the choices */
	COLLECT_UNANSWERED,        /* the placeholder, or nothing */
	COLLECT_INVALID,           /* a value outside the choices */
	COLLECT_MISSING,           /* the item's row is not in the form */
	COLLECT_EXCLUDED,          /* excluded by the tender, left 不適用 */
	COLLECT_EXCLUDED_ANSWERED  /* excluded by the tender, yet answered */
} collect_status;

typedef struct {
	collect_status status;
	long choice;               /* index into collect.choices when ANSWERED, else -1 */
	const char *compliance;    /* as the form shows it ("" when MISSING or UNANSWERED) */
	const char *explanation, *evidence;   /* "" when empty or MISSING */
} collect_answer;

typedef enum {
	COLLECT_READ,              /* answers were read into the matrix */
	COLLECT_UNREADABLE,        /* damaged, truncated, not a document */
	COLLECT_REJECTED           /* another tender, type, catalogue or kind; no requirement table */
} collect_state;

typedef struct {
	const char *file;          /* the path as given */
	collect_state state;
	const char *format;        /* "odt", "docx", or "" when unreadable */
	const char *name, *id, *date;   /* vendor fields; "" when left empty */
	const collect_answer *answers;  /* per collect.items, NULL unless READ */
	size_t nproblems;
	size_t count[8];           /* READ: per choice (first nchoices), then COLLECT_COUNT_* */
} collect_vendor;

/* Indices into collect_vendor.count after the choices (choices <= 4). */
enum { COLLECT_COUNT_UNANSWERED = 4, COLLECT_COUNT_INVALID, COLLECT_COUNT_EXCLUDED,
       COLLECT_COUNT_MISSING };

typedef struct {
	size_t vendor;             /* index into collect.vendors */
	const char *item;          /* the item ID, NULL for the form as a whole */
	const char *text;          /* the problem, in the tender's first language */
} collect_problem;

typedef struct {
	const char *id;
	const char *text;          /* the requirement as the tender words it ('\n' between languages) */
	int excluded;
	const char *na;            /* excluded: the 不適用 label the form shows */
	const char *tags[3];       /* compliance, explanation, evidence field tags; NULL when excluded */
} collect_item;

typedef struct collect {
	arena mem;                 /* owns the strings below, except those of form */
	const tender *t;           /* bound; must outlive this */
	size_t type;
	md_doc *form;              /* the response form as composed */
	const char *lang;          /* the tender's first language tag */
	collect_item *items;
	size_t nitems;
	const char *const *choices;   /* drop-down entries, owned by form */
	size_t nchoices;
	const char *placeholder;
	const char *prompt;        /* an empty text field's prompt (請填寫), NULL when none */
	const char *headings[5];   /* the requirement table's column headings */
	const char *na_label;      /* 不適用, as the form marks excluded items ("" when none is) */
	const char *vendor_labels[3], *vendor_tags[3];   /* 廠商名稱, 統一編號, 填表日期 */
	collect_vendor *vendors;
	size_t nvendors, vcap;
	collect_problem *problems;
	size_t nproblems, pcap;
	size_t nread, nunreadable, nrejected;
} collect;

/* A collection for service type of bound tender t (which must buy it).
 * Caller frees with collect_free; NULL with err filled. */
collect *collect_new(const tender *t, size_t type, ag_error *err);
void collect_free(collect *c);

/* Reads the form at path and adds it as the next vendor. A form that cannot
 * be read, or that belongs elsewhere, becomes a vendor with its problem
 * listed, never an error: the return is AG_ERR_NOMEM or AG_OK. */
ag_code collect_add(collect *c, const char *path, ag_error *err);
/* Adds a form already read (f NULL: unreadable, why says why). */
ag_code collect_add_form(collect *c, const char *file, const docread_form *f, const char *why,
			 ag_error *err);

/* Is s a business number (統一編號) of 8 digits whose check digit holds by
 * the Ministry of Finance's rule as amended in April 2023 (divisible by 5,
 * no longer by 10; see collect.c for the source)? 1 yes, 0 no. */
int collect_ubn_valid(const char *s);

/* Output, each in a malloc'd buffer the caller frees (*len excludes the NUL
 * that follows): matrix.csv (UTF-8 with a byte order mark, CRLF lines, RFC
 * 4180 quoting; vendor text that a spreadsheet would run as a formula gets
 * a leading apostrophe), and the problem report, one block per file. */
ag_code collect_csv(const collect *c, char **out, size_t *len, ag_error *err);
ag_code collect_report(const collect *c, char **out, size_t *len, ag_error *err);

/* The evaluation table as a document: a totals table (one row per vendor),
 * items x vendors (不符合, unanswered, missing and out-of-list answers
 * shaded MD_SHADE_ALERT, a totals row), and the problems. Caller frees with
 * md_doc_free; NULL with err filled. */
md_doc *collect_matrix(const collect *c, ag_error *err);

/* Writes dir/matrix.csv, dir/matrix.odt and dir/matrix.docx (creating dir),
 * each atomically (fileio_write_atomic), and dir/manifest.tsv naming what
 * was written (generate's format). A matrix file a person changed since
 * collect wrote it (its hash is neither the manifest's nor the new one's),
 * or one collect did not write, is left alone unless force: the others are
 * written and the return is AG_ERR_EDITED naming the files. A form to
 * collect that is also an output file is AG_ERR_USAGE, before anything is
 * written. The documents use template tpl (NULL: the built-in one), which
 * only needs to outlive the call. */
ag_code collect_write(const collect *c, const char *dir, const template *tpl, int force, ag_error *err);

/* Label l in the tender's first language (label_lang_of(c->lang)): the words
 * of the report and the matrix. Static; never NULL. */
const char *collect_label(const collect *c, enum label l);

/* The name of c's service type in the tender's first language; owned by the catalogue. */
const char *collect_type_name(const collect *c);

#endif
