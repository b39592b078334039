/* Golden files for the renderer tests (test_odt, test_docx): a small model
 * built by hand, rendered, and one part of the package compared with
 * tests/data/golden/NAME, one XML tag a line so a diff reads well.
 * UPDATE_GOLDEN=1 (or `make golden`) writes the files instead. Include
 * after cmocka.h. */
#ifndef GOLDEN_H
#define GOLDEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model.h"
#include "package.h"
#include "render.h"
#include "template.h"

#define GOLDEN_DIR "tests/data/golden"
#define GOLDEN_OUT ".build/golden"   /* what the renderer made, on a mismatch */

/* The model every golden file is rendered from: a title and body text in
 * two languages, a table whose first column merges two rows, a footnote,
 * a drop-down, a text field and a line break; the page header and the
 * page number field (第 X 頁，共 Y 頁) come from its properties. */
static inline md_doc *golden_model(void)
{
	static const unsigned widths[] = { 3000, 2000, 12000 };
	static const char *const choices[] = { "符合", "部分符合", "不符合" };
	md_doc *d = md_doc_new();
	md_node *table, *row, *p, *cell;

	assert_non_null(d);
	md_text(d, md_para(d, NULL, MD_S_TITLE), "測試需求項目");
	p = md_para(d, NULL, MD_S_BODY);
	md_text(d, p, "本附件之要求項目");
	md_text_lang(d, p, "Requirements (unofficial translation)", "en", 0);
	table = md_table(d, widths, 3, 1);
	row = md_row(d, table, 1);
	for (int i = 0; i < 3; i++) {
		cell = md_cell(d, row);
		cell->u.cell.shaded = MD_SHADE_HEADING;
		md_text(d, md_para(d, cell, MD_S_TABLE_HEADING), (const char *[]){ "管理面向", "編號", "要求項目" }[i]);
	}
	row = md_row(d, table, 0);
	md_text(d, md_para(d, md_cell(d, row), MD_S_TABLE_TEXT), "維運管理");
	md_text(d, md_para(d, md_cell(d, row), MD_S_TABLE_CENTER), "OM-1");
	p = md_para(d, md_cell(d, row), MD_S_TABLE_TEXT);
	md_text(d, p, "CSP 應提供服務水準協議 & <SLA>");
	md_text(d, md_note(d, p), "依指引貳、二辦理。");
	row = md_row(d, table, 0);
	md_para(d, md_cell(d, row), MD_S_TABLE_TEXT);
	md_text(d, md_para(d, md_cell(d, row), MD_S_TABLE_CENTER), "OM-2");
	p = md_para(d, md_cell(d, row), MD_S_TABLE_TEXT);
	md_dropdown(d, p, "OM-2.compliance", choices, 3, "請選擇");
	md_break(d, p);
	md_input(d, p, "OM-2.explanation");
	assert_true(md_merge_down(table, 1, 2, 0));
	md_text_lang(d, md_para(d, NULL, MD_S_SIGNATURE), "廠商簽章", NULL, 1);
	d->meta.title = "測試需求項目";
	d->meta.subject = "golden";
	d->meta.description = "a hand-built model";
	d->meta.keywords = "test";
	d->meta.lang = "zh-TW";
	d->meta.creator = "測試機關";
	d->meta.generator = "annexgen test";
	d->meta.catalog_id = "test-catalog";
	d->meta.catalog_version = "V1";
	d->meta.tender_id = "golden";
	d->meta.kind = "annex";
	d->meta.service_type = "paas";
	d->meta.header_text = "案號：G-1｜golden";
	d->meta.page_before = "第 ";
	d->meta.page_middle = " 頁，共 ";
	d->meta.page_after = " 頁";
	assert_false(md_doc_failed(d));
	return d;
}

/* Entry part of package zip, inflated, with a newline before every tag
 * that follows another (the renderers write none), so that one line holds
 * one tag. from/to, when not NULL, cut out the fragment from the first
 * from to the end of the first to after it. Caller frees. */
/* The golden model rendered by the renderer called name (render.h's table)
 * with the built-in template into *zip (caller frees): a cmocka group setup.
 * 0, or -1 with the error printed. */
static inline int golden_render(const char *name, unsigned char **zip, size_t *len)
{
	const render_format *f = render_find(name, NULL);
	ag_error err = { 0 };
	md_doc *d = golden_model();
	int rc = 0;

	if (!f || f->render(d, template_builtin(), NULL, zip, len, &err)) {
		fprintf(stderr, "%s renderer: %s\n", name, f ? err.msg : "not in the table");
		rc = -1;
	}
	md_doc_free(d);
	return rc;
}

static inline char *golden_part(const unsigned char *zip, size_t len, const char *part,
				const char *from, const char *to)
{
	ag_error err = { 0 };
	pkg_reader *r = pkg_reader_open_mem(zip, len, "golden", NULL, &err);
	char *xml, *out, *start, *end;
	size_t n, i, k = 0;

	assert_non_null(r);
	if (pkg_read(r, part, &xml, &n, &err))
		fail_msg("%s: %s", part, err.msg);
	pkg_reader_free(r);
	start = xml;
	end = xml + n;
	if (from) {
		start = strstr(xml, from);
		if (!start)
			fail_msg("%s has no '%s'", part, from);
		end = strstr(start, to);
		if (!end)
			fail_msg("%s has no '%s' after '%s'", part, to, from);
		end += strlen(to);
	}
	out = malloc(2 * (size_t)(end - start) + 2);
	assert_non_null(out);
	for (i = 0; start + i < end; i++) {
		if (start[i] == '<' && i && start[i - 1] == '>')
			out[k++] = '\n';
		out[k++] = start[i];
	}
	out[k++] = '\n';
	out[k] = '\0';
	free(xml);
	return out;
}

/* Line n (from 1) of s, without its newline, into buf. */
static inline const char *golden_line(const char *s, long n, char *buf, size_t size)
{
	const char *e;

	for (; n > 1 && s; n--)
		if ((s = strchr(s, '\n')))
			s++;
	if (!s || !*s)
		return "(end of file)";
	e = strchr(s, '\n');
	snprintf(buf, size, "%.*s", (int)(e ? e - s : (long)strlen(s)), s);
	return buf;
}

static inline void golden_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) == EOF || fclose(f))
		fail_msg("cannot write '%s'", path);
}

/* Compares got with tests/data/golden/name; on a difference, writes got to
 * .build/golden/name and fails naming the first different line, both
 * versions of it, and the command that shows the whole diff. With
 * UPDATE_GOLDEN=1 it writes the golden file instead. */
static inline void golden_check(const char *name, const char *got)
{
	char path[512], out[512], a[600], b[600];
	const char *update = getenv("UPDATE_GOLDEN");
	char *want = NULL;
	long line = 1;
	size_t i, len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, name);
	if (update && !strcmp(update, "1")) {
		golden_write(path, got);
		printf("golden: wrote %s\n", path);
		return;
	}
	f = fopen(path, "r");
	if (f) {
		want = malloc(1 << 20);
		assert_non_null(want);
		len = fread(want, 1, (1 << 20) - 1, f);
		want[len] = '\0';
		fclose(f);
	}
	if (want && !strcmp(want, got)) {
		free(want);
		return;
	}
	mkdir(".build", 0777);
	mkdir(GOLDEN_OUT, 0777);
	snprintf(out, sizeof(out), "%s/%s", GOLDEN_OUT, name);
	golden_write(out, got);
	if (!want)
		fail_msg("no golden file '%s': check %s and run `make golden`", path, out);
	for (i = 0; want[i] && want[i] == got[i]; i++)
		line += want[i] == '\n';
	fail_msg("%s differs from what the renderer makes, first at line %ld:\n"
		 "  golden:   %s\n  rendered: %s\n"
		 "whole diff: diff -u %s %s\n"
		 "if the change is intended: make golden (UPDATE_GOLDEN=1), and review the diff",
		 path, line, golden_line(want, line, a, sizeof(a)), golden_line(got, line, b, sizeof(b)),
		 path, out);
	free(want);
}

#endif
