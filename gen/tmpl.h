/* Internals shared by the template loaders (template.c, tmpl_docx.c,
 * tmpl_odt.c); nothing outside them includes this. */
#ifndef TMPL_H
#define TMPL_H

#include <stddef.h>

#include <libxml/tree.h>

#include "error.h"
#include "opc.h"
#include "package.h"
#include "template.h"

/* The parts a renderer asks for; their hash identifies the template. */
enum {
	TP_ODT_STYLES, TP_ODT_CONTENT_STYLES, TP_ODT_SETTINGS, TP_DOCX_STYLES, TP_DOCX_SETTINGS,
	TP_DOCX_FONTS, TP_DOCX_HEADER, TP_DOCX_FOOTER, TP_DOCX_SECTION,
	TP_DOCX_HEADER_RELS, TP_DOCX_FOOTER_RELS, TP_COUNT
};

/* Media parts (header and footer images) a template carries at most. */
#define TMPL_MAX_MEDIA 64

struct template {
	int builtin;
	const char *fmt;           /* "odt" or "docx": the format it styles */
	char hash[65];
	char *parts[TP_COUNT];     /* user parts; NULL: the built-in one */
	size_t lens[TP_COUNT];
	template_media media[TMPL_MAX_MEDIA];
	char *media_src[TMPL_MAX_MEDIA];   /* entry each was copied from */
	size_t nmedia;
	unsigned text_width;       /* 1/100 mm; 0: unknown */
};

/* How deep a chain of styles (basedOn, parent-style-name) may go. Word
 * and LibreOffice documents stay under ten levels. */
#define TMPL_MAX_STYLE_DEPTH 32

/* The error for style, whose chain of parents (the first being parent)
 * comes back to it. */
ag_code tmpl_loop_error(ag_error *err, const char *path, const char *style, const char *parent);
/* The error for a style whose basedOn / parent chain is longer than
 * TMPL_MAX_STYLE_DEPTH. */
ag_code tmpl_depth_error(ag_error *err, const char *path, const char *style);

/* Serializes doc (or the element root alone when it is not the document's
 * root) as template part idx. */
ag_code tmpl_store(template *t, int idx, xmlDocPtr doc, xmlNodePtr root, ag_error *err);

/* Copies entry name of the package into the template as a media part
 * named out_dir + "tplN" + the entry's extension, of media type type; the
 * new name (owned by t) goes to *out. AG_ERR_LIMIT past TMPL_MAX_MEDIA. */
ag_code tmpl_add_media(template *t, pkg_reader *r, const char *path, const char *name,
		       const char *type, const char *out_dir, const char **out, ag_error *err);

/* Whether type is an image's media type as [Content_Types].xml's schema
 * and ODF's manifest take it: "image/" and a token (RFC 2616 §3.7). */
int tmpl_image_type(const char *type);

/* Reads entry name as a parsed document (name is quoted in messages). */
xmlDocPtr tmpl_read_xml(pkg_reader *r, const char *path, const char *name, ag_error *err);

/* Drops elements and attributes outside the namespaces allowed (each a
 * prefix of a namespace name), elements in no namespace and attributes
 * whose prefix was never declared (libxml2 keeps "p:name" as a plain name). */
void tmpl_clean(xmlNodePtr n, const char *const *allowed, size_t na);

/* Removes n from its tree and frees it. */
void tmpl_drop(xmlNodePtr n);

/* Value of attribute local name attr in namespace ns (NULL: none), or NULL;
 * points into the tree. */
const char *tmpl_attr(xmlNodePtr n, const char *ns, const char *attr);

/* Joins each paragraph's text (elements text_elem below para_elem, not
 * inside skip_elem) so that a placeholder split over runs or spans lands
 * whole in the text node where it starts. Fails naming a placeholder that
 * is misspelt or cut by the end of its paragraph. where names the part in
 * messages ("header"). */
ag_code tmpl_join_placeholders(xmlNodePtr root, const char *para_elem, const char *text_elem,
			       const char *skip_elem, const char *path, const char *where,
			       ag_error *err);

/* Whether some placeholder (@HEADER_TEXT@, @PAGE_...@) occurs under n. */
int tmpl_has_placeholder(xmlNodePtr n);

/* The built-in part name ("odt/styles.xml") parsed; caller frees. */
xmlDocPtr tmpl_builtin_doc(const char *name, ag_error *err);

ag_code tmpl_load_odt(template *t, pkg_reader *r, const char *path, ag_error *err);
ag_code tmpl_load_docx(template *t, pkg_reader *r, const char *path, ag_error *err);

#endif
