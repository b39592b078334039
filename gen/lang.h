/* Language tags as the renderers need them: which script slot a BCP 47 tag
 * fills (Western or East Asian) and the tag split into language and country. */
#ifndef LANG_H
#define LANG_H

#include <stddef.h>

/* Non-zero when tag's primary subtag (before "-" or "_", RFC 5646 section
 * 2.1.1) is primary, case-insensitively: "ZH-Hant" is "zh", "zha" is not.
 * NULL is no language. */
int lang_primary_is(const char *tag, const char *primary);

/* Non-zero when tag's primary subtag is Chinese, Japanese or Korean ("zh",
 * "zh-TW", "ja-JP", "ko"; case-insensitive): text in it takes the East Asian
 * slot (ODF style:language-asian, OOXML w:lang/@w:eastAsia), anything else the
 * Western one (fo:language, w:lang/@w:val). NULL is not CJK. */
int lang_is_cjk(const char *tag);

/* "zh-TW" -> "zh" and "TW"; country "" when the tag has none. Truncates to the
 * buffers' sizes (always NUL-terminated). */
void lang_split(const char *tag, char *lang, size_t lsize, char *country, size_t csize);

/* The document's language in each slot. Line breaking in LibreOffice and Word
 * follows the Western slot for Latin words and numbers: with a Chinese tag
 * there they break anywhere ("ISO 270/01"), so the Western slot is always a
 * Western language (en-US for a CJK document) and the East Asian slot always an
 * East Asian one (zh-TW for a Western document). Static or borrowed strings. */
typedef struct {
	const char *western;   /* e.g. "en-US" */
	const char *asian;     /* e.g. "zh-TW" */
} lang_slots;

lang_slots lang_slots_of(const char *doc_tag);

#endif
