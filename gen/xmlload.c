/* The one place that drives libxml2's parser and RELAX NG validator, set up
 * so hostile input is refused with a file:line error and never fetched. */
#include "xmlload.h"

#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "embedded.h"

#include "banned.h"

struct report {
	ag_error *err;
	const char *name;
	int failed;
	long doctype_line;
};

/* libxml2 reports through callbacks; this is their context for one call. */
static _Thread_local struct report *current;

static void copy_message(char *dst, size_t size, const char *msg)
{
	size_t n;

	snprintf(dst, size, "%s", msg ? msg : "unknown error");
	n = strlen(dst);
	while (n && (dst[n - 1] == '\n' || dst[n - 1] == ' ' || dst[n - 1] == '.'))
		dst[--n] = '\0';
	/* libxml2 capitalises some messages; ours are lowercase. */
	if (dst[0] >= 'A' && dst[0] <= 'Z' && !(dst[1] >= 'A' && dst[1] <= 'Z'))
		dst[0] = (char)(dst[0] - 'A' + 'a');
}

static void on_error(void *ctx, xmlErrorPtr e)
{
	struct report *r = ctx ? ctx : current;
	char msg[sizeof(r->err->msg)];
	long line;

	if (!r || r->failed || !e || e->level < XML_ERR_ERROR)
		return;
	r->failed = 1;
	copy_message(msg, sizeof(msg), e->message);
	line = e->line;
	if (line <= 0 && e->node)
		line = xmlGetLineNo((xmlNodePtr)e->node);
	ag_fail(r->err, AG_ERR_DATA, r->name, line, "%s", msg);
}

static void on_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
			   const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = ctx;

	(void)name;
	(void)ext;
	(void)sys;
	if (current && !current->doctype_line)
		current->doctype_line = ctxt->input ? ctxt->input->line : 1;
	xmlStopParser(ctxt);
}

xmlDocPtr xmlload_parse(const char *data, size_t len, const char *name, ag_error *err)
{
	struct report r = { err, name, 0, 0 };
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;

	if (len > (size_t)0x7fffffff) {
		ag_fail(err, AG_ERR_LIMIT, name, 0, "file is too large to parse");
		return NULL;
	}
	current = &r;
	xmlSetGenericErrorFunc(NULL, on_generic);
	xmlSetStructuredErrorFunc(&r, on_error);
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		ag_fail(err, AG_ERR_NOMEM, name, 0, "out of memory");
		goto fail;
	}
	ctxt->sax->internalSubset = refuse_doctype;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, opts);
	if (r.doctype_line) {
		r.failed = 1;
		ag_fail(err, AG_ERR_DATA, name, r.doctype_line,
			"document type declarations are not allowed (no DTD, no entities)");
		goto fail;
	}
	if (!doc || !ctxt->wellFormed) {
		if (!r.failed)
			ag_fail(err, AG_ERR_DATA, name, 0, "not well-formed XML");
		goto fail;
	}
	if (doc->encoding && strcasecmp((const char *)doc->encoding, "UTF-8")) {
		ag_fail(err, AG_ERR_DATA, name, 1,
			"encoding '%s' is not supported: save the file as UTF-8",
			(const char *)doc->encoding);
		goto fail;
	}
	if (!doc->version || strcmp((const char *)doc->version, "1.0")) {
		ag_fail(err, AG_ERR_DATA, name, 1, "XML version '%s' is not supported: use 1.0",
			doc->version ? (const char *)doc->version : "");
		goto fail;
	}
	xmlFreeParserCtxt(ctxt);
	xmlSetStructuredErrorFunc(NULL, NULL);
	current = NULL;
	return doc;
fail:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	xmlSetStructuredErrorFunc(NULL, NULL);
	current = NULL;
	return NULL;
}

static struct {
	const char *name;
	xmlRelaxNGPtr schema;
} schemas[4];

static xmlRelaxNGPtr schema_get(const char *schema_name, ag_error *err)
{
	const embedded_file *f;
	xmlRelaxNGParserCtxtPtr pctxt;
	xmlRelaxNGPtr schema;
	size_t i;

	for (i = 0; i < sizeof(schemas) / sizeof(schemas[0]) && schemas[i].name; i++)
		if (!strcmp(schemas[i].name, schema_name))
			return schemas[i].schema;
	f = embedded_find(schema_name);
	if (!f || i == sizeof(schemas) / sizeof(schemas[0])) {
		ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "schema '%s' is not built in", schema_name);
		return NULL;
	}
	pctxt = xmlRelaxNGNewMemParserCtxt(f->data, (int)f->len);
	if (!pctxt) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	schema = xmlRelaxNGParse(pctxt);
	xmlRelaxNGFreeParserCtxt(pctxt);
	if (!schema) {
		ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "built-in schema '%s' does not compile", schema_name);
		return NULL;
	}
	schemas[i].name = schema_name;
	schemas[i].schema = schema;
	return schema;
}

ag_code xmlload_validate(xmlDocPtr doc, const char *schema_name, const char *name, ag_error *err)
{
	struct report r = { err, name, 0, 0 };
	xmlRelaxNGValidCtxtPtr vctxt;
	xmlRelaxNGPtr schema;
	int ret;

	xmlSetGenericErrorFunc(NULL, on_generic);
	schema = schema_get(schema_name, err);
	if (!schema)
		return err ? err->code : AG_ERR_INTERNAL;
	vctxt = xmlRelaxNGNewValidCtxt(schema);
	if (!vctxt)
		return ag_fail(err, AG_ERR_NOMEM, name, 0, "out of memory");
	xmlRelaxNGSetValidStructuredErrors(vctxt, on_error, &r);
	ret = xmlRelaxNGValidateDoc(vctxt, doc);
	xmlRelaxNGFreeValidCtxt(vctxt);
	if (ret == 0)
		return AG_OK;
	if (!r.failed)
		ag_fail(err, AG_ERR_DATA, name, 0, "does not match the schema '%s'", schema_name);
	return AG_ERR_DATA;
}

void xmlload_cleanup(void)
{
	size_t i;

	for (i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++) {
		if (schemas[i].schema)
			xmlRelaxNGFree(schemas[i].schema);
		schemas[i].name = NULL;
		schemas[i].schema = NULL;
	}
	xmlCleanupParser();
}

long xmlload_line(const xmlNode *n)
{
	return xmlGetLineNo(n);
}

xmlNodePtr xmlload_next(xmlNodePtr n)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

xmlNodePtr xmlload_first(xmlNodePtr parent)
{
	xmlNodePtr n = parent ? parent->children : NULL;

	if (n && n->type != XML_ELEMENT_NODE)
		n = xmlload_next(n);
	return n;
}

int xmlload_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

int xmlload_has(xmlNodePtr n, const char *attr)
{
	return xmlHasProp(n, (const xmlChar *)attr) != NULL;
}

static char *trimmed_copy(arena *mem, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return arena_strndup(mem, s, n);
}

char *xmlload_attr(arena *mem, xmlNodePtr n, const char *attr)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
	char *copy;

	if (!v)
		return NULL;
	copy = trimmed_copy(mem, (const char *)v);
	xmlFree(v);
	return copy;
}

char *xmlload_content(arena *mem, xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *copy;

	if (!v)
		return arena_strdup(mem, "");
	copy = trimmed_copy(mem, (const char *)v);
	xmlFree(v);
	return copy;
}

char *xmlload_lang(arena *mem, xmlNodePtr n)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"lang", XML_XML_NAMESPACE);
	char *copy;

	if (!v)
		return NULL;
	copy = arena_strdup(mem, (const char *)v);
	xmlFree(v);
	return copy;
}
