/* Tests for the document model: tree building, vertical merges, footnote
 * numbering, and that builders stay safe once the document has failed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model.h"

#include "banned.h"

static const unsigned widths3[] = { 1000, 2000, 3000 };

/* A table of nrows rows of ncols cells, each cell holding one paragraph. */
static md_node *grid(md_doc *d, size_t nrows, size_t ncols)
{
	md_node *t = md_table(d, widths3, ncols, 1);
	size_t r, c;

	assert_non_null(t);
	for (r = 0; r < nrows; r++) {
		md_node *row = md_row(d, t, r == 0);

		assert_non_null(row);
		for (c = 0; c < ncols; c++)
			assert_non_null(md_para(d, md_cell(d, row), MD_S_TABLE_TEXT));
	}
	return t;
}

static md_node *cell_at(md_node *table, size_t r, size_t c)
{
	md_node *row = table->first, *cell;

	while (row && r--)
		row = row->next;
	assert_non_null(row);
	for (cell = row->first; cell && c--; cell = cell->next)
		;
	assert_non_null(cell);
	return cell;
}

/* Is every cell of the first nrows rows unmerged? */
static int unmerged(md_node *table, size_t nrows, size_t ncols)
{
	size_t r, c;

	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++)
			if (cell_at(table, r, c)->u.cell.rowspan != 1 || cell_at(table, r, c)->u.cell.covered)
				return 0;
	return 1;
}

static void test_tree_shape(void **state)
{
	md_doc *d = md_doc_new();
	md_node *p, *t, *row;
	char s[] = "機關";

	(void)state;
	assert_non_null(d);
	p = md_para(d, NULL, MD_S_TITLE);
	assert_non_null(md_text(d, p, s));
	s[0] = 'X';   /* strings are copied, not borrowed */
	assert_non_null(md_break(d, p));
	assert_non_null(md_text_lang(d, p, "en", "en", 1));
	assert_ptr_equal(d->first, p);
	assert_string_equal(p->first->u.text.s, "機關");
	assert_null(p->first->u.text.lang);
	assert_int_equal(p->first->next->type, MD_BREAK);
	assert_string_equal(p->last->u.text.lang, "en");
	assert_true(p->last->u.text.bold);
	assert_ptr_equal(p->last->parent, p);
	t = md_table(d, widths3, 3, 1);
	assert_ptr_equal(d->last, t);
	assert_string_equal(t->u.table.name, "Table1");
	assert_int_equal(t->u.table.widths[2], 3000);
	assert_string_equal(md_table(d, widths3, 2, 0)->u.table.name, "Table2");
	row = md_row(d, t, 1);
	assert_true(row->u.row.header);
	assert_int_equal(md_cell(d, row)->u.cell.rowspan, 1);
	assert_string_equal(md_printf(d, "%s-%d", "OM", 16), "OM-16");
	assert_string_equal(md_strdup(d, NULL), "");
	assert_false(md_doc_failed(d));
	md_doc_free(d);
	md_doc_free(NULL);
}

static void test_fields_copy_choices(void **state)
{
	md_doc *d = md_doc_new();
	md_node *p = md_para(d, NULL, MD_S_BODY), *f;
	char c0[] = "符合";
	const char *choices[] = { c0, "部分符合", "不符合" };

	(void)state;
	f = md_dropdown(d, p, "OM-16.compliance", choices, 3, "請選擇");
	assert_non_null(f);
	c0[0] = 'X';
	assert_int_equal(f->type, MD_DROPDOWN);
	assert_string_equal(f->u.field.tag, "OM-16.compliance");
	assert_int_equal(f->u.field.nchoices, 3);
	assert_string_equal(f->u.field.choices[0], "符合");
	assert_string_equal(f->u.field.choices[2], "不符合");
	assert_string_equal(f->u.field.placeholder, "請選擇");
	f = md_input(d, p, "vendor.name");
	assert_int_equal(f->type, MD_INPUT);
	assert_string_equal(f->u.field.tag, "vendor.name");
	md_doc_free(d);
}

/* md_has_note finds a footnote at any depth (renderers let such a row split). */
static void test_has_note(void **state)
{
	md_doc *d = md_doc_new();
	static const unsigned w[] = { 1000, 1000 };
	md_node *t = md_table(d, w, 2, 0), *r1 = md_row(d, t, 0), *r2 = md_row(d, t, 0), *p;

	(void)state;
	md_text(d, md_para(d, md_cell(d, r1), MD_S_TABLE_TEXT), "OM-1");
	p = md_para(d, md_cell(d, r2), MD_S_TABLE_TEXT);
	md_text(d, p, "不適用");
	assert_false(md_has_note(r2));
	md_text(d, md_note(d, p), "本案不適用。");
	assert_false(md_has_note(r1));
	assert_true(md_has_note(r2));
	assert_true(md_has_note(t));
	md_doc_free(d);
}

static void test_merge_down(void **state)
{
	md_doc *d = md_doc_new();
	md_node *t = grid(d, 5, 3);
	size_t r;

	(void)state;
	assert_int_equal(md_merge_down(t, 1, 3, 0), 1);
	assert_int_equal(cell_at(t, 0, 0)->u.cell.rowspan, 1);
	assert_false(cell_at(t, 0, 0)->u.cell.covered);
	assert_int_equal(cell_at(t, 1, 0)->u.cell.rowspan, 3);
	assert_false(cell_at(t, 1, 0)->u.cell.covered);
	assert_true(cell_at(t, 2, 0)->u.cell.covered);
	assert_true(cell_at(t, 3, 0)->u.cell.covered);
	assert_false(cell_at(t, 4, 0)->u.cell.covered);
	assert_int_equal(cell_at(t, 4, 0)->u.cell.rowspan, 1);
	/* Other columns are untouched. */
	for (r = 0; r < 5; r++) {
		assert_int_equal(cell_at(t, r, 1)->u.cell.rowspan, 1);
		assert_false(cell_at(t, r, 1)->u.cell.covered);
	}
	/* A merge of one row is a no-op that succeeds; of the last two rows too. */
	assert_int_equal(md_merge_down(t, 4, 1, 2), 1);
	assert_int_equal(cell_at(t, 4, 2)->u.cell.rowspan, 1);
	assert_int_equal(md_merge_down(t, 3, 2, 2), 1);
	assert_int_equal(cell_at(t, 3, 2)->u.cell.rowspan, 2);
	assert_true(cell_at(t, 4, 2)->u.cell.covered);
	md_doc_free(d);
}

static void test_merge_down_refuses_absent_cells(void **state)
{
	md_doc *d = md_doc_new();
	md_node *t = grid(d, 4, 2), *short_row;
	int rc[5], clean[3];

	(void)state;
	rc[0] = md_merge_down(t, 1, 0, 0);
	rc[1] = md_merge_down(t, 9, 2, 0);
	rc[2] = md_merge_down(t, 0, 1, 5);
	clean[0] = unmerged(t, 4, 2);
	/* Past the last row: refused, and the table must not be left half merged
	 * (a rowspan of 5 over 3 rows would make the renderers write a broken table). */
	rc[3] = md_merge_down(t, 1, 5, 0);
	clean[1] = unmerged(t, 4, 2);
	/* A row with fewer cells than the column: the same. */
	short_row = md_row(d, t, 0);
	md_cell(d, short_row);
	rc[4] = md_merge_down(t, 2, 3, 1);
	clean[2] = unmerged(t, 4, 2);
	md_doc_free(d);
	assert_int_equal(rc[0], 0);
	assert_int_equal(rc[1], 0);
	assert_int_equal(rc[2], 0);
	assert_true(clean[0]);
	assert_int_equal(rc[3], 0);
	assert_true(clean[1]);
	assert_int_equal(rc[4], 0);
	assert_true(clean[2]);
}

static void test_note_numbers_in_document_order(void **state)
{
	md_doc *d = md_doc_new();
	md_node *p1 = md_para(d, NULL, MD_S_BODY), *t, *cellp, *np, *p3;

	(void)state;
	md_text(d, p1, "first");
	np = md_note(d, p1);
	assert_non_null(np);
	/* md_note returns the note's first paragraph: PARA <- NOTE <- anchor para. */
	assert_int_equal(np->type, MD_PARA);
	assert_int_equal(np->u.para.style, MD_S_FOOTNOTE);
	assert_int_equal(np->parent->type, MD_NOTE);
	assert_ptr_equal(np->parent->parent, p1);
	assert_ptr_equal(p1->last, np->parent);
	assert_int_equal(np->parent->u.note.number, 1);
	md_text(d, np, "note one");
	t = grid(d, 2, 2);
	cellp = cell_at(t, 1, 1)->first;
	np = md_note(d, cellp);
	assert_int_equal(np->parent->u.note.number, 2);
	/* A second paragraph in the same note does not count as a note. */
	md_para(d, np->parent, MD_S_FOOTNOTE);
	p3 = md_para(d, NULL, MD_S_BODY);
	np = md_note(d, p3);
	assert_int_equal(np->parent->u.note.number, 3);
	assert_int_equal(d->nnotes, 3);
	/* Notes of another document start again at 1. */
	{
		md_doc *d2 = md_doc_new();

		assert_int_equal(md_note(d2, md_para(d2, NULL, MD_S_BODY))->parent->u.note.number, 1);
		md_doc_free(d2);
	}
	md_doc_free(d);
}

/* Forces an allocation failure without calling malloc: the table's width
 * array would need more bytes than size_t holds once aligned. */
static void fail_document(md_doc *d)
{
	static const unsigned w[1] = { 1 };

	assert_null(md_table(d, w, (size_t)-1 / sizeof(unsigned), 1));
	assert_true(md_doc_failed(d));
}

static void test_builders_after_failure(void **state)
{
	static const char *const choices[] = { "a", "b" };
	md_doc *d = md_doc_new();
	md_node *p, *t, *row, *cell;

	(void)state;
	p = md_para(d, NULL, MD_S_BODY);
	t = grid(d, 2, 2);
	row = t->first;
	cell = row->first;
	assert_false(md_doc_failed(d));
	fail_document(d);
	assert_null(md_para(d, NULL, MD_S_BODY));
	assert_null(md_para(d, cell, MD_S_BODY));
	assert_null(md_text(d, p, "x"));
	assert_null(md_text(d, NULL, "x"));
	assert_null(md_text_lang(d, p, "x", "en", 1));
	assert_null(md_break(d, p));
	assert_null(md_table(d, widths3, 3, 1));
	assert_null(md_row(d, t, 0));
	assert_null(md_row(d, NULL, 0));
	assert_null(md_cell(d, row));
	assert_null(md_cell(d, NULL));
	assert_null(md_note(d, p));
	assert_null(md_note(d, NULL));
	assert_null(md_dropdown(d, p, "x", choices, 2, "?"));
	assert_null(md_input(d, p, "x"));
	/* Strings are "", so that callers may build on (the document is refused). */
	assert_string_equal(md_strdup(d, "x"), "");
	assert_string_equal(md_printf(d, "%d", 1), "");
	assert_true(md_doc_failed(d));
	/* Nothing was attached to the nodes built before the failure. */
	assert_null(p->first);
	assert_int_equal(d->nnotes, 0);
	assert_null(cell->first->next);
	md_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_shape),
		cmocka_unit_test(test_fields_copy_choices),
		cmocka_unit_test(test_merge_down),
		cmocka_unit_test(test_merge_down_refuses_absent_cells),
		cmocka_unit_test(test_has_note),
		cmocka_unit_test(test_note_numbers_in_document_order),
		cmocka_unit_test(test_builders_after_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
