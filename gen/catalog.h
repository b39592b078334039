/* A requirement catalogue in memory: the loader validates a catalogue file
 * (schema, then the rules a schema cannot say) and fills these plain structs. */
#ifndef CATALOG_H
#define CATALOG_H

#include <stddef.h>

#include "arena.h"
#include "error.h"

#define CAT_MAX_LANGS 8
#define CAT_MAX_FILE (16u << 20)   /* largest catalogue file, bytes */
#define CAT_MAX_ITEMS 100000
#define CAT_MAX_TEXT 65536         /* longest single text, bytes */
#define CAT_MAX_TYPES 32           /* service types: tables and exclusions are types x items */

/* One string per declared language, indexed like catalog.langs; NULL where absent. */
typedef struct {
	const char *s[CAT_MAX_LANGS];
} cat_text;

typedef struct {
	const char *id;
	cat_text name;
} cat_named;                       /* domains and service types */

typedef struct {
	const char *id;
	cat_text name;
	size_t domain;             /* index into catalog.domains */
} cat_category;

typedef struct {
	const char *id;
	const char *section;       /* "" when the file gives none */
	cat_text text;
	size_t category;           /* index into catalog.categories */
	const size_t *refs;        /* indices into catalog.refs */
	size_t nrefs;
	long line;
} cat_item;

typedef struct {
	const char *id, *href, *section;
	cat_text label;
} cat_ref;

typedef struct {
	const char *section;
	cat_text text;
} cat_remark;

typedef struct {
	const char *id, *abbr, *section;   /* abbr and section "" when absent */
	cat_text name, definition;
	const cat_remark *remarks;
	size_t nremarks;
} cat_term;

typedef struct {
	size_t item;               /* index into catalog.items */
	int excludable;
	long note;                 /* index into catalog.notes, or -1 */
	cat_text text;             /* this table's own wording; all NULL when none */
} cat_row;

typedef struct {
	size_t type;               /* index into catalog.types */
	const char *label;         /* "" when absent */
	const cat_row *rows;
	size_t nrows;
	const size_t *row_of;      /* per item: its row index + 1, 0 when absent */
} cat_table;

typedef struct catalog {
	arena mem;                 /* owns every string and array below */
	const char *path;
	char sha256[65];           /* of the file as read: part of every output's inputs */
	const char *id, *version, *date;
	const char *langs[CAT_MAX_LANGS];
	size_t nlangs, official;   /* official: index of the official language */
	cat_text notice[CAT_MAX_LANGS];   /* per language: its translation notice */
	cat_text publisher, title, date_text;
	cat_text adjustment;       /* the publisher's allowance to adjust items; may be empty */
	const char *adjustment_section;
	cat_named *types;
	size_t ntypes;
	cat_named *domains;
	size_t ndomains;
	cat_category *categories;
	size_t ncategories;
	cat_item *items;
	size_t nitems;
	cat_ref *refs;
	size_t nrefs;
	cat_term *terms;
	size_t nterms;
	cat_named *notes;          /* name holds the note's text */
	size_t nnotes;
	cat_table *tables;         /* indexed by service type: tables[t].type == t */
	const size_t *item_slots;  /* id hash for catalog_item(): item index + 1, 0 empty */
	size_t item_mask;
} catalog;

/* Loads and checks the catalogue at path. Returns a catalogue the caller
 * frees with catalog_free, or NULL with err filled (file:line where known). */
catalog *catalog_load(const char *path, ag_error *err);
/* The same from memory; name is used in messages and as path. */
catalog *catalog_load_mem(const char *data, size_t len, const char *name, ag_error *err);

/* The catalogue compiled into the binary (CAT_BUNDLED), named
 * "(built-in) CAT_BUNDLED" in messages, with the hash of the file it came
 * from. The build loaded that file with every check (gen/catgen: schema,
 * then the loader's rules; an invalid file fails the build) and wrote the
 * result as C data, so no process parses it again: parsing was half of a
 * single-document process's own work. Caller frees with catalog_free (its
 * strings and arrays are static); NULL with err filled only when out of
 * memory. */
#define CAT_BUNDLED "moda-public-cloud-v5.1.xml"
catalog *catalog_load_bundled(ag_error *err);
void catalog_free(catalog *c);

/* Index of a language tag, service type id, item id...; -1 when absent. */
long catalog_lang(const catalog *c, const char *tag);
long catalog_type(const catalog *c, const char *id);
long catalog_item(const catalog *c, const char *id);
long catalog_category(const catalog *c, const char *id);
/* Row of item in the table of type, or NULL when it does not apply. */
const cat_row *catalog_row(const catalog *c, size_t type, size_t item);

/* Text in language lang, falling back to the official language; never NULL
 * for loaded catalogues (the loader requires every language). */
const char *cat_text_get(const catalog *c, const cat_text *t, size_t lang);
/* The wording of row's item in its table: the row's own text if it has one. */
const char *catalog_row_text(const catalog *c, const cat_row *row, size_t lang);

/* The id most like id among the catalogue's items (edit distance), for
 * "did you mean" hints; NULL when none is close. Owned by the catalogue. */
const char *catalog_nearest_item(const catalog *c, const char *id);
/* The same among the catalogue's category ids ("acess" -> "access"). */
const char *catalog_nearest_category(const catalog *c, const char *id);

#endif
