/* Package relationships and content types (ECMA-376 Part 2, Open Packaging
 * Conventions): what points where in a DOCX, resolved to part names. */
#include "opc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "xmlload.h"

#include "banned.h"

/* A relationships part lists a few dozen targets; a filled form's may list
 * every hyperlink and picture. More than this is refused, not read. */
#define MAX_RELS 65536

static char *dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

xmlDocPtr opc_part_xml(pkg_reader *r, const char *path, const char *name, ag_error *err)
{
	char *data, label[4400];
	size_t len;
	xmlDocPtr doc;

	if (pkg_read(r, name, &data, &len, err))
		return NULL;
	snprintf(label, sizeof(label), "%s/%s", path, name);
	doc = xmlload_parse(data, len, label, err);
	free(data);
	return doc;
}

/* Value of n's attribute attr in no namespace, or NULL; owned by n. */
static const char *attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;

	for (a = n ? n->properties : NULL; a; a = a->next)
		if (!a->ns && !strcmp((const char *)a->name, name))
			return a->children && a->children->content ? (const char *)a->children->content : "";
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/*
 * Resolves target against the part source (a part name without its
 * leading '/', "" for the package root) into out: RFC 3986 §5.2 with the
 * part's folder as base, percent-escapes decoded (Part 2 §9.1.1.1). 0 when
 * the target is not a part of this package: it has a scheme or a
 * fragment, climbs above the root, decodes to a control byte, or is too
 * long.
 */
static int resolve(const char *source, const char *target, char *out, size_t size)
{
	char buf[1024];
	size_t n = 0;
	const char *p, *slash;

	/* A scheme ("http:", "file:") before any '/' makes it absolute and external. */
	for (p = target; *p && *p != '/' && *p != ':' && *p != '?' && *p != '#'; p++)
		;
	if (*p == ':' || strchr(target, '#') || strchr(target, '?') || !*target)
		return 0;
	if (target[0] != '/') {
		slash = strrchr(source, '/');
		if (slash) {
			if ((size_t)(slash - source) + 1 >= sizeof(buf))
				return 0;
			memcpy(buf, source, (size_t)(slash - source) + 1);
			n = (size_t)(slash - source) + 1;
		}
	}
	for (p = target; *p; p++) {
		char c = *p;

		if (c == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			c = (char)(hexval(p[1]) * 16 + hexval(p[2]));
			p += 2;
		}
		if ((unsigned char)c < 0x20 || c == '\\' || n + 1 >= sizeof(buf))
			return 0;
		buf[n++] = c;
	}
	buf[n] = '\0';
	/* Remove dot segments, component by component. */
	n = 0;
	for (p = buf; *p;) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* "//" and "./" add nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (!n)
				return 0;
			while (n && out[n - 1] != '/')
				n--;
			if (n)
				n--;
		} else {
			if (n + len + 2 >= size)
				return 0;
			if (n)
				out[n++] = '/';
			memcpy(out + n, p, len);
			n += len;
		}
		p += len + (e != NULL);
	}
	out[n] = '\0';
	return n > 0;
}

/* The name of the relationships part of source (§9.3.4): folder/_rels/name.rels. */
static void rels_name(const char *source, char *out, size_t size)
{
	const char *slash = strrchr(source, '/');

	if (slash)
		snprintf(out, size, "%.*s/_rels/%s.rels", (int)(slash - source), source, slash + 1);
	else
		snprintf(out, size, "_rels/%s.rels", source);
}

void opc_rels_free(opc_rel *rels, size_t n)
{
	size_t i;

	for (i = 0; rels && i < n; i++) {
		free(rels[i].id);
		free(rels[i].type);
		free(rels[i].target);
	}
	free(rels);
}

ag_code opc_rels_read(pkg_reader *r, const char *path, const char *source, opc_rel **rels,
		       size_t *n, ag_error *err)
{
	char name[1100], part[1024];
	xmlDocPtr doc;
	xmlNodePtr e;
	opc_rel *list = NULL;
	size_t count = 0, cap = 0;

	*rels = NULL;
	*n = 0;
	rels_name(source, name, sizeof(name));
	if (!pkg_has(r, name))
		return AG_OK;
	doc = opc_part_xml(r, path, name, err);
	if (!doc)
		return err->code;
	for (e = xmlload_first(xmlDocGetRootElement(doc)); e; e = xmlload_next(e)) {
		const char *id = attr(e, "Id"), *type = attr(e, "Type");
		const char *target = attr(e, "Target"), *mode = attr(e, "TargetMode");
		opc_rel *rel;

		if (!xmlload_is(e, "Relationship") || !id || !type || !target)
			continue;
		if (count == MAX_RELS) {
			xmlFreeDoc(doc);
			opc_rels_free(list, count);
			return ag_fail(err, AG_ERR_LIMIT, path, 0, "'%s' has more than %d relationships",
				       name, MAX_RELS);
		}
		if (count == cap) {
			opc_rel *grown = realloc(list, (cap = cap ? 2 * cap : 16) * sizeof(*list));

			if (!grown) {
				xmlFreeDoc(doc);
				opc_rels_free(list, count);
				return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
			}
			list = grown;
		}
		rel = &list[count];
		memset(rel, 0, sizeof(*rel));
		rel->external = (mode && !strcmp(mode, "External")) ||
				!resolve(source, target, part, sizeof(part));
		rel->id = dup(id);
		rel->type = dup(type);
		rel->target = dup(rel->external ? target : part);
		count++;
		if (!rel->id || !rel->type || !rel->target) {
			xmlFreeDoc(doc);
			opc_rels_free(list, count);
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		}
	}
	xmlFreeDoc(doc);
	*rels = list;
	*n = count;
	return AG_OK;
}

const opc_rel *opc_rels_find(const opc_rel *rels, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(rels[i].id, id))
			return &rels[i];
	return NULL;
}

const opc_rel *opc_rels_by_type(const opc_rel *rels, size_t n, const char *kind)
{
	size_t i, k = strlen(kind);

	for (i = 0; i < n; i++) {
		size_t len = strlen(rels[i].type);

		if (len > k && rels[i].type[len - k - 1] == '/' && !strcmp(rels[i].type + len - k, kind))
			return &rels[i];
	}
	return NULL;
}

ag_code opc_content_type(pkg_reader *r, const char *path, const char *part, char *buf,
			  size_t size, ag_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr e;
	const char *dot = strrchr(part, '.'), *slash = strrchr(part, '/');
	const char *found = NULL;

	buf[0] = '\0';
	if (!pkg_has(r, "[Content_Types].xml"))
		return AG_OK;
	doc = opc_part_xml(r, path, "[Content_Types].xml", err);
	if (!doc)
		return err->code;
	if (dot && slash && dot < slash)
		dot = NULL;
	for (e = xmlload_first(xmlDocGetRootElement(doc)); e; e = xmlload_next(e)) {
		const char *type = attr(e, "ContentType");

		if (!type)
			continue;
		if (xmlload_is(e, "Override")) {
			const char *name = attr(e, "PartName");

			/* Part names compare case-insensitively (§9.1.1.1). */
			if (name && name[0] == '/' && !strcasecmp(name + 1, part)) {
				found = type;
				break;
			}
		} else if (xmlload_is(e, "Default") && dot && !found) {
			const char *ext = attr(e, "Extension");

			if (ext && !strcasecmp(ext, dot + 1))
				found = type;
		}
	}
	if (found)
		snprintf(buf, size, "%s", found);
	xmlFreeDoc(doc);
	return AG_OK;
}
