/* Template parts: the built-in set compiled from templates/, or parts taken
 * from a user's .odt or .docx and cleaned down to standard ODF and OOXML. */
#include "template.h"

#include <ctype.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "embedded.h"
#include "package.h"
#include "sha256.h"
#include "tmpl.h"
#include "xmlload.h"

#include "banned.h"

static const char *const part_names[TP_COUNT] = {
	"odt/styles.xml", "odt/content-styles.xml", "odt/settings.xml", "docx/styles.xml", "docx/settings.xml",
	"docx/fontTable.xml", "docx/header.xml", "docx/footer.xml", "docx/section.xml",
	"docx/header.xml.rels", "docx/footer.xml.rels",
};

/* The placeholders a header or footer may hold (templates/README.md). */
static const char *const placeholders[] = {
	"HEADER_TEXT", "PAGE_BEFORE", "PAGE_MIDDLE", "PAGE_AFTER",
	"LANGUAGE", "COUNTRY", "LANGUAGE_ASIAN", "COUNTRY_ASIAN", "LANG", "LANG_ASIAN",
};
#define NPLACEHOLDERS (sizeof(placeholders) / sizeof(placeholders[0]))

static template builtin = { .builtin = 1 };

static void set_hash(template *t);

static void hash_builtin(void)
{
	set_hash(&builtin);
}

const template *template_builtin(void)
{
	return &builtin;
}

static long part_index(const char *name)
{
	size_t i;

	for (i = 0; i < TP_COUNT; i++)
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

const template_media *template_media_list(const template *t, const char *fmt, size_t *n)
{
	*n = 0;
	if (t->builtin || !t->fmt || strcmp(t->fmt, fmt))
		return NULL;
	*n = t->nmedia;
	return t->media;
}

unsigned template_text_width(const template *t)
{
	return t->builtin ? 0 : t->text_width;
}

/* Done once per template: threads then only read it. */
static void set_hash(template *t)
{
	sha256_ctx ctx;
	unsigned char digest[32];
	size_t i, len;

	sha256_init(&ctx);
	for (i = 0; i < TP_COUNT; i++) {
		const char *p = template_part(t, part_names[i], &len);

		/* Parts added since templates were first hashed count only when
		 * present, so the built-in template keeps its hash. */
		if (!p && i >= TP_DOCX_HEADER_RELS)
			continue;
		sha256_update(&ctx, part_names[i], strlen(part_names[i]) + 1);
		if (p)
			sha256_update(&ctx, p, len);
	}
	for (i = 0; !t->builtin && i < t->nmedia; i++) {
		sha256_update(&ctx, t->media[i].name, strlen(t->media[i].name) + 1);
		sha256_update(&ctx, t->media[i].type, strlen(t->media[i].type) + 1);
		sha256_update(&ctx, t->media[i].data, t->media[i].len);
	}
	sha256_final(&ctx, digest);
	for (i = 0; i < 32; i++)
		snprintf(t->hash + 2 * i, 3, "%02x", digest[i]);
}

/* A loaded template is hashed as it is loaded; the built-in one on first
 * use, once across threads (a single document never needs it). */
const char *template_hash(const template *t)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	if (t->builtin)
		pthread_once(&once, hash_builtin);
	return t->hash;
}

void template_free(template *t)
{
	size_t i;

	if (!t || t->builtin)
		return;
	for (i = 0; i < TP_COUNT; i++)
		free(t->parts[i]);
	for (i = 0; i < t->nmedia; i++) {
		free(t->media[i].data);
		free(t->media_src[i]);
	}
	free(t);
}

ag_code tmpl_loop_error(ag_error *err, const char *path, const char *style, const char *parent)
{
	if (!strcmp(style, parent))
		return ag_fail(err, AG_ERR_DATA, path, 0, "template style '%s' is based on itself", style);
	return ag_fail(err, AG_ERR_DATA, path, 0, "template style '%s' is based on itself (through '%s')",
		       style, parent);
}

ag_code tmpl_depth_error(ag_error *err, const char *path, const char *style)
{
	return ag_fail(err, AG_ERR_DATA, path, 0, "template style '%s' is based on a chain of more than %d styles",
		       style, TMPL_MAX_STYLE_DEPTH);
}

void tmpl_drop(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

const char *tmpl_attr(xmlNodePtr n, const char *ns, const char *attr)
{
	xmlAttrPtr a;

	for (a = n ? n->properties : NULL; a; a = a->next) {
		if (strcmp((const char *)a->name, attr))
			continue;
		if (ns ? !a->ns || strcmp((const char *)a->ns->href, ns) : a->ns != NULL)
			continue;
		return a->children && a->children->content ? (const char *)a->children->content : "";
	}
	return NULL;
}

static int ns_allowed(const xmlNs *ns, const char *const *allowed, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strncmp((const char *)ns->href, allowed[i], strlen(allowed[i])))
			return 1;
	return 0;
}

void tmpl_clean(xmlNodePtr n, const char *const *allowed, size_t na)
{
	xmlNodePtr c, next;
	xmlAttrPtr a, an;

	for (a = n->properties; a; a = an) {
		an = a->next;
		/* An attribute in no namespace is plain (DrawingML's cx=) unless
		 * its name still has the prefix no one declared. */
		if (a->ns ? !ns_allowed(a->ns, allowed, na) : strchr((const char *)a->name, ':') != NULL)
			xmlRemoveProp(a);
	}
	for (c = n->children; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!c->ns || !ns_allowed(c->ns, allowed, na)) {
			tmpl_drop(c);
			continue;
		}
		tmpl_clean(c, allowed, na);
	}
}

ag_code tmpl_store(template *t, int idx, xmlDocPtr doc, xmlNodePtr root, ag_error *err)
{
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
	free(t->parts[idx]);
	t->lens[idx] = (size_t)xmlBufferLength(buf);
	t->parts[idx] = copy;
	xmlBufferFree(buf);
	return AG_OK;
}

int tmpl_image_type(const char *type)
{
	static const char tspecials[] = "()<>@,;:\\\"/[]?={} \t";
	const char *p;

	if (strncmp(type, "image/", 6) || !type[6])
		return 0;
	for (p = type + 6; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || strchr(tspecials, *p))
			return 0;
	return 1;
}

ag_code tmpl_add_media(template *t, pkg_reader *r, const char *path, const char *name,
		       const char *type, const char *out_dir, const char **out, ag_error *err)
{
	template_media *m;
	const char *dot = strrchr(name, '.'), *slash = strrchr(name, '/');
	char ext[9] = "";
	size_t k = 0, i;
	ag_code rc;

	if (!tmpl_image_type(type))
		return ag_fail(err, AG_ERR_DATA, path, 0, "template's image '%s' has a bad media type", name);
	/* An image used twice (header and footer) is carried once. */
	for (i = 0; i < t->nmedia; i++)
		if (!strcmp(t->media_src[i], name)) {
			*out = t->media[i].name;
			return AG_OK;
		}
	if (t->nmedia == TMPL_MAX_MEDIA)
		return ag_fail(err, AG_ERR_LIMIT, path, 0,
			       "template's header and footer use more than %d images", TMPL_MAX_MEDIA);
	/* The extension names the format for readers that look; only letters and digits. */
	if (dot && (!slash || dot > slash))
		for (dot++; *dot && k + 1 < sizeof(ext); dot++)
			if (isalnum((unsigned char)*dot))
				ext[k++] = (char)tolower((unsigned char)*dot);
	ext[k] = '\0';
	m = &t->media[t->nmedia];
	rc = pkg_read(r, name, &m->data, &m->len, err);
	if (rc)
		return rc;
	t->media_src[t->nmedia] = malloc(strlen(name) + 1);
	if (!t->media_src[t->nmedia]) {
		free(m->data);
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	memcpy(t->media_src[t->nmedia], name, strlen(name) + 1);
	snprintf(m->name, sizeof(m->name), "%stpl%zu%s%s", out_dir, t->nmedia + 1, k ? "." : "", ext);
	snprintf(m->type, sizeof(m->type), "%s", type);
	t->nmedia++;
	*out = m->name;
	return AG_OK;
}

xmlDocPtr tmpl_read_xml(pkg_reader *r, const char *path, const char *name, ag_error *err)
{
	if (!pkg_has(r, name)) {
		ag_fail(err, AG_ERR_DATA, path, 0, "template has no '%s'", name);
		return NULL;
	}
	return opc_part_xml(r, path, name, err);
}

xmlDocPtr tmpl_builtin_doc(const char *name, ag_error *err)
{
	const embedded_file *f = embedded_find(name);

	if (!f) {
		ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "no built-in '%s'", name);
		return NULL;
	}
	return xmlload_parse(f->data, f->len, name, err);
}

/* Length of the placeholder name at s (after an '@'): uppercase letters
 * and '_' up to the closing '@'; 0 when s does not look like one. */
static size_t placeholder_len(const char *s)
{
	size_t n = 0;

	while ((s[n] >= 'A' && s[n] <= 'Z') || s[n] == '_')
		n++;
	return n >= 3 && s[n] == '@' ? n : 0;
}

static int known_placeholder(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NPLACEHOLDERS; i++)
		if (strlen(placeholders[i]) == n && !memcmp(placeholders[i], s, n))
			return 1;
	return 0;
}

/* Whether s (after an '@', at the end of a paragraph) starts a placeholder. */
static int placeholder_prefix(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 4)
		return 0;
	for (i = 0; i < NPLACEHOLDERS; i++)
		if (!strncmp(placeholders[i], s, n) && n < strlen(placeholders[i]))
			return 1;
	return 0;
}

int tmpl_has_placeholder(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content) {
			const char *at;

			for (at = strchr((const char *)c->content, '@'); at; at = strchr(at + 1, '@')) {
				size_t k = placeholder_len(at + 1);

				if (k && known_placeholder(at + 1, k))
					return 1;
			}
		} else if (c->type == XML_ELEMENT_NODE && tmpl_has_placeholder(c)) {
			return 1;
		}
	}
	return 0;
}

struct piece {
	xmlNodePtr text;     /* a text node */
	size_t start, len;   /* its bytes in the joined text */
};

/* Text nodes of the paragraph in document order. */
static size_t collect_text(xmlNodePtr n, const char *text_elem, const char *skip_elem,
			   const char *para_elem, struct piece *p, size_t max, size_t k, int inside)
{
	xmlNodePtr c;

	for (c = n->children; c && k < max; c = c->next) {
		if (c->type == XML_TEXT_NODE && inside && c->content) {
			p[k].text = c;
			p[k].len = strlen((const char *)c->content);
			k++;
		} else if (c->type == XML_ELEMENT_NODE) {
			if (xmlload_is(c, para_elem) || (skip_elem && xmlload_is(c, skip_elem)))
				continue;
			k = collect_text(c, text_elem, skip_elem, para_elem, p, max, k,
					 inside || !text_elem || xmlload_is(c, text_elem));
		}
	}
	return k;
}

/* Paragraphs of a header hold a few dozen runs; more are refused whole. */
#define MAX_PIECES 4096

static ag_code join_para(xmlNodePtr para, const char *text_elem, const char *skip_elem,
			 const char *para_elem, const char *path, const char *where, ag_error *err)
{
	struct piece *p = malloc(MAX_PIECES * sizeof(*p));
	size_t n, i, total = 0;
	char *all = NULL, *at;
	ag_code rc = AG_OK;

	if (!p)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	n = collect_text(para, text_elem, skip_elem, para_elem, p, MAX_PIECES, 0, !text_elem);
	for (i = 0; i < n; i++) {
		p[i].start = total;
		total += p[i].len;
	}
	all = malloc(total + 1);
	if (!all) {
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++)
		memcpy(all + p[i].start, p[i].text->content, p[i].len);
	all[total] = '\0';
	for (at = strchr(all, '@'); at; at = strchr(at, '@')) {
		size_t k = placeholder_len(at + 1), s = (size_t)(at - all), e, first, j;

		if (!k) {
			if (placeholder_prefix(at + 1)) {
				char name[64];

				snprintf(name, sizeof(name), "%s", at);
				rc = ag_fail(err, AG_ERR_DATA, path, 0,
					     "template's %s has a placeholder '%s' cut short: "
					     "a placeholder must stand whole in one paragraph", where, name);
				goto done;
			}
			at++;
			continue;
		}
		if (!known_placeholder(at + 1, k)) {
			rc = ag_fail(err, AG_ERR_DATA, path, 0,
				     "template's %s has an unknown placeholder '@%.*s@' "
				     "(see templates/README.md)", where, (int)(k > 40 ? 40 : k), at + 1);
			goto done;
		}
		e = s + k + 2;
		for (first = 0; first < n && p[first].start + p[first].len <= s; first++)
			;
		if (first < n && p[first].start + p[first].len < e) {
			/* Split: the whole name goes where it starts, the rest is cut from the pieces after. */
			xmlNodePtr t0 = p[first].text;
			size_t off = s - p[first].start;
			char *nt = malloc(off + k + 3);

			if (!nt) {
				rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
				goto done;
			}
			memcpy(nt, t0->content, off);
			memcpy(nt + off, at, k + 2);
			nt[off + k + 2] = '\0';
			xmlNodeSetContent(t0, (const xmlChar *)nt);
			free(nt);
			for (j = first + 1; j < n && p[j].start < e; j++) {
				size_t cut = e - p[j].start < p[j].len ? e - p[j].start : p[j].len;
				/* libxml2 frees the old content before copying the new. */
				xmlChar *rest = xmlStrdup(p[j].text->content + cut);

				if (!rest) {
					rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
					goto done;
				}
				xmlNodeSetContent(p[j].text, rest);
				xmlFree(rest);
			}
			/* The joined text is unchanged; only where its pieces start moves. */
			for (j = first, total = p[first].start; j < n; j++) {
				p[j].start = total;
				p[j].len = strlen((const char *)p[j].text->content);
				total += p[j].len;
			}
		}
		at += k + 2;
	}
done:
	free(all);
	free(p);
	return rc;
}

ag_code tmpl_join_placeholders(xmlNodePtr root, const char *para_elem, const char *text_elem,
			       const char *skip_elem, const char *path, const char *where,
			       ag_error *err)
{
	xmlNodePtr c;
	ag_code rc;

	for (c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlload_is(c, para_elem)) {
			rc = join_para(c, text_elem, skip_elem, para_elem, path, where, err);
			if (rc)
				return rc;
		}
		/* Paragraphs inside this one (text boxes) and inside tables. */
		rc = tmpl_join_placeholders(c, para_elem, text_elem, skip_elem, path, where, err);
		if (rc)
			return rc;
	}
	return AG_OK;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !strcmp(s + n - k, suffix);
}

template *template_load(const char *path, ag_error *err)
{
	pkg_reader *r;
	template *t = calloc(1, sizeof(*t));
	ag_code rc;
	pkg_limits lim = { 256, TEMPLATE_MAX_FILE, 4 * (size_t)TEMPLATE_MAX_FILE };

	if (!t) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	if (!ends_with(path, ".odt") && !ends_with(path, ".ott") && !ends_with(path, ".docx") &&
	    !ends_with(path, ".dotx")) {
		ag_fail(err, AG_ERR_USAGE, path, 0, "a template must be an .odt or .docx file");
		free(t);
		return NULL;
	}
	r = pkg_reader_open_file(path, &lim, err);
	if (!r) {
		free(t);
		return NULL;
	}
	if (ends_with(path, ".odt") || ends_with(path, ".ott")) {
		t->fmt = "odt";
		rc = tmpl_load_odt(t, r, path, err);
	} else {
		t->fmt = "docx";
		rc = tmpl_load_docx(t, r, path, err);
	}
	pkg_reader_free(r);
	if (rc) {
		template_free(t);
		return NULL;
	}
	set_hash(t);
	return t;
}
