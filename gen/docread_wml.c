/* The WordprocessingML half of docread: a DOCX's runs, fields, content
 * controls and tables as Word reads them, and the styles that hide text. */
#include "docread_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static int is_w_ns(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && (docread_ns_is(n, NS_W) || docread_ns_is(n, NS_W_STRICT));
}

int docread_is_w(const xmlNode *n, const char *name)
{
	return n && is_w_ns(n) && !strcmp((const char *)n->name, name);
}

xmlNode *docread_w_child(const xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (docread_is_w(c, name))
			return c;
	return NULL;
}

static const char *w_attr(struct rd *r, const xmlNode *n, const char *name)
{
	const char *v = docread_attr(r, n, NS_W, name);

	return v ? v : docread_attr(r, n, NS_W_STRICT, name);
}

static void docx_inline(struct rd *r, const xmlNode *n);

static void docx_inline_p(struct rd *r, const xmlNode *n, const char *pstyle);

static int on_off(struct rd *r, const xmlNode *n)
{
	const char *v = n ? w_attr(r, n, "val") : NULL;

	return n && (!v || !(!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "off")));
}

/* The namespaces Word (2010 and later) understands, for mc:Choice's Requires. */
static int word_understands(const char *uri)
{
	static const char *const known[] = {
		NS_W, NS_W_STRICT,
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
		"http://schemas.openxmlformats.org/officeDocument/2006/math",
		"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
		"http://schemas.openxmlformats.org/drawingml/2006/main",
		"http://schemas.microsoft.com/office/word/2010/wordml",
		"http://schemas.microsoft.com/office/word/2012/wordml",
		"http://schemas.microsoft.com/office/word/2015/wordml/symex",
		"http://schemas.microsoft.com/office/word/2016/wordml/cid",
		"http://schemas.microsoft.com/office/word/2018/wordml",
		"http://schemas.microsoft.com/office/word/2018/wordml/cex",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
		"http://schemas.microsoft.com/office/drawing/2010/main",
		"urn:schemas-microsoft-com:vml",
		"urn:schemas-microsoft-com:office:office",
		"urn:schemas-microsoft-com:office:word",
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(uri, known[i]))
			return 1;
	return 0;
}

/* The branch of mc:AlternateContent ac that Word reads (ECMA-376 part 3,
 * §10.2.1): the first mc:Choice all of whose Requires prefixes name
 * namespaces it understands, else mc:Fallback; NULL when neither. */
const xmlNode *docread_mc_branch(const xmlNode *ac)
{
	const xmlNode *c;

	for (c = ac->children; c; c = c->next) {
		xmlChar *req;
		const char *p;
		int ok = 1;

		if (docread_is(c, NS_MC, "Fallback"))
			return c;
		if (!docread_is(c, NS_MC, "Choice"))
			continue;
		req = xmlGetNoNsProp((xmlNode *)c, (const xmlChar *)"Requires");
		for (p = req ? (const char *)req : ""; ok && *p;) {
			size_t k = strcspn(p, " \t\r\n");
			char prefix[64];
			xmlNs *ns;

			if (k) {
				snprintf(prefix, sizeof(prefix), "%.*s", (int)(k < 63 ? k : 63), p);
				ns = xmlSearchNs(c->doc, (xmlNode *)c, (const xmlChar *)prefix);
				ok = k < 63 && ns && ns->href && word_understands((const char *)ns->href);
			}
			p += k;
			p += strspn(p, " \t\r\n");
		}
		ok = ok && req && *req;
		xmlFree(req);
		if (ok)
			return c;
	}
	return NULL;
}

/* The field type and, for FILLIN, the prompt (our tag) of an instruction. */
static int field_kind(const char *instr, char *prompt, size_t size)
{
	const char *p = instr + strspn(instr, " ");
	size_t n = strcspn(p, " \\\"");
	int kind = FLD_OTHER;

	prompt[0] = '\0';
	if (n == 6 && !strncmp(p, "FILLIN", 6))
		kind = FLD_FILLIN;
	else if (n == 8 && !strncmp(p, "FORMTEXT", 8))
		kind = FLD_FORMTEXT;
	else if (n == 12 && !strncmp(p, "FORMDROPDOWN", 12))
		kind = FLD_FORMDROPDOWN;
	if (kind == FLD_FILLIN) {
		p += n;
		p += strspn(p, " ");
		if (*p == '"') {
			n = strcspn(p + 1, "\"");
			snprintf(prompt, size, "%.*s", (int)n, p + 1);
		} else if (*p && *p != '\\') {
			n = strcspn(p, " \\");
			snprintf(prompt, size, "%.*s", (int)n, p);
		}
	}
	return kind;
}

/* The instruction of the innermost field is complete: decide what it is. */
static void field_separate(struct rd *r, struct field *f)
{
	char prompt[256];

	if (f->phase)
		return;
	f->instr[f->ilen] = '\0';
	f->kind = field_kind(f->instr, prompt, sizeof(prompt));
	f->phase = 1;
	if (f->kind == FLD_FILLIN)
		docread_note_field(r, prompt);
	else if (f->kind == FLD_FORMTEXT || f->kind == FLD_FORMDROPDOWN)
		docread_note_field(r, f->name);
	if (f->kind != FLD_OTHER) {
		f->copy = 1;
		docread_copy_begin(r);
	}
	if (f->kind == FLD_FORMDROPDOWN && f->dd && !f->emitted) {
		size_t save = r->nfld;

		/* Written in the parent's context: the field itself shows nothing else. */
		r->nfld = (size_t)(f - r->fld);
		docread_emit(r, f->dd, strlen(f->dd));
		r->nfld = save;
		f->emitted = 1;
	}
}

static void docx_fldchar(struct rd *r, const xmlNode *fc)
{
	const char *type = w_attr(r, fc, "fldCharType");

	if (!type)
		return;
	if (!strcmp(type, "begin")) {
		struct field *f;
		const xmlNode *ff = docread_w_child(fc, "ffData"), *dd = docread_w_child(ff, "ddList"), *c;

		if (r->nfld == MAX_OPEN_FIELDS) {
			r->fld_overflow++;
			return;
		}
		f = &r->fld[r->nfld++];
		memset(f, 0, sizeof(*f));
		f->name = docread_w_child(ff, "name") ? w_attr(r, docread_w_child(ff, "name"), "val") : NULL;
		if (dd) {
			const xmlNode *res = docread_w_child(dd, "result") ? docread_w_child(dd, "result") : docread_w_child(dd, "default");
			const char *v = res ? w_attr(r, res, "val") : NULL;
			long want = v ? strtol(v, NULL, 10) : 0, i = 0;

			for (c = dd->children; c; c = c->next)
				if (docread_is_w(c, "listEntry") && i++ == want)
					f->dd = w_attr(r, c, "val");
		}
	} else if (r->fld_overflow) {
		if (!strcmp(type, "end"))
			r->fld_overflow--;
	} else if (r->nfld && !strcmp(type, "separate")) {
		field_separate(r, &r->fld[r->nfld - 1]);
	} else if (r->nfld && !strcmp(type, "end")) {
		field_separate(r, &r->fld[r->nfld - 1]);
		r->nfld--;
		if (r->fld[r->nfld].copy)
			docread_copy_end(r);
	}
}

static void docx_sdt(struct rd *r, const xmlNode *sdt, const char *pstyle)
{
	const xmlNode *pr = docread_w_child(sdt, "sdtPr"), *body = docread_w_child(sdt, "sdtContent");
	const xmlNode *tag = docread_w_child(pr, "tag"), *alias = docread_w_child(pr, "alias");
	const char *name = tag ? w_attr(r, tag, "val") : NULL;

	if ((!name || !*name) && alias)
		name = w_attr(r, alias, "val");
	docread_note_field(r, name);
	docread_copy_begin(r);
	/* A control showing its placeholder ("Click here to enter text") is empty. */
	if (on_off(r, docread_w_child(pr, "showingPlcHdr")))
		r->placeholder = 1;
	else if (body)
		docx_inline_p(r, body, pstyle);
	docread_copy_end(r);
}

/* Is text in run properties rpr (or, rpr NULL, with no own properties) hidden,
 * in a paragraph of style pstyle? Direct w:vanish wins, then the character
 * style, the paragraph style, the document defaults (part 1, §17.7.2). */
static int docx_vanish(struct rd *r, const xmlNode *rpr, const char *pstyle)
{
	const xmlNode *v = docread_w_child(rpr, "vanish"), *rs = docread_w_child(rpr, "rStyle");
	int h;

	if (v)
		return on_off(r, v);
	if (rs && (h = docread_style_hidden(&r->st, 1, w_attr(r, rs, "val"))) >= 0)
		return h;
	if ((h = docread_style_hidden(&r->st, 0, pstyle)) >= 0)
		return h;
	return r->st.deflt;
}

static void docx_inline(struct rd *r, const xmlNode *n)
{
	docx_inline_p(r, n, NULL);
}

static void docx_inline_p(struct rd *r, const xmlNode *n, const char *pstyle)
{
	static const char *const skip[] = {
		"pPr", "rPr", "tcPr", "trPr", "tblPr", "tblGrid", "sectPr", "sdtPr", "sdtEndPr",
		"del", "moveFrom", "delText", "delInstrText", "drawing", "pict", "object",
		"footnoteReference", "endnoteReference", "commentReference", "annotationRef",
	};
	const xmlNode *c;
	size_t i;

	for (c = n->children; c; c = c->next) {
		const char *name = (const char *)c->name;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!is_w_ns(c)) {
			if (docread_is(c, NS_MC, "AlternateContent")) {
				const xmlNode *b = docread_mc_branch(c);

				if (b)
					docx_inline_p(r, b, pstyle);
			} else {
				docx_inline_p(r, c, pstyle);
			}
			continue;
		}
		for (i = 0; i < sizeof(skip) / sizeof(skip[0]) && strcmp(name, skip[i]); i++)
			;
		if (i < sizeof(skip) / sizeof(skip[0]))
			continue;
		if (!strcmp(name, "p")) {
			const xmlNode *ps = docread_w_child(docread_w_child(c, "pPr"), "pStyle");

			docread_para_start(r);
			docx_inline_p(r, c, ps ? w_attr(r, ps, "val") : NULL);
		} else if (!strcmp(name, "r")) {
			int hide = docx_vanish(r, docread_w_child(c, "rPr"), pstyle);

			r->hidden += hide;
			docx_inline_p(r, c, pstyle);
			r->hidden -= hide;
		} else if (!strcmp(name, "t")) {
			xmlChar *v = xmlNodeGetContent(c);

			if (v) {
				docread_emit(r, (const char *)v, strlen((const char *)v));
				xmlFree(v);
			}
		} else if (!strcmp(name, "tab") || !strcmp(name, "ptab")) {
			docread_emit(r, "\t", 1);
		} else if (!strcmp(name, "br") || !strcmp(name, "cr")) {
			docread_emit(r, "\n", 1);
		} else if (!strcmp(name, "noBreakHyphen")) {
			docread_emit(r, "-", 1);
		} else if (!strcmp(name, "instrText")) {
			struct field *f = r->nfld && !r->fld_overflow ? &r->fld[r->nfld - 1] : NULL;
			xmlChar *v = f && !f->phase ? xmlNodeGetContent(c) : NULL;

			if (v) {
				size_t k = strlen((const char *)v);

				if (k > sizeof(f->instr) - 1 - f->ilen)
					k = sizeof(f->instr) - 1 - f->ilen;
				memcpy(f->instr + f->ilen, v, k);
				f->ilen += k;
				xmlFree(v);
			}
		} else if (!strcmp(name, "fldChar")) {
			docx_fldchar(r, c);
		} else if (!strcmp(name, "fldSimple")) {
			char prompt[256];
			const char *instr = w_attr(r, c, "instr");
			int kind = field_kind(instr ? instr : "", prompt, sizeof(prompt));

			if (kind == FLD_FILLIN)
				docread_note_field(r, prompt);
			else if (kind != FLD_OTHER)
				docread_note_field(r, NULL);
			if (kind != FLD_OTHER)
				docread_copy_begin(r);
			docx_inline_p(r, c, pstyle);
			if (kind != FLD_OTHER)
				docread_copy_end(r);
		} else if (!strcmp(name, "sdt")) {
			docx_sdt(r, c, pstyle);
		} else if (!strcmp(name, "tbl")) {
			docread_nested_table(r, c);
		} else {
			docx_inline_p(r, c, pstyle);
		}
	}
}

static void docx_cells(struct rd *r, const xmlNode *n, arena_vec *cells)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (docread_is_w(c, "tc")) {
			docread_cell cell = docread_empty_cell;
			const xmlNode *span = docread_w_child(docread_w_child(c, "tcPr"), "gridSpan");
			const char *v = span ? w_attr(r, span, "val") : NULL;
			long k = v ? strtol(v, NULL, 10) : 1;

			docread_cell_begin(r);
			docx_inline(r, c);
			docread_cell_end(r, &cell);
			if (docread_push_cell(r, cells, &cell))
				for (; k > 1 && docread_push_cell(r, cells, &docread_empty_cell); k--)
					;
		} else if (docread_is_w(c, "sdt")) {
			const xmlNode *body = docread_w_child(c, "sdtContent");

			if (body)
				docx_cells(r, body, cells);
		} else if (docread_is_w(c, "customXml")) {
			docx_cells(r, c, cells);
		} else if (docread_is(c, NS_MC, "AlternateContent")) {
			const xmlNode *b = docread_mc_branch(c);

			if (b)
				docx_cells(r, b, cells);
		}
	}
}

void docread_docx_rows(struct rd *r, const xmlNode *n, arena_vec *rows)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (docread_is_w(c, "tr")) {
			arena_vec cells = { 0 };
			const xmlNode *before = docread_w_child(docread_w_child(c, "trPr"), "gridBefore");
			const char *v = before ? w_attr(r, before, "val") : NULL;
			long k = v ? strtol(v, NULL, 10) : 0;

			for (; k > 0 && docread_push_cell(r, &cells, &docread_empty_cell); k--)
				;
			docx_cells(r, c, &cells);
			docread_push_row(r, rows, &cells);
		} else if (docread_is_w(c, "sdt")) {
			const xmlNode *body = docread_w_child(c, "sdtContent");

			if (body)
				docread_docx_rows(r, body, rows);
		} else if (docread_is_w(c, "customXml")) {
			docread_docx_rows(r, c, rows);
		} else if (docread_is(c, NS_MC, "AlternateContent")) {
			const xmlNode *b = docread_mc_branch(c);

			if (b)
				docread_docx_rows(r, b, rows);
		}
	}
}

/* WordprocessingML styles (part 1, §17.7): w:vanish in a paragraph or
 * character style, or in the document defaults. */
void docread_docx_styles(struct rd *r, const xmlNode *root)
{
	const xmlNode *c, *d = docread_w_child(docread_w_child(docread_w_child(root, "docDefaults"), "rPrDefault"), "rPr");

	if (docread_w_child(d, "vanish"))
		r->st.deflt = on_off(r, docread_w_child(d, "vanish"));
	for (c = root ? root->children : NULL; c; c = c->next) {
		const xmlNode *v = docread_w_child(docread_w_child(c, "rPr"), "vanish"), *based = docread_w_child(c, "basedOn");
		const char *type = docread_is_w(c, "style") ? w_attr(r, c, "type") : NULL;

		if (!type || (strcmp(type, "paragraph") && strcmp(type, "character")))
			continue;
		docread_add_style(r, w_attr(r, c, "styleId"), based ? w_attr(r, based, "val") : NULL,
			  strcmp(type, "paragraph") != 0, v ? on_off(r, v) : -1);
	}
}
