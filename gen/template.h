/* Templates: the styles, page setup, header and footer a renderer wraps
 * around the document; built in from templates/, or read from a user's file. */
#ifndef TEMPLATE_H
#define TEMPLATE_H

#include <stddef.h>

#include "error.h"

typedef struct template template;

/* The templates compiled in from templates/. Static: never freed. */
const template *template_builtin(void);

/* The part called name ("odt/styles.xml", "docx/styles.xml", ...), with its
 * length; NULL when the template lacks it. Owned by the template. */
const char *template_part(const template *t, const char *name, size_t *len);

/* SHA-256 (hex) of every part, so a changed template regenerates; owned by t. */
const char *template_hash(const template *t);

#endif
