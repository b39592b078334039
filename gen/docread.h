/* Reading what a reader sees in an ODF text or a WordprocessingML document:
 * its tables (cells as text, with their form fields), document properties,
 * and OOXML package relationships. */
#ifndef DOCREAD_H
#define DOCREAD_H

#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "package.h"

#define DOCREAD_MAX_CELLS 256          /* cells read per table row (repeats included) */
#define DOCREAD_MAX_PART ((size_t)8 << 20)   /* largest XML part read, bytes: bounds memory (README) */
#define DOCREAD_MAX_TABLES 4096        /* tables read per document, nested ones included */

/* Where a copy of a cell's value comes from. */
enum { DOCREAD_COPY_FIELD, DOCREAD_COPY_OUTSIDE, DOCREAD_COPY_STORED };

typedef struct {
	const char *text;
	int kind;                 /* DOCREAD_COPY_* */
} docread_copy;

/*
 * A cell's text is what a reader sees: paragraphs joined by '\n', each line
 * trimmed, the values of form fields in place (an ODT drop-down's selected
 * entry, a text input's text, a content control's content unless it shows
 * its placeholder, a FILLIN or FORMTEXT result, a FORMDROPDOWN's chosen
 * entry); hidden text (w:vanish, text:display="none"), footnotes, comments,
 * deleted text, field instructions, drawings and nested tables (which are
 * tables of their own) are left out; mc:AlternateContent is read as Word
 * reads it (ECMA-376 part 3, §10.2: the first Choice whose Requires
 * namespaces Word understands, else the Fallback).
 *
 * One value per field: LibreOffice 7.4 saves a typed text as several copies
 * of a field with fragments of the text between them (or, from a DOCX
 * form, each copy as a fragment followed by the text), and a drop-down can
 * store stale text beside its selected entry. When a cell has fields, its
 * text is the fields' value: the first field copy all the others agree
 * with (equal, or a piece of it followed or preceded by it, white space
 * ignored), else the first field copy; text outside the fields that is a
 * piece of a copy is dropped. When copies disagree (two different field
 * values, a drop-down storing other text than its selected entry, text
 * beside the fields that is not part of them), copies lists the value
 * first, then every copy that disagrees with it, in document order.
 *
 * tag is the name the first named field of the cell carries (text:name,
 * text:description, w:tag or else w:alias, a FILLIN's prompt, a legacy
 * field's name), NULL when no field kept one: LibreOffice drops most of
 * them, so tags are only ever a cross-check. placeholder is set when the
 * cell's only field is a content control showing its placeholder.
 */
typedef struct {
	const char *text;
	const char *tag;
	size_t nfields;           /* form fields in the cell, named or not */
	const docread_copy *copies;  /* NULL unless the copies disagree */
	size_t ncopies;
	int placeholder;
} docread_cell;

typedef struct {
	const docread_cell *cells;   /* by grid column: a spanned cell is followed by empty ones */
	size_t ncells;
} docread_row;

typedef struct {
	const docread_row *rows;
	size_t nrows;
} docread_table;

typedef struct {
	const char *name, *value;
} docread_property;

typedef struct docread_form {
	arena mem;                      /* owns everything below */
	const char *format;             /* "odt" or "docx" */
	const docread_table *tables;    /* document order; a nested table follows its parent */
	size_t ntables;
	const docread_property *props;      /* ODT meta:user-defined, DOCX docProps/custom.xml */
	size_t nprops;
	int both_formats;               /* also the other format's package: Word and LibreOffice may differ */
} docread_form;

/* Reads the document in the package at path, ODT or DOCX, told apart by its
 * content as the applications tell it (a package with OOXML relationships
 * to a main document is a DOCX to Word, whatever else it carries; ODF needs
 * its mimetype). A package holding both is read as its name's extension
 * says (.odt/.ott: ODT, else DOCX) and has both_formats set. Returns a form the
 * caller frees with docread_free, or NULL with err filled: AG_ERR_NOINPUT
 * when path cannot be opened, AG_ERR_DATA for a file that is not a zip, is
 * damaged or truncated, is a PDF, a scan, a .doc or an RTF file (each named
 * as such), is some other kind of package (a spreadsheet, ...)
 * or names no or two main documents (ECMA-376 part 2, §8.3 and part 1,
 * §11.3.10: exactly one officeDocument relationship), AG_ERR_LIMIT past the
 * package reader's limits, AG_ERR_NOMEM. */
docread_form *docread_file(const char *path, ag_error *err);
/* The same for a package in memory; name stands for it in messages. */
docread_form *docread_mem(const void *data, size_t len, const char *name, ag_error *err);
/* Builds a form from the XML parts themselves: docx 0 takes body as ODF
 * content.xml and props as meta.xml, docx 1 takes word/document.xml and
 * docProps/custom.xml; styles (ODF styles.xml, word/styles.xml) says which
 * styles hide text. props and styles may be NULL. For tests and other
 * readers. */
docread_form *docread_parse(int docx, const char *body, size_t blen, const char *props, size_t plen,
			    const char *styles, size_t slen, const char *name, ag_error *err);
void docread_free(docread_form *f);

/* Value of document property name, or NULL. Owned by the form. */
const char *docread_prop(const docread_form *f, const char *name);

#endif
