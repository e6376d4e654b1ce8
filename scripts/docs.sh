#!/usr/bin/env bash
# Builds SwiftSNN's documentation (symbol docs of every library module plus the articles of
# Sources/SwiftSNN/SwiftSNN.docc) into a static site, failing on any DocC warning.
#
#   scripts/docs.sh [--out DIR] [--check]
#
#   --out DIR  where the site goes (default .build/docs-site). DocC pages load their data
#              with JavaScript, so open the site through a web server, not as a file:
#              `python3 -m http.server --directory DIR`, then http://127.0.0.1:8000/
#   --check    also serve the site on 127.0.0.1 and render the landing page and the "How the
#              simulator works" article in headless Chromium (installed with apt-get when
#              missing, as root); screenshots go to DIR/../docs-screenshots. Fails if a page
#              renders blank (its title is not in the DOM) or as DocC's error page.
set -euo pipefail
cd "$(dirname "$0")/.."

out=.build/docs-site
check=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --check) check=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "docs.sh: unknown argument '$1' (use --out DIR, --check)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# The library's modules; SwiftSNN (the umbrella, @_exported imports) holds the articles and
# links to the others' symbols as ``/Module/Symbol``.
targets=(SwiftSNN SNNCore SNNModel SNNSimulator SNNLearning SNNIO SNNKernels)
args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "docs.sh: building the documentation of ${targets[*]}"
set +e
swift package --disable-sandbox generate-documentation "${args[@]}" \
  --enable-experimental-combined-documentation --warnings-as-errors \
  --transform-for-static-hosting --output-path "$out" >"$log" 2>&1
status=$?
set -e
# DocC's own diagnostics start the line ("warning: ..."); compiler warnings start with a path.
if [[ $status -ne 0 ]] || grep -qE '^(warning|error):' "$log"; then
  grep -vE '^\[[0-9]+/[0-9]+\]' "$log" >&2
  echo "docs.sh: the documentation has warnings or errors (above)" >&2
  exit 1
fi
# The site's root shows DocC's "page not found" (the archive has no page at /): send it to
# the landing page. Every page has its own index.html, so this file serves "/" only.
cat >"$out/index.html" <<'HTML'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SwiftSNN documentation</title>
<meta http-equiv="refresh" content="0; url=documentation/swiftsnn/"></head>
<body><a href="documentation/swiftsnn/">SwiftSNN documentation</a></body></html>
HTML
echo "docs.sh: site in $out (serve it, e.g. python3 -m http.server --directory $out, and open /)"

[[ $check -eq 1 ]] || exit 0

if ! command -v chromium >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "docs.sh: --check needs Debian's chromium package (apt-get install -y chromium, as root)" >&2
    exit 1
  fi
  echo "docs.sh: installing chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

shots="$(dirname "$out")/docs-screenshots"
mkdir -p "$shots"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

# page path | file name | text the rendered page must contain
pages=(
  "|index|Spiking neural networks in Swift"
  "documentation|modules|SNNSimulator"
  "documentation/swiftsnn/howthesimulatorworks|how-the-simulator-works|How the simulator works"
)
failed=0
for page in "${pages[@]}"; do
  IFS='|' read -r path name title <<<"$page"
  url="http://127.0.0.1:$port/$path"
  flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=15000)
  chromium "${flags[@]}" --window-size=1280,1600 --screenshot="$shots/$name.png" "$url" >/dev/null 2>&1
  chromium "${flags[@]}" --dump-dom "$url" >"$shots/$name.html" 2>/dev/null
  if ! grep -qF "$title" "$shots/$name.html"; then
    echo "docs.sh: $url rendered without its title '$title' (blank page?)" >&2
    failed=1
  elif grep -qiE "The page you.re looking for can.t be found|An unknown error occurred|error-content" "$shots/$name.html"; then
    echo "docs.sh: $url shows DocC's error page" >&2
    failed=1
  else
    echo "docs.sh: $url renders ($shots/$name.png)"
  fi
done
exit $failed
