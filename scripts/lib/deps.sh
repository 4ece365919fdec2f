# shellcheck shell=bash disable=SC2034 # its arrays are for the scripts that source it
# Installs what building and testing Carryout needs on Debian/Ubuntu, only when it is missing.
# Sourced by the scripts in scripts/.

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "error: '$*' needs root; install sudo or run as root" >&2; exit 1
  fi
}

# Packages the app needs to build (WebKitGTK and friends; D-Bus for the Secret Service
# keychain), plus extras per purpose.
APP_PACKAGES=(build-essential pkg-config curl libdbus-1-dev libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev)
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver openssl dbus-daemon restic rclone)

ensure_packages() {
  if ! command -v apt-get >/dev/null || ! command -v dpkg-query >/dev/null; then
    if [ "$(uname -s)" = Linux ]; then
      echo "warning: not a Debian/Ubuntu system; install the equivalents of: $*" >&2
    fi
    return 0
  fi
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
      export PATH="$HOME/.cargo/bin:$PATH"
    else
      echo "error: Rust is not installed. Install it from https://rustup.rs (one command), then run this again." >&2
      exit 1
    fi
  fi
}

# tauri-driver bridges WebDriver to the app's webview for the end-to-end tests.
TAURI_DRIVER_VERSION=2.1.0
ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null; then
    say "installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked --quiet
  fi
}

# cargo-fuzz drives the fuzz targets (scripts/fuzz) on the nightly toolchain.
CARGO_FUZZ_VERSION=0.13.2
ensure_cargo_fuzz() {
  if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --quiet
  fi
}

# Node.js runs the UI's logic tests (node --test); Debian's package is enough.
ensure_node() {
  command -v node >/dev/null || ensure_packages nodejs
}

# Tauri's CLI (its bundler makes the .deb), from npm with its prebuilt binary: the version of
# the tauri crate's minor in Cargo.lock.
TAURI_CLI_VERSION=2.11.5
ensure_npx() {
  ensure_node
  command -v npx >/dev/null || ensure_packages npm
}
tauri_cli() {
  npx --yes "@tauri-apps/cli@$TAURI_CLI_VERSION" "$@"
}

# Where Cargo builds ($CARGO_TARGET_DIR, or the workspace's target/).
cargo_target_dir() {
  cargo metadata --format-version 1 --no-deps --locked |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p'
}
