/* Language tags for the renderers: one rule, shared by odt.c and docx.c, for
 * which script slot a tag fills and what the document's default slots hold. */
#include "lang.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

int lang_primary_is(const char *tag, const char *primary)
{
	size_t n = strlen(primary);

	return tag && strcspn(tag, "-_") == n && !strncasecmp(tag, primary, n);
}

int lang_is_cjk(const char *tag)
{
	return lang_primary_is(tag, "zh") || lang_primary_is(tag, "ja") || lang_primary_is(tag, "ko");
}

void lang_split(const char *tag, char *lang, size_t lsize, char *country, size_t csize)
{
	size_t n = strcspn(tag, "-_");

	snprintf(lang, lsize, "%.*s", (int)n, tag);
	snprintf(country, csize, "%s", tag[n] ? tag + n + 1 : "");
}

lang_slots lang_slots_of(const char *doc_tag)
{
	lang_slots s = { "en-US", "zh-TW" };

	if (!doc_tag || !*doc_tag)
		return s;
	if (lang_is_cjk(doc_tag))
		s.asian = doc_tag;
	else if (strcmp(doc_tag, "en"))
		s.western = doc_tag;
	return s;
}
