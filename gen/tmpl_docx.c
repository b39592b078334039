/* A DOCX template: the main part found through the package relationships,
 * its styles completed with annexgen's, page setup, header and footer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "arena.h"
#include "tmpl.h"
#include "xmlload.h"

#include "banned.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"

/* Namespaces the transitional schemas know; markup in any other is dropped.
 * DrawingML stays for pictures; VML, Word 2010+ shapes and mc: do not. */
static const char *const ooxml_ns[] = {
	NS_W, NS_R, "http://www.w3.org/XML/1998/namespace",
	"http://schemas.openxmlformats.org/drawingml/2006/main",
	"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
	"http://schemas.openxmlformats.org/drawingml/2006/picture",
};
#define NOOXML (sizeof(ooxml_ns) / sizeof(ooxml_ns[0]))

/* annexgen's styles, with the document's style (by w:name: Word's names,
 * and LibreOffice's table styles) each becomes an alias of when the
 * document has it, and whether it keeps the built-in size or takes the
 * document's. */
static const struct {
	const char *id, *like;
	int own_size;
} ag_styles[] = {
	{ "AGTitle", "title", 1 },        { "AGSubtitle", "subtitle", 0 },
	{ "AGHeading", "heading 1", 1 },  { "AGBody", NULL, 0 },
	{ "AGNotice", NULL, 1 },          { "AGTableHeading", "table heading", 0 },
	{ "AGTableText", "table contents", 0 }, { "AGTableCenter", NULL, 0 },
	{ "AGFootnote", "footnote text", 1 }, { "AGNoteAnchor", "footnote reference", 1 },
	{ "AGSignature", NULL, 0 },       { "AGStrong", "strong", 1 },
	{ "Header", "header", 1 },        { "Footer", "footer", 1 },
};
#define NAG (sizeof(ag_styles) / sizeof(ag_styles[0]))

struct style {
	const char *id;
	xmlNodePtr node;
	size_t order;     /* in the document */
};

static int cmp_style(const void *a, const void *b)
{
	const struct style *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct style *)a)->id, ((const struct style *)b)->id);
}

static xmlNodePtr find_style(const struct style *s, size_t n, const char *id)
{
	struct style key = { id, NULL, 0 };
	const struct style *f = id ? bsearch(&key, s, n, sizeof(*s), cmp_id) : NULL;

	return f ? f->node : NULL;
}

static const char *val_of(xmlNodePtr style, const char *elem)
{
	return tmpl_attr(xmlload_child(style, elem), NS_W, "val");
}

/* Styles sorted by id; *n of them. Styles without an id, and the second
 * of two with one id, are dropped. */
static ag_code index_styles(xmlNodePtr root, struct style **out, size_t *n, ag_error *err)
{
	xmlNodePtr c, next;
	arena_vec v = { 0 };
	struct style *s;
	size_t k, i, j;

	for (c = xmlload_first(root); c; c = next) {
		next = xmlload_next(c);
		if (!xmlload_is(c, "style"))
			continue;
		if (!tmpl_attr(c, NS_W, "styleId")) {
			tmpl_drop(c);
			continue;
		}
		s = arena_vec_push(&v, sizeof(*s));
		if (!s) {
			free(v.v);
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		}
		s->id = tmpl_attr(c, NS_W, "styleId");
		s->order = v.n - 1;
		s->node = c;
	}
	s = v.v;
	k = v.n;
	if (k)
		qsort(s, k, sizeof(*s), cmp_style);
	/* A style id used twice: Word takes the first, so do we. */
	for (i = j = 0; i < k; i++) {
		if (j && !strcmp(s[j - 1].id, s[i].id)) {
			tmpl_drop(s[i].node);
			continue;
		}
		s[j++] = s[i];
	}
	*out = s;
	*n = j;
	return AG_OK;
}

/*
 * Repairs links to styles that do not exist (Word ignores them: so do we)
 * and refuses a basedOn chain that loops or nests past TMPL_MAX_STYLE_DEPTH:
 * Word's own limit is about ten, and LibreOffice crashes on a loop.
 */
static ag_code check_chains(struct style *s, size_t n, const char *path, ag_error *err)
{
	static const char *const links[] = { "basedOn", "next", "link" };
	size_t i, j, depth;

	for (i = 0; i < n; i++)
		for (j = 0; j < sizeof(links) / sizeof(links[0]); j++) {
			xmlNodePtr l = xmlload_child(s[i].node, links[j]);

			if (l && !find_style(s, n, tmpl_attr(l, NS_W, "val")))
				tmpl_drop(l);
		}
	for (i = 0; i < n; i++) {
		const char *id = s[i].id;

		for (depth = 0; id; depth++) {
			id = val_of(find_style(s, n, id), "basedOn");
			if (id && !strcmp(id, s[i].id))
				return tmpl_loop_error(err, path, s[i].id, val_of(s[i].node, "basedOn"));
			if (depth > TMPL_MAX_STYLE_DEPTH)
				return tmpl_depth_error(err, path, s[i].id);
		}
	}
	return AG_OK;
}

/* The id of the document's style of type whose w:name is name. */
static const char *style_named(const struct style *s, size_t n, const char *type, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *t = tmpl_attr(s[i].node, NS_W, "type"), *nm = val_of(s[i].node, "name");

		if (t && !strcmp(t, type) && nm && !strcasecmp(nm, name))
			return s[i].id;
	}
	return NULL;
}

static const char *default_style(const struct style *s, size_t n, const char *type)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *t = tmpl_attr(s[i].node, NS_W, "type"), *d = tmpl_attr(s[i].node, NS_W, "default");

		if (t && !strcmp(t, type) && d && (!strcmp(d, "1") || !strcmp(d, "true") || !strcmp(d, "on")))
			return s[i].id;
	}
	return NULL;
}

static void drop_children(xmlNodePtr n, const char *const *names, size_t k)
{
	xmlNodePtr c, next;
	size_t i;

	for (c = xmlload_first(n); c; c = next) {
		next = xmlload_next(c);
		for (i = 0; i < k; i++)
			if (xmlload_is(c, names[i])) {
				tmpl_drop(c);
				break;
			}
	}
}

static void set_based_on(xmlNodePtr style, const char *id)
{
	xmlNodePtr b = xmlload_child(style, "basedOn");

	if (!id) {
		if (b)
			tmpl_drop(b);
		return;
	}
	if (!b) {
		xmlNodePtr name = xmlload_child(style, "name");

		b = xmlNewNode(style->ns, (const xmlChar *)"basedOn");
		if (!b)
			return;
		if (name)
			xmlAddNextSibling(name, b);
		else
			xmlAddChild(style, b);
	}
	xmlSetNsProp(b, style->ns, (const xmlChar *)"val", (const xmlChar *)id);
}

/*
 * Adds each of annexgen's styles the document lacks, from the built-in
 * definition: an alias of the document's own style where it has one
 * (its Title, Heading 1, ...), else the built-in spacing and emphasis on
 * the document's default style, in the document's fonts and language.
 */
static ag_code add_styles(xmlDocPtr doc, struct style *s, size_t n, ag_error *err)
{
	static const char *const fonts[] = { "rFonts", "lang" };
	static const char *const sizes[] = { "rFonts", "lang", "sz", "szCs" };
	static const char *const props[] = { "pPr", "rPr" };
	xmlDocPtr builtin = tmpl_builtin_doc("docx/styles.xml", err);
	xmlNodePtr root = xmlDocGetRootElement(doc), b;
	const char *para = default_style(s, n, "paragraph"), *chr = default_style(s, n, "character");
	size_t i;

	if (!builtin)
		return err->code;
	for (i = 0; i < NAG; i++) {
		const char *like, *type, *base;
		xmlNodePtr copy, rpr;

		if (find_style(s, n, ag_styles[i].id))
			continue;
		for (b = xmlload_first(xmlDocGetRootElement(builtin)); b; b = xmlload_next(b)) {
			const char *id = tmpl_attr(b, NS_W, "styleId");

			if (id && !strcmp(id, ag_styles[i].id))
				break;
		}
		if (!b)
			continue;
		copy = xmlDocCopyNode(b, doc, 1);
		if (!copy || !xmlAddChild(root, copy)) {
			xmlFreeNode(copy);
			xmlFreeDoc(builtin);
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		}
		xmlReconciliateNs(doc, copy);
		type = tmpl_attr(copy, NS_W, "type");
		like = ag_styles[i].like ? style_named(s, n, type ? type : "paragraph", ag_styles[i].like) : NULL;
		base = val_of(copy, "basedOn");
		if (like) {
			set_based_on(copy, like);
			drop_children(copy, props, 2);
			continue;
		}
		if (base && !strcmp(base, "Normal"))
			set_based_on(copy, para);
		else if (base && !strcmp(base, "DefaultParagraphFont"))
			set_based_on(copy, chr);
		rpr = xmlload_child(copy, "rPr");
		if (rpr)
			drop_children(rpr, ag_styles[i].own_size ? fonts : sizes, ag_styles[i].own_size ? 2 : 4);
	}
	xmlFreeDoc(builtin);
	return AG_OK;
}

/* Child order of the WordprocessingML containers a template carries, as
 * the transitional schema's sequences give it (ECMA-376 Part 1, wml.xsd:
 * CT_Style, CT_PPrBase, CT_RPr, CT_TblPrBase, CT_TcPr, CT_SectPr). Word
 * tolerates any order; the schema and some readers do not. */
static const char *const order_style[] = {
	"name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
	"semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
	"personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr", NULL };
static const char *const order_ppr[] = {
	"pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
	"suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
	"overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
	"snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
	"textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
	"sectPr", "pPrChange", NULL };
static const char *const order_rpr[] = {
	"ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps",
	"smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof",
	"snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
	"highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
	"eastAsianLayout", "specVanish", "oMath", "rPrChange", NULL };
static const char *const order_tblpr[] = {
	"tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
	"tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
	"tblLook", "tblCaption", "tblDescription", "tblPrChange", NULL };
static const char *const order_tcpr[] = {
	"cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
	"textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
	"cellMerge", "tcPrChange", NULL };
static const char *const order_stylepr[] = { "pPr", "rPr", "tblPr", "trPr", "tcPr", NULL };
static const char *const order_defaults[] = { "rPrDefault", "pPrDefault", NULL };
static const char *const order_styles[] = { "docDefaults", "latentStyles", "style", NULL };

static const char *const *order_of(xmlNodePtr n)
{
	if (!n->ns || strcmp((const char *)n->ns->href, NS_W))
		return NULL;
	if (xmlload_is(n, "style"))
		return order_style;
	if (xmlload_is(n, "pPr"))
		return order_ppr;
	if (xmlload_is(n, "rPr"))
		return order_rpr;
	if (xmlload_is(n, "tblPr"))
		return order_tblpr;
	if (xmlload_is(n, "tcPr"))
		return order_tcpr;
	if (xmlload_is(n, "tblStylePr"))
		return order_stylepr;
	if (xmlload_is(n, "docDefaults"))
		return order_defaults;
	if (xmlload_is(n, "styles"))
		return order_styles;
	return NULL;
}

/* Whether n's children already follow order, each kind at most once (a
 * template made by annexgen, or Word's, is left byte for byte). */
static int in_order(xmlNodePtr n, const char *const *order)
{
	xmlNodePtr c;
	size_t last = 0, r;
	int first = 1;

	for (c = xmlload_first(n); c; c = xmlload_next(c)) {
		for (r = 0; order[r] && !xmlload_is(c, order[r]); r++)
			;
		if (!order[r] || r < last || (!first && r == last && order != order_styles))
			return 0;
		last = r;
		first = 0;
	}
	return 1;
}

/* Puts the children of each container in schema order; a child the
 * sequence does not know, or a second one of a kind, is dropped. */
static void schema_order(xmlNodePtr n)
{
	const char *const *order = order_of(n);
	xmlNodePtr c, next;

	if (order && !in_order(n, order)) {
		xmlNodePtr kids = NULL, tail = NULL;
		size_t k;

		/* Stable: unlink the children, then take them back rank by rank. */
		for (c = n->children; c; c = next) {
			next = c->next;
			xmlUnlinkNode(c);
			if (c->type != XML_ELEMENT_NODE) {
				xmlFreeNode(c);
				continue;
			}
			c->prev = tail;
			if (tail)
				tail->next = c;
			else
				kids = c;
			tail = c;
		}
		for (k = 0; order[k]; k++) {
			int seen = 0;

			for (c = kids; c; c = next) {
				next = c->next;
				if (!xmlload_is(c, order[k]))
					continue;
				if (c->prev)
					c->prev->next = c->next;
				else
					kids = c->next;
				if (c->next)
					c->next->prev = c->prev;
				c->next = c->prev = NULL;
				if (seen++ && order != order_styles)
					xmlFreeNode(c);
				else
					xmlAddChild(n, c);
			}
		}
		for (c = kids; c; c = next) {
			next = c->next;
			c->next = c->prev = NULL;
			xmlFreeNode(c);
		}
	}
	for (c = xmlload_first(n); c; c = xmlload_next(c))
		schema_order(c);
}

/* The document theme's fonts (ECMA-376 Part 1 §20.1.4.1.16, .24, .25). */
struct theme {
	char major[3][128], minor[3][128];   /* latin, ea, cs */
};

static void theme_fonts(xmlNodePtr n, struct theme *th)
{
	xmlNodePtr c;

	for (c = xmlload_first(n); c; c = xmlload_next(c)) {
		if (xmlload_is(c, "majorFont") || xmlload_is(c, "minorFont")) {
			char (*set)[128] = xmlload_is(c, "majorFont") ? th->major : th->minor;
			xmlNodePtr f;

			for (f = xmlload_first(c); f; f = xmlload_next(f)) {
				const char *face = tmpl_attr(f, NULL, "typeface"), *script = tmpl_attr(f, NULL, "script");
				int k = xmlload_is(f, "latin") ? 0 : xmlload_is(f, "ea") ? 1 : xmlload_is(f, "cs") ? 2 : -1;

				/* Traditional Chinese documents: the Hant face when ea is empty. */
				if (k < 0 && xmlload_is(f, "font") && script && !strcmp(script, "Hant") && !set[1][0])
					k = 1;
				if (k >= 0 && face && face[0] && strlen(face) < 128)
					snprintf(set[k], 128, "%s", face);
			}
		} else {
			theme_fonts(c, th);
		}
	}
}

/* Replaces theme font references (asciiTheme="minorHAnsi") by the theme's
 * faces: the theme part is not carried over. */
static void resolve_theme(xmlNodePtr n, const struct theme *th)
{
	static const struct {
		const char *theme, *plain;
	} attrs[] = { { "asciiTheme", "ascii" }, { "hAnsiTheme", "hAnsi" },
		      { "eastAsiaTheme", "eastAsia" }, { "cstheme", "cs" } };
	xmlNodePtr c;
	size_t i;

	if (xmlload_is(n, "rFonts")) {
		for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
			const char *v = tmpl_attr(n, NS_W, attrs[i].theme);
			const char *face = NULL;
			xmlAttrPtr a;

			if (!v)
				continue;
			if (!strncmp(v, "major", 5) || !strncmp(v, "minor", 5)) {
				const char (*set)[128] = v[1] == 'a' ? th->major : th->minor;

				face = strstr(v, "EastAsia") ? set[1] : strstr(v, "Bidi") ? set[2] : set[0];
			}
			if (face && face[0])
				xmlSetNsProp(n, n->ns, (const xmlChar *)attrs[i].plain, (const xmlChar *)face);
			a = xmlHasNsProp(n, (const xmlChar *)attrs[i].theme, (const xmlChar *)NS_W);
			if (a)
				xmlRemoveProp(a);
		}
	}
	for (c = xmlload_first(n); c; c = xmlload_next(c))
		resolve_theme(c, th);
}

/* Whether the part name is one no header may point at. */
static int forbidden_target(const char *part, const char *main)
{
	size_t n = strlen(part);

	return !strcmp(part, main) || !strcasecmp(part, "[Content_Types].xml") ||
	       (n >= 5 && !strcasecmp(part + n - 5, ".rels")) || strstr(part, "_rels/") == part ||
	       strstr(part, "/_rels/") != NULL;
}

/* Field instructions that fetch or embed other files (ECMA-376 Part 1 §17.16.5). */
static int fetching_field(const char *instr)
{
	static const char *const bad[] = { "INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO",
					   "IMPORT" };
	size_t i;

	while (*instr == ' ')
		instr++;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!strncasecmp(instr, bad[i], strlen(bad[i])))
			return 1;
	return 0;
}

/* Drops the complex fields of a paragraph whose instruction fetches: every
 * run from the field's begin to its end. */
static void drop_fetching_fields(xmlNodePtr p)
{
	xmlNodePtr r, next, begin = NULL;
	int depth = 0, bad = 0;

	for (r = xmlload_first(p); r; r = next) {
		xmlNodePtr fc = xmlload_is(r, "r") ? xmlload_child(r, "fldChar") : NULL;
		xmlNodePtr it = xmlload_is(r, "r") ? xmlload_child(r, "instrText") : NULL;
		const char *type = fc ? tmpl_attr(fc, NS_W, "fldCharType") : NULL;

		next = xmlload_next(r);
		if (type && !strcmp(type, "begin") && depth++ == 0) {
			begin = r;
			bad = 0;
		}
		if (it && depth && it->children && it->children->content &&
		    fetching_field((const char *)it->children->content))
			bad = 1;
		if (type && !strcmp(type, "end") && depth && --depth == 0) {
			if (bad) {
				xmlNodePtr x, xn;

				for (x = begin; x && x != next; x = xn) {
					xn = x->next;
					tmpl_drop(x);
				}
			}
			begin = NULL;
		}
	}
	/* A field never ended: drop what it began. */
	if (begin && bad) {
		for (r = begin; r; r = next) {
			next = r->next;
			tmpl_drop(r);
		}
	}
}

/* Whether n refers to a relationship that was not kept. */
static int lost_rel(xmlNodePtr n, const opc_rel *kept, size_t nk)
{
	xmlAttrPtr a;

	for (a = n->properties; a; a = a->next)
		if (a->ns && !strcmp((const char *)a->ns->href, NS_R) &&
		    (!a->children || !opc_rels_find(kept, nk, (const char *)a->children->content)))
			return 1;
	return 0;
}

/* Whether n holds a DrawingML picture (the only drawing a header keeps). */
static int has_picture(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = xmlload_first(n); c; c = xmlload_next(c))
		if (xmlload_is(c, "pic") || has_picture(c))
			return 1;
	return 0;
}

/* Whether n or an element under it refers to a relationship not kept. */
static int lost_rel_under(xmlNodePtr n, const opc_rel *kept, size_t nk)
{
	xmlNodePtr c;

	if (lost_rel(n, kept, nk))
		return 1;
	for (c = xmlload_first(n); c; c = xmlload_next(c))
		if (lost_rel_under(c, kept, nk))
			return 1;
	return 0;
}

/*
 * Makes a header or footer safe to copy: no notes or comments (their
 * parts are not carried; a note in a header breaks LibreOffice), no field
 * that fetches a file, drawings only when they are pictures whose image
 * was kept (no charts, shapes, VML, objects or controls), hyperlinks as
 * plain text.
 */
static void clean_hdrftr(xmlNodePtr n, const opc_rel *kept, size_t nk)
{
	static const char *const gone[] = { "footnoteReference", "endnoteReference", "commentReference",
					    "commentRangeStart", "commentRangeEnd", "pict", "object",
					    "subDoc", "altChunk", "control" };
	xmlNodePtr c, next;
	size_t i;

	if (xmlload_is(n, "p"))
		drop_fetching_fields(n);
	for (c = xmlload_first(n); c; c = next) {
		next = xmlload_next(c);
		for (i = 0; i < sizeof(gone) / sizeof(gone[0]) && !xmlload_is(c, gone[i]); i++)
			;
		if (i < sizeof(gone) / sizeof(gone[0])) {
			tmpl_drop(c);
		} else if (xmlload_is(c, "hyperlink")) {
			xmlAttrPtr a = xmlHasNsProp(c, (const xmlChar *)"id", (const xmlChar *)NS_R);

			if (a)
				xmlRemoveProp(a);
			clean_hdrftr(c, kept, nk);
		} else if (xmlload_is(c, "fldSimple")) {
			const char *instr = tmpl_attr(c, NS_W, "instr");

			if (!instr || fetching_field(instr))
				tmpl_drop(c);
			else
				clean_hdrftr(c, kept, nk);
		} else if (xmlload_is(c, "drawing") ? !has_picture(c) || lost_rel_under(c, kept, nk)
						     : lost_rel(c, kept, nk)) {
			tmpl_drop(c);
		} else {
			clean_hdrftr(c, kept, nk);
		}
	}
}

/*
 * Markup compatibility (ECMA-376 Part 3 §10.2): an mc:AlternateContent is
 * replaced by the first choice that is a plain picture (LibreOffice wraps
 * every image so), else dropped; the fallbacks are VML, which is not kept.
 */
static void resolve_alternates(xmlNodePtr n)
{
	xmlNodePtr c, next, ch, k, kn;

	for (c = xmlload_first(n); c; c = next) {
		next = xmlload_next(c);
		if (!xmlload_is(c, "AlternateContent") || !c->ns ||
		    strcmp((const char *)c->ns->href, "http://schemas.openxmlformats.org/markup-compatibility/2006")) {
			resolve_alternates(c);
			continue;
		}
		for (ch = xmlload_first(c); ch; ch = xmlload_next(ch))
			if (xmlload_is(ch, "Choice") && xmlload_child(ch, "drawing") && has_picture(ch))
				break;
		for (k = ch ? ch->children : NULL; k; k = kn) {
			kn = k->next;
			xmlUnlinkNode(k);
			if (!xmlAddPrevSibling(c, k))
				xmlFreeNode(k);
		}
		tmpl_drop(c);
	}
}

/* Builds the relationships part of a header or footer for its kept images. */
static ag_code store_rels(template *t, int idx, const opc_rel *kept, size_t nk, ag_error *err)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root;
	size_t i;
	ag_code rc;

	if (!doc)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	root = xmlNewNode(NULL, (const xmlChar *)"Relationships");
	if (!root) {
		xmlFreeDoc(doc);
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	xmlDocSetRootElement(doc, root);
	xmlSetNs(root, xmlNewNs(root, (const xmlChar *)"http://schemas.openxmlformats.org/package/2006/relationships", NULL));
	for (i = 0; i < nk; i++) {
		xmlNodePtr e = xmlNewChild(root, root->ns, (const xmlChar *)"Relationship", NULL);

		if (!e)
			break;
		xmlSetProp(e, (const xmlChar *)"Id", (const xmlChar *)kept[i].id);
		xmlSetProp(e, (const xmlChar *)"Type", (const xmlChar *)kept[i].type);
		/* The media part sits in word/media/, the header in word/. */
		xmlSetProp(e, (const xmlChar *)"Target", (const xmlChar *)kept[i].target + strlen("word/"));
	}
	rc = i < nk ? ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory") : tmpl_store(t, idx, doc, NULL, err);
	xmlFreeDoc(doc);
	return rc;
}

/* Reads the header or footer that relationship rel_id of the main part
 * names: checked, cleaned, its images copied, its placeholders joined. */
static ag_code load_hdrftr(template *t, pkg_reader *r, const char *path, const char *main,
			   const opc_rel *rels, size_t nrels, const char *rel_id, int footer,
			   const struct theme *th, ag_error *err)
{
	const char *what = footer ? "footer" : "header";
	const opc_rel *rel = opc_rels_find(rels, nrels, rel_id);
	opc_rel *hrels = NULL, *kept = NULL;
	size_t nh = 0, nk = 0, i;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	ag_code rc;

	if (!rel)
		return ag_fail(err, AG_ERR_DATA, path, 0, "template's %s relationship '%s' does not exist",
			       what, rel_id);
	if (rel->external || forbidden_target(rel->target, main) || !pkg_has(r, rel->target) ||
	    !opc_rels_by_type(rel, 1, what))
		return ag_fail(err, AG_ERR_DATA, path, 0,
			       "template's %s relationship '%s' points at '%s', which is not a %s part",
			       what, rel_id, rel->target, what);
	doc = tmpl_read_xml(r, path, rel->target, err);
	if (!doc)
		return err->code;
	root = xmlDocGetRootElement(doc);
	if (!root || !root->ns || strcmp((const char *)root->ns->href, NS_W) ||
	    !xmlload_is(root, footer ? "ftr" : "hdr")) {
		rc = ag_fail(err, AG_ERR_DATA, path, 0, "template's %s part '%s' is not a %s", what,
			     rel->target, what);
		goto done;
	}
	rc = opc_rels_read(r, path, rel->target, &hrels, &nh, err);
	if (rc)
		goto done;
	kept = calloc(nh + 1, sizeof(*kept));
	if (!kept) {
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto done;
	}
	/* Only images stored in the package come along. */
	for (i = 0; i < nh && !rc; i++) {
		char type[128];
		const char *name;

		if (hrels[i].external || !opc_rels_by_type(&hrels[i], 1, "image") ||
		    forbidden_target(hrels[i].target, main) || !strcmp(hrels[i].target, rel->target) ||
		    !pkg_has(r, hrels[i].target))
			continue;
		rc = opc_content_type(r, path, hrels[i].target, type, sizeof(type), err);
		if (rc)
			break;
		if (!tmpl_image_type(type))
			continue;
		rc = tmpl_add_media(t, r, path, hrels[i].target, type, "word/media/", &name, err);
		if (rc)
			break;
		kept[nk] = hrels[i];
		kept[nk++].target = (char *)name;
	}
	if (rc)
		goto done;
	resolve_alternates(root);
	tmpl_clean(root, ooxml_ns, NOOXML);
	clean_hdrftr(root, kept, nk);
	resolve_theme(root, th);
	schema_order(root);
	rc = tmpl_join_placeholders(root, "p", "t", "txbxContent", path, what, err);
	if (!rc)
		rc = tmpl_store(t, footer ? TP_DOCX_FOOTER : TP_DOCX_HEADER, doc, NULL, err);
	if (!rc && nk)
		rc = store_rels(t, footer ? TP_DOCX_FOOTER_RELS : TP_DOCX_HEADER_RELS, kept, nk, err);
done:
	free(kept);   /* its strings belong to hrels and t */
	opc_rels_free(hrels, nh);
	xmlFreeDoc(doc);
	return rc;
}

/* The default header or footer reference of the section, or NULL. */
static const char *section_ref(xmlNodePtr sect, const char *ref)
{
	xmlNodePtr n;

	for (n = xmlload_first(sect); n; n = xmlload_next(n)) {
		const char *type = tmpl_attr(n, NS_W, "type");

		if (xmlload_is(n, ref) && (!type || !strcmp(type, "default")))
			return tmpl_attr(n, NS_R, "id");
	}
	return NULL;
}

/* Page width less the margins and gutter (twips, ECMA-376 Part 1
 * §17.6.13, §17.6.11), in 1/100 mm; left unknown when absurd. */
static void text_width(template *t, xmlNodePtr sect)
{
	const char *w = tmpl_attr(xmlload_child(sect, "pgSz"), NS_W, "w");
	xmlNodePtr mar = xmlload_child(sect, "pgMar");
	const char *l = tmpl_attr(mar, NS_W, "left"), *r = tmpl_attr(mar, NS_W, "right");
	const char *g = tmpl_attr(mar, NS_W, "gutter");
	long text;

	if (!w || !l || !r)
		return;
	text = strtol(w, NULL, 10) - strtol(l, NULL, 10) - strtol(r, NULL, 10) - (g ? strtol(g, NULL, 10) : 0);
	/* From 2 cm to 2 m of text. */
	if (text >= 1134 && text <= 113400)
		t->text_width = (unsigned)(text * 2540 / 1440);
}

/* Keeps the page size, margins, borders, columns and grid; the header and
 * footer references are annexgen's own. */
static ag_code store_section(template *t, xmlDocPtr doc, xmlNodePtr sect, const char *path,
			     ag_error *err)
{
	static const char *const keep[] = { "pgSz", "pgMar", "pgBorders", "cols", "docGrid" };
	xmlNodePtr n, next, hdr, ftr;
	xmlNsPtr rns;

	for (n = sect->children; n; n = next) {
		size_t i;

		next = n->next;
		for (i = 0; i < sizeof(keep) / sizeof(keep[0]) && !xmlload_is(n, keep[i]); i++)
			;
		if (n->type != XML_ELEMENT_NODE || i == sizeof(keep) / sizeof(keep[0]))
			tmpl_drop(n);
	}
	tmpl_clean(sect, ooxml_ns, 2);
	hdr = xmlNewNode(sect->ns, (const xmlChar *)"headerReference");
	ftr = xmlNewNode(sect->ns, (const xmlChar *)"footerReference");
	rns = xmlSearchNsByHref(doc, sect, (const xmlChar *)NS_R);
	if (!rns)
		rns = xmlNewNs(sect, (const xmlChar *)NS_R, (const xmlChar *)"r");
	if (!hdr || !ftr || !rns) {
		xmlFreeNode(hdr);
		xmlFreeNode(ftr);
		return ag_fail(err, AG_ERR_DATA, path, 0, "template's page setup cannot be read");
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
	text_width(t, sect);
	return tmpl_store(t, TP_DOCX_SECTION, doc, sect, err);
}

static ag_code load_styles(template *t, pkg_reader *r, const char *path, const char *part,
			   const struct theme *th, ag_error *err)
{
	xmlDocPtr doc = tmpl_read_xml(r, path, part, err);
	xmlNodePtr root;
	struct style *s = NULL;
	size_t n = 0;
	ag_code rc;

	if (!doc)
		return err->code;
	root = xmlDocGetRootElement(doc);
	if (!root || !xmlload_is(root, "styles") || !root->ns || strcmp((const char *)root->ns->href, NS_W)) {
		xmlFreeDoc(doc);
		return ag_fail(err, AG_ERR_DATA, path, 0, "template's '%s' is not WordprocessingML styles", part);
	}
	tmpl_clean(root, ooxml_ns, 3);
	resolve_theme(root, th);
	schema_order(root);
	rc = index_styles(root, &s, &n, err);
	if (!rc)
		rc = check_chains(s, n, path, err);
	if (!rc)
		rc = add_styles(doc, s, n, err);
	if (!rc)
		rc = tmpl_store(t, TP_DOCX_STYLES, doc, NULL, err);
	free(s);
	xmlFreeDoc(doc);
	return rc;
}

ag_code tmpl_load_docx(template *t, pkg_reader *r, const char *path, ag_error *err)
{
	opc_rel *pkg_rels = NULL, *rels = NULL;
	size_t npkg = 0, nrels = 0;
	const opc_rel *main_rel, *rel;
	struct theme th;
	xmlDocPtr doc = NULL, theme = NULL;
	xmlNodePtr n, body = NULL, sect = NULL;
	const char *id;
	ag_code rc;

	memset(&th, 0, sizeof(th));
	rc = opc_rels_read(r, path, "", &pkg_rels, &npkg, err);
	if (rc)
		return rc;
	main_rel = opc_rels_by_type(pkg_rels, npkg, "officeDocument");
	if (!main_rel || main_rel->external || !pkg_has(r, main_rel->target)) {
		rc = ag_fail(err, AG_ERR_DATA, path, 0,
			     "template is not a Word document: '_rels/.rels' names no main part");
		goto done;
	}
	rc = opc_rels_read(r, path, main_rel->target, &rels, &nrels, err);
	if (rc)
		goto done;
	rel = opc_rels_by_type(rels, nrels, "theme");
	if (rel && !rel->external && pkg_has(r, rel->target)) {
		theme = tmpl_read_xml(r, path, rel->target, err);
		if (!theme) {
			rc = err->code;
			goto done;
		}
		theme_fonts(xmlDocGetRootElement(theme), &th);
	}
	/* A document without styles is legal: it keeps the built-in ones. One
	 * whose styles relationship leads nowhere is damaged (Word says so). */
	rel = opc_rels_by_type(rels, nrels, "styles");
	if (rel && (rel->external || forbidden_target(rel->target, main_rel->target))) {
		rc = ag_fail(err, AG_ERR_DATA, path, 0,
			     "template's styles relationship points at '%s', which is not a styles part",
			     rel->target);
		goto done;
	}
	if (rel) {
		rc = load_styles(t, r, path, rel->target, &th, err);
		if (rc)
			goto done;
	}
	doc = tmpl_read_xml(r, path, main_rel->target, err);
	if (!doc) {
		rc = err->code;
		goto done;
	}
	n = xmlDocGetRootElement(doc);
	if (!n || !xmlload_is(n, "document") || !n->ns || strcmp((const char *)n->ns->href, NS_W)) {
		rc = ag_fail(err, AG_ERR_DATA, path, 0, "template's main part '%s' is not a Word document",
			     main_rel->target);
		goto done;
	}
	body = xmlload_child(n, "body");
	/* The body's last child holds the final section's properties. */
	for (n = body ? xmlload_first(body) : NULL; n; n = xmlload_next(n))
		sect = xmlload_is(n, "sectPr") ? n : NULL;
	if (!sect)
		goto done;  /* no page setup: the built-in one */
	id = section_ref(sect, "headerReference");
	if (id)
		rc = load_hdrftr(t, r, path, main_rel->target, rels, nrels, id, 0, &th, err);
	id = section_ref(sect, "footerReference");
	if (!rc && id)
		rc = load_hdrftr(t, r, path, main_rel->target, rels, nrels, id, 1, &th, err);
	if (!rc)
		rc = store_section(t, doc, sect, path, err);
done:
	opc_rels_free(pkg_rels, npkg);
	opc_rels_free(rels, nrels);
	xmlFreeDoc(doc);
	xmlFreeDoc(theme);
	return rc;
}
