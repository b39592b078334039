/* Templates: the styles, page setup, header and footer a renderer wraps
 * around the document; built in from templates/, or read from a document a
 * user saved in LibreOffice or Word (as pandoc's --reference-doc). */
#ifndef TEMPLATE_H
#define TEMPLATE_H

#include <stddef.h>

#include "error.h"

#define TEMPLATE_MAX_FILE (32u << 20)

typedef struct template template;

/* The templates compiled in from templates/. Static: never freed. */
const template *template_builtin(void);

/*
 * Reads FILE.odt or FILE.docx: its styles (which must define every style name
 * templates/README.md lists), page setup, header and footer, with markup the
 * official schemas reject (LibreOffice's loext:, Word's w14: and mc:) removed.
 * Parts of the other format stay built in. Caller frees with template_free.
 */
template *template_load(const char *path, ag_error *err);
void template_free(template *t);

/* The part called name ("odt/styles.xml", "docx/styles.xml", ...), with its
 * length; NULL when the template lacks it. Owned by the template. */
const char *template_part(const template *t, const char *name, size_t *len);

/* SHA-256 (hex) of every part, so a changed template regenerates; owned by t. */
const char *template_hash(const template *t);

#endif
