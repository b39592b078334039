/* The document model: a small tree of paragraphs, tables, footnotes and form
 * fields that compose.c builds once and each renderer (odt.c, docx.c) reads. */
#ifndef MODEL_H
#define MODEL_H

#include <stddef.h>

#include "arena.h"

typedef enum {
	MD_PARA,       /* block: children are inlines */
	MD_TABLE,      /* block: children are MD_ROW */
	MD_ROW,        /* children are MD_CELL */
	MD_CELL,       /* children are MD_PARA */
	MD_TEXT,       /* inline: text */
	MD_NOTE,       /* inline: a footnote; children are MD_PARA */
	MD_DROPDOWN,   /* inline: a drop-down form field */
	MD_INPUT,      /* inline: a text form field */
	MD_BREAK       /* inline: a line break */
} md_type;

/* Paragraph styles; every template must define each (see templates/README.md). */
typedef enum {
	MD_S_TITLE,
	MD_S_SUBTITLE,
	MD_S_HEADING,
	MD_S_BODY,
	MD_S_NOTICE,
	MD_S_TABLE_HEADING,
	MD_S_TABLE_TEXT,
	MD_S_TABLE_CENTER,
	MD_S_FOOTNOTE,
	MD_S_SIGNATURE,
	MD_S_COUNT
} md_style;

/* How a table keeps together: never split across pages; its last row on the
 * page of the next block. */
enum { MD_KEEP_TOGETHER = 1, MD_KEEP_NEXT = 2 };
/* Table text in a language other than the document's (a translation) is set
 * this size, in points, a point below the table text: the official text leads,
 * and the translation's long words fit the side-by-side columns. */
#define MD_TRANSLATION_PT 10

/* Cell backgrounds. */
enum { MD_SHADE_NONE, MD_SHADE_HEADING, MD_SHADE_ALERT };

typedef struct md_node md_node;

struct md_node {
	md_type type;
	md_node *parent, *first, *last, *next;
	union {
		struct {
			md_style style;
			int keep_next;           /* stays on the page of the next block */
		} para;
		struct {
			size_t ncols;
			const unsigned *widths;  /* per column, in 1/100 mm */
			size_t header_rows;      /* repeated on every page */
			const char *name;        /* unique in the document */
			int keep;                /* MD_KEEP_* flags */
		} table;
		struct {
			int header;
		} row;
		struct {
			unsigned rowspan;        /* >= 1 on a cell that starts a merge */
			int covered;             /* continues the merge of the cell above */
			int shaded;              /* MD_SHADE_*: heading or alert background */
		} cell;
		struct {
			const char *s;
			const char *lang;        /* NULL: the document's language */
			int bold;
		} text;
		struct {
			unsigned number;         /* 1, 2, ... in the order notes are made, which
						  * builders keep equal to document order */
		} note;
		struct {
			const char *tag;         /* identifies the field: "OM-16.compliance" */
			const char *const *choices;
			size_t nchoices;
			const char *placeholder; /* shown until a choice is made */
			const char *label;       /* the title a person sees ("CC-1 符合情形",
						  * Word's alias); NULL: the tag */
			int multiline;           /* MD_INPUT: takes several lines */
		} field;                     /* MD_DROPDOWN and MD_INPUT */
	} u;
};

/* Document properties, and the strings the templates' placeholders take. */
typedef struct {
	const char *title, *subject, *description, *keywords;
	const char *lang;            /* BCP 47 tag of the main language, e.g. "zh-TW" */
	const char *creator;         /* the agency */
	const char *generator;       /* "annexgen 0.1.0" */
	const char *catalog_id, *catalog_version, *tender_id, *kind, *service_type;
	const char *header_text;     /* the page header line */
	const char *page_before, *page_middle, *page_after;   /* 第 X 頁，共 Y 頁 */
	int landscape;
} md_meta;

#define MD_MAX_PROPS 8

/* A custom document property (ODT meta:user-defined, DOCX custom.xml). */
typedef struct {
	const char *name, *value;
} md_prop;

/* The custom properties every document carries, in order (collect reads them
 * back); returns how many were stored in out. Strings belong to m. */
size_t md_meta_props(const md_meta *m, md_prop out[MD_MAX_PROPS]);

/* The template style name of a paragraph style, the same in ODT and DOCX
 * (templates/README.md). Static string. */
const char *md_style_name(md_style style);

typedef struct {
	arena mem;                   /* owns every node and string */
	md_meta meta;
	md_node *first, *last;       /* top-level blocks */
	unsigned nnotes, ntables;
} md_doc;

/* A new empty document; caller frees with md_doc_free. NULL when out of memory. */
md_doc *md_doc_new(void);
void md_doc_free(md_doc *d);

/*
 * Builders. Each returns the new node, owned by the document, or NULL when
 * out of memory; parent NULL appends a top-level block. Strings are copied.
 * Calls on a NULL parent after a failure are safe no-ops returning NULL when
 * the document is marked failed (md_doc_failed).
 */
md_node *md_para(md_doc *d, md_node *parent, md_style style);
md_node *md_text(md_doc *d, md_node *para, const char *s);
md_node *md_text_lang(md_doc *d, md_node *para, const char *s, const char *lang, int bold);
md_node *md_break(md_doc *d, md_node *para);
md_node *md_table(md_doc *d, const unsigned *widths, size_t ncols, size_t header_rows);
md_node *md_row(md_doc *d, md_node *table, int header);
md_node *md_cell(md_doc *d, md_node *row);
/* A footnote anchored at the end of para: returns its first paragraph. */
md_node *md_note(md_doc *d, md_node *para);
md_node *md_dropdown(md_doc *d, md_node *para, const char *tag, const char *const *choices,
		     size_t nchoices, const char *placeholder);
md_node *md_input(md_doc *d, md_node *para, const char *tag);
/* Zeroed memory owned by the document; NULL, marking the document failed,
 * when out of memory. */
void *md_alloc(md_doc *d, size_t size);
/* A string owned by the document (for meta fields and the like). Out of
 * memory (or a bad format), the document is marked failed and the string is
 * "", never NULL: callers build on as usual, and the document is refused. */
const char *md_strdup(md_doc *d, const char *s);
const char *md_printf(md_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Merges the cells of column col over rows first..first+n-1 of table
 * (rows counted from 0 including header rows): the first cell gets rowspan
 * n, the others become covered. Returns 0, changing nothing, when any of
 * those rows or cells is absent. */
int md_merge_down(md_node *table, size_t first, size_t n, size_t col);

/* The last row of a table that keeps with what follows (MD_KEEP_NEXT), which
 * renderers set apart as a small table of its own that never splits:
 * LibreOffice does not move rows of a split table to keep it with the next
 * block, but it moves a small whole table. NULL when there is nothing to set
 * apart (one body row, or a merge reaching into the last row). */
const md_node *md_table_end_row(const md_node *table);
/* Column width w (1/100 mm) of a table total wide, narrowed in proportion
 * to fit a text area text_width wide (a template's pages may be narrower
 * than the built-in A4); text_width 0 means the built-in page. */
unsigned md_fit_width(unsigned text_width, unsigned total, unsigned w);

/* Non-zero when n or anything inside it is a footnote. */
int md_has_note(const md_node *n);

/* Set when any builder ran out of memory. */
int md_doc_failed(const md_doc *d);

#endif
