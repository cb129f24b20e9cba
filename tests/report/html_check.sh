#!/usr/bin/env bash
# Renders `blamelint report --format html` of tests/fixtures/report in
# headless Chromium and checks that the page is self-contained and that its
# three charts are laid out with visible (nonzero-size) bars: a harness page
# loads the report in an iframe and measures every SVG shape with getBBox().
# The shape counts must match what the JSON report says the charts show.
# Also takes a screenshot; UPDATE_SCREENSHOT=1 copies it to docs/report.png.
#
# Usage: bash tests/report/html_check.sh [path/to/blamelint]
# Prints PASS or FAIL (exit 1). Installs chromium with apt-get when missing.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${1:-$ROOT/target/debug/blamelint}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
fail() { echo "FAIL: $*"; exit 1; }

if [ ! -x "$BIN" ]; then
  cargo build -q -p blamelint-cli || fail "cannot build blamelint"
fi
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
  echo "== installing chromium"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1
  CHROME=$(command -v chromium || true)
  [ -n "$CHROME" ] || fail "chromium is not installed and apt-get could not install it"
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
FIX=tests/fixtures/report
(cd "$FIX" && "$BIN" report --no-config --today 2026-03-31 --format html --output "$OUT/report.html") \
  || fail "blamelint report --format html failed"
(cd "$FIX" && "$BIN" report --no-config --today 2026-03-31 --format json) > "$OUT/report.json" \
  || fail "blamelint report --format json failed"

cat > "$OUT/check.html" <<'EOF'
<!DOCTYPE html>
<html><body>
<pre id="result">pending</pre>
<iframe id="frame" src="report.html" width="1200" height="1600"></iframe>
<script>
document.getElementById('frame').addEventListener('load', () => {
  const out = {};
  try {
    const d = document.getElementById('frame').contentDocument;
    for (const id of ['chart-completion', 'chart-overdue', 'chart-blame']) {
      const svg = d.querySelector('#' + id + ' svg');
      if (!svg) { out[id] = null; continue; }
      let shapes = 0;
      for (const el of svg.querySelectorAll('rect, path')) {
        if (el.classList.contains('legend')) continue;
        const b = el.getBBox();
        if (b.width > 0 && b.height > 0) shapes++;
      }
      const box = svg.getBoundingClientRect();
      out[id] = { shapes, width: Math.round(box.width), height: Math.round(box.height) };
    }
    out.external = d.querySelectorAll('script, link, img, iframe, object, embed, [src]').length;
    out.height = d.documentElement.scrollHeight;
  } catch (e) {
    out.error = String(e);
  }
  document.getElementById('result').textContent = JSON.stringify(out);
});
</script>
</body></html>
EOF

flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
       --disable-component-update --disable-sync --no-first-run --hide-scrollbars)
timeout 120 "$CHROME" "${flags[@]}" --allow-file-access-from-files --virtual-time-budget=10000 \
  --dump-dom "file://$OUT/check.html" > "$OUT/dom.html" 2>"$OUT/chrome.log" \
  || { tail -5 "$OUT/chrome.log"; fail "chromium --dump-dom failed"; }
timeout 120 "$CHROME" "${flags[@]}" --screenshot="$OUT/report.png" --window-size=1200,1600 \
  "file://$OUT/report.html" >>"$OUT/chrome.log" 2>&1 \
  || { tail -5 "$OUT/chrome.log"; fail "chromium --screenshot failed"; }
timeout 120 "$CHROME" "${flags[@]}" --dump-dom "file://$OUT/report.html" > "$OUT/report.dom.html" 2>>"$OUT/chrome.log" \
  || fail "chromium --dump-dom of the report failed"

python3 - "$OUT" <<'PY' || exit 1
import json, re, sys, os
out = sys.argv[1]
def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)

dom = open(os.path.join(out, "dom.html"), encoding="utf-8").read()
m = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
if not m or m.group(1) == "pending":
    fail("the harness did not measure the report (iframe not loaded?)")
res = json.loads(m.group(1).replace("&quot;", '"'))
if "error" in res:
    fail("harness error: " + res["error"])

rep = json.load(open(os.path.join(out, "report.json"), encoding="utf-8"))
want = {
    # A bar per quarter with a completion rate above 0.
    "chart-completion": sum(1 for q in rep["quarters"] if (q["completion"]["rate"] or 0) > 0),
    # A bar per owner with overdue items (the chart shows up to 12, then "others").
    "chart-overdue": min(len(rep["overdue_by_owner"]), 13),
    # A stacked segment per (quarter, category) with findings.
    "chart-blame": sum(1 for q in rep["quarters"] for n in q["blame_findings"]["by_category"].values() if n > 0),
}
for chart, n in want.items():
    got = res.get(chart)
    if got is None:
        fail(f"{chart}: no <svg> in the page")
    if got["width"] < 300 or got["height"] < 150:
        fail(f"{chart}: laid out at {got['width']}x{got['height']} px")
    if n == 0:
        fail(f"{chart}: the fixture should give this chart data")
    if got["shapes"] != n:
        fail(f"{chart}: {got['shapes']} visible bars, expected {n}")
if res["external"] != 0:
    fail(f"{res['external']} elements load something (scripts, links, images): the page must be self-contained")

html = open(os.path.join(out, "report.html"), encoding="utf-8").read()
if re.search(r'(?:src|href)\s*=\s*"(?:https?:)?//', html) or "@import" in html or "url(" in html:
    fail("the report references the network")

# The static DOM: every chart rect has a positive width and height attribute.
rdom = open(os.path.join(out, "report.dom.html"), encoding="utf-8").read()
for chart in want:
    m = re.search(r'id="%s".*?</figure>' % chart, rdom, re.S)
    if not m:
        fail(f"{chart}: missing from the rendered DOM")
    sizes = [(float(w), float(h)) for w, h in re.findall(r'<rect[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"', m.group(0))]
    if not any(w > 0 and h > 0 for w, h in sizes):
        fail(f"{chart}: no <rect> with a nonzero size in the DOM")

png = os.path.join(out, "report.png")
if not os.path.exists(png) or os.path.getsize(png) < 20_000:
    fail("the screenshot is missing or blank")
print("charts: " + ", ".join(f"{c} {res[c]['shapes']} bars at {res[c]['width']}x{res[c]['height']}" for c in want))
PY

if [ "${UPDATE_SCREENSHOT:-0}" = 1 ]; then
  cp "$OUT/report.png" docs/report.png
  echo "updated docs/report.png"
fi
echo "PASS"
