/* Package relationships and content types (ECMA-376 Part 2, Open Packaging
 * Conventions), shared by the template loader and the form reader. */
#ifndef OPC_H
#define OPC_H

#include <stddef.h>

#include <libxml/tree.h>

#include "error.h"
#include "package.h"

typedef struct {
	char *id, *type;
	char *target;     /* resolved part name without the leading '/', or the raw target when external */
	int external;
} opc_rel;

/* The relationships of part source ("" for the package) of package path,
 * from its .rels part (§9.3); none when it has no .rels. Targets are
 * resolved against the source (§9.3.3, RFC 3986 §5.2, percent-escapes
 * decoded); one that leaves the package is marked external. Caller frees
 * with opc_rels_free. AG_ERR_DATA (path/part:line) when the part is not
 * XML, AG_ERR_LIMIT past 65,536 relationships, AG_ERR_NOMEM. */
ag_code opc_rels_read(pkg_reader *r, const char *path, const char *source, opc_rel **rels,
		      size_t *n, ag_error *err);
void opc_rels_free(opc_rel *rels, size_t n);
/* Part name of package path (named so in errors) parsed without network or
 * DTD (xmlload_parse); caller frees with xmlFreeDoc. NULL with err filled. */
xmlDocPtr opc_part_xml(pkg_reader *r, const char *path, const char *name, ag_error *err);
/* The relationship with id, or NULL. */
const opc_rel *opc_rels_find(const opc_rel *rels, size_t n, const char *id);
/* The first relationship whose type ends with "/" + kind, or NULL. */
const opc_rel *opc_rels_by_type(const opc_rel *rels, size_t n, const char *kind);
/* The content type of part (§10.1.2: Override, else Default by extension,
 * names compared case-insensitively) copied into buf; "" when
 * [Content_Types].xml is missing or does not say. */
ag_code opc_content_type(pkg_reader *r, const char *path, const char *part, char *buf,
			 size_t size, ag_error *err);

#endif
