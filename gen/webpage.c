/* The frame, words and form helpers every page of `annexgen serve` shares
 * (webpage.h): escaped output, labels, errors next to their fields. */
#include "webpage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "webform.h"

#include "banned.h"

#define ZIP_FILE_MAX ((size_t)256 << 20)

const char *const webpage_words[L_COUNT][2] = {
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
	[L_AGENCY_HINT] = { "列於所選類別之後。空白列不列入；按「更新項目表」可再增一列。",
			    "Listed after their category's rows. Empty rows are left out; “Update the item tables” adds a row." },
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
	[L_DROPPED] = { "此招標檔之機關自訂類別或項目超過本頁可顯示之數量，多出部分已略去：",
			"This tender file has more agency categories or items than the page shows; the rest was left out: " },
	[L_OPENED] = { "已開啟招標檔：", "Opened the tender file: " },
	[L_NOTE] = { "註", "Note" },
	[L_SEVERAL] = { "the tender buys several service types: say which", "the tender buys several service types: say which" },
	[L_ACTIONS] = { "動作", "Actions" },
	[L_IN] = { "（%s）", " (%s)" },
	[L_REQUIRED] = { "必填：", "Required: " },
	[L_AC_H] = { "機關自訂類別", "Agency categories" },
	[L_AC_HINT] = { "指引之類別不敷使用時，可新增類別（置於所選構面之末），再於下方項目選用。",
			"When no category of the guide fits, add one (after the domain's categories) and choose it for items below." },
	[L_AC_ID] = { "類別代號（英數字）", "Category id (letters, digits)" },
	[L_AC_NAME] = { "類別名稱", "Category name" },
	[L_AG_ID] = { "項目編號", "Item ID" },
	[L_AG_TYPES] = { "適用之服務類型（均不勾選：所有採購之類型）", "Service types (none ticked: every type bought)" },
	[L_DOC_NUMBERS] = { "各文件之附件編號（選填）", "Annex numbers of single documents (optional)" },
	[L_DOC_NUMBERS_HINT] = { "留空之文件依上方附件編號依序編為「之一」「之二」…（需求附件、規格回應表、總覽）。",
				 "A document left empty takes the next sub-number of the annex number above (3-1, 3-2 ...: annexes, response forms, the overview)." },
	[L_DOC_ANNEX] = { "需求附件", "requirement annex" },
	[L_DOC_RESPONSE] = { "廠商規格回應表", "vendor response form" },
	[L_DOC_OVERVIEW] = { "服務類型適用項目總覽", "Overview of applicable items" },
};

void webpage_txt(struct page *pg, const char *s)
{
	xmlw_text(&pg->w, s ? s : "");
}

/* ------------------------------------------------------------------ */
/* Page frame and fields. */

/* Writes attr="PREFIXname" (escaped). */
void webpage_attr(struct page *pg, const char *attr, const char *prefix, const char *name)
{
	char buf[300];

	snprintf(buf, sizeof(buf), "%s%s", prefix, name);
	xmlw_attr(&pg->w, attr, buf);
}

void webpage_start(struct page *pg, const char *title, const char *here)
{
	static const char *const nav[] = { "/", "/open", "/collect" };
	static const enum label nav_l[] = { L_NAV_TENDER, L_NAV_OPEN, L_NAV_COLLECT };
	xmlw *w = &pg->w;
	size_t i;

	xmlw_printf(w, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		       "<title>", pg->en ? "en" : "zh-TW");
	webpage_txt(pg, title);
	xmlw_raw(w, " – ");
	webpage_txt(pg, W(pg, L_APP));
	xmlw_printf(w, "</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body>"
		       "<a class=\"skip\" href=\"#main\">%s</a><header><p class=\"app\">%s</p>"
		       "<nav aria-label=\"%s\"><ul>", W(pg, L_SKIP), W(pg, L_APP), W(pg, L_APP));
	for (i = 0; i < 3; i++)
		xmlw_printf(w, "<li><a href=\"%s%s\"%s>%s</a></li>", nav[i], pg->en ? "?lang=en" : "",
			    !strcmp(here, nav[i]) ? " aria-current=\"page\"" : "", W(pg, nav_l[i]));
	xmlw_printf(w, "<li><a href=\"%s%s\" lang=\"%s\" hreflang=\"%s\">%s</a></li></ul></nav></header>"
		       "<main id=\"main\"><h1>", here, pg->en ? "?lang=zh" : "?lang=en",
		    pg->en ? "zh-TW" : "en", pg->en ? "zh-TW" : "en", W(pg, L_SWITCH));
	webpage_txt(pg, title);
	xmlw_raw(w, "</h1>");
	if (pg->notice) {
		xmlw_raw(w, "<p class=\"notice\" role=\"status\">");
		webpage_txt(pg, pg->notice);
		xmlw_raw(w, "</p>");
	}
	if (pg->err_field) {
		xmlw_printf(w, "<div class=\"errors\" role=\"alert\"><p>%s</p><p>", W(pg, L_ERRORS));
		if (*pg->err_field) {
			xmlw_raw(w, "<a");
			webpage_attr(pg, "href", "#f-", pg->err_field);
			xmlw_raw(w, ">");
		}
		webpage_txt(pg, pg->err_msg);
		xmlw_raw(w, *pg->err_field ? "</a></p></div>" : "</p></div>");
	}
}

void webpage_end(struct page *pg)
{
	xmlw_raw(&pg->w, "</main></body></html>\n");
}

/* Hidden fields every form carries: the token, and the page language. */
void webpage_form(struct page *pg, const char *action, int multipart)
{
	xmlw_printf(&pg->w, "<form method=\"post\" action=\"%s\"%s>"
			    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"ui\" value=\"%s\">",
		    action, multipart ? " enctype=\"multipart/form-data\"" : "", pg->app->csrf,
		    pg->en ? "en" : "zh");
}

/* The error message, when it concerns field name. */
void webpage_error(struct page *pg, const char *name)
{
	if (!pg->err_field || strcmp(pg->err_field, name))
		return;
	xmlw_raw(&pg->w, "<p class=\"error\"");
	webpage_attr(pg, "id", "e-", name);
	xmlw_raw(&pg->w, ">");
	webpage_txt(pg, pg->err_msg);
	xmlw_raw(&pg->w, "</p>");
	pg->err_shown = 1;
}

void webpage_control(struct page *pg, const char *name)
{
	webpage_attr(pg, "id", "f-", name);
	xmlw_attr(&pg->w, "name", name);
	if (pg->err_field && !strcmp(pg->err_field, name)) {
		xmlw_raw(&pg->w, " aria-invalid=\"true\"");
		webpage_attr(pg, "aria-describedby", "e-", name);
	}
}

void webpage_label(struct page *pg, const char *name, const char *label, const char *lang_tag)
{
	xmlw_raw(&pg->w, "<label");
	webpage_attr(pg, "for", "f-", name);
	xmlw_raw(&pg->w, ">");
	webpage_txt(pg, label);
	if (lang_tag)
		xmlw_printf(&pg->w, W(pg, L_IN), lang_tag);
	xmlw_raw(&pg->w, "</label>");
}

void webpage_tender_file(struct page *pg, const char *label)
{
	xmlw_raw(&pg->w, "<div class=\"field\">");
	webpage_label(pg, "tender", label, NULL);
	xmlw_raw(&pg->w, "<input type=\"file\" accept=\".xml,application/xml,text/xml\"");
	webpage_control(pg, "tender");
	xmlw_raw(&pg->w, " required>");
	webpage_error(pg, "tender");
	xmlw_raw(&pg->w, "</div>");
}

/* A one-line text field with its label; lang_tag names the language typed. */
void webpage_text_field(struct page *pg, const char *name, const char *label, const char *lang_tag,
		       const char *type, const char *hint)
{
	xmlw_raw(&pg->w, "<div class=\"field\">");
	webpage_label(pg, name, label, lang_tag);
	xmlw_open(&pg->w, "input");
	xmlw_attr(&pg->w, "type", type);
	webpage_control(pg, name);
	xmlw_attr(&pg->w, "value", webform_val(pg->v, name));
	if (lang_tag)
		xmlw_attr(&pg->w, "lang", lang_tag);
	xmlw_gt(&pg->w);
	if (hint) {
		xmlw_raw(&pg->w, "<p class=\"hint\">");
		webpage_txt(pg, hint);
		xmlw_raw(&pg->w, "</p>");
	}
	webpage_error(pg, name);
	xmlw_raw(&pg->w, "</div>");
}

void webpage_finish(struct page *pg, web_response *out, int status)
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

/* A one-line description of a load error with the uploaded file's name. */
void webpage_upload_error(struct page *pg, const char *field, const char *filename, const ag_error *err)
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

/* Writes an uploaded file into dir under a name of ours (never the browser's). */
ag_code webpage_save_upload(const char *dir, const char *as, const serve_field *f, char *path, size_t size,
			   ag_error *err)
{
	snprintf(path, size, "%s/%s", dir, as);
	return fileio_write_atomic(path, f->data, f->len, err);
}

/* Loads the tender file at path through the CLI's loader and binds it to
 * the server's catalogue. Call with app->work held. */
tender *webpage_load_bound(const web *app, const char *path, ag_error *err)
{
	tender *t = tender_load(path, err);

	if (t && tender_bind(t, app->cat, err)) {
		tender_free(t);
		return NULL;
	}
	return t;
}

static int stored_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 4 && !strcmp(name + n - 4, ".odt")) || (n > 5 && !strcmp(name + n - 5, ".docx"));
}

/* Adds file dir/name to the zip as prefix/name; packages are stored as they are. */
ag_code webpage_zip_file(pkg_writer *z, const char *dir, const char *name, const char *prefix,
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

