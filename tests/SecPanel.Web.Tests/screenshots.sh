#!/usr/bin/env bash
# Refreshes docs/screenshots/: runs the browser tests, which write a screenshot of every page they
# visit at desktop and phone width, and keeps the set the docs show, made smaller by pngquant when
# it is installed (apt-get install pngquant).
set -euo pipefail
cd "$(dirname "$0")/../.."
shots=$(mktemp -d)
trap 'rm -rf "$shots"' EXIT
SECPANEL_SCREENSHOTS="$shots" dotnet test --project tests/SecPanel.Web.Tests
kept=(sign-in dashboard calendar obligations upload-problems upload-confirm meeting actions action-closed action-add
      risk-revisions paper traffic maintenance server-log member-meeting-ssc member-paper member-refused dcc-upload-refused account-problem)
mkdir -p docs/screenshots
rm -f docs/screenshots/*.png
for name in "${kept[@]}"; do
  for width in desktop phone; do
    file="$name-$width.png"
    if command -v pngquant >/dev/null 2>&1; then
      pngquant --quality 70-90 --speed 1 --output "docs/screenshots/$file" "$shots/$file"
    else
      cp "$shots/$file" "docs/screenshots/$file"
    fi
  done
done
ls docs/screenshots | wc -l
