/* Says what is wrong where libxml2's RELAX NG validator only says that something
 * is ("failed to validate attributes"): reads our own schemas' patterns. */
#include "rnghint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlregexp.h>

#include "textcmp.h"

#include "banned.h"

#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define MAX_DEPTH 16
#define MAX_NAMES 32
#define MAX_VALUES 4              /* patterns one attribute may have (choice) */

/* What an element's pattern allows: its attributes and child elements (in
 * schema order, with whether each must be there), and its text's pattern. */
struct shape {
	const char *attr[MAX_NAMES];          /* each name once */
	xmlNodePtr attr_value[MAX_NAMES][MAX_VALUES];
	size_t nvalues[MAX_NAMES];
	int attr_required[MAX_NAMES];
	size_t nattrs;
	const char *child[MAX_NAMES];
	int child_required[MAX_NAMES];
	size_t nchildren;
	xmlNodePtr value;         /* data, value or choice of values; NULL: none */
};

static int is_rng(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, RNG_NS) &&
	       (!name || !strcmp((const char *)n->name, name));
}

static const char *attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name) && a->children && a->children->content)
			return (const char *)a->children->content;
	return NULL;
}

static xmlNodePtr define_named(xmlNodePtr grammar, const char *name)
{
	xmlNodePtr n;

	for (n = grammar->children; n; n = n->next)
		if (is_rng(n, "define") && name && !strcmp(attr(n, "name") ? attr(n, "name") : "", name))
			return n;
	return NULL;
}

/* The first RELAX NG pattern inside n (an attribute's, a define's); NULL-safe. */
static xmlNodePtr first_pattern(xmlNodePtr n)
{
	xmlNodePtr k;

	for (k = n ? n->children : NULL; k && !is_rng(k, NULL); k = k->next)
		;
	return k;
}

/* p, or the pattern the define it refers to holds. */
static xmlNodePtr deref(xmlNodePtr grammar, xmlNodePtr p)
{
	return is_rng(p, "ref") ? first_pattern(define_named(grammar, attr(p, "name"))) : p;
}

/* Collects into s what pattern p allows, following refs; optional is set
 * inside optional, zeroOrMore and choice. */
static void collect(xmlNodePtr grammar, xmlNodePtr p, int optional, int depth, struct shape *s)
{
	xmlNodePtr k;

	if (depth > MAX_DEPTH || !is_rng(p, NULL))
		return;
	if (is_rng(p, "attribute")) {
		size_t i;

		if (!attr(p, "name"))
			return;
		for (i = 0; i < s->nattrs && strcmp(s->attr[i], attr(p, "name")); i++)
			;
		if (i == MAX_NAMES)
			return;
		if (i == s->nattrs) {
			s->attr[s->nattrs++] = attr(p, "name");
			s->attr_required[i] = !optional;
		}
		if (s->nvalues[i] < MAX_VALUES)
			s->attr_value[i][s->nvalues[i]++] = first_pattern(p);
		return;
	}
	if (is_rng(p, "element")) {
		size_t i;

		for (i = 0; i < s->nchildren && attr(p, "name") && strcmp(s->child[i], attr(p, "name")); i++)
			;
		if (i == s->nchildren && s->nchildren < MAX_NAMES && attr(p, "name")) {
			s->child[s->nchildren] = attr(p, "name");
			s->child_required[s->nchildren++] = !optional;
		}
		return;
	}
	if (is_rng(p, "data") || is_rng(p, "value")) {
		if (!s->value)
			s->value = p;
		return;
	}
	if (is_rng(p, "ref")) {
		collect(grammar, define_named(grammar, attr(p, "name")), optional, depth + 1, s);
		return;
	}
	if (is_rng(p, "choice")) {
		int values = 1;

		for (k = p->children; k; k = k->next)
			if (is_rng(k, NULL) && !is_rng(k, "value"))
				values = 0;
		if (values) {
			if (!s->value)
				s->value = p;
			return;
		}
	}
	optional |= is_rng(p, "optional") || is_rng(p, "zeroOrMore") || is_rng(p, "choice");
	for (k = p->children; k; k = k->next)
		collect(grammar, k, optional, depth + 1, s);
}

/* The schema's element named name, preferring one defined inside an element
 * named parent (elements of one name may differ by context). */
static xmlNodePtr find_element(xmlNodePtr n, const char *name, const char *parent, xmlNodePtr *any)
{
	xmlNodePtr k, found;

	for (; n; n = n->next) {
		if (is_rng(n, "element") && attr(n, "name") && !strcmp(attr(n, "name"), name)) {
			xmlNodePtr up = n->parent;

			while (up && !is_rng(up, "element"))
				up = up->parent;
			if (!*any)
				*any = n;
			if (parent && up && attr(up, "name") && !strcmp(attr(up, "name"), parent))
				return n;
		}
		for (k = n->children; k; k = k->next)
			if (k->type == XML_ELEMENT_NODE && (found = find_element(k, name, parent, any)) != NULL)
				return found;
	}
	return NULL;
}

static int shape_of(xmlDocPtr rng, const xmlNode *el, struct shape *s)
{
	xmlNodePtr grammar = xmlDocGetRootElement(rng), def, any = NULL, k;
	const char *parent = el->parent && el->parent->type == XML_ELEMENT_NODE ? (const char *)el->parent->name
										 : NULL;

	memset(s, 0, sizeof(*s));
	if (!grammar)
		return 0;
	def = find_element(grammar, (const char *)el->name, parent, &any);
	if (!def)
		def = any;
	if (!def)
		return 0;
	for (k = def->children; k; k = k->next)
		collect(grammar, k, 0, 0, s);
	return 1;
}

/* An instance attribute's name as the schema writes it ("xml:lang"). */
static void attr_name(const xmlAttr *a, char *buf, size_t size)
{
	if (a->ns && a->ns->prefix)
		snprintf(buf, size, "%s:%s", (const char *)a->ns->prefix, (const char *)a->name);
	else
		snprintf(buf, size, "%s", (const char *)a->name);
}

static void list(char *buf, size_t size, const char *const *names, size_t n)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		int k = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", names[i]);

		if (k < 0)
			return;
		used += (size_t)k;
	}
}

/* Does v match the pattern p (value, choice of values, or data with a
 * pattern or minLength)? -1 when the pattern is of a kind not checked here. */
static int matches(xmlNodePtr grammar, xmlNodePtr p, const char *v, int depth)
{
	xmlNodePtr k;

	if (!p || depth > MAX_DEPTH)
		return -1;
	if (is_rng(p, "ref"))
		return matches(grammar, deref(grammar, p), v, depth + 1);
	if (is_rng(p, "value"))
		return p->children && p->children->content && !strcmp((const char *)p->children->content, v);
	if (is_rng(p, "choice")) {
		for (k = p->children; k; k = k->next)
			if (is_rng(k, "value") && matches(grammar, k, v, depth + 1) == 1)
				return 1;
		return 0;
	}
	if (is_rng(p, "data")) {
		int r = -1;

		for (k = p->children; k; k = k->next) {
			const char *name = is_rng(k, "param") ? attr(k, "name") : NULL;
			const char *pv = k->children ? (const char *)k->children->content : NULL;

			if (name && pv && !strcmp(name, "pattern")) {
				xmlRegexpPtr re = xmlRegexpCompile((const xmlChar *)pv);

				if (re) {
					r = xmlRegexpExec(re, (const xmlChar *)v) == 1;
					xmlRegFreeRegexp(re);
				}
			} else if (name && pv && !strcmp(name, "minLength")) {
				r = strlen(v) >= (size_t)atoi(pv);
			}
			if (r == 0)
				return 0;
		}
		return r;
	}
	return -1;
}

/* What p allows, for a message: "one of a, b" or "pattern P" or "" . */
static void allowed(xmlNodePtr grammar, xmlNodePtr p, char *buf, size_t size, int depth)
{
	xmlNodePtr k;
	size_t used = 0;

	buf[0] = '\0';
	if (!p || depth > MAX_DEPTH)
		return;
	if (is_rng(p, "ref")) {
		allowed(grammar, deref(grammar, p), buf, size, depth + 1);
		return;
	}
	if (is_rng(p, "value") && p->children && p->children->content) {
		snprintf(buf, size, "it must be '%s'", (const char *)p->children->content);
		return;
	}
	if (is_rng(p, "choice")) {
		int n = 0;

		used = (size_t)snprintf(buf, size, "one of");
		for (k = p->children; k && used < size; k = k->next)
			if (is_rng(k, "value") && k->children && k->children->content)
				used += (size_t)snprintf(buf + used, size - used, "%s '%s'", n++ ? "," : "",
							 (const char *)k->children->content);
		return;
	}
	if (is_rng(p, "data")) {
		const char *type = attr(p, "type");

		for (k = p->children; k; k = k->next)
			if (is_rng(k, "param") && attr(k, "name") && k->children) {
				if (!strcmp(attr(k, "name"), "pattern"))
					snprintf(buf, size, "it must match %s", (const char *)k->children->content);
				else if (!strcmp(attr(k, "name"), "minLength"))
					snprintf(buf, size, "it must not be empty");
			}
		if (!buf[0] && type && !strcmp(type, "date"))
			snprintf(buf, size, "it must be a date, YYYY-MM-DD");
	}
}

/* The text of element el (its first text child), "" when none. */
static const char *text_of(const xmlNode *el)
{
	const xmlNode *k;

	for (k = el->children; k; k = k->next)
		if (k->type == XML_TEXT_NODE && k->content)
			return (const char *)k->content;
	return "";
}

static int explain_attributes(xmlNodePtr grammar, const xmlNode *el, const struct shape *s, char *out,
			      size_t size)
{
	const xmlAttr *a;
	char name[128], names[512], what[256];
	size_t i;

	for (a = el->properties; a; a = a->next) {
		attr_name(a, name, sizeof(name));
		for (i = 0; i < s->nattrs && strcmp(s->attr[i], name); i++)
			;
		if (i == s->nattrs) {
			const char *near = textcmp_nearest(name, s->attr, s->nattrs, sizeof(s->attr[0]));

			list(names, sizeof(names), s->attr, s->nattrs);
			if (near)
				snprintf(out, size, "<%s> has no attribute '%s' (did you mean '%s'?)",
					 (const char *)el->name, name, near);
			else
				snprintf(out, size, "<%s> has no attribute '%s' (%s%s)", (const char *)el->name, name,
					 s->nattrs ? "it takes " : "it takes none", names);
			return 1;
		}
		if (a->children && a->children->content) {
			const char *v = (const char *)a->children->content;
			size_t k, used = 0;
			int ok = 0;

			for (k = 0; k < s->nvalues[i]; k++)
				ok |= matches(grammar, s->attr_value[i][k], v, 0) != 0;
			if (ok || !s->nvalues[i])
				continue;
			/* Every pattern the schema has for it, as alternatives. */
			what[0] = '\0';
			for (k = 0; k < s->nvalues[i] && used < sizeof(what); k++) {
				char one[128];

				allowed(grammar, s->attr_value[i][k], one, sizeof(one), 0);
				if (*one)
					used += (size_t)snprintf(what + used, sizeof(what) - used, "%s%s",
								 used ? " or " : "", one);
			}
			snprintf(out, size, "attribute '%s' of <%s> cannot be '%s'%s%s", name, (const char *)el->name, v,
				 *what ? ": " : "", what);
			return 1;
		}
	}
	for (i = 0; i < s->nattrs; i++) {
		if (!s->attr_required[i])
			continue;
		for (a = el->properties; a; a = a->next) {
			attr_name(a, name, sizeof(name));
			if (!strcmp(name, s->attr[i]))
				break;
		}
		if (!a) {
			snprintf(out, size, "<%s> needs the attribute '%s'", (const char *)el->name, s->attr[i]);
			return 1;
		}
	}
	return 0;
}

/* Child elements: one the parent does not have, one missing, one out of order. */
static int explain_children(const xmlNode *el, const struct shape *s, const xmlNode *at, char *out,
			    size_t size)
{
	const xmlNode *k;
	char names[512];
	size_t i, pos = s->nchildren;

	list(names, sizeof(names), s->child, s->nchildren);
	if (at) {
		for (i = 0; i < s->nchildren && strcmp(s->child[i], (const char *)at->name); i++)
			;
		if (i == s->nchildren) {
			const char *near = textcmp_nearest((const char *)at->name, s->child, s->nchildren,
							   sizeof(s->child[0]));

			if (near)
				snprintf(out, size, "<%s> is not an element of <%s> (did you mean <%s>?)",
					 (const char *)at->name, (const char *)el->name, near);
			else
				snprintf(out, size, "<%s> is not an element of <%s>, which holds %s",
					 (const char *)at->name, (const char *)el->name, names);
			return 1;
		}
		pos = i;
	}
	/* The first element the schema requires that is not there. */
	for (i = 0; i < s->nchildren; i++) {
		if (!s->child_required[i])
			continue;
		for (k = el->children; k; k = k->next)
			if (k->type == XML_ELEMENT_NODE && !strcmp((const char *)k->name, s->child[i]))
				break;
		if (!k) {
			if (at && i < pos)
				snprintf(out, size, "<%s> lacks <%s>, which comes before <%s>", (const char *)el->name,
					 s->child[i], (const char *)at->name);
			else
				snprintf(out, size, "<%s> lacks <%s>", (const char *)el->name, s->child[i]);
			return 1;
		}
	}
	if (at) {
		snprintf(out, size, "<%s> is out of order: the elements of <%s> come in the order %s",
			 (const char *)at->name, (const char *)el->name, names);
		return 1;
	}
	return 0;
}

int rnghint_explain(xmlDocPtr rng, const xmlNode *node, const char *message, char *out, size_t size)
{
	xmlNodePtr grammar = rng ? xmlDocGetRootElement(rng) : NULL;
	struct shape s;
	char what[256];
	const char *ns;
	int m;

	if (!grammar || !node || node->type != XML_ELEMENT_NODE || !size)
		return 0;
	out[0] = '\0';
	if ((ns = strstr(message, "has wrong namespace: expecting ")) != NULL) {
		ns += strlen("has wrong namespace: expecting ");
		snprintf(out, size, "<%s> is not in the namespace %s: write xmlns=\"%s\"", (const char *)node->name,
			 ns, ns);
		return 1;
	}
	if (strstr(message, "did not expect element") || strstr(message, "expecting element")) {
		const xmlNode *parent = node->parent;

		if (!parent || parent->type != XML_ELEMENT_NODE || !shape_of(rng, parent, &s))
			return 0;
		return explain_children(parent, &s, node, out, size);
	}
	if (!shape_of(rng, node, &s))
		return 0;
	if (explain_attributes(grammar, node, &s, out, size))
		return 1;
	/* A value check that cannot be made here (a date) trusts libxml2's words. */
	m = s.value && !s.nchildren ? matches(grammar, s.value, text_of(node), 0) : 1;
	if (m == 0 || (m < 0 && (strstr(message, "datatype") || strstr(message, "doesn't allow value")))) {
		allowed(grammar, s.value, what, sizeof(what), 0);
		if (!*what)
			return 0;
		snprintf(out, size, "<%s> cannot be '%s': %s", (const char *)node->name, text_of(node), what);
		return 1;
	}
	return explain_children(node, &s, NULL, out, size);
}
