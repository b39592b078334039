/* Loads a tender file (or builds one from the command line) and binds it to
 * its catalogue: every exclusion and agency item is checked and resolved. */
#include "tender.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fileio.h"
#include "label.h"
#include "sha256.h"
#include "xmlload.h"
#include "xmlw.h"

#include "banned.h"

#define FAIL(t, line, code, ...) ag_fail(err, code, (t)->path, line, __VA_ARGS__)

static tender *tender_alloc(const char *path)
{
	tender *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	arena_init(&t->mem);
	t->path = arena_strdup(&t->mem, path);
	if (!t->path) {
		tender_free(t);
		return NULL;
	}
	return t;
}

void tender_free(tender *t)
{
	if (!t)
		return;
	free(t->excludes);
	arena_release(&t->mem);
	free(t);
}

ag_code tender_check_id(const char *id, const char *where, long line, ag_error *err)
{
	static const char *const reserved[] = { "CON", "PRN", "AUX", "NUL", "COM", "LPT" };
	size_t i, n = strcspn(id, ".");

	/* Windows drops a trailing dot or space: "abc." would name "abc". */
	if (!*id || id[0] == '.' || strstr(id, "..") || strpbrk(id, "/\\:*?\"<>|") ||
	    id[strlen(id) - 1] == '.' || id[strlen(id) - 1] == ' ')
		return ag_fail(err, AG_ERR_DATA, where, line,
			       "tender id '%s' cannot be used in a file name", id);
	for (i = 0; id[i]; i++)
		if ((unsigned char)id[i] < 0x20 || (unsigned char)id[i] >= 0x7f)
			return ag_fail(err, AG_ERR_DATA, where, line,
				       "tender id '%s' cannot be used in a file name", id);
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		size_t r = strlen(reserved[i]);

		/* CON, con.txt, COM1 and LPT9.x are device names on Windows. */
		if (!strncasecmp(id, reserved[i], r) &&
		    (n == r || (n == r + 1 && r == 3 && (!strcmp(reserved[i], "COM") ||
						    !strcmp(reserved[i], "LPT")) &&
				id[r] >= '1' && id[r] <= '9')))
			return ag_fail(err, AG_ERR_DATA, where, line,
				       "tender id '%s' is a reserved device name on Windows", id);
	}
	return AG_OK;
}

static ag_code add_text(tender *t, tender_text *tt, xmlNodePtr n, const char *what, ag_error *err)
{
	char *tag = xmlload_lang(&t->mem, n), *text;
	size_t i;

	if (!tag)
		return FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
	for (i = 0; i < tt->n; i++)
		if (!strcmp(tt->tag[i], tag))
			return FAIL(t, xmlload_line(n), AG_ERR_DATA, "%s has two '%s' texts", what, tag);
	if (tt->n == CAT_MAX_LANGS)
		return FAIL(t, xmlload_line(n), AG_ERR_LIMIT, "%s has more than %d texts",
			    what, CAT_MAX_LANGS);
	text = xmlload_content(&t->mem, n);
	if (!text)
		return FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
	if (!*text)
		return FAIL(t, xmlload_line(n), AG_ERR_DATA, "%s has an empty '%s' text", what, tag);
	if (strlen(text) > CAT_MAX_TEXT)
		return FAIL(t, xmlload_line(n), AG_ERR_LIMIT, "%s has a text longer than %u bytes",
			    what, CAT_MAX_TEXT);
	if (!tt->n)
		tt->line = xmlload_line(n);
	tt->tag[tt->n] = tag;
	tt->s[tt->n++] = text;
	return AG_OK;
}

static ag_code read_texts(tender *t, tender_text *tt, xmlNodePtr parent, const char *name,
			  const char *what, ag_error *err)
{
	xmlNodePtr n;
	ag_code rc;

	for (n = xmlload_first(parent); n; n = xmlload_next(n)) {
		if (!xmlload_is(n, name))
			continue;
		rc = add_text(t, tt, n, what, err);
		if (rc)
			return rc;
	}
	return AG_OK;
}

static size_t count(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;
	size_t k = 0;

	for (n = xmlload_first(parent); n; n = xmlload_next(n))
		k += xmlload_is(n, name);
	return k;
}

static ag_code push_exclude(tender *t, tender_exclude **out, ag_error *err)
{
	if (t->nexcludes == t->excludes_cap) {
		size_t cap = t->excludes_cap ? 2 * t->excludes_cap : 16;
		tender_exclude *p = realloc(t->excludes, cap * sizeof(*p));

		if (!p)
			return FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
		t->excludes = p;
		t->excludes_cap = cap;
	}
	*out = &t->excludes[t->nexcludes++];
	memset(*out, 0, sizeof(**out));
	return AG_OK;
}

/* An <annex-number kind=...>: the number of one document. Texts of one
 * document in several languages come as several elements, as for titles. */
static ag_code add_number(tender *t, xmlNodePtr n, ag_error *err)
{
	static const char *const kinds[] = { "annex", "response", "overview" };
	const char *kind = xmlload_attr(&t->mem, n, "kind");
	const char *type = xmlload_has(n, "type") ? xmlload_attr(&t->mem, n, "type") : NULL;
	tender_number *num = NULL;
	size_t i, k = 0;

	if (!kind || (xmlload_has(n, "type") && !type))
		return FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
	while (k < 2 && strcmp(kinds[k], kind))
		k++;
	for (i = 0; i < t->nnumbers && !num; i++)
		if (t->numbers[i].kind == (tender_doc)k &&
		    (type ? t->numbers[i].type_id && !strcmp(t->numbers[i].type_id, type) : !t->numbers[i].type_id))
			num = &t->numbers[i];
	if (!num) {
		num = &t->numbers[t->nnumbers++];
		memset(num, 0, sizeof(*num));
		num->type_id = type;
		num->kind = (tender_doc)k;
		num->line = xmlload_line(n);
	}
	return add_text(t, &num->text, n, "the annex number", err);
}

/* A tender names its catalogue relative to its own folder, and only inside
 * it: a tender from another office must not make annexgen read any file. */
static int href_allowed(const char *href)
{
	const char *p = href;

	if (href[0] == '/' || strchr(href, '\\') || strchr(href, ':'))
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += n + (p[n] == '/');
	}
	return 1;
}

/* The catalogue href is relative to the tender file's folder. */
static const char *resolve_href(tender *t, const char *href)
{
	const char *slash = strrchr(t->path, '/');
	size_t dir = slash ? (size_t)(slash - t->path + 1) : 0;
	size_t n = strlen(href);
	char *p;

	if (href[0] == '/' || !dir)
		return href;
	p = arena_alloc(&t->mem, dir + n + 1);
	if (!p)
		return NULL;
	memcpy(p, t->path, dir);
	memcpy(p + dir, href, n + 1);
	return p;
}

static ag_code read_tender(tender *t, xmlNodePtr root, ag_error *err)
{
	xmlNodePtr n;
	size_t nt = 0, nc = 0, ni = 0;
	ag_code rc = AG_OK;

	t->id = xmlload_attr(&t->mem, root, "id");
	if (!t->id)
		return FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
	rc = tender_check_id(t->id, t->path, xmlload_line(root), err);
	if (rc)
		return rc;
	t->type_ids = arena_alloc(&t->mem, (count(root, "service-type") + 1) * sizeof(char *));
	t->type_lines = arena_alloc(&t->mem, (count(root, "service-type") + 1) * sizeof(long));
	t->categories = arena_alloc(&t->mem, (count(root, "agency-category") + 1) * sizeof(*t->categories));
	t->items = arena_alloc(&t->mem, (count(root, "agency-item") + 1) * sizeof(*t->items));
	t->numbers = arena_alloc(&t->mem, (count(root, "annex-number") + 1) * sizeof(*t->numbers));
	if (!t->type_ids || !t->type_lines || !t->categories || !t->items || !t->numbers)
		return FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
	for (n = xmlload_first(root); n && !rc; n = xmlload_next(n)) {
		long line = xmlload_line(n);

		if (xmlload_is(n, "title")) {
			rc = add_text(t, &t->title, n, "the tender title", err);
		} else if (xmlload_is(n, "agency")) {
			rc = add_text(t, &t->agency, n, "the agency", err);
		} else if (xmlload_is(n, "annex-number") && xmlload_has(n, "kind")) {
			rc = add_number(t, n, err);
		} else if (xmlload_is(n, "annex-number")) {
			rc = add_text(t, &t->annex, n, "the annex number", err);
		} else if (xmlload_is(n, "case-number")) {
			t->case_number = xmlload_content(&t->mem, n);
			if (t->case_number && !*t->case_number)
				rc = FAIL(t, line, AG_ERR_DATA, "the case number is empty");
		} else if (xmlload_is(n, "date")) {
			t->date = xmlload_content(&t->mem, n);
		} else if (xmlload_is(n, "language")) {
			t->language = xmlload_content(&t->mem, n);
			t->language_line = line;
		} else if (xmlload_is(n, "catalog")) {
			t->catalog_id = xmlload_attr(&t->mem, n, "id");
			t->catalog_version = xmlload_attr(&t->mem, n, "version");
			t->catalog_line = line;
			if (xmlload_has(n, "href")) {
				char *href = xmlload_attr(&t->mem, n, "href");

				if (href && !href_allowed(href)) {
					rc = FAIL(t, line, AG_ERR_DATA,
						  "catalogue href '%s' must be a relative path inside the tender's folder",
						  href);
					break;
				}
				t->catalog_href = href ? resolve_href(t, href) : NULL;
				if (!t->catalog_href)
					rc = FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
			}
		} else if (xmlload_is(n, "service-type")) {
			t->type_ids[nt] = xmlload_attr(&t->mem, n, "id");
			t->type_lines[nt++] = line;
		} else if (xmlload_is(n, "exclude")) {
			tender_exclude *e;

			rc = push_exclude(t, &e, err);
			if (rc)
				break;
			e->item_id = xmlload_attr(&t->mem, n, "item");
			e->type_id = xmlload_has(n, "type") ? xmlload_attr(&t->mem, n, "type") : NULL;
			e->where = t->path;
			e->line = line;
			rc = read_texts(t, &e->reason, n, "reason", "the exclusion reason", err);
		} else if (xmlload_is(n, "agency-category")) {
			tender_category *c = &t->categories[nc];

			if (nc++ == TENDER_MAX_AGENCY) {
				rc = FAIL(t, line, AG_ERR_LIMIT, "more than %d agency categories",
					  TENDER_MAX_AGENCY);
				break;
			}
			c->id = xmlload_attr(&t->mem, n, "id");
			c->domain_id = xmlload_attr(&t->mem, n, "domain");
			c->line = line;
			rc = read_texts(t, &c->name, n, "name", "the agency category", err);
		} else if (xmlload_is(n, "agency-item")) {
			tender_item *it = &t->items[ni];

			if (ni++ == TENDER_MAX_AGENCY) {
				rc = FAIL(t, line, AG_ERR_LIMIT, "more than %d agency items", TENDER_MAX_AGENCY);
				break;
			}
			it->id = xmlload_attr(&t->mem, n, "id");
			it->category_id = xmlload_attr(&t->mem, n, "category");
			it->types = xmlload_has(n, "types") ? xmlload_attr(&t->mem, n, "types") : NULL;
			it->line = line;
			rc = read_texts(t, &it->text, n, "text", "the agency item", err);
		}
	}
	t->ntypes = nt;
	t->ncategories = nc;
	t->nitems = ni;
	return rc;
}

tender *tender_load_mem(const char *data, size_t len, const char *name, ag_error *err)
{
	xmlNodePtr root;
	xmlDocPtr doc = NULL;
	tender *t = NULL;

	if (len > TENDER_MAX_FILE) {
		ag_fail(err, AG_ERR_LIMIT, name, 0, "tender file is larger than the limit of %u bytes",
			TENDER_MAX_FILE);
		return NULL;
	}
	doc = xmlload_parse(data, len, name, err);
	if (!doc)
		goto fail;
	t = tender_alloc(name);
	if (!t) {
		ag_fail(err, AG_ERR_NOMEM, name, 0, "out of memory");
		goto fail;
	}
	/* The id becomes a folder and file names: say what is wrong with a
	 * hostile one ("../x", "a/b", "CON") before the schema's general error. */
	root = xmlDocGetRootElement(doc);
	if (xmlload_is(root, "tender") && xmlload_has(root, "id")) {
		const char *id = xmlload_attr(&t->mem, root, "id");

		if (!id) {
			ag_fail(err, AG_ERR_NOMEM, name, 0, "out of memory");
			goto fail;
		}
		if (tender_check_id(id, name, xmlload_line(root), err))
			goto fail;
	}
	if (xmlload_validate(doc, "tender.rng", name, err))
		goto fail;
	sha256_hex(data, len, t->sha256);
	if (read_tender(t, xmlDocGetRootElement(doc), err))
		goto fail;
	xmlFreeDoc(doc);
	return t;
fail:
	xmlFreeDoc(doc);
	tender_free(t);
	return NULL;
}

tender *tender_load(const char *path, ag_error *err)
{
	char *data;
	size_t len;
	tender *t;

	if (fileio_read(path, TENDER_MAX_FILE, &data, &len, err))
		return NULL;
	t = tender_load_mem(data, len, path, err);
	free(data);
	return t;
}

static void quick_text(tender_text *tt, const catalog *c, const cat_text *src)
{
	size_t i;

	for (i = 0; i < c->nlangs; i++) {
		tt->tag[i] = c->langs[i];
		tt->s[i] = cat_text_get(c, src, i);
	}
	tt->n = c->nlangs;
}

tender *tender_quick(const catalog *c, const char *type_id, ag_error *err)
{
	tender *t = tender_alloc("");

	if (!t) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	t->id = "annex";
	t->case_number = "";
	t->date = c->date;
	quick_text(&t->title, c, &c->title);
	quick_text(&t->agency, c, &c->publisher);
	t->annex.tag[0] = c->langs[c->official];
	t->annex.s[0] = "";
	t->annex.n = 1;
	t->catalog_id = c->id;
	t->catalog_version = c->version;
	t->language = c->langs[c->official];
	t->type_ids = arena_alloc(&t->mem, sizeof(char *));
	t->type_lines = arena_alloc(&t->mem, sizeof(long));
	if (!t->type_ids || !t->type_lines || !(t->type_ids[0] = arena_strdup(&t->mem, type_id))) {
		tender_free(t);
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	t->ntypes = 1;
	return t;
}

ag_code tender_add_exclude_arg(tender *t, const char *arg, ag_error *err)
{
	const char *colon = strchr(arg, ':');
	tender_exclude *e;
	ag_code rc = push_exclude(t, &e, err);

	if (rc)
		return rc;
	e->where = "--exclude";
	e->item_id = colon ? arena_strndup(&t->mem, arg, (size_t)(colon - arg)) : arena_strdup(&t->mem, arg);
	if (!e->item_id)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	if (colon && colon[1]) {
		size_t len = strlen(colon + 1);

		if (xmlw_valid_prefix(colon + 1, len) != len)
			return ag_fail(err, AG_ERR_USAGE, "--exclude", 0,
				       "the reason for '%s' is not valid UTF-8 text without control characters",
				       e->item_id);
		e->reason.tag[0] = "";   /* bound to the output languages */
		e->reason.s[0] = arena_strdup(&t->mem, colon + 1);
		if (!e->reason.s[0])
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		e->reason.n = 1;
	}
	return AG_OK;
}

const char *tender_text_get(const tender *t, const tender_text *tt, size_t lang)
{
	const catalog *c = t->cat;
	size_t i;

	for (i = 0; i < tt->n; i++)
		if (!strcmp(tt->tag[i], c->langs[lang]) || !*tt->tag[i])
			return tt->s[i];
	for (i = 0; i < tt->n; i++)
		if (!strcmp(tt->tag[i], c->langs[c->official]))
			return tt->s[i];
	return tt->n ? tt->s[0] : "";
}

static int has_lang(const tender_text *tt, const char *tag)
{
	size_t i;

	for (i = 0; i < tt->n; i++)
		if (!strcmp(tt->tag[i], tag) || !*tt->tag[i])
			return 1;
	return 0;
}

/* Every text the documents print must exist in every output language. */
static ag_code need_langs(const tender *t, const tender_text *tt, const char *what,
			  const char *where, long line, ag_error *err)
{
	size_t i;

	for (i = 0; i < t->nlangs; i++)
		if (!has_lang(tt, t->cat->langs[t->langs[i]]))
			return ag_fail(err, AG_ERR_DATA, where, line ? line : tt->line, "%s has no '%s' text",
				       what, t->cat->langs[t->langs[i]]);
	return AG_OK;
}

static ag_code bind_languages(tender *t, ag_error *err)
{
	const catalog *c = t->cat;
	long l;

	if (!strcmp(t->language, "both")) {
		if (c->nlangs < 2)
			return FAIL(t, t->language_line, AG_ERR_DATA,
				    "language 'both' needs a catalogue with a translation");
		t->langs[0] = c->official;
		t->langs[1] = c->official == 0 ? 1 : 0;
		t->nlangs = 2;
		return AG_OK;
	}
	l = catalog_lang(c, t->language);
	if (l < 0)
		return FAIL(t, t->language_line, AG_ERR_DATA,
			    "language '%s' is not one of the catalogue's", t->language);
	t->langs[0] = (size_t)l;
	t->nlangs = 1;
	return AG_OK;
}

static ag_code unknown_item(const tender *t, const char *id, const char *where, long line,
			    ag_error *err)
{
	const char *near = catalog_nearest_item(t->cat, id);

	(void)t;
	if (near)
		return ag_fail(err, AG_ERR_DATA, where, line,
			       "unknown item '%s' (did you mean '%s'?)", id, near);
	return ag_fail(err, AG_ERR_DATA, where, line, "unknown item '%s'", id);
}

static ag_code exclude_one(tender *t, size_t ei, size_t type, ag_error *err)
{
	const catalog *c = t->cat;
	tender_exclude *e = &t->excludes[ei];
	const cat_row *row = catalog_row(c, type, e->item);
	long *slot = &t->excluded[type * c->nitems + e->item];

	if (!row)
		return ag_fail(err, AG_ERR_DATA, e->where, e->line,
			       "item '%s' does not apply to service type '%s', so it cannot be excluded",
			       e->item_id, c->types[type].id);
	if (*slot >= 0) {
		char first[48] = "";

		/* Exclusions from the command line have no line to point at. */
		if (t->excludes[*slot].line > 0)
			snprintf(first, sizeof(first), " (first at line %ld)", t->excludes[*slot].line);
		return ag_fail(err, AG_ERR_DATA, e->where, e->line,
			       "item '%s' is excluded twice for service type '%s'%s",
			       e->item_id, c->types[type].id, first);
	}
	if (!e->reason.n && !row->excludable)
		return ag_fail(err, AG_ERR_DATA, e->where, e->line,
			       "excluding item '%s' from '%s' needs a reason: the catalogue does not mark it excludable",
			       e->item_id, c->types[type].id);
	*slot = (long)ei;
	return AG_OK;
}

static ag_code bind_excludes(tender *t, ag_error *err)
{
	const catalog *c = t->cat;
	size_t i, ty;
	ag_code rc;

	for (i = 0; i < t->nexcludes; i++) {
		tender_exclude *e = &t->excludes[i];
		long item = catalog_item(c, e->item_id);
		size_t applied = 0;

		if (item < 0)
			return unknown_item(t, e->item_id, e->where, e->line, err);
		e->item = (size_t)item;
		if (e->reason.n) {
			rc = need_langs(t, &e->reason, "the exclusion reason", e->where, e->line, err);
			if (rc)
				return rc;
		}
		if (e->type_id) {
			long ti = catalog_type(c, e->type_id);

			if (ti < 0 || !t->buys[ti])
				return ag_fail(err, AG_ERR_DATA, e->where, e->line,
					       "exclusion of '%s' names service type '%s', which the tender does not buy",
					       e->item_id, e->type_id);
			rc = exclude_one(t, i, (size_t)ti, err);
			if (rc)
				return rc;
			continue;
		}
		for (ty = 0; ty < c->ntypes; ty++) {
			if (!t->buys[ty] || !catalog_row(c, ty, e->item))
				continue;
			rc = exclude_one(t, i, ty, err);
			if (rc)
				return rc;
			applied++;
		}
		if (!applied)
			return ag_fail(err, AG_ERR_DATA, e->where, e->line,
				       "item '%s' applies to none of the service types bought, so it cannot be excluded",
				       e->item_id);
	}
	return AG_OK;
}

static ag_code bind_agency(tender *t, ag_error *err)
{
	const catalog *c = t->cat;
	size_t i, j;
	ag_code rc;

	for (i = 0; i < t->ncategories; i++) {
		tender_category *cat = &t->categories[i];
		long d = -1;

		for (j = 0; j < c->ndomains; j++)
			if (!strcmp(c->domains[j].id, cat->domain_id))
				d = (long)j;
		if (d < 0)
			return FAIL(t, cat->line, AG_ERR_DATA, "agency category '%s' names unknown domain '%s'",
				    cat->id, cat->domain_id);
		if (catalog_category(c, cat->id) >= 0)
			return FAIL(t, cat->line, AG_ERR_DATA,
				    "agency category '%s' has the id of a catalogue category", cat->id);
		for (j = 0; j < i; j++)
			if (!strcmp(t->categories[j].id, cat->id))
				return FAIL(t, cat->line, AG_ERR_DATA, "duplicate agency category id '%s'", cat->id);
		cat->domain = (size_t)d;
		rc = need_langs(t, &cat->name, "the agency category", t->path, cat->line, err);
		if (rc)
			return rc;
	}
	for (i = 0; i < t->nitems; i++) {
		tender_item *it = &t->items[i];

		if (catalog_item(c, it->id) >= 0)
			return FAIL(t, it->line, AG_ERR_DATA,
				    "agency item '%s' has the id of a catalogue item", it->id);
		for (j = 0; j < i; j++)
			if (!strcmp(t->items[j].id, it->id))
				return FAIL(t, it->line, AG_ERR_DATA, "duplicate agency item id '%s'", it->id);
		it->category = catalog_category(c, it->category_id);
		it->agency_category = -1;
		for (j = 0; it->category < 0 && j < t->ncategories; j++)
			if (!strcmp(t->categories[j].id, it->category_id))
				it->agency_category = (long)j;
		if (it->category < 0 && it->agency_category < 0) {
			const char *near = catalog_nearest_category(c, it->category_id);

			if (near)
				return FAIL(t, it->line, AG_ERR_DATA,
					    "agency item '%s' names unknown category '%s' (did you mean '%s'?)",
					    it->id, it->category_id, near);
			return FAIL(t, it->line, AG_ERR_DATA, "agency item '%s' names unknown category '%s'",
				    it->id, it->category_id);
		}
		it->domain = it->category >= 0 ? c->categories[it->category].domain
					       : t->categories[it->agency_category].domain;
		it->applies = arena_alloc(&t->mem, c->ntypes);
		if (!it->applies)
			return FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
		if (!it->types) {
			memcpy(it->applies, t->buys, c->ntypes);
		} else {
			char *list = arena_strdup(&t->mem, it->types), *p = list;

			if (!list)
				return FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
			while (*p) {
				size_t len = strcspn(p, " \t\r\n");
				char save = p[len];
				long ti;

				p[len] = '\0';
				ti = *p ? catalog_type(c, p) : -2;
				if (ti == -1 || (ti >= 0 && !t->buys[ti]))
					return FAIL(t, it->line, AG_ERR_DATA,
						    "agency item '%s' names service type '%s', which the tender does not buy",
						    it->id, p);
				if (ti >= 0)
					it->applies[ti] = 1;
				p += len + (save != '\0');
			}
		}
		rc = need_langs(t, &it->text, "the agency item", t->path, it->line, err);
		if (rc)
			return rc;
	}
	return AG_OK;
}

/* n (1..99) in Chinese numerals: 一 … 十 … 九十九. */
static void chinese_number(unsigned n, char *buf, size_t size)
{
	static const char *const d[] = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

	if (n < 10)
		snprintf(buf, size, "%s", d[n]);
	else
		snprintf(buf, size, "%s十%s", n >= 20 ? d[n / 10] : "", d[n % 10]);
}

/* The k-th document's sub-number of base: 附件三之二 in Chinese, Annex 3-2 otherwise. */
static ag_code derive_number(tender *t, const tender_text *base, unsigned k, tender_text *out, ag_error *err)
{
	size_t i;

	*out = *base;
	for (i = 0; i < base->n; i++) {
		char num[32];

		const char *tag = *base->tag[i] ? base->tag[i] : t->cat->langs[t->cat->official];
		size_t len = strlen(base->s[i]) + sizeof(num) + 8;
		char *s = arena_alloc(&t->mem, len);

		if (!s)
			return FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
		if (label_lang_of(tag) == LABEL_ZH) {
			chinese_number(k, num, sizeof(num));
			snprintf(s, len, "%s之%s", base->s[i], num);
		} else {
			snprintf(s, len, "%s-%u", base->s[i], k);
		}
		out->s[i] = s;
	}
	return AG_OK;
}

/* "the paas annex", "the overview": a document as messages name it. */
static const char *doc_name(const tender *t, size_t slot, char *buf, size_t size)
{
	static const char *const kinds[] = { "annex", "response form" };
	const catalog *c = t->cat;

	if (slot == 2 * c->ntypes)
		return "the overview";
	snprintf(buf, size, "the %s %s", c->types[slot / 2].id, kinds[slot % 2]);
	return buf;
}

/* Gives every document of the tender its annex number, each its own. */
static ag_code bind_numbers(tender *t, ag_error *err)
{
	const catalog *c = t->cat;
	size_t nslots = 2 * c->ntypes + 1, i, j, k;
	long *line, *own;
	unsigned sub = 0;
	char b1[128], b2[128];
	ag_code rc;

	t->docnum = arena_alloc(&t->mem, nslots * sizeof(*t->docnum));
	line = arena_alloc(&t->mem, nslots * sizeof(long));
	own = arena_alloc(&t->mem, nslots * sizeof(long));
	if (!t->docnum || !line || !own)
		return FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
	memset(t->docnum, 0, nslots * sizeof(*t->docnum));
	for (i = 0; i < nslots; i++)
		own[i] = -1;
	for (i = 0; i < t->nnumbers; i++) {
		const tender_number *num = &t->numbers[i];
		size_t slot = 2 * c->ntypes;

		if (num->type_id) {
			long ty = catalog_type(c, num->type_id);

			if (ty < 0 || !t->buys[ty])
				return FAIL(t, num->line, AG_ERR_DATA,
					    "annex number names service type '%s', which the tender does not buy",
					    num->type_id);
			slot = 2 * (size_t)ty + num->kind;
		}
		rc = need_langs(t, &num->text, "the annex number", t->path, num->line, err);
		if (rc)
			return rc;
		own[slot] = (long)i;
	}
	if (t->annex.n) {
		rc = need_langs(t, &t->annex, "the annex number", t->path, 0, err);
		if (rc)
			return rc;
	}
	/* The stated order: annexes, then response forms, then the overview. */
	for (k = 0; k < 3; k++)
		for (i = 0; i < (k < 2 ? c->ntypes : 1); i++) {
			size_t slot = k < 2 ? 2 * i + k : 2 * c->ntypes;

			if (k < 2 && !t->buys[i])
				continue;
			if (own[slot] >= 0) {
				t->docnum[slot] = t->numbers[own[slot]].text;
				line[slot] = t->numbers[own[slot]].line;
				continue;
			}
			if (!t->annex.n)
				return FAIL(t, t->nnumbers ? t->numbers[0].line : 0, AG_ERR_DATA,
					    "%s has no annex number: give it one, or one <annex-number> for all documents",
					    doc_name(t, slot, b1, sizeof(b1)));
			rc = derive_number(t, &t->annex, ++sub, &t->docnum[slot], err);
			if (rc)
				return rc;
			line[slot] = t->annex.line;
		}
	/* Each document its own number, or 詳附件三 is ambiguous again. */
	for (i = 0; i < nslots; i++)
		for (j = 0; j < i && t->docnum[i].n; j++) {
			const char *a, *b;

			if (!t->docnum[j].n)
				continue;
			a = tender_text_get(t, &t->docnum[i], c->official);
			b = tender_text_get(t, &t->docnum[j], c->official);
			if (!strcmp(a, b))
				return FAIL(t, line[i] > line[j] ? line[i] : line[j], AG_ERR_DATA,
					    "annex number '%s' is given to both %s and %s", a,
					    doc_name(t, j, b1, sizeof(b1)), doc_name(t, i, b2, sizeof(b2)));
		}
	return AG_OK;
}

const char *tender_annex_number(const tender *t, tender_doc kind, size_t type, size_t lang)
{
	size_t slot = kind == TENDER_DOC_OVERVIEW ? 2 * t->cat->ntypes : 2 * type + kind;

	return t->docnum ? tender_text_get(t, &t->docnum[slot], lang) : "";
}

ag_code tender_bind(tender *t, const catalog *c, ag_error *err)
{
	size_t i;
	ag_code rc;

	t->cat = c;
	if (strcmp(t->catalog_id, c->id) || strcmp(t->catalog_version, c->version))
		return FAIL(t, t->catalog_line, AG_ERR_DATA,
			    "tender wants catalogue '%s' version '%s' but '%s' is '%s' version '%s'",
			    t->catalog_id, t->catalog_version, c->path, c->id, c->version);
	rc = bind_languages(t, err);
	if (rc)
		return rc;
	t->buys = arena_alloc(&t->mem, c->ntypes);
	t->excluded = arena_alloc(&t->mem, c->ntypes * c->nitems * sizeof(long) + 1);
	if (!t->buys || !t->excluded)
		return FAIL(t, 0, AG_ERR_NOMEM, "out of memory");
	for (i = 0; i < c->ntypes * c->nitems; i++)
		t->excluded[i] = -1;
	for (i = 0; i < t->ntypes; i++) {
		long ti = catalog_type(c, t->type_ids[i]);

		if (ti < 0)
			return FAIL(t, t->type_lines[i], AG_ERR_DATA,
				    "unknown service type '%s' (the catalogue has %s%s%s)", t->type_ids[i],
				    c->types[0].id, c->ntypes > 1 ? " … " : "",
				    c->ntypes > 1 ? c->types[c->ntypes - 1].id : "");
		if (t->buys[ti])
			return FAIL(t, t->type_lines[i], AG_ERR_DATA, "service type '%s' is listed twice",
				    t->type_ids[i]);
		t->buys[ti] = 1;
	}
	if (*t->path) {
		rc = need_langs(t, &t->title, "the tender title", t->path, 0, err);
		if (!rc)
			rc = need_langs(t, &t->agency, "the agency", t->path, 0, err);
		if (!rc)
			rc = bind_numbers(t, err);
		if (rc)
			return rc;
	}
	rc = bind_excludes(t, err);
	if (!rc)
		rc = bind_agency(t, err);
	return rc;
}

const tender_exclude *tender_excluded(const tender *t, size_t type, size_t item)
{
	long e = t->excluded[type * t->cat->nitems + item];

	return e >= 0 ? &t->excludes[e] : NULL;
}

/* Does the tender's catalogue, symbolic links resolved, lie inside the
 * real folder of the tender file? A link (the catalogue itself, or a folder
 * on the way) must not lead a tender's reader to /etc/passwd,
 * /proc/self/environ or another office's files. (A link swapped between
 * this check and the load is outside our threat: the tender's author does
 * not control the reader's file system.) */
static ag_code catalog_inside(const tender *t, ag_error *err)
{
	const char *slash = strrchr(t->path, '/');
	char *dir = slash ? strndup(t->path, (size_t)(slash - t->path) + (slash == t->path)) : strdup(".");
	char *real_dir = dir ? realpath(dir, NULL) : NULL, *real = NULL;
	ag_code rc = AG_OK;
	size_t n;

	free(dir);
	if (!real_dir)
		return ag_fail(err, AG_ERR_NOINPUT, t->path, t->catalog_line,
			       "catalogue '%s': cannot resolve the tender's folder: %s",
			       t->catalog_href, strerror(errno));
	real = realpath(t->catalog_href, NULL);
	n = strlen(real_dir);
	if (!real)
		rc = ag_fail(err, AG_ERR_NOINPUT, t->path, t->catalog_line, "catalogue '%s': cannot open '%s': %s",
			     t->catalog_href, t->catalog_href, strerror(errno));
	/* The folder itself passes: catalog_load says it is not a file. */
	else if (strncmp(real, real_dir, n) || (real[n] != '/' && real[n] && strcmp(real_dir, "/")))
		rc = ag_fail(err, AG_ERR_DATA, t->path, t->catalog_line,
			     "catalogue '%s' leads out of the tender's folder (to '%s', through a symbolic link)",
			     t->catalog_href, real);
	free(real_dir);
	free(real);
	return rc;
}

catalog *tender_load_catalog(const tender *t, ag_error *err)
{
	catalog *c;
	char msg[sizeof(err->msg)];

	if (catalog_inside(t, err))
		return NULL;
	c = catalog_load(t->catalog_href, err);
	if (c || !err)
		return c;
	/* Say which tender asked for the catalogue, and where. */
	ag_error_format(err, msg, sizeof(msg));
	ag_fail(err, err->code, t->path, t->catalog_line, "catalogue '%s': %s", t->catalog_href, msg);
	return NULL;
}

int tender_peek_id(const char *path, char *id, size_t size, long *line)
{
	ag_error ignored;
	xmlDocPtr doc;
	xmlNodePtr root;
	char *data;
	size_t len;
	int rc = -1;

	if (fileio_read(path, TENDER_MAX_FILE, &data, &len, &ignored))
		return -1;
	doc = xmlload_parse(data, len, path, &ignored);
	free(data);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root && xmlload_is(root, "tender") && xmlload_has(root, "id")) {
		xmlChar *v = xmlGetProp(root, (const xmlChar *)"id");

		if (v && (size_t)snprintf(id, size, "%s", (const char *)v) < size) {
			*line = xmlload_line(root);
			rc = 0;
		}
		xmlFree(v);
	}
	xmlFreeDoc(doc);
	return rc;
}
