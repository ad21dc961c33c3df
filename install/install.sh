#!/bin/sh
# Installs a prebuilt hindsight from the GitHub releases, checking its
# SHA-256 checksum. Usage:
#   curl -LsSf https://github.com/hindsight-postmortems/hindsight/releases/latest/download/install.sh | sh
# Environment: HINDSIGHT_VERSION (a tag such as v0.1.0; default: the latest
# release), HINDSIGHT_INSTALL_DIR (default: ~/.local/bin),
# HINDSIGHT_DOWNLOAD_URL (a mirror of a release's files, instead of GitHub).
set -eu

repo="hindsight-postmortems/hindsight"
version="${HINDSIGHT_VERSION:-latest}"
dest="${HINDSIGHT_INSTALL_DIR:-$HOME/.local/bin}"

fail() { echo "install.sh: $*" >&2; exit 1; }

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64 | Linux/amd64) target=x86_64-unknown-linux-musl ;;
  Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
  Darwin/x86_64) target=x86_64-apple-darwin ;;
  Darwin/arm64) target=aarch64-apple-darwin ;;
  *) fail "no prebuilt hindsight for $(uname -s)/$(uname -m); install it with: cargo install --locked hindsight" ;;
esac

if [ -n "${HINDSIGHT_DOWNLOAD_URL:-}" ]; then
  base="$HINDSIGHT_DOWNLOAD_URL"
elif [ "$version" = latest ]; then
  base="https://github.com/$repo/releases/latest/download"
else
  base="https://github.com/$repo/releases/download/$version"
fi
archive="hindsight-$target.tar.gz"

if command -v curl > /dev/null; then
  get() { curl --fail --location --silent --show-error --retry 3 -o "$2" "$1"; }
elif command -v wget > /dev/null; then
  get() { wget -q -O "$2" "$1"; }
else
  fail "needs curl or wget"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
get "$base/$archive" "$tmp/$archive" || fail "could not download $base/$archive"
get "$base/$archive.sha256" "$tmp/$archive.sha256" || fail "could not download the checksum"
if command -v sha256sum > /dev/null; then
  (cd "$tmp" && sha256sum -c "$archive.sha256" > /dev/null) || fail "checksum mismatch for $archive"
else
  (cd "$tmp" && shasum -a 256 -c "$archive.sha256" > /dev/null) || fail "checksum mismatch for $archive"
fi
tar -xzf "$tmp/$archive" -C "$tmp"
mkdir -p "$dest"
cp "$tmp/hindsight-$target/hindsight" "$dest/hindsight"
chmod 755 "$dest/hindsight"
echo "installed $("$dest/hindsight" --version) in $dest"
case ":$PATH:" in
  *":$dest:"*) ;;
  *) echo "add $dest to PATH, e.g. export PATH=\"$dest:\$PATH\"" ;;
esac
echo "completions and man pages: hindsight completions --help, hindsight man --help"
