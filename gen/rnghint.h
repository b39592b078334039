/* Plain words for RELAX NG validity errors (rnghint.c), read from the schema
 * itself: which attribute is unknown or missing, which value is not allowed,
 * which element is missing or out of order. Internal to the loaders. */
#ifndef RNGHINT_H
#define RNGHINT_H

#include <stddef.h>

#include <libxml/tree.h>

/* Explains libxml2's first validity error (message, as xmlload words it:
 * lowercase first letter; about element node of the
 * instance) from rng, the schema's tree (our schemas' patterns: element,
 * attribute, optional, zeroOrMore, oneOrMore, choice, group, ref/define,
 * value, data with pattern or minLength; RELAX NG, ISO/IEC 19757-2). Writes a
 * sentence ("<agency-item> has no attribute 'categroy' (did you mean
 * 'category'?)") to out and returns 1, or returns 0 when it cannot tell (the
 * caller keeps libxml2's words). rng and node may be NULL. */
int rnghint_explain(xmlDocPtr rng, const xmlNode *node, const char *message, char *out, size_t size);

#endif
