/* An ODT template: styles.xml cleaned to ODF 1.3, its styles completed with
 * annexgen's, its master page given a header and footer when it has none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "arena.h"
#include "tmpl.h"
#include "xmlload.h"

#include "banned.h"

#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_XLINK "http://www.w3.org/1999/xlink"
#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

/* Namespaces the official schemas know; markup in any other is dropped. */
static const char *const odf_ns[] = {
	"urn:oasis:names:tc:opendocument:xmlns:",
	NS_XLINK,
	"http://purl.org/dc/elements/1.1/",
	"http://www.w3.org/1998/Math/MathML",
	"http://www.w3.org/XML/1998/namespace",
};
#define NODF (sizeof(odf_ns) / sizeof(odf_ns[0]))

/* annexgen's styles (family, name), the document's styles each becomes an
 * alias of when the document has one (LibreOffice's names), and whether
 * it keeps the built-in size or takes the document's. */
static const struct {
	const char *name, *like1, *like2;
	int own_size;
} ag_styles[] = {
	{ "AGTitle", "Title", NULL, 1 },
	{ "AGSubtitle", "Subtitle", NULL, 0 },
	{ "AGHeading", "Heading_20_1", "Heading 1", 1 },
	{ "AGBody", NULL, NULL, 0 },
	{ "AGNotice", NULL, NULL, 1 },
	{ "AGTableHeading", "Table_20_Heading", "Table Heading", 0 },
	{ "AGTableText", "Table_20_Contents", "Table Contents", 0 },
	{ "AGTableCenter", NULL, NULL, 0 },
	{ "AGFootnote", "Footnote", NULL, 1 },
	{ "AGSignature", NULL, NULL, 0 },
	{ "AGHeader", "Header", NULL, 1 },
	{ "AGFooter", "Footer", NULL, 1 },
	{ "AGStrong", "Strong_20_Emphasis", "Strong Emphasis", 1 },
	{ "AGNoteAnchor", "Footnote_20_anchor", "Footnote anchor", 1 },
};
#define NAG (sizeof(ag_styles) / sizeof(ag_styles[0]))

struct style {
	const char *family, *name;
	xmlNodePtr node;
};

static int cmp_style(const void *a, const void *b)
{
	const struct style *x = a, *y = b;
	int c = strcmp(x->family, y->family);

	return c ? c : strcmp(x->name, y->name);
}

static xmlNodePtr find_style(const struct style *s, size_t n, const char *family, const char *name)
{
	struct style key = { family, name, NULL };
	const struct style *f = name ? bsearch(&key, s, n, sizeof(*s), cmp_style) : NULL;

	return f ? f->node : NULL;
}

/* The common and automatic styles of styles.xml, sorted by family and name. */
static ag_code index_styles(xmlNodePtr root, struct style **out, size_t *n, ag_error *err)
{
	static const char *const holders[] = { "styles", "automatic-styles" };
	arena_vec v = { 0 };
	struct style *s;
	size_t h;

	for (h = 0; h < 2; h++) {
		xmlNodePtr c, next;

		for (c = xmlload_first(xmlload_child(root, holders[h])); c; c = next) {
			next = xmlload_next(c);
			if (!xmlload_is(c, "style"))
				continue;
			if (!tmpl_attr(c, NS_STYLE, "name") || !tmpl_attr(c, NS_STYLE, "family")) {
				tmpl_drop(c);
				continue;
			}
			s = arena_vec_push(&v, sizeof(*s));
			if (!s) {
				free(v.v);
				return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
			}
			s->family = tmpl_attr(c, NS_STYLE, "family");
			s->name = tmpl_attr(c, NS_STYLE, "name");
			s->node = c;
		}
	}
	if (v.n)
		qsort(v.v, v.n, sizeof(*s), cmp_style);
	*out = v.v;
	*n = v.n;
	return AG_OK;
}

static void remove_attr(xmlNodePtr n, const char *ns, const char *name)
{
	xmlAttrPtr a = xmlHasNsProp(n, (const xmlChar *)name, (const xmlChar *)ns);

	if (a)
		xmlRemoveProp(a);
}

/* Repairs parent and next links to missing styles (LibreOffice ignores
 * them) and refuses a parent chain that loops or nests too deep. */
static ag_code check_chains(struct style *s, size_t n, const char *path, ag_error *err)
{
	size_t i, depth;

	for (i = 0; i < n; i++) {
		if (!find_style(s, n, s[i].family, tmpl_attr(s[i].node, NS_STYLE, "parent-style-name")))
			remove_attr(s[i].node, NS_STYLE, "parent-style-name");
		if (!find_style(s, n, s[i].family, tmpl_attr(s[i].node, NS_STYLE, "next-style-name")))
			remove_attr(s[i].node, NS_STYLE, "next-style-name");
	}
	for (i = 0; i < n; i++) {
		const char *name = s[i].name;

		for (depth = 0; name; depth++) {
			name = tmpl_attr(find_style(s, n, s[i].family, name), NS_STYLE, "parent-style-name");
			if (name && !strcmp(name, s[i].name))
				return tmpl_loop_error(err, path, s[i].name,
						       tmpl_attr(s[i].node, NS_STYLE, "parent-style-name"));
			if (depth > TMPL_MAX_STYLE_DEPTH)
				return tmpl_depth_error(err, path, s[i].name);
		}
	}
	return AG_OK;
}

/* The document's style of family with internal name a or display name b. */
static const char *style_like(const struct style *s, size_t n, const char *family, const char *a,
			      const char *b)
{
	size_t i;

	if (a && find_style(s, n, family, a))
		return a;
	for (i = 0; b && i < n; i++) {
		const char *d = tmpl_attr(s[i].node, NS_STYLE, "display-name");

		if (!strcmp(s[i].family, family) && d && !strcasecmp(d, b))
			return s[i].name;
	}
	return NULL;
}

static void drop_font_attrs(xmlNodePtr props, int sizes)
{
	xmlAttrPtr a, next;

	for (a = props->properties; a; a = next) {
		const char *nm = (const char *)a->name;

		next = a->next;
		if (!strncmp(nm, "font-name", 9) || !strcmp(nm, "language") || !strcmp(nm, "country") ||
		    !strncmp(nm, "language-", 9) || !strncmp(nm, "country-", 8) ||
		    (sizes && !strncmp(nm, "font-size", 9)))
			xmlRemoveProp(a);
	}
}

/* Adds annexgen's styles the document lacks (see tmpl_docx.c's add_styles),
 * and the footnote settings when it has none. */
static ag_code add_styles(xmlDocPtr doc, struct style *s, size_t n, ag_error *err)
{
	xmlDocPtr builtin = tmpl_builtin_doc("odt/styles.xml", err);
	xmlNodePtr styles = xmlload_child(xmlDocGetRootElement(doc), "styles"), bstyles, b;
	int has_std = find_style(s, n, "paragraph", "Standard") != NULL, has_notes = 0;
	size_t i = NAG;

	if (!builtin)
		return err->code;
	bstyles = xmlload_child(xmlDocGetRootElement(builtin), "styles");
	for (b = xmlload_first(styles); b; b = xmlload_next(b)) {
		const char *cls = tmpl_attr(b, "urn:oasis:names:tc:opendocument:xmlns:text:1.0", "note-class");

		if (xmlload_is(b, "notes-configuration") && cls && !strcmp(cls, "footnote"))
			has_notes = 1;
	}
	for (b = xmlload_first(bstyles); b; b = xmlload_next(b)) {
		const char *name = tmpl_attr(b, NS_STYLE, "name"), *family = tmpl_attr(b, NS_STYLE, "family");
		const char *like, *parent;
		xmlNodePtr copy, c;

		if (xmlload_is(b, "notes-configuration") && has_notes)
			continue;
		if (xmlload_is(b, "style")) {
			for (i = 0; i < NAG && strcmp(ag_styles[i].name, name); i++)
				;
			if (i == NAG || find_style(s, n, family, name))
				continue;
		} else if (!xmlload_is(b, "notes-configuration")) {
			continue;
		}
		copy = xmlDocCopyNode(b, doc, 1);
		if (!copy || !xmlAddChild(styles, copy)) {
			xmlFreeNode(copy);
			xmlFreeDoc(builtin);
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		}
		xmlReconciliateNs(doc, copy);
		if (!xmlload_is(copy, "style"))
			continue;
		like = style_like(s, n, family, ag_styles[i].like1, ag_styles[i].like2);
		parent = tmpl_attr(copy, NS_STYLE, "parent-style-name");
		if (like) {
			xmlNodePtr next;

			xmlSetNsProp(copy, xmlSearchNsByHref(doc, copy, (const xmlChar *)NS_STYLE),
				     (const xmlChar *)"parent-style-name", (const xmlChar *)like);
			for (c = xmlload_first(copy); c; c = next) {
				next = xmlload_next(c);
				tmpl_drop(c);
			}
			continue;
		}
		if (parent && !strcmp(parent, "Standard") && !has_std)
			remove_attr(copy, NS_STYLE, "parent-style-name");
		for (c = xmlload_first(copy); c; c = xmlload_next(c))
			if (xmlload_is(c, "text-properties"))
				drop_font_attrs(c, !ag_styles[i].own_size);
	}
	xmlFreeDoc(builtin);
	return AG_OK;
}

/*
 * LibreOffice 7 writes markup of ODF 1.4 drafts in the ODF namespaces,
 * which the 1.3 schema rejects: style:hidden on styles, the page and
 * header background as draw:fill* (it also writes the 1.3 form), and an
 * outline style without a name. Measured on LibreOffice 7.4's own
 * templates saved as ODT.
 */
static void odf13(xmlNodePtr n)
{
	xmlNodePtr c;

	if (xmlload_is(n, "style"))
		remove_attr(n, NS_STYLE, "hidden");
	if (xmlload_is(n, "outline-style") && !tmpl_attr(n, NS_STYLE, "name"))
		xmlSetNsProp(n, xmlSearchNsByHref(n->doc, n, (const xmlChar *)NS_STYLE),
			     (const xmlChar *)"name", (const xmlChar *)"Outline");
	if (xmlload_is(n, "page-layout-properties") || xmlload_is(n, "header-footer-properties")) {
		xmlAttrPtr a, next;

		for (a = n->properties; a; a = next) {
			next = a->next;
			if ((a->ns && strstr((const char *)a->ns->href, ":xmlns:drawing:")) ||
			    !strcmp((const char *)a->name, "repeat"))
				xmlRemoveProp(a);
		}
	}
	for (c = xmlload_first(n); c; c = xmlload_next(c))
		odf13(c);
}

/* Media type of entry name from META-INF/manifest.xml, into buf ("" when
 * it does not say). */
static ag_code manifest_type(pkg_reader *r, const char *path, const char *name, char *buf, size_t size,
			     ag_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr e;

	buf[0] = '\0';
	if (!pkg_has(r, "META-INF/manifest.xml"))
		return AG_OK;
	doc = tmpl_read_xml(r, path, "META-INF/manifest.xml", err);
	if (!doc)
		return err->code;
	for (e = xmlload_first(xmlDocGetRootElement(doc)); e; e = xmlload_next(e)) {
		const char *p = tmpl_attr(e, NS_MANIFEST, "full-path"), *t = tmpl_attr(e, NS_MANIFEST, "media-type");

		if (p && t && !strcmp(p, name)) {
			snprintf(buf, size, "%s", t);
			break;
		}
	}
	xmlFreeDoc(doc);
	return AG_OK;
}

/* The package entry a relative IRI names (ODF 1.3 Part 2 §3.7), or 0
 * when it leaves the package, has a scheme, or climbs. */
static int internal_href(const char *href, char *out, size_t size)
{
	const char *p;

	while (!strncmp(href, "./", 2))
		href += 2;
	for (p = href; *p && *p != '/' && *p != ':'; p++)
		;
	if (!*href || *p == ':' || href[0] == '/' || strstr(href, "..") || strchr(href, '#') ||
	    strchr(href, '?') || strchr(href, '%') || strlen(href) + 1 > size)
		return 0;
	snprintf(out, size, "%s", href);
	return 1;
}

/* Whether the linked file of element c comes along: stored in the package
 * and an image, it is copied into Pictures/ and the link renamed; *keep is 0
 * when it would be fetched from elsewhere or is not an image. */
static ag_code take_link(template *t, pkg_reader *r, const char *path, xmlNodePtr c, int *keep,
			 ag_error *err)
{
	const char *href = tmpl_attr(c, NS_XLINK, "href"), *out;
	char name[1024], type[128];
	ag_code rc;

	*keep = 0;
	if (!internal_href(href, name, sizeof(name)) || !pkg_has(r, name))
		return AG_OK;
	rc = manifest_type(r, path, name, type, sizeof(type), err);
	if (rc || !tmpl_image_type(type))
		return rc;
	rc = tmpl_add_media(t, r, path, name, type, "Pictures/", &out, err);
	if (rc)
		return rc;
	xmlSetNsProp(c, xmlSearchNsByHref(c->doc, c, (const xmlChar *)NS_XLINK), (const xmlChar *)"href",
		     (const xmlChar *)out);
	*keep = 1;
	return AG_OK;
}

/*
 * Every image, fill or background styles.xml links: one stored in the
 * package comes along; one that would be fetched from elsewhere is
 * dropped, a frame whose image is dropped with it. Embedded objects are
 * dropped (their folders are not carried); hyperlinks (text:a) stay.
 */
static ag_code fix_links(template *t, pkg_reader *r, const char *path, xmlNodePtr n, ag_error *err)
{
	xmlNodePtr c, next, g;
	ag_code rc;
	int keep;

	for (c = xmlload_first(n); c; c = next) {
		next = xmlload_next(c);
		if (xmlload_is(c, "object") || xmlload_is(c, "object-ole") || xmlload_is(c, "plugin") ||
		    xmlload_is(c, "applet")) {
			tmpl_drop(c);
			continue;
		}
		if (xmlload_is(c, "frame")) {
			for (keep = 1, g = xmlload_first(c); g && keep; g = xmlload_next(g)) {
				if (!xmlload_is(g, "image") || !tmpl_attr(g, NS_XLINK, "href"))
					continue;
				rc = take_link(t, r, path, g, &keep, err);
				if (rc)
					return rc;
			}
			if (!keep) {
				tmpl_drop(c);
				continue;
			}
		} else if (tmpl_attr(c, NS_XLINK, "href") && !xmlload_is(c, "a") && !xmlload_is(c, "image")) {
			rc = take_link(t, r, path, c, &keep, err);
			if (rc)
				return rc;
			if (!keep) {
				tmpl_drop(c);
				continue;
			}
		}
		rc = fix_links(t, r, path, c, err);
		if (rc)
			return rc;
	}
	return AG_OK;
}

/* A length of ODF (a number and cm, mm, in, pt, pc or px; ODF 1.3 Part 3
 * §18.3.18) in 1/100 mm, or -1. */
static long length(const char *s)
{
	static const struct {
		const char *unit;
		double per;       /* 1/100 mm per unit */
	} units[] = { { "cm", 1000 }, { "mm", 100 }, { "in", 2540 }, { "pt", 2540.0 / 72 },
		      { "pc", 2540.0 / 6 }, { "px", 2540.0 / 96 } };
	char *end;
	double v;
	size_t i;

	if (!s)
		return -1;
	v = strtod(s, &end);
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].unit) && v >= 0 && v < 10000)
			return (long)(v * units[i].per + 0.5);
	return -1;
}

/* The text width of master page m's page layout (see template_text_width). */
static void text_width(template *t, xmlNodePtr root, xmlNodePtr m)
{
	const char *name = tmpl_attr(m, NS_STYLE, "page-layout-name");
	xmlNodePtr pl;

	for (pl = xmlload_first(xmlload_child(root, "automatic-styles")); name && pl; pl = xmlload_next(pl)) {
		const char *n = tmpl_attr(pl, NS_STYLE, "name");
		xmlNodePtr p = xmlload_child(pl, "page-layout-properties");
		const char *fo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
		long w, l, r;

		if (!xmlload_is(pl, "page-layout") || !n || strcmp(n, name) || !p)
			continue;
		w = length(tmpl_attr(p, fo, "page-width"));
		l = length(tmpl_attr(p, fo, "margin-left"));
		r = length(tmpl_attr(p, fo, "margin-right"));
		if (!tmpl_attr(p, fo, "margin-left") && !tmpl_attr(p, fo, "margin-right"))
			l = r = length(tmpl_attr(p, fo, "margin"));
		if (w > 0 && l >= 0 && r >= 0 && w - l - r >= 2000 && w - l - r <= 200000)
			t->text_width = (unsigned)(w - l - r);
		return;
	}
}

/* Gives the page layout of master page m annexgen's spacing for a header
 * and footer (ODF 1.3 §16.5) where it has none: without, LibreOffice puts
 * the header against the text. */
static void page_spacing(xmlDocPtr doc, xmlNodePtr root, xmlNodePtr m, xmlDocPtr builtin, size_t i)
{
	const char *name = tmpl_attr(m, NS_STYLE, "page-layout-name");
	xmlNodePtr pl, bpl = xmlload_child(xmlload_child(xmlDocGetRootElement(builtin), "automatic-styles"), "page-layout");
	static const char *const kinds[] = { "header-style", "footer-style" };
	xmlNodePtr have, copy;

	for (pl = xmlload_first(xmlload_child(root, "automatic-styles")); name && pl; pl = xmlload_next(pl)) {
		const char *n = tmpl_attr(pl, NS_STYLE, "name");

		if (xmlload_is(pl, "page-layout") && n && !strcmp(n, name))
			break;
	}
	if (!pl || !bpl)
		return;
	have = xmlload_child(pl, kinds[i]);
	if (have && xmlload_first(have))
		return;
	copy = xmlDocCopyNode(xmlload_child(bpl, kinds[i]), doc, 1);
	if (!copy)
		return;
	if (have) {
		xmlReplaceNode(have, copy);
		xmlFreeNode(have);
	} else if (!i && xmlload_child(pl, "page-layout-properties")) {
		xmlAddNextSibling(xmlload_child(pl, "page-layout-properties"), copy);
	} else if (i && xmlload_child(pl, "header-style")) {
		xmlAddNextSibling(xmlload_child(pl, "header-style"), copy);
	} else if (!xmlAddChild(pl, copy)) {
		xmlFreeNode(copy);
		return;
	}
	xmlReconciliateNs(doc, copy);
}

/*
 * The master page the document's pages use ("Standard", else the first),
 * named Standard since annexgen's content names no other; given annexgen's
 * header or footer where it has none.
 */
static ag_code fix_master(template *t, xmlDocPtr doc, const char *path, ag_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), ms = xmlload_child(root, "master-styles"), m, bm, c;
	xmlDocPtr builtin;
	xmlNsPtr sns = xmlSearchNsByHref(doc, root, (const xmlChar *)NS_STYLE);
	ag_code rc = AG_OK;

	if (!ms)
		return ag_fail(err, AG_ERR_DATA, path, 0, "template's styles.xml has no master page");
	for (m = xmlload_first(ms); m; m = xmlload_next(m)) {
		const char *name = tmpl_attr(m, NS_STYLE, "name");

		if (xmlload_is(m, "master-page") && name && !strcmp(name, "Standard"))
			break;
	}
	if (!m) {
		for (m = xmlload_first(ms); m && !xmlload_is(m, "master-page"); m = xmlload_next(m))
			;
		if (!m)
			return ag_fail(err, AG_ERR_DATA, path, 0, "template's styles.xml has no master page");
		xmlSetNsProp(m, sns, (const xmlChar *)"name", (const xmlChar *)"Standard");
	}
	text_width(t, root, m);
	builtin = tmpl_builtin_doc("odt/styles.xml", err);
	if (!builtin)
		return err->code;
	bm = xmlload_child(xmlload_child(xmlDocGetRootElement(builtin), "master-styles"), "master-page");
	if (!xmlload_child(m, "header")) {
		c = xmlDocCopyNode(xmlload_child(bm, "header"), doc, 1);
		if (!c || !(m->children ? xmlAddPrevSibling(m->children, c) : xmlAddChild(m, c))) {
			xmlFreeNode(c);
			rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		}
		page_spacing(doc, root, m, builtin, 0);
	}
	if (!rc && !xmlload_child(m, "footer")) {
		xmlNodePtr after = NULL;

		/* After the headers, before layers, forms and shapes (ODF 1.3 §16.9). */
		for (c = xmlload_first(m); c; c = xmlload_next(c))
			if (!strncmp((const char *)c->name, "header", 6))
				after = c;
		c = xmlDocCopyNode(xmlload_child(bm, "footer"), doc, 1);
		if (!c || !(after ? xmlAddNextSibling(after, c) :
				    m->children ? xmlAddPrevSibling(m->children, c) : xmlAddChild(m, c))) {
			xmlFreeNode(c);
			rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		}
		page_spacing(doc, root, m, builtin, 1);
	}
	xmlReconciliateNs(doc, m);
	xmlFreeDoc(builtin);
	return rc;
}

ag_code tmpl_load_odt(template *t, pkg_reader *r, const char *path, ag_error *err)
{
	xmlDocPtr doc = tmpl_read_xml(r, path, "styles.xml", err);
	xmlNodePtr root;
	struct style *s = NULL;
	size_t n = 0;
	ag_code rc;

	if (!doc)
		return err->code;
	root = xmlDocGetRootElement(doc);
	if (!root || !xmlload_is(root, "document-styles") || !root->ns ||
	    strcmp((const char *)root->ns->href, "urn:oasis:names:tc:opendocument:xmlns:office:1.0")) {
		xmlFreeDoc(doc);
		return ag_fail(err, AG_ERR_DATA, path, 0, "template's styles.xml is not ODF styles");
	}
	tmpl_clean(root, odf_ns, NODF);
	odf13(root);
	rc = fix_links(t, r, path, root, err);
	if (!rc)
		rc = index_styles(root, &s, &n, err);
	if (!rc)
		rc = check_chains(s, n, path, err);
	if (!rc)
		rc = add_styles(doc, s, n, err);
	if (!rc)
		rc = fix_master(t, doc, path, err);
	if (!rc)
		rc = tmpl_join_placeholders(xmlload_child(root, "master-styles"), "p", NULL, "note", path,
					    "header or footer", err);
	if (!rc)
		rc = tmpl_join_placeholders(xmlload_child(root, "master-styles"), "h", NULL, "note", path,
					    "header or footer", err);
	if (!rc) {
		xmlSetNsProp(root, root->ns, (const xmlChar *)"version", (const xmlChar *)"1.3");
		rc = tmpl_store(t, TP_ODT_STYLES, doc, NULL, err);
	}
	free(s);
	xmlFreeDoc(doc);
	return rc;
}
