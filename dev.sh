#!/bin/sh
# The project's commands (see README.md), run as root on Debian 12:
#   ./dev.sh run    install what is needed, build, parse the bundled example feed
#   ./dev.sh test   install what is needed, build, run every test
#   ./dev.sh bench  install what is needed (also nginx and feedparser), build, run the benchmarks
set -eu
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
PACKAGES="cmake make g++ pkg-config python3 libpugixml-dev libxml2-dev libcurl4-openssl-dev \
catch2 nlohmann-json3-dev libcli11-dev libutf8proc-dev libsqlite3-dev zlib1g-dev libssl-dev sqlite3 libbenchmark-dev \
python3-pytest"
# Only for the benchmarks' baselines: nginx serves the feeds, feedparser is the reference parser.
BENCH_PACKAGES="nginx-light python3-feedparser"

install_packages() {
    missing=""
    for p in $PACKAGES ${EXTRA_PACKAGES:-}; do
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
    bench)
        EXTRA_PACKAGES=$BENCH_PACKAGES install_packages
        # An nginx started by the package would hold port 80; the benchmark runs its own.
        command -v service >/dev/null && service nginx stop >/dev/null 2>&1 || true
        build
        python3 bench/run_benchmarks.py "$BUILD_DIR"
        ;;
    *)
        echo "usage: ./dev.sh run|test|bench" >&2
        exit 2
        ;;
esac
