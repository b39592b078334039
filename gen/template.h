/* Templates: the styles, page setup, header and footer a renderer wraps
 * around the document; built in from templates/, or read from a document a
 * user saved in LibreOffice or Word (as pandoc's --reference-doc). */
#ifndef TEMPLATE_H
#define TEMPLATE_H

#include <stddef.h>

#include "error.h"

#define TEMPLATE_MAX_FILE (32u << 20)

typedef struct template template;

/* A part a template adds to each package as it is (an image of the header
 * or footer): its name in the package, media type and bytes. */
typedef struct {
	char name[64];
	char type[128];
	char *data;
	size_t len;
} template_media;

/* The templates compiled in from templates/. Static: never freed. */
const template *template_builtin(void);

/*
 * Reads FILE.odt or FILE.docx (also .ott, .dotx): its styles, page setup,
 * header and footer (with their images), default fonts and language, with
 * markup the official schemas reject (LibreOffice's loext:, Word's w14: and
 * mc:) removed and whatever would fetch from the network dropped. Each
 * style templates/README.md lists that the document lacks is added, based
 * on the document's own standard styles. The DOCX main part is found
 * through the package relationships (ECMA-376 Part 2 §9.3). AG_ERR_DATA
 * for a package that is not a document, a header or footer relationship
 * that points at a part that is not one, a style chain that loops or nests
 * past TMPL_MAX_STYLE_DEPTH, a placeholder misspelt or cut across
 * paragraphs; AG_ERR_LIMIT past the package limits. Parts of the other
 * format stay built in. Caller frees with template_free.
 */
template *template_load(const char *path, ag_error *err);
void template_free(template *t);

/* The part called name ("odt/styles.xml", "docx/styles.xml", ...), with its
 * length; NULL when the template lacks it. Owned by the template. */
const char *template_part(const template *t, const char *name, size_t *len);

/* The template's media parts (*n of them; none for the built-in one), for
 * the format fmt ("odt" or "docx"). Owned by the template. */
const template_media *template_media_list(const template *t, const char *fmt, size_t *n);

/* Width of the text area of the template's pages (page width less the
 * left and right margins) in 1/100 mm; 0 for the built-in template, whose
 * pages the tables are laid out for. A renderer narrows wider tables to it. */
unsigned template_text_width(const template *t);

/* SHA-256 (hex) of every part, so a changed template regenerates; owned by
 * t. Safe to call from several threads at once. */
const char *template_hash(const template *t);

#endif
