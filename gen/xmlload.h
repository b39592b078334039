/* Safe XML loading for the loaders (catalogue, tender, templates): libxml2
 * without network, DTDs or entities, plus RELAX NG validation from memory. */
#ifndef XMLLOAD_H
#define XMLLOAD_H

#include <stddef.h>

#include <libxml/tree.h>

#include "arena.h"
#include "error.h"

/*
 * Parses len bytes named name (used in messages). Refuses a document type
 * declaration (so no entity can be declared, expanded or fetched), any
 * encoding but UTF-8, and XML versions other than 1.0. Returns a document
 * the caller frees with xmlFreeDoc, or NULL with err filled (name:line).
 */
xmlDocPtr xmlload_parse(const char *data, size_t len, const char *name, ag_error *err);

/* Validates doc against the RELAX NG schema of the embedded file schema_name
 * (compiled once per process); the first error goes to err as name:line. */
ag_code xmlload_validate(xmlDocPtr doc, const char *schema_name, const char *name, ag_error *err);

/* Frees the compiled schemas and libxml2's globals, for leak checkers. */
void xmlload_cleanup(void);

long xmlload_line(const xmlNode *n);
/* The next element sibling (or first element child) of n, skipping text,
 * comments and processing instructions; NULL at the end. */
xmlNodePtr xmlload_next(xmlNodePtr n);
xmlNodePtr xmlload_first(xmlNodePtr parent);
/* Does element n have local name name? */
int xmlload_is(const xmlNode *n, const char *name);
/* The first child element of parent (may be NULL) with local name name, or NULL. */
xmlNodePtr xmlload_child(xmlNodePtr parent, const char *name);

/* Attribute value copied into mem (NULL when absent or out of memory:
 * check with xmlload_has). The text of an element, trimmed, copied into mem;
 * NULL on out of memory. */
char *xmlload_attr(arena *mem, xmlNodePtr n, const char *attr);
int xmlload_has(xmlNodePtr n, const char *attr);
char *xmlload_content(arena *mem, xmlNodePtr n);
/* xml:lang of n, copied into mem; NULL when absent. */
char *xmlload_lang(arena *mem, xmlNodePtr n);

#endif
