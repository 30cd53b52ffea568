#!/usr/bin/env bash
# Debian's Chromium for the browser tests (driven by playwright-core, which downloads no browser),
# a CJK font so pages in Chinese render as a customer sees them, and an emoji font for the team
# messages' titles. Installs what is missing.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing+=(fonts-wqy-microhei)
fc-list 2>/dev/null | grep -qi "emoji" || missing+=(fonts-noto-color-emoji)
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
fi
/usr/bin/chromium --version >&2
