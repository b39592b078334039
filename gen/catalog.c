/* Loads a requirement catalogue: schema validation first, then the rules a
 * schema cannot express (unique ids, references, every text in every language). */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "sha256.h"
#include "textcmp.h"
#include "xmlload.h"

#include "banned.h"

/* An index of the ids of an array of records whose first member is the id
 * (cat_named, cat_category, cat_ref, cat_term): open addressing, record
 * index + 1, 0 = empty. Hostile files hold many thousands of ids; finding
 * duplicates and references by scanning would take minutes. */
struct ids {
	const void *base;
	size_t stride;
	size_t *slot;
	size_t mask;
};

struct loader {
	catalog *c;
	const char *name;
	ag_error *err;
	size_t *item_hash;     /* open addressing: item index + 1, 0 = empty */
	size_t hash_mask;
	struct ids refs, notes;
};

#define FAIL(ld, node, code, ...) \
	ag_fail((ld)->err, code, (ld)->name, (node) ? xmlload_line(node) : 0, __VA_ARGS__)

static ag_code oom(struct loader *ld)
{
	return ag_fail(ld->err, AG_ERR_NOMEM, ld->name, 0, "out of memory");
}

long catalog_lang(const catalog *c, const char *tag)
{
	size_t i;

	for (i = 0; i < c->nlangs; i++)
		if (!strcmp(c->langs[i], tag))
			return (long)i;
	return -1;
}

static long find_named(const cat_named *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].id, id))
			return (long)i;
	return -1;
}

long catalog_type(const catalog *c, const char *id)
{
	return find_named(c->types, c->ntypes, id);
}

long catalog_category(const catalog *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->ncategories; i++)
		if (!strcmp(c->categories[i].id, id))
			return (long)i;
	return -1;
}

static size_t hash_str(const char *s)
{
	size_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

#define ID_AT(x, i) (*(const char *const *)((const char *)(x)->base + (i) * (x)->stride))

/* Index of id among the records added to x, or -1. */
static long ids_find(const struct ids *x, const char *id)
{
	size_t h;

	if (!x->slot)
		return -1;
	for (h = hash_str(id) & x->mask; x->slot[h]; h = (h + 1) & x->mask)
		if (!strcmp(ID_AT(x, x->slot[h] - 1), id))
			return (long)(x->slot[h] - 1);
	return -1;
}

/* Adds record i (its id must be set); returns the index of an earlier record
 * with the same id, or -1. */
static long ids_add(struct ids *x, size_t i)
{
	const char *id = ID_AT(x, i);
	size_t h;

	for (h = hash_str(id) & x->mask; x->slot[h]; h = (h + 1) & x->mask)
		if (!strcmp(ID_AT(x, x->slot[h] - 1), id))
			return (long)(x->slot[h] - 1);
	x->slot[h] = i + 1;
	return -1;
}

long catalog_item(const catalog *c, const char *id)
{
	size_t h;

	if (!c->item_slots)
		return -1;
	for (h = hash_str(id) & c->item_mask; c->item_slots[h]; h = (h + 1) & c->item_mask)
		if (!strcmp(c->items[c->item_slots[h] - 1].id, id))
			return (long)(c->item_slots[h] - 1);
	return -1;
}

const cat_row *catalog_row(const catalog *c, size_t type, size_t item)
{
	const cat_table *t = &c->tables[type];

	return t->row_of[item] ? &t->rows[t->row_of[item] - 1] : NULL;
}

const char *cat_text_get(const catalog *c, const cat_text *t, size_t lang)
{
	if (lang < c->nlangs && t->s[lang])
		return t->s[lang];
	return t->s[c->official] ? t->s[c->official] : "";
}

const char *catalog_row_text(const catalog *c, const cat_row *row, size_t lang)
{
	if (row->text.s[c->official])
		return cat_text_get(c, &row->text, lang);
	return cat_text_get(c, &c->items[row->item].text, lang);
}

const char *catalog_nearest_item(const catalog *c, const char *id)
{
	return textcmp_nearest(id, c->items, c->nitems, sizeof(c->items[0]));
}

const char *catalog_nearest_category(const catalog *c, const char *id)
{
	return textcmp_nearest(id, c->categories, c->ncategories, sizeof(c->categories[0]));
}

/* Stores a lang-text element into t: declared language, once, non-empty, bounded. */
static ag_code set_text(struct loader *ld, cat_text *t, xmlNodePtr n, const char *what)
{
	catalog *c = ld->c;
	char *lang = xmlload_lang(&c->mem, n);
	char *text;
	long idx;

	if (!lang)
		return oom(ld);
	idx = catalog_lang(c, lang);
	if (idx < 0)
		return FAIL(ld, n, AG_ERR_DATA, "%s is in language '%s', which the catalogue does not declare",
			    what, lang);
	if (t->s[idx])
		return FAIL(ld, n, AG_ERR_DATA, "%s has two '%s' texts", what, lang);
	text = xmlload_content(&c->mem, n);
	if (!text)
		return oom(ld);
	if (!*text)
		return FAIL(ld, n, AG_ERR_DATA, "%s has an empty '%s' text", what, lang);
	if (strlen(text) > CAT_MAX_TEXT)
		return FAIL(ld, n, AG_ERR_LIMIT, "%s has a '%s' text longer than %u bytes",
			    what, lang, CAT_MAX_TEXT);
	t->s[idx] = text;
	return AG_OK;
}

/* Reads every child element called child of parent into t, then requires all languages. */
static ag_code read_texts(struct loader *ld, cat_text *t, xmlNodePtr parent,
			  const char *child, const char *what, int required)
{
	xmlNodePtr n;
	size_t i, seen = 0;
	ag_code rc;

	for (n = xmlload_first(parent); n; n = xmlload_next(n)) {
		if (!xmlload_is(n, child))
			continue;
		rc = set_text(ld, t, n, what);
		if (rc)
			return rc;
		seen++;
	}
	if (!seen && !required)
		return AG_OK;
	for (i = 0; i < ld->c->nlangs; i++)
		if (!t->s[i])
			return FAIL(ld, parent, AG_ERR_DATA, "%s has no '%s' text", what, ld->c->langs[i]);
	return AG_OK;
}

static size_t count_children(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;
	size_t k = 0;

	for (n = xmlload_first(parent); n; n = xmlload_next(n))
		if (xmlload_is(n, name))
			k++;
	return k;
}

static void *alloc_array(struct loader *ld, size_t n, size_t size)
{
	if (n && size > (size_t)-1 / n)
		return NULL;
	return arena_alloc(&ld->c->mem, n * size > 0 ? n * size : 1);
}

/* Prepares x for up to n records of size stride at base. */
static ag_code ids_init(struct loader *ld, struct ids *x, const void *base, size_t stride, size_t n)
{
	size_t size = 16;

	while (size < 2 * n)
		size *= 2;
	x->base = base;
	x->stride = stride;
	x->slot = alloc_array(ld, size, sizeof(size_t));
	x->mask = size - 1;
	return x->slot ? AG_OK : oom(ld);
}

static ag_code read_languages(struct loader *ld, xmlNodePtr langs)
{
	catalog *c = ld->c;
	xmlNodePtr n;
	size_t officials = 0;

	for (n = xmlload_first(langs); n; n = xmlload_next(n)) {
		char *tag = xmlload_attr(&c->mem, n, "tag");
		char *official = xmlload_attr(&c->mem, n, "official");

		if (!tag)
			return oom(ld);
		if (catalog_lang(c, tag) >= 0)
			return FAIL(ld, n, AG_ERR_DATA, "language '%s' is declared twice", tag);
		if (c->nlangs == CAT_MAX_LANGS)
			return FAIL(ld, n, AG_ERR_LIMIT, "more than %d languages", CAT_MAX_LANGS);
		if (official && (!strcmp(official, "true") || !strcmp(official, "1"))) {
			c->official = c->nlangs;
			officials++;
		}
		c->langs[c->nlangs++] = tag;
	}
	if (officials > 1 || (officials == 0 && c->nlangs > 1))
		return FAIL(ld, langs, AG_ERR_DATA,
			    "exactly one language must be marked official=\"true\"");
	for (n = xmlload_first(langs); n; n = xmlload_next(n)) {
		char *tag = xmlload_attr(&c->mem, n, "tag");
		char what[96];
		ag_code rc;

		if (!tag)
			return oom(ld);
		snprintf(what, sizeof(what), "the notice of language '%s'", tag);
		rc = read_texts(ld, &c->notice[catalog_lang(c, tag)], n, "notice", what, 0);
		if (rc)
			return rc;
	}
	return AG_OK;
}

static ag_code read_named(struct loader *ld, xmlNodePtr parent, const char *elem,
			  const char *textelem, const char *kind, size_t max, cat_named **out,
			  size_t *nout, struct ids *ids)
{
	catalog *c = ld->c;
	xmlNodePtr n;
	size_t k = 0, count = count_children(parent, elem);
	cat_named *v;

	if (count > max)
		return FAIL(ld, parent, AG_ERR_LIMIT, "more than %zu %ss", max, kind);
	v = alloc_array(ld, count, sizeof(*v));
	if (!v || ids_init(ld, ids, v, sizeof(*v), count))
		return oom(ld);
	for (n = xmlload_first(parent); n; n = xmlload_next(n)) {
		char what[128];
		ag_code rc;

		if (!xmlload_is(n, elem))
			continue;
		v[k].id = xmlload_attr(&c->mem, n, "id");
		if (!v[k].id)
			return oom(ld);
		if (ids_add(ids, k) >= 0)
			return FAIL(ld, n, AG_ERR_DATA, "duplicate %s id '%s'", kind, v[k].id);
		snprintf(what, sizeof(what), "%s '%s'", kind, v[k].id);
		rc = read_texts(ld, &v[k].name, n, textelem, what, 1);
		if (rc)
			return rc;
		k++;
	}
	*out = v;
	*nout = k;
	return AG_OK;
}

static ag_code read_refs(struct loader *ld, xmlNodePtr refs)
{
	catalog *c = ld->c;
	xmlNodePtr n;
	size_t k = 0;

	c->refs = alloc_array(ld, count_children(refs, "reference"), sizeof(*c->refs));
	if (!c->refs || ids_init(ld, &ld->refs, c->refs, sizeof(*c->refs),
				 count_children(refs, "reference")))
		return oom(ld);
	for (n = xmlload_first(refs); n; n = xmlload_next(n), k++) {
		cat_ref *r = &c->refs[k];
		char what[128];
		ag_code rc;

		r->id = xmlload_attr(&c->mem, n, "id");
		r->href = xmlload_attr(&c->mem, n, "href");
		r->section = xmlload_has(n, "section") ? xmlload_attr(&c->mem, n, "section") : "";
		if (!r->id || !r->href || !r->section)
			return oom(ld);
		if (ids_add(&ld->refs, k) >= 0)
			return FAIL(ld, n, AG_ERR_DATA, "duplicate reference id '%s'", r->id);
		snprintf(what, sizeof(what), "reference '%s'", r->id);
		rc = read_texts(ld, &r->label, n, "label", what, 1);
		if (rc)
			return rc;
	}
	c->nrefs = k;
	return AG_OK;
}

static ag_code read_glossary(struct loader *ld, xmlNodePtr gl)
{
	catalog *c = ld->c;
	xmlNodePtr n, m;
	size_t k = 0;
	struct ids ids;

	c->terms = alloc_array(ld, count_children(gl, "term"), sizeof(*c->terms));
	if (!c->terms || ids_init(ld, &ids, c->terms, sizeof(*c->terms), count_children(gl, "term")))
		return oom(ld);
	for (n = xmlload_first(gl); n; n = xmlload_next(n), k++) {
		cat_term *t = &c->terms[k];
		cat_remark *rem;
		char what[128];
		ag_code rc;

		t->id = xmlload_attr(&c->mem, n, "id");
		t->abbr = xmlload_has(n, "abbr") ? xmlload_attr(&c->mem, n, "abbr") : "";
		t->section = xmlload_has(n, "section") ? xmlload_attr(&c->mem, n, "section") : "";
		if (!t->id || !t->abbr || !t->section)
			return oom(ld);
		if (ids_add(&ids, k) >= 0)
			return FAIL(ld, n, AG_ERR_DATA, "duplicate glossary term id '%s'", t->id);
		snprintf(what, sizeof(what), "glossary term '%s'", t->id);
		rc = read_texts(ld, &t->name, n, "name", what, 1);
		if (!rc)
			rc = read_texts(ld, &t->definition, n, "definition", what, 0);
		if (rc)
			return rc;
		rem = alloc_array(ld, count_children(n, "remark"), sizeof(*rem));
		if (!rem)
			return oom(ld);
		t->remarks = rem;
		for (m = xmlload_first(n); m; m = xmlload_next(m)) {
			if (!xmlload_is(m, "remark"))
				continue;
			rem->section = xmlload_has(m, "section") ? xmlload_attr(&c->mem, m, "section") : "";
			if (!rem->section)
				return oom(ld);
			rc = read_texts(ld, &rem->text, m, "text", what, 1);
			if (rc)
				return rc;
			rem++;
			t->nremarks++;
		}
	}
	c->nterms = k;
	return AG_OK;
}

static ag_code index_item(struct loader *ld, xmlNodePtr n, size_t i)
{
	catalog *c = ld->c;
	size_t h;

	for (h = hash_str(c->items[i].id) & ld->hash_mask; ld->item_hash[h];
	     h = (h + 1) & ld->hash_mask) {
		const cat_item *other = &c->items[ld->item_hash[h] - 1];

		if (!strcmp(other->id, c->items[i].id))
			return FAIL(ld, n, AG_ERR_DATA, "duplicate item id '%s' (first at line %ld)",
				    other->id, other->line);
	}
	ld->item_hash[h] = i + 1;
	return AG_OK;
}

static ag_code read_item(struct loader *ld, xmlNodePtr n, size_t i, size_t cat)
{
	catalog *c = ld->c;
	cat_item *it = &c->items[i];
	char what[128];
	ag_code rc;

	it->id = xmlload_attr(&c->mem, n, "id");
	it->section = xmlload_has(n, "section") ? xmlload_attr(&c->mem, n, "section") : "";
	if (!it->id || !it->section)
		return oom(ld);
	it->category = cat;
	it->line = xmlload_line(n);
	rc = index_item(ld, n, i);
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "item '%s'", it->id);
	rc = read_texts(ld, &it->text, n, "text", what, 1);
	if (rc)
		return rc;
	if (xmlload_has(n, "refs")) {
		char *list = xmlload_attr(&c->mem, n, "refs"), *p;
		size_t *refs, k = 0;
		long j;

		if (!list)
			return oom(ld);
		refs = alloc_array(ld, strlen(list) / 2 + 1, sizeof(*refs));
		if (!refs)
			return oom(ld);
		for (p = list; *p;) {
			char *end = p + strcspn(p, " \t\r\n");
			int last = !*end;

			*end = '\0';
			if (*p) {
				j = ids_find(&ld->refs, p);
				if (j < 0)
					return FAIL(ld, n, AG_ERR_DATA, "item '%s' cites unknown reference '%s'",
						    it->id, p);
				refs[k++] = (size_t)j;
			}
			p = last ? end : end + 1;
		}
		it->refs = refs;
		it->nrefs = k;
	}
	return AG_OK;
}

static ag_code read_domains(struct loader *ld, xmlNodePtr root)
{
	catalog *c = ld->c;
	xmlNodePtr d, cat, it;
	size_t nd = 0, nc = 0, ni = 0, hsize = 16;
	struct ids dids, cids;
	ag_code rc;

	for (d = xmlload_first(root); d; d = xmlload_next(d)) {
		if (!xmlload_is(d, "domain"))
			continue;
		nd++;
		for (cat = xmlload_first(d); cat; cat = xmlload_next(cat)) {
			if (!xmlload_is(cat, "category"))
				continue;
			nc++;
			ni += count_children(cat, "item");
		}
	}
	if (ni > CAT_MAX_ITEMS)
		return FAIL(ld, root, AG_ERR_LIMIT, "more than %d items", CAT_MAX_ITEMS);
	while (hsize < 2 * ni)
		hsize *= 2;
	c->domains = alloc_array(ld, nd, sizeof(*c->domains));
	c->categories = alloc_array(ld, nc, sizeof(*c->categories));
	c->items = alloc_array(ld, ni, sizeof(*c->items));
	ld->item_hash = alloc_array(ld, hsize, sizeof(size_t));
	if (!c->domains || !c->categories || !c->items || !ld->item_hash ||
	    ids_init(ld, &dids, c->domains, sizeof(*c->domains), nd) ||
	    ids_init(ld, &cids, c->categories, sizeof(*c->categories), nc))
		return oom(ld);
	ld->hash_mask = hsize - 1;
	for (d = xmlload_first(root); d; d = xmlload_next(d)) {
		cat_named *dom;
		char what[128];

		if (!xmlload_is(d, "domain"))
			continue;
		dom = &c->domains[c->ndomains];
		dom->id = xmlload_attr(&c->mem, d, "id");
		if (!dom->id)
			return oom(ld);
		if (ids_add(&dids, c->ndomains) >= 0)
			return FAIL(ld, d, AG_ERR_DATA, "duplicate domain id '%s'", dom->id);
		snprintf(what, sizeof(what), "domain '%s'", dom->id);
		rc = read_texts(ld, &dom->name, d, "name", what, 1);
		if (rc)
			return rc;
		for (cat = xmlload_first(d); cat; cat = xmlload_next(cat)) {
			cat_category *cc;

			if (!xmlload_is(cat, "category"))
				continue;
			cc = &c->categories[c->ncategories];
			cc->id = xmlload_attr(&c->mem, cat, "id");
			if (!cc->id)
				return oom(ld);
			if (ids_add(&cids, c->ncategories) >= 0)
				return FAIL(ld, cat, AG_ERR_DATA, "duplicate category id '%s'", cc->id);
			cc->domain = c->ndomains;
			snprintf(what, sizeof(what), "category '%s'", cc->id);
			rc = read_texts(ld, &cc->name, cat, "name", what, 1);
			if (rc)
				return rc;
			c->ncategories++;
			for (it = xmlload_first(cat); it; it = xmlload_next(it)) {
				if (!xmlload_is(it, "item"))
					continue;
				rc = read_item(ld, it, c->nitems, c->ncategories - 1);
				if (rc)
					return rc;
				c->nitems++;
			}
		}
		c->ndomains++;
	}
	c->item_slots = ld->item_hash;
	c->item_mask = ld->hash_mask;
	return AG_OK;
}

static ag_code read_table(struct loader *ld, xmlNodePtr tn, size_t *seen_tables)
{
	catalog *c = ld->c;
	char *type = xmlload_attr(&c->mem, tn, "type");
	size_t nrows = count_children(tn, "row"), k = 0;
	cat_row *rows;
	size_t *pos;
	cat_table *t;
	xmlNodePtr n;
	long ti;

	if (!type)
		return oom(ld);
	ti = catalog_type(c, type);
	if (ti < 0)
		return FAIL(ld, tn, AG_ERR_DATA, "table for unknown service type '%s'", type);
	if (seen_tables[ti])
		return FAIL(ld, tn, AG_ERR_DATA, "second table for service type '%s' (first at line %zu)",
			    type, seen_tables[ti]);
	seen_tables[ti] = (size_t)xmlload_line(tn);
	t = &c->tables[ti];
	t->type = (size_t)ti;
	t->label = xmlload_has(tn, "label") ? xmlload_attr(&c->mem, tn, "label") : "";
	rows = alloc_array(ld, nrows, sizeof(*rows));
	pos = alloc_array(ld, c->nitems, sizeof(*pos));
	if (!rows || !pos || !t->label)
		return oom(ld);
	for (n = xmlload_first(tn); n; n = xmlload_next(n), k++) {
		cat_row *r = &rows[k];
		char *item = xmlload_attr(&c->mem, n, "item");
		char *excl = xmlload_attr(&c->mem, n, "excludable");
		long ii;

		if (!item)
			return oom(ld);
		ii = catalog_item(c, item);
		if (ii < 0) {
			const char *near = catalog_nearest_item(c, item);

			if (near)
				return FAIL(ld, n, AG_ERR_DATA,
					    "table '%s' lists unknown item '%s' (did you mean '%s'?)",
					    type, item, near);
			return FAIL(ld, n, AG_ERR_DATA, "table '%s' lists unknown item '%s'", type, item);
		}
		if (pos[ii])
			return FAIL(ld, n, AG_ERR_DATA, "table '%s' lists item '%s' twice", type, item);
		pos[ii] = k + 1;
		r->item = (size_t)ii;
		r->excludable = excl && (!strcmp(excl, "true") || !strcmp(excl, "1"));
		r->note = -1;
		if (xmlload_has(n, "note")) {
			char *note = xmlload_attr(&c->mem, n, "note");

			if (!note)
				return oom(ld);
			r->note = ids_find(&ld->notes, note);
			if (r->note < 0)
				return FAIL(ld, n, AG_ERR_DATA, "row of item '%s' refers to unknown note '%s'",
					    item, note);
		}
		{
			char what[160];
			ag_code rc;

			snprintf(what, sizeof(what), "the row of item '%s' in table '%s'", item, type);
			rc = read_texts(ld, &r->text, n, "text", what, 0);
			if (rc)
				return rc;
		}
	}
	t->rows = rows;
	t->nrows = nrows;
	t->row_of = pos;
	return AG_OK;
}

static ag_code read_catalog(struct loader *ld, xmlNodePtr root)
{
	catalog *c = ld->c;
	xmlNodePtr n, meta = xmlload_child(root, "meta");
	size_t *seen_tables, i, j;
	struct ids types;
	ag_code rc;

	c->id = xmlload_attr(&c->mem, root, "id");
	c->version = xmlload_attr(&c->mem, root, "version");
	c->date = xmlload_attr(&c->mem, root, "date");
	if (!c->id || !c->version || !c->date)
		return oom(ld);
	rc = read_languages(ld, xmlload_child(root, "languages"));
	if (!rc)
		rc = read_texts(ld, &c->publisher, meta, "publisher", "the publisher", 1);
	if (!rc)
		rc = read_texts(ld, &c->title, meta, "title", "the title", 1);
	if (!rc)
		rc = read_texts(ld, &c->date_text, meta, "date-text", "the date text", 0);
	if (!rc && xmlload_child(meta, "adjustment")) {
		xmlNodePtr adj = xmlload_child(meta, "adjustment");

		c->adjustment_section = xmlload_has(adj, "section") ? xmlload_attr(&c->mem, adj, "section") : "";
		rc = c->adjustment_section ? read_texts(ld, &c->adjustment, adj, "text", "the adjustment", 1)
					   : oom(ld);
	}
	if (!rc)
		rc = read_named(ld, xmlload_child(root, "service-types"), "service-type", "name",
				"service type", CAT_MAX_TYPES, &c->types, &c->ntypes, &types);
	if (!rc && xmlload_child(root, "references"))
		rc = read_refs(ld, xmlload_child(root, "references"));
	if (!rc && xmlload_child(root, "glossary"))
		rc = read_glossary(ld, xmlload_child(root, "glossary"));
	if (!rc)
		rc = read_domains(ld, root);
	if (!rc && xmlload_child(root, "notes"))
		rc = read_named(ld, xmlload_child(root, "notes"), "note", "text", "note", (size_t)-1,
				&c->notes, &c->nnotes, &ld->notes);
	if (rc)
		return rc;
	c->tables = alloc_array(ld, c->ntypes, sizeof(*c->tables));
	seen_tables = alloc_array(ld, c->ntypes, sizeof(*seen_tables));
	if (!c->tables || !seen_tables)
		return oom(ld);
	for (n = xmlload_first(root); n; n = xmlload_next(n)) {
		if (!xmlload_is(n, "table"))
			continue;
		rc = read_table(ld, n, seen_tables);
		if (rc)
			return rc;
	}
	for (i = 0; i < c->ntypes; i++)
		if (!seen_tables[i])
			return FAIL(ld, root, AG_ERR_DATA, "service type '%s' has no table", c->types[i].id);
	for (i = 0; i < c->nitems; i++) {
		for (j = 0; j < c->ntypes && !catalog_row(c, j, i); j++)
			;
		if (j == c->ntypes)
			return ag_fail(ld->err, AG_ERR_DATA, ld->name, c->items[i].line,
				       "item '%s' applies to no service type (it is in no table)",
				       c->items[i].id);
	}
	return AG_OK;
}

catalog *catalog_load_mem(const char *data, size_t len, const char *name, ag_error *err)
{
	struct loader ld = { .name = name, .err = err };
	catalog *c = NULL;
	xmlDocPtr doc = NULL;

	if (len > CAT_MAX_FILE) {
		ag_fail(err, AG_ERR_LIMIT, name, 0, "catalogue is larger than the limit of %u bytes",
			CAT_MAX_FILE);
		return NULL;
	}
	doc = xmlload_parse(data, len, name, err);
	if (!doc)
		goto fail;
	if (xmlload_validate(doc, "catalog.rng", name, err))
		goto fail;
	c = calloc(1, sizeof(*c));
	if (!c) {
		ag_fail(err, AG_ERR_NOMEM, name, 0, "out of memory");
		goto fail;
	}
	arena_init(&c->mem);
	ld.c = c;
	c->path = arena_strdup(&c->mem, name);
	if (!c->path) {
		oom(&ld);
		goto fail;
	}
	sha256_hex(data, len, c->sha256);
	if (read_catalog(&ld, xmlDocGetRootElement(doc)))
		goto fail;
	xmlFreeDoc(doc);
	return c;
fail:
	xmlFreeDoc(doc);
	catalog_free(c);
	return NULL;
}

catalog *catalog_load(const char *path, ag_error *err)
{
	char *data;
	size_t len;
	catalog *c;

	if (fileio_read(path, CAT_MAX_FILE, &data, &len, err))
		return NULL;
	c = catalog_load_mem(data, len, path, err);
	free(data);
	return c;
}

void catalog_free(catalog *c)
{
	if (!c)
		return;
	arena_release(&c->mem);
	free(c);
}
