/* The document model as an HTML fragment: the preview `annexgen serve` shows,
 * made from the same md_doc the ODT and DOCX renderers read. */
#ifndef HTML_H
#define HTML_H

#include "error.h"
#include "model.h"
#include "xmlw.h"

/*
 * Appends document d to w as one <article> (HTML5 fragment, UTF-8): the
 * page header line, every block in order, merged cells as rowspan, header
 * rows as <thead>, shaded cells with class "shade-heading" or
 * "shade-alert", texts in another language in <span lang>, form fields as
 * the empty document shows them (a drop-down its placeholder, a text field
 * an empty box), and footnotes numbered at the end. Every string of the
 * model is escaped (xmlw_text), so no text can become markup. id_prefix
 * (letters, digits, '-') keeps the footnote anchors of several documents on
 * one page apart; the caller owns it. Only reads d. Fails with AG_ERR_NOMEM
 * when w ran out of memory.
 */
ag_code html_render(const md_doc *d, const char *id_prefix, xmlw *w, ag_error *err);

#endif
