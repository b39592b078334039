/* Collecting filled vendor response forms (ODT, DOCX; ours or as LibreOffice
 * and Word save them) into an evaluation matrix and a problem report. */
#ifndef COLLECT_H
#define COLLECT_H

#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "model.h"
#include "template.h"
#include "tender.h"

#define COLLECT_MAX_CELLS 256          /* cells read per table row (repeats included) */
#define COLLECT_MAX_PART ((size_t)32 << 20)   /* largest XML part read from a form, bytes */

/*
 * Layer 1: a filled form as tables of plain text, whatever wrote it.
 *
 * A cell's text is what a reader sees: paragraphs joined by '\n', each line
 * trimmed, the values of form fields in place (an ODT drop-down's shown
 * entry, a text input's text, a content control's content unless it shows
 * its placeholder, a FILLIN or FORMTEXT result, a FORMDROPDOWN's chosen
 * entry); footnotes, comments, deleted text, field instructions and
 * drawings are left out. tag is the name the first named field of the cell
 * carries (text:name, text:description, w:tag or else w:alias, a FILLIN's
 * prompt, a legacy field's name), NULL when no field kept one: LibreOffice
 * drops most of them, so tags are only ever a cross-check.
 */
typedef struct {
	const char *text;
	const char *tag;
	size_t nfields;           /* form fields in the cell, named or not */
} collect_cell;

typedef struct {
	const collect_cell *cells;   /* by grid column: a spanned cell is followed by empty ones */
	size_t ncells;
} collect_row;

typedef struct {
	const collect_row *rows;
	size_t nrows;
} collect_table;

typedef struct {
	const char *name, *value;
} collect_prop;

typedef struct collect_form {
	arena mem;                      /* owns everything below */
	const char *format;             /* "odt" or "docx" */
	const collect_table *tables;    /* document order; a nested table follows its parent */
	size_t ntables;
	const collect_prop *props;      /* ODT meta:user-defined, DOCX docProps/custom.xml */
	size_t nprops;
} collect_form;

/* Reads the form in the package at path (ODT or DOCX, told apart by the
 * package's content, not the file name). Returns a form the caller frees
 * with collect_form_free, or NULL with err filled: AG_ERR_NOINPUT when path
 * cannot be opened, AG_ERR_DATA for a file that is not a zip, is damaged or
 * truncated, or is some other kind of package (a spreadsheet, ...),
 * AG_ERR_LIMIT past the package reader's limits, AG_ERR_NOMEM. */
collect_form *collect_form_read(const char *path, ag_error *err);
/* The same for a package in memory; name stands for it in messages. */
collect_form *collect_form_read_mem(const void *data, size_t len, const char *name, ag_error *err);
/* Builds a form from the XML parts themselves: docx 0 takes body as ODF
 * content.xml and props as meta.xml, docx 1 takes word/document.xml and
 * docProps/custom.xml. props may be NULL. For tests and other readers. */
collect_form *collect_form_parse(int docx, const char *body, size_t blen, const char *props,
				 size_t plen, const char *name, ag_error *err);
void collect_form_free(collect_form *f);

/* Value of document property name, or NULL. Owned by the form. */
const char *collect_form_prop(const collect_form *f, const char *name);

/*
 * Layer 2: forms against the tender. The expected form is composed exactly
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
ag_code collect_add_form(collect *c, const char *file, const collect_form *f, const char *why,
			 ag_error *err);

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
 * each atomically (fileio_write_atomic); the documents use template tpl
 * (NULL: the built-in one), which only needs to outlive the call. */
ag_code collect_write(const collect *c, const char *dir, const template *tpl, ag_error *err);

/* Where a and b differ, ignoring white space: writes into buf (size bytes)
 * the differing spans with a few characters of context on either side,
 * "…context〔span of a〕context…" then "\t" then the same for b. Returns 0
 * when they are equal ignoring white space, else 1. */
int collect_text_diff(const char *a, const char *b, char *buf, size_t size);

#endif
