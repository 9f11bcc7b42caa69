# Shared by scripts/run and scripts/test: package installation and the
# build. Source it; it defines functions only.

# Debian packages needed to build dchat and run its servers.
DCHAT_BUILD_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libboost-dev libcli11-dev libsqlite3-dev libpq-dev libsodium-dev
  libspdlog-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)

# Extra packages for the test suite: a PostgreSQL server, a real browser,
# Node.js for the browser driver, Python for helper scripts.
DCHAT_TEST_PACKAGES=(postgresql chromium nodejs python3 procps iproute2)

dchat_say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
dchat_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the named Debian packages that are missing, with apt-get as
# root (directly, or through sudo when run as another user).
dchat_install_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$package")
  done
  # Node.js may come from another repository under the same command.
  if [[ " ${missing[*]} " == *" nodejs "* ]] && command -v node >/dev/null && command -v npm >/dev/null; then
    missing=("${missing[@]/nodejs/}")
  fi
  missing=(${missing[@]+"${missing[@]}"})
  [[ ${#missing[@]} -eq 0 ]] && return 0

  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || dchat_die "missing packages ${missing[*]}: run as root or install sudo"
    sudo=(sudo)
  fi
  dchat_say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq || dchat_die "apt-get update failed: check the network access to the Debian mirror"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    dchat_die "apt-get install ${missing[*]} failed"
}

# Configures (once) and builds `targets` in build folder $1. scripts/run
# and scripts/test share the folder and its configuration: the run command
# builds only the servers and the CLI, the test command builds the rest.
dchat_build() {
  local build_dir=$1
  shift
  export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
  export CCACHE_BASEDIR=$DCHAT_ROOT
  if [[ ! -f $build_dir/CMakeCache.txt ]]; then
    dchat_say "configuring $build_dir"
    cmake -S "$DCHAT_ROOT" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null ||
      dchat_die "cmake configure failed"
  fi
  dchat_say "building $build_dir ${*:-all}"
  cmake --build "$build_dir" -j "$(nproc)" ${1:+--target "$@"} || dchat_die "build failed"
}
