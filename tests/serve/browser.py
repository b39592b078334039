#!/usr/bin/env python3
"""The page driven by a real browser (issue 13): headless Chromium through
Selenium fills a PaaS + SaaS tender with keyboard and mouse, meets the error of
an exclusion without a reason, excludes OM-16 (excludable) and SP-9 (with a
reason holding a script), previews, downloads the zip and checks its documents
(schemas, LibreOffice), opens the tender file again, and collects two vendors'
filled forms into the matrix. usage: browser.py URL WORKDIR ANNEXGEN ROOT.
SCREENSHOTS=DIR keeps a PNG of each page there. Prints "ok serve browser NAME",
"FAIL serve browser NAME: why" or "SKIPPED: why"."""
import glob
import json
import os
import subprocess
import sys
import time
import zipfile

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

import client

url, work, annexgen, root = sys.argv[1:5]
shots = os.environ.get("SCREENSHOTS") or os.path.join(work, "shots")
shared = os.environ.get("SHARED", os.path.join(root, "..", "shared"))
os.makedirs(shots, exist_ok=True)
dl = os.path.join(work, "downloads")
os.makedirs(dl, exist_ok=True)
checks = client.Checks("serve browser")
ok, fail, check = checks.ok, checks.fail, checks.check


opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--window-size=1280,1000", "--lang=zh-TW", f"--user-data-dir={work}/profile"):
    opts.add_argument(a)
opts.add_experimental_option("prefs", {"download.default_directory": dl,
                                       "download.prompt_for_download": False})
try:
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
except WebDriverException as e:
    print(f"SKIPPED: serve browser: chromium did not start: {str(e).splitlines()[0]}")
    sys.exit(0)
d.implicitly_wait(5)
d.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": dl})


def shot(name, el=None):
    """A PNG of the page (at most SHOT_HEIGHT pixels tall), or of the view around el."""
    if el is not None:
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
        d.save_screenshot(os.path.join(shots, f"{name}.png"))
        return
    h = d.execute_script("return document.documentElement.scrollHeight")
    d.set_window_size(1280, min(max(h, 800), int(os.environ.get("SHOT_HEIGHT", "2400"))))
    d.save_screenshot(os.path.join(shots, f"{name}.png"))
    d.set_window_size(1280, 1000)


def field(name):
    return d.find_element(By.ID, "f-" + name)


def type_into(name, text):
    el = field(name)
    el.click()                      # the mouse
    el.send_keys(Keys.CONTROL, "a")
    el.send_keys(text)              # the keyboard
    return el


def no_alert(name):
    try:
        d.switch_to.alert
        fail(name, "an alert opened: a script ran")
    except NoAlertPresentException:
        ok(name)


try:
    # 1. The tender: typed, moving between fields with Tab as a keyboard user would.
    d.get(url)
    shot("1-tender")
    check("page-language", d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-TW")
    t = type_into("title", "115年度公文系統公有雲平台及軟體服務採購案")
    t.send_keys(Keys.TAB, Keys.TAB)                      # past the English title
    d.switch_to.active_element.send_keys("範例市政府資訊中心")
    check("tab-reaches-agency", d.switch_to.active_element.get_attribute("name") == "agency")
    type_into("case", "IC-115-0042")
    type_into("annex", "附件三")
    Select(field("language")).select_by_value("zh-TW")
    paas = d.find_element(By.ID, "type-paas")
    d.execute_script("arguments[0].focus()", paas)
    paas.send_keys(Keys.SPACE)                           # a checkbox by keyboard
    d.find_element(By.ID, "type-saas").click()           # and one by mouse
    d.find_element(By.ID, "act-refresh").click()
    check("item-tables-for-both-types",
          len(d.find_elements(By.ID, "f-x:paas:OM-16")) == 1 and len(d.find_elements(By.ID, "f-x:saas:OM-16")) == 1
          and len(d.find_elements(By.CSS_SELECTOR, "section.items")) == 2)
    check("values-kept", field("title").get_attribute("value").startswith("115年度") and
          field("agency").get_attribute("value") == "範例市政府資訊中心")

    # 2. Exclusions: one the guide allows, one without a reason (refused), one with a reason.
    field("x:paas:OM-16").click()
    field("x:saas:OM-16").click()
    field("x:paas:CC-3").click()
    d.find_element(By.ID, "act-preview").click()
    errs = d.find_elements(By.ID, "e-r:paas:CC-3")
    check("reason-required-error-next-to-row", errs and "needs a reason" in errs[0].text,
          errs[0].text if errs else "no error next to CC-3")
    check("error-field-marked", field("r:paas:CC-3").get_attribute("aria-invalid") == "true")
    if errs:
        shot("2-error", errs[0])
    field("x:paas:CC-3").click()                         # changed my mind
    field("x:paas:SP-9").click()
    type_into("r:paas:SP-9", "本機關已自建入侵偵測系統<script>alert('x')</script>")
    # 3. Preview.
    d.find_element(By.ID, "act-preview").click()
    no_alert("script-in-reason-never-runs")
    pv = d.find_elements(By.ID, "preview")
    text = pv[0].text if pv else ""
    check("preview-shown", pv and "SP-9" in text and "不適用" in text, "no preview")
    check("preview-reason-as-text", "本機關已自建入侵偵測系統<script>alert('x')</script>" in text)
    check("preview-has-every-document", len(d.find_elements(By.CSS_SELECTOR, "#preview article.doc")) == 5)
    check("preview-excludable-note", "OM-16" in text)
    if pv:
        shot("3-preview", d.find_element(By.ID, "h-preview"))

    # 4. Download.
    d.find_element(By.ID, "act-download").click()
    zpath = None
    for _ in range(300):
        z = [p for p in glob.glob(os.path.join(dl, "*.zip"))]
        if z and not glob.glob(os.path.join(dl, "*.crdownload")):
            zpath = z[0]
            break
        time.sleep(0.1)
    check("download-arrives", zpath and os.path.basename(zpath) == "IC-115-0042.zip", str(zpath))
    out = os.path.join(work, "zip")
    docs = []
    if zpath:
        zipfile.ZipFile(zpath).extractall(out)
        docs = sorted(glob.glob(os.path.join(out, "IC-115-0042", "*.odt")) +
                      glob.glob(os.path.join(out, "IC-115-0042", "*.docx")))
        check("zip-documents", len(docs) == 10, f"{len(docs)} documents")
        xml = os.path.join(out, "IC-115-0042", "IC-115-0042.xml")
        r = subprocess.run([annexgen, "validate", xml], capture_output=True, text=True)
        check("zip-tender-validates", r.returncode == 0, r.stderr.strip())
        src = open(xml, encoding="utf-8").read()
        check("zip-tender-says-what-was-chosen",
              '<exclude item="OM-16" type="paas">' in src and '<exclude item="OM-16" type="saas">' in src
              and "CC-3" not in src and "&lt;script&gt;" in src and '<service-type id="saas"/>' in src)
        # The CLI makes the same files from that tender file.
        g = os.path.join(work, "cli")
        subprocess.run([annexgen, "generate", xml, "-o", g], capture_output=True)
        same = all(open(p, "rb").read() == open(os.path.join(g, "IC-115-0042", os.path.basename(p)), "rb").read()
                   for p in docs)
        check("zip-equals-generate", same, "the page's files differ from annexgen generate's")
        ann = zipfile.ZipFile(os.path.join(out, "IC-115-0042", "IC-115-0042-paas-annex.odt")).read("content.xml").decode()
        check("annex-has-reason", "本機關已自建入侵偵測系統&lt;script&gt;" in ann)
        vp = os.path.join(shared, "tools", "validate-package")
        if os.access(vp, os.X_OK):
            r = subprocess.run([vp] + docs, capture_output=True, text=True)
            check("zip-documents-pass-schemas", r.returncode == 0, (r.stdout + r.stderr)[-400:])
        else:
            print(f"SKIPPED: serve browser schemas: {vp} is missing")
        soffice = subprocess.run(["sh", "-c", "command -v soffice"], capture_output=True, text=True).stdout.strip()
        if soffice:
            pdf = os.path.join(work, "pdf")
            r = subprocess.run([soffice, f"-env:UserInstallation=file://{work}/lo-profile", "--headless",
                                "--convert-to", "pdf", "--outdir", pdf] + docs,
                               capture_output=True, text=True, timeout=600)
            made = glob.glob(os.path.join(pdf, "*.pdf"))
            check("zip-documents-open-in-libreoffice", len(made) == 5 * 1 and r.returncode == 0 or len(made) == 5,
                  f"{len(made)} PDFs: {r.stderr[-300:]}")
        else:
            print("SKIPPED: serve browser libreoffice: soffice is not installed")

    # 5. Open the tender file again.
    d.find_element(By.LINK_TEXT, "開啟招標檔").click()
    shot("4-open")
    if zpath:
        field("tender").send_keys(os.path.join(out, "IC-115-0042", "IC-115-0042.xml"))
        d.find_element(By.ID, "act-open").click()
        check("open-restores-form",
              field("title").get_attribute("value") == "115年度公文系統公有雲平台及軟體服務採購案"
              and field("x:paas:OM-16").is_selected() and field("x:saas:OM-16").is_selected()
              and not field("x:paas:CC-3").is_selected()
              and field("r:paas:SP-9").get_attribute("value") == "本機關已自建入侵偵測系統<script>alert('x')</script>")
        shot("5-opened")

    # 6. Collect two vendors' filled forms.
    if zpath:
        base = os.path.join(out, "IC-115-0042", "IC-115-0042-paas-response")
        specs = {
            "vendor-a.odt": ({"vendor": {"name": "甲雲端股份有限公司", "id": "12345678", "date": "115年3月20日"},
                              "default": ["符合", "", "建議書第 {n} 頁"],
                              "answers": {"CC-2": ["不符合", "<b>不提供</b>", ""]}}, base + ".odt"),
            "vendor-b.docx": ({"vendor": {"name": "乙數位科技股份有限公司", "id": "87654321", "date": "115年3月21日"},
                               "default": ["符合", "已提供", "規格書 {id}"],
                               "answers": {"OM-5": [None, "評估中", ""]}}, base + ".docx"),
        }
        forms = []
        for name, (spec, src) in specs.items():
            sp = os.path.join(work, name + ".json")
            json.dump(spec, open(sp, "w", encoding="utf-8"), ensure_ascii=False)
            fo = os.path.join(work, name)
            r = subprocess.run([sys.executable, os.path.join(root, "tests", "collect", "fill.py"), src, fo, sp],
                               capture_output=True, text=True)
            if r.returncode:
                fail("fill-forms", r.stderr[-300:])
            forms.append(fo)
        d.find_element(By.LINK_TEXT, "彙整廠商回應").click()
        shot("6-collect")
        field("tender").send_keys(os.path.join(out, "IC-115-0042", "IC-115-0042.xml"))
        Select(field("type")).select_by_value("paas")
        field("forms").send_keys("\n".join(forms))
        d.find_element(By.ID, "act-collect").click()
        m = d.find_elements(By.ID, "matrix")
        mt = m[0].text if m else ""
        check("matrix-shown", m and "甲雲端股份有限公司" in mt and "乙數位科技股份有限公司" in mt, mt[:200])
        alerts = [c.text for c in d.find_elements(By.CSS_SELECTOR, "#matrix td.shade-alert")]
        check("matrix-highlights-non-compliance", any("不符合" in a for a in alerts), str(alerts[:5]))
        check("matrix-highlights-unanswered", len(alerts) >= 2, str(alerts[:5]))
        check("matrix-vendor-text-escaped", "<b>不提供</b>" in mt or "&lt;b&gt;" not in d.page_source)
        check("report-lists-problem", "OM-5" in mt)
        no_alert("matrix-no-script")
        shot("7-matrix", d.find_element(By.ID, "h-matrix"))
        links = d.find_elements(By.ID, "matrix-download")
        if links:
            links[0].click()
            mz = None
            for _ in range(200):
                z = glob.glob(os.path.join(dl, "*matrix.zip"))
                if z and not glob.glob(os.path.join(dl, "*.crdownload")):
                    mz = z[0]
                    break
                time.sleep(0.1)
            names = sorted(zipfile.ZipFile(mz).namelist()) if mz else []
            check("matrix-download", names == ["matrix.csv", "matrix.docx", "matrix.odt", "report.txt"], str(names))
        else:
            fail("matrix-download", "no download link")

    # 7. The English page.
    d.get(url)
    d.find_element(By.LINK_TEXT, "English").click()
    check("english-switch", d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
          and "Tender title" in d.page_source)
    shot("8-english")
except WebDriverException as e:
    fail("driver", str(e).splitlines()[0])
finally:
    d.quit()
sys.exit(1 if checks.failed else 0)
