/* Internals shared by docread.c (cells, tables, packages) and its ODF and
 * WordprocessingML halves (docread_odf.c, docread_wml.c); not for other modules. */
#ifndef DOCREAD_INT_H
#define DOCREAD_INT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "docread.h"
#include "xmlw.h"

#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_LOEXT "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_CUSTOM "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
#define NS_CUSTOM_STRICT "http://purl.oclc.org/ooxml/officeDocument/customProperties"
#define NS_RELS "http://schemas.openxmlformats.org/package/2006/relationships"
#define MAX_OPEN_FIELDS 8
#define MAX_SPACES 1000              /* per text:s */
#define MAX_EXPANDED ((size_t)1 << 20)   /* spaces all text:s of a form may add */
#define MAX_CELL_TEXT ((size_t)1 << 20)  /* bytes kept of one cell's text */

/* A named style and whether it hides text: 1 hides, 0 shows, -1 says nothing
 * (inherits from parent, a style name in the same family). */
struct style {
	const char *name, *parent;
	int family;               /* ODF: 0 paragraph, 1 text; DOCX: 0 paragraph, 1 character */
	int hidden;
	size_t seq;               /* order of definition */
};

struct styles {
	struct style *v;          /* sorted by family, then name */
	size_t n, cap;
	int deflt;                /* DOCX w:docDefaults: 1 when all text is hidden unless shown */
};

struct field {
	int phase;                /* 0: instruction, 1: result */
	int kind;                 /* FLD_* */
	int emitted;
	int copy;                 /* this field's result is a copy of the cell's value */
	char instr[256];
	size_t ilen;
	const char *name;         /* a legacy form field's name */
	const char *dd;           /* a FORMDROPDOWN's chosen entry */
};

enum { FLD_OTHER, FLD_FILLIN, FLD_FORMTEXT, FLD_FORMDROPDOWN };

/* Where a field's value lies in the cell's text. */
struct span {
	size_t b, e;
};

struct rd {
	docread_form *f;
	int oom;
	arena_vec tables;        /* docread_table */
	arena_vec props;         /* docread_property */
	struct styles st;
	arena_vec nested;        /* tables met inside the table being read (const xmlNode *) */
	/* The cell being read. */
	xmlw text;
	const char *tag;
	size_t nfields, paras;
	struct field fld[MAX_OPEN_FIELDS];
	size_t nfld, fld_overflow;
	size_t expanded;          /* spaces added by text:s so far */
	int hidden;               /* > 0: inside hidden text */
	int in_copy;              /* > 0: inside a field whose value is being recorded */
	size_t copy_start;
	arena_vec spans;         /* struct span: the fields' values */
	arena_vec stale;         /* const char *: other text a field holds (a drop-down's stale text) */
	int placeholder;
	int too_many;             /* past DOCREAD_MAX_TABLES */
	int in_input;             /* > 0: inside an ODF text-input */
};


/* Whether style name of family hides text (1), shows it (0), or no style of
 * its chain says (-1). Styles are added while reading, sorted before the body. */
int docread_style_hidden(const struct styles *st, int family, const char *name);
void docread_add_style(struct rd *r, const char *name, const char *parent, int family, int hidden);

/* Element tests and attribute reads; copies go to the form's arena (r->oom on failure). */
int docread_ns_is(const xmlNode *n, const char *ns);
int docread_is(const xmlNode *n, const char *ns, const char *name);
xmlNode *docread_child(const xmlNode *n, const char *ns, const char *name);
const char *docread_attr(struct rd *r, const xmlNode *n, const char *ns, const char *name);
int docread_attr_is(const xmlNode *n, const char *ns, const char *name, const char *value);
const char *docread_content(struct rd *r, const xmlNode *n);
int docread_is_w(const xmlNode *n, const char *name);
xmlNode *docread_w_child(const xmlNode *n, const char *name);

/* The cell being read: its text (nothing while hidden or inside a field's
 * instruction), its paragraphs, fields and the spans their values take. */
void docread_emit(struct rd *r, const char *s, size_t n);
void docread_emit_collapsed(struct rd *r, const char *s);
void docread_para_start(struct rd *r);
void docread_note_field(struct rd *r, const char *tag);
void docread_copy_begin(struct rd *r);
void docread_copy_end(struct rd *r);
void docread_nested_table(struct rd *r, const xmlNode *t);
void docread_cell_begin(struct rd *r);
void docread_cell_end(struct rd *r, docread_cell *cell);
int docread_push_cell(struct rd *r, arena_vec *cells, const docread_cell *cell);
void docread_push_row(struct rd *r, arena_vec *rows, arena_vec *cells);
extern const docread_cell docread_empty_cell;

/* The rows of an ODF table (or row group) and of a WordprocessingML table. */
void docread_odt_rows(struct rd *r, const xmlNode *n, arena_vec *rows);
void docread_docx_rows(struct rd *r, const xmlNode *n, arena_vec *rows);
/* Styles that hide text: an ODF container of styles; a w:styles root. */
void docread_odt_styles(struct rd *r, const xmlNode *n);
void docread_docx_styles(struct rd *r, const xmlNode *root);
/* The branch of mc:AlternateContent ac that Word reads (ECMA-376 part 3,
 * §10.2.1): the first mc:Choice whose Requires prefixes all name namespaces
 * Word understands, else mc:Fallback; NULL when neither. */
const xmlNode *docread_mc_branch(const xmlNode *ac);

#endif
