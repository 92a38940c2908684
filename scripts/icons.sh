#!/usr/bin/env bash
# Renders every icon of the app from one drawing, src-tauri/icons/panier.svg:
#   icon.png (512 px: the window's icon and the UI's logo), the hicolor sizes the Debian
#   package installs (32, 64, 128, 256, 512), and icon.ico for a Windows build.
# Run it after changing the SVG and commit what it writes. Needs rsvg-convert
# (librsvg2-bin) and ImageMagick.
set -euo pipefail

icons="$(cd "$(dirname "$0")/../src-tauri/icons" && pwd)"
svg="$icons/panier.svg"

for size in 32 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" "$svg" --output "$icons/${size}x${size}.png"
done
cp "$icons/512x512.png" "$icons/icon.png"

# Windows wants the small sizes drawn at their size, not scaled down from 256 by the shell.
small="$(mktemp -d)"
trap 'rm -rf "$small"' EXIT
for size in 16 24 48; do
  rsvg-convert --width "$size" --height "$size" "$svg" --output "$small/$size.png"
done
convert "$small/16.png" "$small/24.png" "$icons/32x32.png" "$small/48.png" "$icons/64x64.png" \
  "$icons/256x256.png" "$icons/icon.ico"
echo "Icônes écrites dans $icons"
