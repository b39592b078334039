/* The one place that drives libxml2's parser and RELAX NG validator, set up
 * so hostile input is refused with a file:line error and never fetched. */
#include "xmlload.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "embedded.h"
#include "rnghint.h"

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
	size_t i, n;

	snprintf(dst, size, "%s", msg ? msg : "unknown error");
	/* One error is one line: libxml2 sometimes adds a second, and quotes
	 * values that may hold line breaks or C1 controls (U+0080-U+009F,
	 * which a terminal may obey); those become spaces and '?'. */
	for (i = n = 0; dst[i]; i++, n++) {
		unsigned char c = (unsigned char)dst[i];

		if (c == 0xc2 && (unsigned char)dst[i + 1] >= 0x80 && (unsigned char)dst[i + 1] <= 0x9f) {
			dst[n] = '?';
			i++;
		} else {
			dst[n] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
		}
	}
	dst[n] = '\0';
	while (n && (dst[n - 1] == '\n' || dst[n - 1] == ' ' || dst[n - 1] == '.'))
		dst[--n] = '\0';
	/* libxml2 capitalises some messages; ours are lowercase. */
	if (dst[0] >= 'A' && dst[0] <= 'Z' && !(dst[1] >= 'A' && dst[1] <= 'Z'))
		dst[0] = (char)(dst[0] - 'A' + 'a');
}

/* Some libxml2 messages name its internals or span lines; the hostile inputs
 * they report get our own wording instead. Returns the code to report. */
static ag_code reword(const xmlError *e, char *msg, size_t size)
{
	const char *m = e->message ? e->message : "";
	const char *bytes = strstr(m, "Bytes:");
	unsigned long c;

	if (!strncmp(m, "Input is not proper UTF-8", 25)) {
		char b[64] = "";

		if (bytes)
			copy_message(b, sizeof(b), bytes + 7);
		snprintf(msg, size, "invalid UTF-8%s%s%s: save the file as UTF-8",
			 *b ? " (bytes " : "", b, *b ? ")" : "");
		return AG_ERR_DATA;
	}
	if (e->code == XML_ERR_INVALID_CHAR &&
	    (sscanf(m, "PCDATA invalid Char value %lu", &c) == 1 ||
	     sscanf(m, "Char 0x%lX out of allowed range", &c) == 1 ||
	     sscanf(m, "xmlParseCharRef: invalid xmlChar value %lu", &c) == 1)) {
		snprintf(msg, size, "character U+%04lX is not allowed in XML%s", c,
			 !strncmp(m, "xmlParseCharRef", 15) ? " (not even as a character reference)" : "");
		return AG_ERR_DATA;
	}
	/* libxml2's own limit (256 unless XML_PARSE_HUGE, which we never set). */
	if (sscanf(m, "Excessive depth in document: %lu", &c) == 1) {
		snprintf(msg, size, "elements are nested more than %lu levels deep", c);
		return AG_ERR_LIMIT;
	}
	copy_message(msg, size, m);
	return AG_ERR_DATA;
}

static void on_error(void *ctx, xmlErrorPtr e)
{
	struct report *r = ctx ? ctx : current;
	char msg[sizeof(r->err->msg)];
	ag_code code;
	long line;

	if (!r || r->failed || !e || e->level < XML_ERR_ERROR)
		return;
	r->failed = 1;
	code = reword(e, msg, sizeof(msg));
	line = e->line;
	if (line <= 0 && e->node)
		line = xmlGetLineNo((xmlNodePtr)e->node);
	ag_fail(r->err, code, r->name, line, "%s", msg);
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

/* The encoding a document declares or its first bytes show, into enc ("" for
 * UTF-8 or none). Read before libxml2 sees the bytes: a file whose bytes do
 * not match its declaration (UTF-8 saved as Big5) would otherwise fail in the
 * converter with a message that names neither a line nor the encoding. */
static void sniff_encoding(const char *data, size_t len, char *enc, size_t size)
{
	const unsigned char *u = (const unsigned char *)data;
	const char *p, *end;
	char quote;
	size_t n;

	enc[0] = '\0';
	if (len >= 4 && ((!u[0] && !u[1] && u[2] == 0xfe && u[3] == 0xff) ||
			 (u[0] == 0xff && u[1] == 0xfe && !u[2] && !u[3]))) {
		snprintf(enc, size, "UTF-32");
		return;
	}
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff) ||
			 (!u[0] && u[1] == '<') || (u[0] == '<' && !u[1]))) {
		snprintf(enc, size, "UTF-16");
		return;
	}
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		data += 3;
		len -= 3;
	}
	if (len < 5 || memcmp(data, "<?xml", 5))
		return;
	/* The declaration ends at the first "?>", within a few hundred bytes. */
	for (end = data; end + 1 < data + len && end < data + 512 && memcmp(end, "?>", 2); end++)
		;
	for (p = data + 5; p + 8 <= end && memcmp(p, "encoding", 8); p++)
		;
	if (p + 8 > end)
		return;
	for (p += 8; p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '='); p++)
		;
	if (p >= end || (*p != '"' && *p != '\''))
		return;
	quote = *p++;
	for (n = 0; p + n < end && p[n] != quote; n++)
		;
	snprintf(enc, size, "%.*s", (int)(n < 40 ? n : 40), p);
	/* Only ASCII letters, digits and "._-:" can name an encoding. */
	for (n = 0; enc[n]; n++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:", enc[n]))
			enc[n] = '?';
	if (!strcasecmp(enc, "UTF-8"))
		enc[0] = '\0';
}

/* libxml2 2.9 sets itself up on first use without a lock; threads (serve)
 * must find it done. */
static void init_once(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, xmlInitParser);
}

xmlDocPtr xmlload_parse(const char *data, size_t len, const char *name, ag_error *err)
{
	struct report r = { err, name, 0, 0 };
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
	char enc[48];

	if (len > (size_t)0x7fffffff) {
		ag_fail(err, AG_ERR_LIMIT, name, 0, "file is too large to parse");
		return NULL;
	}
	sniff_encoding(data, len, enc, sizeof(enc));
	if (enc[0]) {
		ag_fail(err, AG_ERR_DATA, name, 1,
			"encoding '%s' is not supported: save the file as UTF-8", enc);
		return NULL;
	}
	init_once();
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

/* Compiled once per process and shared: a validation reads the schema and
 * keeps its state in its own context. The lock makes the first compile
 * (which also sets up libxml2's RELAX NG types) happen once across threads. */
static struct {
	const char *name;
	xmlRelaxNGPtr schema;
	xmlDocPtr doc;          /* the schema as a tree, for rnghint; may be NULL */
} schemas[4];
static pthread_mutex_t schemas_lock = PTHREAD_MUTEX_INITIALIZER;

static xmlRelaxNGPtr schema_compile(const char *schema_name, xmlDocPtr *tree, ag_error *err)
{
	const embedded_file *f;
	xmlRelaxNGParserCtxtPtr pctxt;
	xmlRelaxNGPtr schema;
	size_t i;

	for (i = 0; i < sizeof(schemas) / sizeof(schemas[0]) && schemas[i].name; i++)
		if (!strcmp(schemas[i].name, schema_name)) {
			*tree = schemas[i].doc;
			return schemas[i].schema;
		}
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
	/* Without the tree (out of memory) messages are libxml2's own. */
	schemas[i].doc = xmlReadMemory(f->data, (int)f->len, schema_name, NULL, XML_PARSE_NONET);
	*tree = schemas[i].doc;
	return schema;
}

/* The compiled schema_name, and its tree in *tree (may be NULL). */
static xmlRelaxNGPtr schema_get(const char *schema_name, xmlDocPtr *tree, ag_error *err)
{
	xmlRelaxNGPtr schema;

	pthread_mutex_lock(&schemas_lock);
	schema = schema_compile(schema_name, tree, err);
	pthread_mutex_unlock(&schemas_lock);
	return schema;
}

/* The first validity error: libxml2's words and the element it concerns. */
struct invalid {
	char msg[512];
	const xmlNode *node;
	long line;
	int seen;
};

static void on_invalid(void *ctx, xmlErrorPtr e)
{
	struct invalid *v = ctx;

	if (v->seen || !e || e->level < XML_ERR_ERROR)
		return;
	v->seen = 1;
	copy_message(v->msg, sizeof(v->msg), e->message ? e->message : "");
	v->node = (const xmlNode *)e->node;
	v->line = e->line;
	if (v->line <= 0 && v->node)
		v->line = xmlGetLineNo(v->node);
}

ag_code xmlload_validate(xmlDocPtr doc, const char *schema_name, const char *name, ag_error *err)
{
	struct invalid v = { "", NULL, 0, 0 };
	xmlRelaxNGValidCtxtPtr vctxt;
	xmlRelaxNGPtr schema;
	xmlDocPtr tree = NULL;
	char why[1024];
	int ret;

	init_once();
	xmlSetGenericErrorFunc(NULL, on_generic);
	schema = schema_get(schema_name, &tree, err);
	if (!schema)
		return err ? err->code : AG_ERR_INTERNAL;
	vctxt = xmlRelaxNGNewValidCtxt(schema);
	if (!vctxt)
		return ag_fail(err, AG_ERR_NOMEM, name, 0, "out of memory");
	xmlRelaxNGSetValidStructuredErrors(vctxt, on_invalid, &v);
	ret = xmlRelaxNGValidateDoc(vctxt, doc);
	xmlRelaxNGFreeValidCtxt(vctxt);
	if (ret == 0)
		return AG_OK;
	if (!v.seen)
		return ag_fail(err, AG_ERR_DATA, name, 0, "does not match the schema '%s'", schema_name);
	/* libxml2 says that an element failed; the schema says what it lacks. */
	if (rnghint_explain(tree, v.node, v.msg, why, sizeof(why)))
		return ag_fail(err, AG_ERR_DATA, name, v.line, "%s", why);
	return ag_fail(err, AG_ERR_DATA, name, v.line, "%s", v.msg);
}

void xmlload_cleanup(void)
{
	size_t i;

	for (i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++) {
		if (schemas[i].schema)
			xmlRelaxNGFree(schemas[i].schema);
		xmlFreeDoc(schemas[i].doc);
		schemas[i].doc = NULL;
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

xmlNodePtr xmlload_child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;

	for (n = xmlload_first(parent); n; n = xmlload_next(n))
		if (xmlload_is(n, name))
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
