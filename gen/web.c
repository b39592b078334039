/* The pages of `annexgen serve`: a tender form that becomes a tender file and
 * goes through the CLI's own loader, the preview, the zip, open and collect. */
#include "web.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "collect.h"
#include "compose.h"
#include "embedded.h"
#include "fileio.h"
#include "generate.h"
#include "html.h"
#include "package.h"
#include "tender.h"
#include "webform.h"
#include "xmlw.h"

#include "banned.h"

#define NSTASH 8
#define STASH_SECONDS (30 * 60)
#define ZIP_FILE_MAX ((size_t)256 << 20)

struct stash {
	char token[33];
	time_t at;                   /* CLOCK_MONOTONIC seconds */
	unsigned char *data;
	size_t len;
	char name[256];
};

struct web {
	const catalog *cat;
	const template *tpl;
	char csrf[65];
	/* Issue 14 point 4: package.c keeps a process-wide deflate stream and part
	 * cache, and compose_choices a static buffer, so loading, composing,
	 * rendering and packaging run one request at a time behind this mutex.
	 * Remove it once the zip state belongs to each writer. */
	pthread_mutex_t work;
	pthread_mutex_t stash_lock;
	struct stash stash[NSTASH];
};

/* ------------------------------------------------------------------ */
/* Words of the page, Traditional Chinese first. */

enum label {
	L_APP, L_NAV_TENDER, L_NAV_OPEN, L_NAV_COLLECT, L_SWITCH, L_SKIP,
	L_TENDER_H, L_ID, L_ID_HINT, L_TITLE, L_AGENCY, L_CASE, L_DATE, L_ANNEX, L_LANGUAGE,
	L_BOTH, L_TYPES, L_ITEMS_H, L_ITEMS_HINT, L_NO_TYPES, L_EXCLUDE, L_DOMAIN, L_CATEGORY,
	L_ITEM_ID, L_TEXT, L_REASON, L_EXCLUDABLE, L_AGENCY_H, L_AGENCY_HINT, L_AG_TEXT,
	L_REFRESH, L_PREVIEW, L_DOWNLOAD, L_PREVIEW_H, L_ERRORS, L_OPEN_H, L_OPEN_HINT,
	L_OPEN_FILE, L_OPEN_BTN, L_COLLECT_H, L_COLLECT_HINT, L_TENDER_FILE, L_TYPE_AUTO,
	L_FORMS, L_COLLECT_BTN, L_MATRIX_H, L_MATRIX_DL, L_NO_FILE, L_NOT_FOUND, L_EXPIRED,
	L_DROPPED, L_OPENED, L_NOTE, L_SEVERAL, L_ACTIONS, L_IN, L_REQUIRED, L_COUNT
};

static const char *const words[L_COUNT][2] = {
	[L_APP] = { "公有雲採購文件產生器", "Public cloud tender documents" },
	[L_NAV_TENDER] = { "招標文件", "Tender documents" },
	[L_NAV_OPEN] = { "開啟招標檔", "Open a tender file" },
	[L_NAV_COLLECT] = { "彙整廠商回應", "Collect vendor responses" },
	[L_SWITCH] = { "English", "中文" },
	[L_SKIP] = { "跳至主要內容", "Skip to the main content" },
	[L_TENDER_H] = { "1. 採購案基本資料", "1. The tender" },
	[L_ID] = { "案件代號（檔名用：英文字母、數字、. _ -）", "Tender id (used in file names: letters, digits, . _ -)" },
	[L_ID_HINT] = { "可留空：使用案號", "May be left empty: the case number is used" },
	[L_TITLE] = { "採購案名稱", "Tender title" },
	[L_AGENCY] = { "機關名稱", "Agency" },
	[L_CASE] = { "案號", "Case number" },
	[L_DATE] = { "日期", "Date" },
	[L_ANNEX] = { "附件編號", "Annex number" },
	[L_LANGUAGE] = { "文件語言", "Language of the documents" },
	[L_BOTH] = { "中英對照", "Both, side by side" },
	[L_TYPES] = { "採購之服務類型", "Service types bought" },
	[L_ITEMS_H] = { "2. 需求項目", "2. Requirement items" },
	[L_ITEMS_HINT] = { "勾選「排除」之項目於文件中標示不適用。指引註記可排除之項目免填理由；其他項目須填排除理由。",
			   "Excluded items are marked not applicable in the documents. Items the guide marks excludable need no reason; every other exclusion needs one." },
	[L_NO_TYPES] = { "請勾選服務類型，再按「更新項目表」。", "Tick the service types, then press “Update the item tables”." },
	[L_EXCLUDE] = { "排除", "Exclude" },
	[L_DOMAIN] = { "構面", "Domain" },
	[L_CATEGORY] = { "類別", "Category" },
	[L_ITEM_ID] = { "編號", "ID" },
	[L_TEXT] = { "要求項目", "Requirement" },
	[L_REASON] = { "排除理由", "Reason for the exclusion" },
	[L_EXCLUDABLE] = { "指引註記可排除，免填理由", "Excludable per the guide: no reason needed" },
	[L_AGENCY_H] = { "機關自訂項目", "Agency items" },
	[L_AGENCY_HINT] = { "列於所選類別之後，適用於所有採購之服務類型。空白列不列入；按「更新項目表」可再增一列。",
			    "Listed after their category's rows, for every service type bought. Empty rows are ignored; “Update the item tables” adds a row." },
	[L_AG_TEXT] = { "項目內容", "Item text" },
	[L_REFRESH] = { "更新項目表", "Update the item tables" },
	[L_PREVIEW] = { "預覽", "Preview" },
	[L_DOWNLOAD] = { "下載文件（zip）", "Download the documents (zip)" },
	[L_PREVIEW_H] = { "3. 預覽", "3. Preview" },
	[L_ERRORS] = { "請修正下列錯誤：", "Please correct this:" },
	[L_OPEN_H] = { "開啟招標檔", "Open a tender file" },
	[L_OPEN_HINT] = { "選擇先前下載之 zip 內的招標檔（.xml），即可繼續編輯。",
			  "Choose the tender file (.xml) from a zip downloaded earlier to continue editing it." },
	[L_OPEN_FILE] = { "招標檔（.xml）", "Tender file (.xml)" },
	[L_OPEN_BTN] = { "開啟", "Open" },
	[L_COLLECT_H] = { "彙整廠商規格回應表", "Collect the vendors' response forms" },
	[L_COLLECT_HINT] = { "上傳招標檔及各廠商填寫之規格回應表（ODT 或 DOCX，可一次選多個），產生評選矩陣。",
			     "Upload the tender file and the vendors' filled response forms (ODT or DOCX, several at once) for the evaluation matrix." },
	[L_TENDER_FILE] = { "招標檔（.xml）", "Tender file (.xml)" },
	[L_TYPE_AUTO] = { "（招標只採購一種時免選）", "(not needed when the tender buys one)" },
	[L_FORMS] = { "廠商規格回應表（可多選）", "Filled response forms (several)" },
	[L_COLLECT_BTN] = { "彙整", "Collect" },
	[L_MATRIX_H] = { "評選矩陣", "Evaluation matrix" },
	[L_MATRIX_DL] = { "下載矩陣檔（CSV、ODT、DOCX 及問題報告，zip）", "Download the matrix (CSV, ODT, DOCX and the report, zip)" },
	[L_NO_FILE] = { "請選擇檔案", "Choose a file" },
	[L_NOT_FOUND] = { "找不到此頁。", "There is no such page." },
	[L_EXPIRED] = { "此下載已過期，請重新彙整。", "This download has expired: collect again." },
	[L_DROPPED] = { "此招標檔有本頁無法編輯之機關自訂類別或項目適用類型，已略去：",
			"This tender file has agency categories or item types the page cannot edit; they were left out: " },
	[L_OPENED] = { "已開啟招標檔：", "Opened the tender file: " },
	[L_NOTE] = { "註", "Note" },
	[L_SEVERAL] = { "the tender buys several service types: say which", "the tender buys several service types: say which" },
	[L_ACTIONS] = { "動作", "Actions" },
	[L_IN] = { "（%s）", " (%s)" },
	[L_REQUIRED] = { "必填：", "Required: " },
};

struct page {
	web *app;
	int en;                      /* page language: 0 Traditional Chinese, 1 English */
	xmlw w;
	const serve_form *v;         /* the values the form shows */
	const char *err_field;       /* the field an error concerns ("" for the form) */
	char err_msg[1600];
	char err_name[200];          /* err_field's storage when computed */
	int err_shown;
	const char *notice;
};

#define W(pg, l) words[l][(pg)->en]

static void txt(struct page *pg, const char *s)
{
	xmlw_text(&pg->w, s ? s : "");
}

/* ------------------------------------------------------------------ */
/* Page frame and fields. */

/* Writes attr="PREFIXname" (escaped). */
static void prefixed_attr(struct page *pg, const char *attr, const char *prefix, const char *name)
{
	char buf[300];

	snprintf(buf, sizeof(buf), "%s%s", prefix, name);
	xmlw_attr(&pg->w, attr, buf);
}

static void page_start(struct page *pg, const char *title, const char *here)
{
	static const char *const nav[] = { "/", "/open", "/collect" };
	static const enum label nav_l[] = { L_NAV_TENDER, L_NAV_OPEN, L_NAV_COLLECT };
	xmlw *w = &pg->w;
	size_t i;

	xmlw_printf(w, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		       "<title>", pg->en ? "en" : "zh-TW");
	txt(pg, title);
	xmlw_raw(w, " – ");
	txt(pg, W(pg, L_APP));
	xmlw_printf(w, "</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body>"
		       "<a class=\"skip\" href=\"#main\">%s</a><header><p class=\"app\">%s</p>"
		       "<nav aria-label=\"%s\"><ul>", W(pg, L_SKIP), W(pg, L_APP), W(pg, L_APP));
	for (i = 0; i < 3; i++)
		xmlw_printf(w, "<li><a href=\"%s%s\"%s>%s</a></li>", nav[i], pg->en ? "?lang=en" : "",
			    !strcmp(here, nav[i]) ? " aria-current=\"page\"" : "", W(pg, nav_l[i]));
	xmlw_printf(w, "<li><a href=\"%s%s\" lang=\"%s\" hreflang=\"%s\">%s</a></li></ul></nav></header>"
		       "<main id=\"main\"><h1>", here, pg->en ? "?lang=zh" : "?lang=en",
		    pg->en ? "zh-TW" : "en", pg->en ? "zh-TW" : "en", W(pg, L_SWITCH));
	txt(pg, title);
	xmlw_raw(w, "</h1>");
	if (pg->notice) {
		xmlw_raw(w, "<p class=\"notice\" role=\"status\">");
		txt(pg, pg->notice);
		xmlw_raw(w, "</p>");
	}
	if (pg->err_field) {
		xmlw_printf(w, "<div class=\"errors\" role=\"alert\"><p>%s</p><p>", W(pg, L_ERRORS));
		if (*pg->err_field) {
			xmlw_raw(w, "<a");
			prefixed_attr(pg, "href", "#f-", pg->err_field);
			xmlw_raw(w, ">");
		}
		txt(pg, pg->err_msg);
		xmlw_raw(w, *pg->err_field ? "</a></p></div>" : "</p></div>");
	}
}

static void page_end(struct page *pg)
{
	xmlw_raw(&pg->w, "</main></body></html>\n");
}

/* Hidden fields every form carries: the token, and the page language. */
static void form_start(struct page *pg, const char *action, int multipart)
{
	xmlw_printf(&pg->w, "<form method=\"post\" action=\"%s\"%s>"
			    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"ui\" value=\"%s\">",
		    action, multipart ? " enctype=\"multipart/form-data\"" : "", pg->app->csrf,
		    pg->en ? "en" : "zh");
}

/* The error message, when it concerns field name. */
static void field_error(struct page *pg, const char *name)
{
	if (!pg->err_field || strcmp(pg->err_field, name))
		return;
	xmlw_raw(&pg->w, "<p class=\"error\"");
	prefixed_attr(pg, "id", "e-", name);
	xmlw_raw(&pg->w, ">");
	txt(pg, pg->err_msg);
	xmlw_raw(&pg->w, "</p>");
	pg->err_shown = 1;
}

static void control_attrs(struct page *pg, const char *name)
{
	prefixed_attr(pg, "id", "f-", name);
	xmlw_attr(&pg->w, "name", name);
	if (pg->err_field && !strcmp(pg->err_field, name)) {
		xmlw_raw(&pg->w, " aria-invalid=\"true\"");
		prefixed_attr(pg, "aria-describedby", "e-", name);
	}
}

static void label_for(struct page *pg, const char *name, const char *label, const char *lang_tag)
{
	xmlw_raw(&pg->w, "<label");
	prefixed_attr(pg, "for", "f-", name);
	xmlw_raw(&pg->w, ">");
	txt(pg, label);
	if (lang_tag)
		xmlw_printf(&pg->w, W(pg, L_IN), lang_tag);
	xmlw_raw(&pg->w, "</label>");
}

/* A one-line text field with its label; lang_tag names the language typed. */
static void text_field(struct page *pg, const char *name, const char *label, const char *lang_tag,
		       const char *type, const char *hint)
{
	xmlw_raw(&pg->w, "<div class=\"field\">");
	label_for(pg, name, label, lang_tag);
	xmlw_open(&pg->w, "input");
	xmlw_attr(&pg->w, "type", type);
	control_attrs(pg, name);
	xmlw_attr(&pg->w, "value", webform_val(pg->v, name));
	if (lang_tag)
		xmlw_attr(&pg->w, "lang", lang_tag);
	xmlw_gt(&pg->w);
	if (hint) {
		xmlw_raw(&pg->w, "<p class=\"hint\">");
		txt(pg, hint);
		xmlw_raw(&pg->w, "</p>");
	}
	field_error(pg, name);
	xmlw_raw(&pg->w, "</div>");
}

/* ------------------------------------------------------------------ */
/* The tender page. */

static const char *lang_name(const char *tag)
{
	return !strncmp(tag, "zh", 2) ? "中文" : !strcmp(tag, "en") ? "English" : tag;
}

static void tender_fields(struct page *pg)
{
	const catalog *c = pg->app->cat;
	const char *off = c->langs[c->official];
	long tr = webform_translation(c);
	const char *cur = webform_val(pg->v, "language");
	size_t i;
	char name[80];

	xmlw_printf(&pg->w, "<section aria-labelledby=\"h-tender\"><h2 id=\"h-tender\">%s</h2>",
		    W(pg, L_TENDER_H));
	text_field(pg, "title", W(pg, L_TITLE), off, "text", NULL);
	if (tr >= 0)
		text_field(pg, "title_en", W(pg, L_TITLE), c->langs[tr], "text", NULL);
	text_field(pg, "agency", W(pg, L_AGENCY), off, "text", NULL);
	if (tr >= 0)
		text_field(pg, "agency_en", W(pg, L_AGENCY), c->langs[tr], "text", NULL);
	text_field(pg, "case", W(pg, L_CASE), NULL, "text", NULL);
	text_field(pg, "id", W(pg, L_ID), NULL, "text", W(pg, L_ID_HINT));
	text_field(pg, "date", W(pg, L_DATE), NULL, "date", NULL);
	text_field(pg, "annex", W(pg, L_ANNEX), off, "text", NULL);
	if (tr >= 0)
		text_field(pg, "annex_en", W(pg, L_ANNEX), c->langs[tr], "text", NULL);

	xmlw_raw(&pg->w, "<div class=\"field\">");
	label_for(pg, "language", W(pg, L_LANGUAGE), NULL);
	xmlw_open(&pg->w, "select");
	control_attrs(pg, "language");
	xmlw_gt(&pg->w);
	for (i = 0; i <= c->nlangs; i++) {
		const char *v = i < c->nlangs ? c->langs[i] : "both";

		if (i == c->nlangs && tr < 0)
			break;
		xmlw_open(&pg->w, "option");
		xmlw_attr(&pg->w, "value", v);
		if (!strcmp(cur, v))
			xmlw_raw(&pg->w, " selected");
		xmlw_gt(&pg->w);
		txt(pg, i < c->nlangs ? lang_name(v) : W(pg, L_BOTH));
		xmlw_printf(&pg->w, " (%s)</option>", i < c->nlangs ? c->langs[i] : "both");
	}
	xmlw_raw(&pg->w, "</select>");
	field_error(pg, "language");
	xmlw_raw(&pg->w, "</div>");

	xmlw_printf(&pg->w, "<fieldset class=\"field\" id=\"f-type\"><legend>%s</legend>", W(pg, L_TYPES));
	for (i = 0; i < c->ntypes; i++) {
		snprintf(name, sizeof(name), "type-%s", c->types[i].id);
		xmlw_raw(&pg->w, "<label class=\"check\"><input type=\"checkbox\" name=\"type\"");
		xmlw_attr(&pg->w, "id", name);
		xmlw_attr(&pg->w, "value", c->types[i].id);
		if (webform_has(pg->v, "type", c->types[i].id))
			xmlw_raw(&pg->w, " checked");
		xmlw_gt(&pg->w);
		txt(pg, cat_text_get(c, &c->types[i].name, pg->en && tr >= 0 ? (size_t)tr : c->official));
		xmlw_raw(&pg->w, "</label>");
	}
	field_error(pg, "type");
	xmlw_raw(&pg->w, "</fieldset></section>");
}

static void items_table(struct page *pg, size_t ty, size_t lang)
{
	const catalog *c = pg->app->cat;
	const cat_table *tab = &c->tables[ty];
	const char *tags[2];
	size_t nl = webform_out_langs(c, pg->v, tags), i, k;
	char name[160];

	xmlw_raw(&pg->w, "<section class=\"items\"><h3>");
	txt(pg, cat_text_get(c, &c->types[ty].name, lang));
	xmlw_printf(&pg->w, "</h3><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    W(pg, L_EXCLUDE), W(pg, L_DOMAIN), W(pg, L_CATEGORY), W(pg, L_ITEM_ID), W(pg, L_TEXT),
		    W(pg, L_REASON));
	for (i = 0; i < tab->nrows; i++) {
		const cat_row *row = &tab->rows[i];
		const cat_item *it = &c->items[row->item];
		const cat_category *cat = &c->categories[it->category];
		int excluded;

		snprintf(name, sizeof(name), "x:%s:%s", c->types[ty].id, it->id);
		excluded = *webform_val(pg->v, name) != '\0';
		xmlw_raw(&pg->w, excluded ? "<tr class=\"excluded\"><td>" : "<tr><td>");
		xmlw_raw(&pg->w, "<label class=\"check\"><input type=\"checkbox\" value=\"1\"");
		control_attrs(pg, name);
		if (excluded)
			xmlw_raw(&pg->w, " checked");
		xmlw_printf(&pg->w, "> %s <span class=\"vh\">", W(pg, L_EXCLUDE));
		txt(pg, it->id);
		xmlw_raw(&pg->w, "</span></label>");
		field_error(pg, name);
		xmlw_raw(&pg->w, "</td>");
		/* Domain and category cells span their rows, as in the guide's table. */
		if (!i || c->categories[c->items[tab->rows[i - 1].item].category].domain != cat->domain) {
			for (k = i + 1; k < tab->nrows &&
			     c->categories[c->items[tab->rows[k].item].category].domain == cat->domain; k++)
				;
			xmlw_printf(&pg->w, "<td class=\"group\" rowspan=\"%zu\">", k - i);
			txt(pg, cat_text_get(c, &c->domains[cat->domain].name, lang));
			xmlw_raw(&pg->w, "</td>");
		}
		if (!i || c->items[tab->rows[i - 1].item].category != it->category) {
			for (k = i + 1; k < tab->nrows && c->items[tab->rows[k].item].category == it->category; k++)
				;
			xmlw_printf(&pg->w, "<td class=\"group\" rowspan=\"%zu\">", k - i);
			txt(pg, cat_text_get(c, &cat->name, lang));
			xmlw_raw(&pg->w, "</td>");
		}
		xmlw_raw(&pg->w, "<td class=\"id\">");
		txt(pg, it->id);
		xmlw_raw(&pg->w, "</td><td>");
		txt(pg, catalog_row_text(c, row, lang));
		if (row->excludable) {
			xmlw_printf(&pg->w, "<p class=\"excludable\">%s", W(pg, L_EXCLUDABLE));
			if (row->note >= 0) {
				xmlw_printf(&pg->w, "<br><span class=\"note\">%s：", W(pg, L_NOTE));
				txt(pg, cat_text_get(c, &c->notes[row->note].name, lang));
				xmlw_raw(&pg->w, "</span>");
			}
			xmlw_raw(&pg->w, "</p>");
		}
		xmlw_raw(&pg->w, "</td><td>");
		for (k = 0; k < nl; k++) {
			snprintf(name, sizeof(name), "%s:%s:%s", k ? "re" : "r", c->types[ty].id, it->id);
			xmlw_raw(&pg->w, "<label class=\"vh\"");
			prefixed_attr(pg, "for", "f-", name);
			xmlw_raw(&pg->w, ">");
			txt(pg, it->id);
			xmlw_printf(&pg->w, " %s (%s)</label><input type=\"text\"", W(pg, L_REASON), tags[k]);
			control_attrs(pg, name);
			xmlw_attr(&pg->w, "lang", tags[k]);
			xmlw_attr(&pg->w, "value", webform_val(pg->v, name));
			xmlw_gt(&pg->w);
			field_error(pg, name);
		}
		xmlw_raw(&pg->w, "</td></tr>");
	}
	xmlw_raw(&pg->w, "</tbody></table></div></section>");
}

static void agency_rows(struct page *pg, size_t lang)
{
	const catalog *c = pg->app->cat;
	long tr = webform_translation(c);
	size_t i, k = 0, j, d;
	char name[40], key[40];

	xmlw_printf(&pg->w, "<section class=\"agency\"><h3>%s</h3><p class=\"hint\">%s</p>",
		    W(pg, L_AGENCY_H), W(pg, L_AGENCY_HINT));
	for (i = 1; i <= WEBFORM_MAX_AGENCY + 1; i++) {
		int blank = i > WEBFORM_MAX_AGENCY || !webform_agency_used(pg->v, i);

		if (blank && i <= WEBFORM_MAX_AGENCY)
			continue;
		/* Rows are renumbered without gaps: ag:K is the K-th agency item of the file. */
		k++;
		snprintf(name, sizeof(name), "ag:%zu", k);
		xmlw_printf(&pg->w, "<fieldset class=\"agency-row\" id=\"f-ag:%zu\"><legend>%s %zu</legend>",
			    k, W(pg, L_AGENCY_H), k);
		snprintf(key, sizeof(key), "agc:%zu", k);
		xmlw_raw(&pg->w, "<div class=\"field\">");
		label_for(pg, key, W(pg, L_CATEGORY), NULL);
		xmlw_open(&pg->w, "select");
		control_attrs(pg, key);
		xmlw_gt(&pg->w);
		snprintf(key, sizeof(key), "agc:%zu", i);
		for (d = 0; d < c->ndomains; d++) {
			xmlw_raw(&pg->w, "<optgroup");
			xmlw_attr(&pg->w, "label", cat_text_get(c, &c->domains[d].name, lang));
			xmlw_gt(&pg->w);
			for (j = 0; j < c->ncategories; j++) {
				if (c->categories[j].domain != d)
					continue;
				xmlw_open(&pg->w, "option");
				xmlw_attr(&pg->w, "value", c->categories[j].id);
				if (!blank && !strcmp(webform_val(pg->v, key), c->categories[j].id))
					xmlw_raw(&pg->w, " selected");
				xmlw_gt(&pg->w);
				txt(pg, cat_text_get(c, &c->categories[j].name, lang));
				xmlw_raw(&pg->w, "</option>");
			}
			xmlw_raw(&pg->w, "</optgroup>");
		}
		xmlw_raw(&pg->w, "</select></div>");
		for (j = 0; j < (tr >= 0 ? 2u : 1u); j++) {
			const char *tag = j ? c->langs[tr] : c->langs[c->official];

			snprintf(key, sizeof(key), "%s:%zu", j ? "age" : "agt", k);
			xmlw_raw(&pg->w, "<div class=\"field\">");
			label_for(pg, key, W(pg, L_AG_TEXT), tag);
			xmlw_raw(&pg->w, "<input type=\"text\"");
			control_attrs(pg, key);
			xmlw_attr(&pg->w, "lang", tag);
			snprintf(key, sizeof(key), "%s:%zu", j ? "age" : "agt", i);
			xmlw_attr(&pg->w, "value", blank ? "" : webform_val(pg->v, key));
			xmlw_raw(&pg->w, "></div>");
		}
		field_error(pg, name);
		xmlw_raw(&pg->w, "</fieldset>");
	}
	xmlw_raw(&pg->w, "</section>");
}

static void tender_page(struct page *pg, const xmlw *preview)
{
	const catalog *c = pg->app->cat;
	long tr = webform_translation(c);
	size_t lang = pg->en && tr >= 0 ? (size_t)tr : c->official, ty, n = 0;

	page_start(pg, W(pg, L_NAV_TENDER), "/");
	form_start(pg, "/tender", 0);
	tender_fields(pg);
	xmlw_printf(&pg->w, "<section aria-labelledby=\"h-items\"><h2 id=\"h-items\">%s</h2><p class=\"hint\">%s</p>",
		    W(pg, L_ITEMS_H), W(pg, L_ITEMS_HINT));
	for (ty = 0; ty < c->ntypes; ty++) {
		if (!webform_has(pg->v, "type", c->types[ty].id))
			continue;
		items_table(pg, ty, lang);
		n++;
	}
	if (!n)
		xmlw_printf(&pg->w, "<p class=\"notice\">%s</p>", W(pg, L_NO_TYPES));
	agency_rows(pg, lang);
	xmlw_printf(&pg->w, "</section><div class=\"actions\" role=\"group\" aria-label=\"%s\">"
			    "<button type=\"submit\" name=\"act\" value=\"refresh\" id=\"act-refresh\">%s</button>"
			    "<button type=\"submit\" name=\"act\" value=\"preview\" id=\"act-preview\">%s</button>"
			    "<button type=\"submit\" name=\"act\" value=\"download\" id=\"act-download\" class=\"primary\">%s</button>"
			    "</div><p class=\"lang-switch\"><button type=\"submit\" name=\"setui\" value=\"%s\" lang=\"%s\">%s</button></p></form>",
		    W(pg, L_ACTIONS), W(pg, L_REFRESH), W(pg, L_PREVIEW), W(pg, L_DOWNLOAD),
		    pg->en ? "zh" : "en", pg->en ? "zh-TW" : "en", W(pg, L_SWITCH));
	if (preview && preview->len) {
		xmlw_printf(&pg->w, "<section id=\"preview\" aria-labelledby=\"h-preview\"><h2 id=\"h-preview\">%s</h2>",
			    W(pg, L_PREVIEW_H));
		xmlw_rawn(&pg->w, preview->buf, preview->len);
		xmlw_raw(&pg->w, "</section>");
	}
	page_end(pg);
}

/* Loads the tender file at path through the CLI's loader and binds it to
 * the server's catalogue. Call with app->work held. */
static tender *load_bound(const web *app, const char *path, ag_error *err)
{
	tender *t = tender_load(path, err);

	if (t && tender_bind(t, app->cat, err)) {
		tender_free(t);
		return NULL;
	}
	return t;
}

/*
 * Puts the loader's message next to the field it concerns. The line gives
 * the element; the message can say more: a missing translation belongs to
 * the _en field, an exclusion's complaint to its reason, and a schema
 * complaint about an empty field means it is required.
 */
static void refine_error(struct page *pg, const char *field, const ag_error *err)
{
	const catalog *c = pg->app->cat;
	long tr = webform_translation(c);
	const char *tags[2];
	size_t nl = webform_out_langs(c, pg->v, tags);
	char want[80];
	int no_tr = 0;

	if (tr >= 0) {
		snprintf(want, sizeof(want), "has no '%s' text", c->langs[tr]);
		no_tr = strstr(err->msg, want) != NULL;
	}
	if (!strncmp(field, "x:", 2))
		snprintf(pg->err_name, sizeof(pg->err_name), "%s%s", no_tr && nl == 2 ? "re:" : "r:", field + 2);
	else if (no_tr && (!strcmp(field, "title") || !strcmp(field, "agency") || !strcmp(field, "annex")))
		snprintf(pg->err_name, sizeof(pg->err_name), "%s_en", field);
	else
		snprintf(pg->err_name, sizeof(pg->err_name), "%s", field);
	pg->err_field = pg->err_name;
	if (*field && strncmp(field, "x:", 2) && strncmp(field, "ag:", 3) && strcmp(field, "type") &&
	    !*webform_val(pg->v, pg->err_name))
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s%s", W(pg, L_REQUIRED), err->msg);
	else
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s", err->msg);
}

/* The form as a tender file in dir, loaded as the CLI loads one. On error
 * the page learns which field it concerns. *xml gets the file (caller frees). */
static tender *tender_from_form(struct page *pg, const char *dir, char **xml, size_t *xlen)
{
	xmlw w;
	webform_lines m = { 0 };
	char path[4300];
	ag_error err = { 0 };
	tender *t = NULL;

	*xml = NULL;
	xmlw_init(&w);
	webform_build(pg->app->cat, pg->v, &w, &m);
	snprintf(path, sizeof(path), "%s/tender.xml", dir);
	if (w.oom) {
		ag_fail(&err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	} else if (fileio_write_atomic(path, w.buf, w.len, &err) == AG_OK) {
		t = load_bound(pg->app, path, &err);
	}
	if (!t) {
		const char *f = err.line > 0 && (size_t)err.line <= m.n && m.field[err.line - 1]
					? m.field[err.line - 1] : "";

		refine_error(pg, f, &err);
		xmlw_release(&w);
	} else {
		*xml = xmlw_detach(&w, xlen);
	}
	webform_lines_release(&m);
	return t;
}

/* ------------------------------------------------------------------ */
/* Preview and download. */

static ag_code preview(const tender *t, xmlw *out, ag_error *err)
{
	const catalog *c = t->cat;
	size_t ty;
	int kind;
	char prefix[96];

	for (ty = 0; ty < c->ntypes; ty++) {
		if (!t->buys[ty])
			continue;
		for (kind = COMPOSE_ANNEX; kind <= COMPOSE_RESPONSE; kind++) {
			md_doc *d = compose(t, (compose_kind)kind, ty, err);
			ag_code rc;

			if (!d)
				return err->code;
			snprintf(prefix, sizeof(prefix), "%s-%s", c->types[ty].id, compose_kind_name(kind));
			xmlw_printf(out, "<details class=\"doc\"%s><summary>", kind == COMPOSE_ANNEX ? " open" : "");
			xmlw_text(out, d->meta.title ? d->meta.title : prefix);
			xmlw_raw(out, "</summary>");
			rc = html_render(d, prefix, out, err);
			xmlw_raw(out, "</details>");
			md_doc_free(d);
			if (rc)
				return rc;
		}
	}
	{
		md_doc *d = compose(t, COMPOSE_OVERVIEW, 0, err);
		ag_code rc;

		if (!d)
			return err->code;
		xmlw_raw(out, "<details class=\"doc\"><summary>");
		xmlw_text(out, d->meta.title ? d->meta.title : "overview");
		xmlw_raw(out, "</summary>");
		rc = html_render(d, "overview", out, err);
		xmlw_raw(out, "</details>");
		md_doc_free(d);
		return rc;
	}
}

static int stored_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 4 && !strcmp(name + n - 4, ".odt")) || (n > 5 && !strcmp(name + n - 5, ".docx"));
}

/* Adds file dir/name to the zip as prefix/name; packages are stored as they are. */
static ag_code zip_file(pkg_writer *z, const char *dir, const char *name, const char *prefix,
			ag_error *err)
{
	char path[4400], entry[400];
	char *data;
	size_t len;
	ag_code rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(entry, sizeof(entry), "%s%s%s", prefix, *prefix ? "/" : "", name);
	rc = fileio_read(path, ZIP_FILE_MAX, &data, &len, err);
	if (rc)
		return rc;
	rc = pkg_add(z, entry, data, len, stored_name(name), err);
	free(data);
	return rc;
}

/* generate's files for t, its manifest and the tender file, as one zip. */
static ag_code download(const web *app, const tender *t, const char *dir, const char *xml,
			size_t xlen, unsigned char **out, size_t *len, ag_error *err)
{
	char outdir[4300], tdir[4400], xname[128];
	gen_opts o = { outdir, GEN_ODT | GEN_DOCX, 1, 0, app->tpl };
	gen_stats st;
	gen_manifest m = { 0 };
	pkg_writer *z = NULL;
	size_t i;
	ag_code rc;

	snprintf(outdir, sizeof(outdir), "%s/out", dir);
	snprintf(tdir, sizeof(tdir), "%s/%s", outdir, t->id);
	rc = generate_tender(t, &o, &st, err);
	if (!rc)
		rc = gen_manifest_read(tdir, &m, err);
	if (rc)
		return rc;
	z = pkg_writer_new();
	if (!z) {
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto done;
	}
	for (i = 0; i < m.n && !rc; i++)
		rc = zip_file(z, tdir, m.e[i].name, t->id, err);
	if (!rc)
		rc = zip_file(z, tdir, GEN_MANIFEST, t->id, err);
	snprintf(xname, sizeof(xname), "%s/%s.xml", t->id, t->id);
	if (!rc)
		rc = pkg_add(z, xname, xml, xlen, 0, err);
	if (!rc)
		rc = pkg_finish(z, out, len, err);
done:
	pkg_writer_free(z);
	gen_manifest_release(&m);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Requests. */

static void finish(struct page *pg, web_response *out, int status)
{
	out->status = pg->w.oom ? 503 : status;
	out->type = "text/html; charset=utf-8";
	if (pg->w.oom) {
		xmlw_release(&pg->w);
		out->body = strdup("out of memory\n");
		out->type = "text/plain; charset=utf-8";
		out->len = out->body ? strlen(out->body) : 0;
		return;
	}
	xmlw_raw(&pg->w, "");
	out->body = xmlw_detach(&pg->w, &out->len);
}

static void default_values(web *app, serve_form *v)
{
	char date[16];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	webform_set(v, "date", date);
	webform_set(v, "language", app->cat->langs[app->cat->official]);
}

static void post_tender(struct page *pg, const char *dir, web_response *out)
{
	const char *act = webform_val(pg->v, "act");
	xmlw pv;
	char *xml = NULL;
	size_t xlen = 0;
	tender *t;
	int status = 200;

	xmlw_init(&pv);
	if (strcmp(act, "preview") && strcmp(act, "download")) {
		tender_page(pg, NULL);
		finish(pg, out, 200);
		return;
	}
	pthread_mutex_lock(&pg->app->work);
	t = tender_from_form(pg, dir, &xml, &xlen);
	if (t && !strcmp(act, "download")) {
		ag_error err = { 0 };
		unsigned char *zip;
		size_t zlen;

		if (download(pg->app, t, dir, xml, xlen, &zip, &zlen, &err) == AG_OK) {
			pthread_mutex_unlock(&pg->app->work);
			out->status = 200;
			out->type = "application/zip";
			out->body = (char *)zip;
			out->len = zlen;
			snprintf(out->filename, sizeof(out->filename), "%s.zip", t->id);
			tender_free(t);
			free(xml);
			xmlw_release(&pv);
			xmlw_release(&pg->w);
			return;
		}
		pg->err_field = "";
		ag_error_format(&err, pg->err_msg, sizeof(pg->err_msg));
		status = 500;
	} else if (t) {
		ag_error err = { 0 };

		if (preview(t, &pv, &err)) {
			pg->err_field = "";
			ag_error_format(&err, pg->err_msg, sizeof(pg->err_msg));
			status = 500;
		}
	} else {
		status = 422;
	}
	pthread_mutex_unlock(&pg->app->work);
	tender_free(t);
	free(xml);
	tender_page(pg, &pv);
	xmlw_release(&pv);
	finish(pg, out, status);
}

/* A one-line description of a load error with the uploaded file's name. */
static void upload_error(struct page *pg, const char *field, const char *filename, const ag_error *err)
{
	char name[200];
	size_t i;

	snprintf(name, sizeof(name), "%s", filename && *filename ? filename : "upload");
	for (i = 0; name[i]; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			name[i] = '?';
	pg->err_field = field;
	if (err->line > 0)
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s:%ld: %s", name, err->line, err->msg);
	else
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s: %s", name, err->msg);
}

static void open_page(struct page *pg)
{
	page_start(pg, W(pg, L_OPEN_H), "/open");
	xmlw_printf(&pg->w, "<p>%s</p>", W(pg, L_OPEN_HINT));
	form_start(pg, "/open", 1);
	xmlw_raw(&pg->w, "<div class=\"field\">");
	label_for(pg, "tender", W(pg, L_OPEN_FILE), NULL);
	xmlw_raw(&pg->w, "<input type=\"file\" accept=\".xml,application/xml,text/xml\"");
	control_attrs(pg, "tender");
	xmlw_raw(&pg->w, " required>");
	field_error(pg, "tender");
	xmlw_printf(&pg->w, "</div><div class=\"actions\"><button type=\"submit\" id=\"act-open\" class=\"primary\">%s</button></div></form>",
		    W(pg, L_OPEN_BTN));
	page_end(pg);
}

/* Writes an uploaded file into dir under a name of ours (never the browser's). */
static ag_code save_upload(const char *dir, const char *as, const serve_field *f, char *path, size_t size,
			   ag_error *err)
{
	snprintf(path, size, "%s/%s", dir, as);
	return fileio_write_atomic(path, f->data, f->len, err);
}

static void post_open(struct page *pg, const char *dir, web_response *out)
{
	const serve_field *f = serve_form_get(pg->v, "tender");
	serve_form v = { 0 };
	ag_error err = { 0 };
	char path[4300], notice[400];
	tender *t = NULL;

	if (!f || !f->filename || !f->len) {
		pg->err_field = "tender";
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s", W(pg, L_NO_FILE));
		open_page(pg);
		finish(pg, out, 422);
		return;
	}
	pthread_mutex_lock(&pg->app->work);
	if (save_upload(dir, "tender.xml", f, path, sizeof(path), &err) == AG_OK)
		t = load_bound(pg->app, path, &err);
	if (!t) {
		pthread_mutex_unlock(&pg->app->work);
		upload_error(pg, "tender", f->filename, &err);
		open_page(pg);
		finish(pg, out, 422);
		return;
	}
	snprintf(notice, sizeof(notice), "%s%s", webform_from_tender(t, &v) ? W(pg, L_DROPPED) : W(pg, L_OPENED),
		 f->filename);
	pthread_mutex_unlock(&pg->app->work);
	tender_free(t);
	pg->notice = notice;
	pg->v = &v;
	tender_page(pg, NULL);
	finish(pg, out, 200);
	serve_form_release(&v);
}

/* ------------------------------------------------------------------ */
/* Collect. */

static time_t now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void stash_put(web *app, unsigned char *data, size_t len, const char *name, char token[33])
{
	unsigned char r[16];
	size_t i, slot = 0;
	time_t now = now_seconds();

	token[0] = '\0';
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		free(data);
		return;
	}
	for (i = 0; i < 16; i++)
		snprintf(token + 2 * i, 3, "%02x", r[i]);
	pthread_mutex_lock(&app->stash_lock);
	for (i = 0; i < NSTASH; i++)
		if (app->stash[i].at < app->stash[slot].at)
			slot = i;
	free(app->stash[slot].data);
	memcpy(app->stash[slot].token, token, 33);
	app->stash[slot].at = now;
	app->stash[slot].data = data;
	app->stash[slot].len = len;
	snprintf(app->stash[slot].name, sizeof(app->stash[slot].name), "%s", name);
	pthread_mutex_unlock(&app->stash_lock);
}

/* A copy of the stashed result with token, or 0 when it is gone. */
static int stash_get(web *app, const char *token, web_response *out)
{
	size_t i;
	int found = 0;
	time_t now = now_seconds();

	pthread_mutex_lock(&app->stash_lock);
	for (i = 0; i < NSTASH; i++) {
		struct stash *s = &app->stash[i];

		if (!s->data || strlen(token) != 32 || strcmp(s->token, token))
			continue;
		if (now - s->at > STASH_SECONDS)
			break;
		out->body = malloc(s->len ? s->len : 1);
		if (out->body) {
			memcpy(out->body, s->data, s->len);
			out->len = s->len;
			out->status = 200;
			out->type = "application/zip";
			snprintf(out->filename, sizeof(out->filename), "%s", s->name);
			found = 1;
		}
		break;
	}
	pthread_mutex_unlock(&app->stash_lock);
	return found;
}

static void collect_page(struct page *pg, const xmlw *result)
{
	const catalog *c = pg->app->cat;
	long tr = webform_translation(c);
	size_t i;

	page_start(pg, W(pg, L_COLLECT_H), "/collect");
	xmlw_printf(&pg->w, "<p>%s</p>", W(pg, L_COLLECT_HINT));
	form_start(pg, "/collect", 1);
	xmlw_raw(&pg->w, "<div class=\"field\">");
	label_for(pg, "tender", W(pg, L_TENDER_FILE), NULL);
	xmlw_raw(&pg->w, "<input type=\"file\" accept=\".xml,application/xml,text/xml\"");
	control_attrs(pg, "tender");
	xmlw_raw(&pg->w, " required>");
	field_error(pg, "tender");
	xmlw_raw(&pg->w, "</div><div class=\"field\">");
	label_for(pg, "type", W(pg, L_TYPES), NULL);
	xmlw_raw(&pg->w, "<select");
	control_attrs(pg, "type");
	xmlw_printf(&pg->w, "><option value=\"\">%s</option>", W(pg, L_TYPE_AUTO));
	for (i = 0; i < c->ntypes; i++) {
		xmlw_open(&pg->w, "option");
		xmlw_attr(&pg->w, "value", c->types[i].id);
		if (!strcmp(webform_val(pg->v, "type"), c->types[i].id))
			xmlw_raw(&pg->w, " selected");
		xmlw_gt(&pg->w);
		txt(pg, cat_text_get(c, &c->types[i].name, pg->en && tr >= 0 ? (size_t)tr : c->official));
		xmlw_raw(&pg->w, "</option>");
	}
	xmlw_raw(&pg->w, "</select>");
	field_error(pg, "type");
	xmlw_raw(&pg->w, "</div><div class=\"field\">");
	label_for(pg, "forms", W(pg, L_FORMS), NULL);
	xmlw_raw(&pg->w, "<input type=\"file\" multiple accept=\".odt,.docx\"");
	control_attrs(pg, "forms");
	xmlw_raw(&pg->w, " required>");
	field_error(pg, "forms");
	xmlw_printf(&pg->w, "</div><div class=\"actions\"><button type=\"submit\" id=\"act-collect\" class=\"primary\">%s</button></div></form>",
		    W(pg, L_COLLECT_BTN));
	if (result && result->len)
		xmlw_rawn(&pg->w, result->buf, result->len);
	page_end(pg);
}

/* Collects the uploaded forms; fills result (matrix and download link) or
 * the page's error. Call with app->work held. */
static void run_collect(struct page *pg, const char *dir, xmlw *result)
{
	const serve_field *tf = serve_form_get(pg->v, "tender");
	const char *type_id = webform_val(pg->v, "type");
	ag_error err = { 0 };
	char path[4300], mdir[4300], token[33], zname[200];
	tender *t = NULL;
	collect *col = NULL;
	md_doc *d = NULL;
	pkg_writer *z = NULL;
	char *report = NULL;
	unsigned char *zip = NULL;
	size_t i, rlen, zlen, nforms = 0;
	long type;

	if (!tf || !tf->filename || !tf->len) {
		pg->err_field = "tender";
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s", W(pg, L_NO_FILE));
		return;
	}
	if (save_upload(dir, "tender.xml", tf, path, sizeof(path), &err) ||
	    !(t = load_bound(pg->app, path, &err))) {
		upload_error(pg, "tender", tf->filename, &err);
		return;
	}
	if (!*type_id && t->ntypes != 1) {
		pg->err_field = "type";
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s", words[L_SEVERAL][0]);
		goto done;
	}
	type = catalog_type(t->cat, *type_id ? type_id : t->type_ids[0]);
	if (type < 0 || !(col = collect_new(t, (size_t)type, &err))) {
		pg->err_field = "type";
		if (type < 0)
			snprintf(pg->err_msg, sizeof(pg->err_msg), "unknown service type '%s'", type_id);
		else
			ag_error_format(&err, pg->err_msg, sizeof(pg->err_msg));
		goto done;
	}
	for (i = 0; i < pg->v->n; i++) {
		const serve_field *f = &pg->v->f[i];
		collect_form *form;
		ag_error fe = { 0 };
		char why[1200];

		if (strcmp(f->name, "forms") || !f->filename)
			continue;
		nforms++;
		/* The file is read from memory and shown under the name the browser gave. */
		form = collect_form_read_mem(f->data, f->len, f->filename, &fe);
		if (!form)
			ag_error_format(&fe, why, sizeof(why));
		if (!form && fe.code == AG_ERR_NOMEM) {
			err = fe;
			goto fail;
		}
		if (collect_add_form(col, f->filename, form, form ? NULL : why, &err)) {
			collect_form_free(form);
			goto fail;
		}
		collect_form_free(form);
	}
	if (!nforms) {
		pg->err_field = "forms";
		snprintf(pg->err_msg, sizeof(pg->err_msg), "%s", W(pg, L_NO_FILE));
		goto done;
	}
	d = collect_matrix(col, &err);
	if (!d)
		goto fail;
	xmlw_printf(result, "<section id=\"matrix\" aria-labelledby=\"h-matrix\"><h2 id=\"h-matrix\">%s</h2>",
		    W(pg, L_MATRIX_H));
	snprintf(mdir, sizeof(mdir), "%s/matrix", dir);
	if (html_render(d, "matrix", result, &err) || collect_report(col, &report, &rlen, &err) ||
	    collect_write(col, mdir, pg->app->tpl, &err))
		goto fail;
	z = pkg_writer_new();
	if (!z || zip_file(z, mdir, "matrix.csv", "", &err) || zip_file(z, mdir, "matrix.odt", "", &err) ||
	    zip_file(z, mdir, "matrix.docx", "", &err) || pkg_add(z, "report.txt", report, rlen, 0, &err) ||
	    pkg_finish(z, &zip, &zlen, &err)) {
		if (!z)
			ag_fail(&err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	snprintf(zname, sizeof(zname), "%s-%s-matrix.zip", t->id, t->cat->types[type].id);
	stash_put(pg->app, zip, zlen, zname, token);
	if (*token)
		xmlw_printf(result, "<p class=\"actions\"><a class=\"button primary\" id=\"matrix-download\" href=\"/result/%s\">%s</a></p>",
			    token, W(pg, L_MATRIX_DL));
	xmlw_raw(result, "<h3>report.txt</h3><pre class=\"report\">");
	xmlw_text(result, report);
	xmlw_raw(result, "</pre></section>");
	goto done;
fail:
	pg->err_field = "";
	ag_error_format(&err, pg->err_msg, sizeof(pg->err_msg));
	xmlw_reset(result);
done:
	free(report);
	pkg_writer_free(z);
	md_doc_free(d);
	collect_free(col);
	tender_free(t);
}

static void post_collect(struct page *pg, const char *dir, web_response *out)
{
	xmlw result;

	xmlw_init(&result);
	pthread_mutex_lock(&pg->app->work);
	run_collect(pg, dir, &result);
	pthread_mutex_unlock(&pg->app->work);
	collect_page(pg, &result);
	xmlw_release(&result);
	finish(pg, out, pg->err_field ? 422 : 200);
}

web *web_new(const catalog *c, const template *tpl, const char *csrf)
{
	web *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->cat = c;
	w->tpl = tpl ? tpl : template_builtin();
	snprintf(w->csrf, sizeof(w->csrf), "%s", csrf);
	pthread_mutex_init(&w->work, NULL);
	pthread_mutex_init(&w->stash_lock, NULL);
	return w;
}

void web_free(web *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < NSTASH; i++)
		free(w->stash[i].data);
	pthread_mutex_destroy(&w->work);
	pthread_mutex_destroy(&w->stash_lock);
	free(w);
}

void web_handle(web *app, const char *method, const char *path, const char *ui, const serve_form *in,
		const char *tmpdir, web_response *out)
{
	struct page pg = { 0 };
	serve_form defaults = { 0 };
	const char *set = webform_val(in, "setui");
	const char *form_ui = webform_val(in, "ui");
	int post = !strcmp(method, "POST");

	memset(out, 0, sizeof(*out));
	pg.app = app;
	pg.v = in;
	pg.en = !strcmp(*set ? set : post ? form_ui : ui, "en");
	xmlw_init(&pg.w);
	if (!post && !strcmp(path, "/style.css")) {
		const embedded_file *f = embedded_find("web/style.css");

		out->status = f ? 200 : 404;
		out->type = "text/css; charset=utf-8";
		out->body = f ? malloc(f->len + 1) : strdup("");
		if (out->body && f)
			memcpy(out->body, f->data, f->len + 1);
		out->len = f && out->body ? f->len : 0;
		return;
	}
	if (!post && !strncmp(path, "/result/", 8)) {
		if (stash_get(app, path + 8, out))
			return;
		page_start(&pg, W(&pg, L_COLLECT_H), "/collect");
		xmlw_printf(&pg.w, "<p>%s</p>", W(&pg, L_EXPIRED));
		page_end(&pg);
		finish(&pg, out, 404);
		return;
	}
	if (!post && !strcmp(path, "/")) {
		default_values(app, &defaults);
		pg.v = &defaults;
		tender_page(&pg, NULL);
		finish(&pg, out, 200);
	} else if (!post && !strcmp(path, "/open")) {
		open_page(&pg);
		finish(&pg, out, 200);
	} else if (!post && !strcmp(path, "/collect")) {
		collect_page(&pg, NULL);
		finish(&pg, out, 200);
	} else if (post && !strcmp(path, "/tender")) {
		post_tender(&pg, tmpdir, out);
	} else if (post && !strcmp(path, "/open")) {
		post_open(&pg, tmpdir, out);
	} else if (post && !strcmp(path, "/collect")) {
		post_collect(&pg, tmpdir, out);
	} else {
		page_start(&pg, W(&pg, L_NOT_FOUND), "/");
		page_end(&pg);
		finish(&pg, out, 404);
	}
	serve_form_release(&defaults);
}
