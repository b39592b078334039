/* Estimated line breaking of short texts in table cells (11 pt table text), so
 * that column widths can be chosen where names and headings break well. */
#ifndef FIT_H
#define FIT_H

#include <stddef.h>

#define FIT_MAX_BREAKS 8

/* The narrowest width (1/100 mm, cell padding included) between base and max,
 * in steps of 0.5 mm, at which no unbreakable piece of any of the n texts is
 * wider than a line: a Latin word, a CJK character or, with heading set, a run
 * of CJK characters between punctuation (「本案採購」). heading also measures
 * Latin text in bold, as headings and bold cell labels are set. max when none
 * fits. NULL texts are skipped. Widths are estimates for 11 pt text that err
 * wide. */
unsigned fit_width(const char *const *texts, size_t n, int heading, unsigned base, unsigned max);

/* fit_width for text of pt points. */
unsigned fit_width_pt(const char *const *texts, size_t n, int heading, unsigned base, unsigned max,
		      unsigned pt);

/* Where text in a column of width (1/100 mm) should break so that its lines are
 * even (「資安技術/面要求」, never 「資安技術面要/求」) and, with heading set, fall
 * next to punctuation or between words only: byte offsets at which a new line
 * starts, stored in breaks; returns how many (0: one line, or more lines than
 * FIT_MAX_BREAKS, left to the word processor). */
size_t fit_breaks(const char *text, unsigned width, int heading, size_t breaks[FIT_MAX_BREAKS]);

/* The width (1/100 mm, cell padding included) s needs on one line, unbroken
 * (an item ID such as "AG-DG-1"). */
unsigned fit_word_width(const char *s);

#endif
