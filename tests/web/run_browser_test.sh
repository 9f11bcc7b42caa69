#!/usr/bin/env bash
# Runs the browser test of dchat-ui in headless Chromium.
#
#   tests/web/run_browser_test.sh BUILD/tests/web/dchat_web_stack
#
# Uses Debian's chromium (DCHAT_CHROMIUM overrides the path) and
# playwright-core from npm, installed here on first use; Playwright never
# downloads a browser. Exits 77 (skipped) when chromium, node or npm is
# missing. Screenshots go to ./screenshots (under the build folder when
# CTest runs it), so a test run leaves the source tree alone; to refresh the
# ones in the docs, set DCHAT_SCREENSHOT_DIR to the checkout's
# docs/screenshots.
set -euo pipefail

stack_binary="${1:?usage: run_browser_test.sh PATH/TO/dchat_web_stack}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium_path="${DCHAT_CHROMIUM:-/usr/bin/chromium}"

if [[ ! -x "$chromium_path" ]]; then
  echo "skipped: no Chromium at $chromium_path; install it with: apt-get install chromium"
  exit 77
fi
for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "skipped: $tool is not installed"
    exit 77
  fi
done

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  echo "installing playwright-core into $here/node_modules"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

export DCHAT_WEB_STACK="$stack_binary"
export DCHAT_CHROMIUM="$chromium_path"
export DCHAT_SCREENSHOT_DIR="${DCHAT_SCREENSHOT_DIR:-$PWD/screenshots}"
exec node --test "$here/browser/ui.test.mjs"
