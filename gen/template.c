/* Template parts: the built-in set compiled from templates/, or parts taken
 * from a user's .odt or .docx and cleaned down to standard ODF and OOXML. */
#include "template.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "docread.h"
#include "embedded.h"
#include "package.h"
#include "sha256.h"
#include "xmlload.h"

#include "banned.h"

/* The parts a renderer asks for; their hash identifies the template. */
static const char *const part_names[] = {
	"odt/styles.xml", "odt/content-styles.xml", "odt/settings.xml", "docx/styles.xml", "docx/settings.xml",
	"docx/fontTable.xml", "docx/header.xml", "docx/footer.xml", "docx/section.xml",
};
#define NPARTS (sizeof(part_names) / sizeof(part_names[0]))

struct template {
	int builtin;
	char hash[65];
	char *parts[NPARTS];       /* user parts; NULL: the built-in one */
	size_t lens[NPARTS];
};

/* Styles a template must define (ODT style:name, DOCX w:styleId): the same
 * names in both, free of characters LibreOffice would rename on saving. */
static const char *const style_names[] = {
	"AGTitle", "AGSubtitle", "AGHeading", "AGBody", "AGNotice", "AGTableHeading",
	"AGTableText", "AGTableCenter", "AGFootnote", "AGNoteAnchor", "AGSignature", "AGStrong",
};

/* Namespaces the official schemas know; markup in any other is dropped. */
static const char *const odf_ns[] = {
	"urn:oasis:names:tc:opendocument:xmlns:",
	"http://www.w3.org/1999/xlink",
	"http://purl.org/dc/elements/1.1/",
	"http://www.w3.org/1998/Math/MathML",
	"http://www.w3.org/XML/1998/namespace",
};
static const char *const ooxml_ns[] = {
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
	"http://www.w3.org/XML/1998/namespace",
};

const template *template_builtin(void)
{
	static template builtin = { 1, "", { NULL }, { 0 } };

	return &builtin;
}

static long part_index(const char *name)
{
	size_t i;

	for (i = 0; i < NPARTS; i++)
		if (!strcmp(part_names[i], name))
			return (long)i;
	return -1;
}

const char *template_part(const template *t, const char *name, size_t *len)
{
	long i = part_index(name);
	const embedded_file *f;

	if (!t->builtin && i >= 0 && t->parts[i]) {
		if (len)
			*len = t->lens[i];
		return t->parts[i];
	}
	f = embedded_find(name);
	if (!f)
		return NULL;
	if (len)
		*len = f->len;
	return f->data;
}

const char *template_hash(const template *t)
{
	template *mut = (template *)t;
	sha256_ctx ctx;
	unsigned char digest[32];
	size_t i, len;

	if (t->hash[0])
		return t->hash;
	sha256_init(&ctx);
	for (i = 0; i < NPARTS; i++) {
		const char *p = template_part(t, part_names[i], &len);

		sha256_update(&ctx, part_names[i], strlen(part_names[i]) + 1);
		if (p)
			sha256_update(&ctx, p, len);
	}
	sha256_final(&ctx, digest);
	for (i = 0; i < 32; i++)
		snprintf(mut->hash + 2 * i, 3, "%02x", digest[i]);
	return t->hash;
}

void template_free(template *t)
{
	size_t i;

	if (!t || t->builtin)
		return;
	for (i = 0; i < NPARTS; i++)
		free(t->parts[i]);
	free(t);
}

static int ns_allowed(const xmlNs *ns, const char *const *allowed, size_t n)
{
	size_t i;

	if (!ns)
		return 1;
	for (i = 0; i < n; i++)
		if (!strncmp((const char *)ns->href, allowed[i], strlen(allowed[i])))
			return 1;
	return 0;
}

/* Drops elements and attributes in namespaces the schemas do not know, and
 * (DOCX) anything that points at a relationship our package does not have. */
static void clean(xmlNodePtr n, const char *const *allowed, size_t na, int docx)
{
	xmlNodePtr c, next;
	xmlAttrPtr a, an;

	for (a = n->properties; a; a = an) {
		an = a->next;
		if (!ns_allowed(a->ns, allowed, na))
			xmlRemoveProp(a);
	}
	for (c = n->children; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!ns_allowed(c->ns, allowed, na) ||
		    (docx && (xmlload_is(c, "drawing") || xmlload_is(c, "pict") || xmlload_is(c, "object") ||
			      xmlload_is(c, "hyperlink")))) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
			continue;
		}
		clean(c, allowed, na, docx);
	}
}

static ag_code store(template *t, const char *name, xmlDocPtr doc, xmlNodePtr root, ag_error *err)
{
	long i = part_index(name);
	xmlBufferPtr buf = xmlBufferCreate();
	char *copy;

	if (!buf)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	if (root && root != xmlDocGetRootElement(doc)) {
		/* A fragment (DOCX section properties) is stored as its element alone. */
		xmlNodeDump(buf, doc, root, 0, 0);
	} else {
		xmlChar *mem = NULL;
		int len = 0;

		xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
		if (mem)
			xmlBufferAdd(buf, mem, len);
		xmlFree(mem);
	}
	copy = malloc((size_t)xmlBufferLength(buf) + 1);
	if (!copy) {
		xmlBufferFree(buf);
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	memcpy(copy, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
	copy[xmlBufferLength(buf)] = '\0';
	t->lens[i] = (size_t)xmlBufferLength(buf);
	t->parts[i] = copy;
	xmlBufferFree(buf);
	return AG_OK;
}

/* Does some element under n carry attribute attr (local name) equal to value? */
static int defines(xmlNodePtr n, const char *elem, const char *attr, const char *value)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlload_is(c, elem)) {
			xmlAttrPtr a;

			for (a = c->properties; a; a = a->next)
				if (!strcmp((const char *)a->name, attr) && a->children &&
				    !strcmp((const char *)a->children->content, value))
					return 1;
		}
		if (defines(c, elem, attr, value))
			return 1;
	}
	return 0;
}

static ag_code require_styles(xmlNodePtr root, const char *elem, const char *attr,
			      const char *const *names, size_t n, const char *path, ag_error *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!defines(root, elem, attr, names[i]))
			return ag_fail(err, AG_ERR_DATA, path, 0,
				       "template does not define style '%s' (see templates/README.md)", names[i]);
	return AG_OK;
}

/* Reads part name of the package as a parsed document. */
static xmlDocPtr read_xml(pkg_reader *r, const char *path, const char *name, ag_error *err)
{
	char *data, label[4400];
	size_t len;
	xmlDocPtr doc;

	if (!pkg_has(r, name)) {
		ag_fail(err, AG_ERR_DATA, path, 0, "template has no '%s'", name);
		return NULL;
	}
	if (pkg_read(r, name, &data, &len, err))
		return NULL;
	snprintf(label, sizeof(label), "%s/%s", path, name);
	doc = xmlload_parse(data, len, label, err);
	free(data);
	return doc;
}

static ag_code load_odt(template *t, pkg_reader *r, const char *path, ag_error *err)
{
	xmlDocPtr doc = read_xml(r, path, "styles.xml", err);
	xmlNodePtr root;
	ag_code rc;

	if (!doc)
		return err->code;
	root = xmlDocGetRootElement(doc);
	if (!root || !xmlload_is(root, "document-styles")) {
		xmlFreeDoc(doc);
		return ag_fail(err, AG_ERR_DATA, path, 0, "template's styles.xml is not ODF styles");
	}
	rc = require_styles(root, "style", "name", style_names, sizeof(style_names) / sizeof(style_names[0]),
			    path, err);
	if (!rc) {
		clean(root, odf_ns, sizeof(odf_ns) / sizeof(odf_ns[0]), 0);
		xmlSetNsProp(root, root->ns, (const xmlChar *)"version", (const xmlChar *)"1.3");
		rc = store(t, "odt/styles.xml", doc, NULL, err);
	}
	xmlFreeDoc(doc);
	return rc;
}

/* The target of relationship id in word/_rels/document.xml.rels, or NULL. */
static char *rel_target(pkg_reader *r, const char *path, const char *id, ag_error *err)
{
	arena a;
	docread_rel *rels;
	size_t n, i;
	char *target = NULL;

	arena_init(&a);
	if (!docread_rels(r, "word/_rels/document.xml.rels", path, &a, &rels, &n, err))
		for (i = 0; i < n && !target; i++)
			if (!rels[i].external && !strcmp(rels[i].id, id))
				target = strdup(rels[i].target);
	arena_release(&a);
	return target;
}

/* Takes the default header or footer the section references. */
static ag_code load_hdrftr(template *t, pkg_reader *r, const char *path, xmlNodePtr sect,
			   const char *ref, const char *part, ag_error *err)
{
	xmlNodePtr n;

	for (n = xmlload_first(sect); n; n = xmlload_next(n)) {
		xmlChar *type, *id;
		char *target;
		xmlDocPtr doc;
		ag_code rc;

		if (!xmlload_is(n, ref))
			continue;
		type = xmlGetNsProp(n, (const xmlChar *)"type", n->ns ? n->ns->href : NULL);
		id = xmlGetNsProp(n, (const xmlChar *)"id",
				  (const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/2006/relationships");
		if (!id || (type && strcmp((const char *)type, "default"))) {
			xmlFree(type);
			xmlFree(id);
			continue;
		}
		target = rel_target(r, path, (const char *)id, err);
		xmlFree(type);
		xmlFree(id);
		if (!target)
			return AG_OK;
		doc = read_xml(r, path, target, err);
		free(target);
		if (!doc)
			return err->code;
		clean(xmlDocGetRootElement(doc), ooxml_ns, sizeof(ooxml_ns) / sizeof(ooxml_ns[0]), 1);
		rc = store(t, part, doc, NULL, err);
		xmlFreeDoc(doc);
		return rc;
	}
	return AG_OK;
}

static ag_code load_docx(template *t, pkg_reader *r, const char *path, ag_error *err)
{
	static const char *const keep[] = { "pgSz", "pgMar", "cols", "docGrid" };
	xmlDocPtr styles = read_xml(r, path, "word/styles.xml", err), doc = NULL;
	xmlNodePtr sect = NULL, n, next;
	ag_code rc;

	if (!styles)
		return err->code;
	rc = require_styles(xmlDocGetRootElement(styles), "style", "styleId", style_names,
			    sizeof(style_names) / sizeof(style_names[0]), path, err);
	if (rc)
		goto done;
	clean(xmlDocGetRootElement(styles), ooxml_ns, sizeof(ooxml_ns) / sizeof(ooxml_ns[0]), 1);
	rc = store(t, "docx/styles.xml", styles, NULL, err);
	if (rc)
		goto done;
	doc = read_xml(r, path, "word/document.xml", err);
	if (!doc) {
		rc = err->code;
		goto done;
	}
	/* The body's last child is the final section's properties. */
	for (n = xmlload_first(xmlDocGetRootElement(doc)); n && !xmlload_is(n, "body"); n = xmlload_next(n))
		;
	for (n = n ? xmlload_first(n) : NULL; n; n = xmlload_next(n))
		if (xmlload_is(n, "sectPr"))
			sect = n;
	if (!sect) {
		rc = ag_fail(err, AG_ERR_DATA, path, 0, "template has no page setup (w:sectPr)");
		goto done;
	}
	rc = load_hdrftr(t, r, path, sect, "headerReference", "docx/header.xml", err);
	if (!rc)
		rc = load_hdrftr(t, r, path, sect, "footerReference", "docx/footer.xml", err);
	if (rc)
		goto done;
	/* Keep the page size, margins, columns and grid; the references are ours. */
	for (n = sect->children; n; n = next) {
		size_t i;

		next = n->next;
		for (i = 0; i < sizeof(keep) / sizeof(keep[0]) && !xmlload_is(n, keep[i]); i++)
			;
		if (n->type != XML_ELEMENT_NODE || i == sizeof(keep) / sizeof(keep[0])) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
	}
	clean(sect, ooxml_ns, sizeof(ooxml_ns) / sizeof(ooxml_ns[0]), 1);
	{
		xmlNodePtr hdr = xmlNewNode(sect->ns, (const xmlChar *)"headerReference");
		xmlNodePtr ftr = xmlNewNode(sect->ns, (const xmlChar *)"footerReference");
		xmlNsPtr rns = xmlSearchNsByHref(doc, sect,
						 (const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/2006/relationships");

		if (!hdr || !ftr || !rns) {
			xmlFreeNode(hdr);
			xmlFreeNode(ftr);
			rc = ag_fail(err, AG_ERR_DATA, path, 0, "template's page setup cannot be read");
			goto done;
		}
		xmlSetNsProp(hdr, sect->ns, (const xmlChar *)"type", (const xmlChar *)"default");
		xmlSetNsProp(hdr, rns, (const xmlChar *)"id", (const xmlChar *)"rIdHeader");
		xmlSetNsProp(ftr, sect->ns, (const xmlChar *)"type", (const xmlChar *)"default");
		xmlSetNsProp(ftr, rns, (const xmlChar *)"id", (const xmlChar *)"rIdFooter");
		if (sect->children) {
			xmlAddPrevSibling(sect->children, ftr);
			xmlAddPrevSibling(ftr, hdr);
		} else {
			xmlAddChild(sect, hdr);
			xmlAddChild(sect, ftr);
		}
	}
	rc = store(t, "docx/section.xml", doc, sect, err);
done:
	xmlFreeDoc(styles);
	xmlFreeDoc(doc);
	return rc;
}

template *template_load(const char *path, ag_error *err)
{
	pkg_reader *r;
	template *t = calloc(1, sizeof(*t));
	size_t n = strlen(path);
	ag_code rc;
	pkg_limits lim = { 256, TEMPLATE_MAX_FILE, 4 * (size_t)TEMPLATE_MAX_FILE };

	if (!t) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	r = pkg_reader_open_file(path, &lim, err);
	if (!r) {
		free(t);
		return NULL;
	}
	if (n > 4 && !strcmp(path + n - 4, ".odt"))
		rc = load_odt(t, r, path, err);
	else if (n > 5 && !strcmp(path + n - 5, ".docx"))
		rc = load_docx(t, r, path, err);
	else
		rc = ag_fail(err, AG_ERR_USAGE, path, 0, "a template must be an .odt or .docx file");
	pkg_reader_free(r);
	if (rc) {
		template_free(t);
		return NULL;
	}
	return t;
}
