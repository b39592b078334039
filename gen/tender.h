/* A tender: what one procurement buys from a catalogue (service types,
 * exclusions with reasons, agency-added items) and how its documents read. */
#ifndef TENDER_H
#define TENDER_H

#include <stddef.h>

#include "arena.h"
#include "catalog.h"
#include "error.h"

#define TENDER_MAX_FILE (4u << 20)
#define TENDER_MAX_LANGS 2
#define TENDER_MAX_AGENCY 1000          /* agency items, and agency categories, each */

/* Texts by language tag, as the tender file gives them (tags are not
 * catalogue indices until tender_bind). */
typedef struct {
	const char *tag[CAT_MAX_LANGS];
	const char *s[CAT_MAX_LANGS];
	size_t n;
	long line;                        /* of the first text; 0 when unknown */
} tender_text;

typedef struct {
	const char *item_id, *type_id;    /* type_id NULL: every bought type */
	tender_text reason;
	const char *where;                /* file name, or "command line" */
	long line;
	/* Filled by tender_bind: */
	size_t item;
} tender_exclude;

/* The documents of a tender, as annex numbers name them (the order of compose_kind). */
typedef enum { TENDER_DOC_ANNEX, TENDER_DOC_RESPONSE, TENDER_DOC_OVERVIEW } tender_doc;

/* An annex number the tender gives one document. */
typedef struct {
	const char *type_id;              /* NULL for the overview */
	tender_doc kind;
	tender_text text;
	long line;
} tender_number;

typedef struct {
	const char *id, *domain_id;
	tender_text name;
	long line;
	size_t domain;                    /* bound */
} tender_category;

typedef struct {
	const char *id, *category_id;
	const char *types;                /* space-separated, NULL: every bought type */
	tender_text text;
	long line;
	/* Bound: exactly one of category / agency_category is >= 0. */
	long category, agency_category;
	size_t domain;
	unsigned char *applies;           /* per catalogue service type */
} tender_item;

typedef struct tender {
	arena mem;                        /* owns everything below */
	const char *path;                 /* "" for a tender made on the command line */
	char sha256[65];                  /* of the file as read ("" in quick mode) */
	const char *id, *case_number, *date;
	tender_text title, agency, annex;   /* annex: the number for all documents */
	tender_number *numbers;           /* numbers of single documents */
	size_t nnumbers;
	const char *catalog_id, *catalog_version;
	const char *catalog_href;         /* resolved against the tender's folder; NULL: bundled */
	long catalog_line;
	const char *language;             /* a tag or "both" */
	long language_line;
	const char **type_ids;
	long *type_lines;
	size_t ntypes;
	tender_exclude *excludes;
	size_t nexcludes, excludes_cap;
	tender_category *categories;
	size_t ncategories;
	tender_item *items;
	size_t nitems;

	/* Filled by tender_bind: */
	const catalog *cat;
	size_t langs[TENDER_MAX_LANGS];   /* output languages, catalogue indices */
	size_t nlangs;
	unsigned char *buys;              /* per catalogue service type */
	long *excluded;                   /* [type * nitems + item]: exclude index, or -1 */
	tender_text *docnum;              /* [2 * type + kind], [2 * ntypes]: the overview */
} tender;

/* Reads and schema-checks a tender file. The result is not usable for
 * documents until tender_bind. Caller frees with tender_free; NULL on error. */
tender *tender_load(const char *path, ag_error *err);
tender *tender_load_mem(const char *data, size_t len, const char *name, ag_error *err);

/* A tender made on the command line (quick mode): one service type, the
 * catalogue's own title, no case number. Caller frees; NULL on error. */
tender *tender_quick(const catalog *c, const char *type_id, ag_error *err);
/* Adds an exclusion given as "ID" or "ID:REASON" on the command line. */
ag_code tender_add_exclude_arg(tender *t, const char *arg, ag_error *err);

/* Checks the tender against catalogue c and resolves every id; c must
 * outlive t. Errors name the tender file and line. */
ag_code tender_bind(tender *t, const catalog *c, ag_error *err);

void tender_free(tender *t);

/* Loads the catalogue the tender names (catalog_href, which must be set);
 * errors name the tender's file and line. The href's real path (symbolic
 * links resolved) must lie inside the tender file's real folder: AG_ERR_DATA
 * otherwise. Caller frees with catalog_free. */
catalog *tender_load_catalog(const tender *t, ag_error *err);

/* The tender text in the language of catalogue index lang (official as fallback). */
const char *tender_text_get(const tender *t, const tender_text *tt, size_t lang);
/* The annex number of a document in the language of catalogue index lang:
 * the tender's own for that document, else derived from the number for all
 * (附件三之一, Annex 3-1 ...: annexes, then response forms, each in the
 * catalogue's order of service types, then the overview, skipping documents
 * numbered on their own); "" when the tender has none (quick mode). */
const char *tender_annex_number(const tender *t, tender_doc kind, size_t type, size_t lang);
/* The exclusion of item for service type, or NULL. */
const tender_exclude *tender_excluded(const tender *t, size_t type, size_t item);
/* Is id usable as a file name on every system we serve (no path, no
 * reserved Windows device name)? Fills err when not. */
ag_code tender_check_id(const char *id, const char *where, long line, ag_error *err);

/* The id attribute of the tender file at path, for batch to find two files
 * of one id before anything is written: parses without a schema (a file
 * that fails here fails tender_load later with the full error). Copies it
 * into id (size bytes) and its line into *line; -1 when the file cannot be
 * read or has no usable id, or the id does not fit. */
int tender_peek_id(const char *path, char *id, size_t size, long *line);

#endif
