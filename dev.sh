#!/bin/sh
# The project's two commands (see README.md), run as root on Debian 12:
#   ./dev.sh run    install what is needed, build, parse the bundled example feed
#   ./dev.sh test   install what is needed, build, run every test
set -eu
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
PACKAGES="cmake make g++ pkg-config python3 libpugixml-dev libxml2-dev libcurl4-openssl-dev \
catch2 nlohmann-json3-dev libcli11-dev libutf8proc-dev libsqlite3-dev zlib1g-dev libssl-dev sqlite3 \
newsboat"

install_packages() {
    missing=""
    for p in $PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "dev.sh: missing Debian packages:$missing (run as root, or apt-get install them)" >&2
        exit 1
    fi
    echo "dev.sh: installing$missing" >&2
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

build() {
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
    cmake --build "$BUILD_DIR" -j "$(nproc)"
}

case "${1:-}" in
    run)
        install_packages
        build
        "$BUILD_DIR/clipfeed" parse --json examples/clippings.xml
        ;;
    test)
        install_packages
        build
        ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)"
        ;;
    *)
        echo "usage: ./dev.sh run|test" >&2
        exit 2
        ;;
esac
