#!/bin/sh
# The project's commands (see README.md), run as root on Debian 12:
#   ./dev.sh run    install what is needed, build, parse the bundled example feed
#   ./dev.sh test   install what is needed, build, run every test (a reader test that
#                   would skip fails); then every test again under ASan+UBSan and the
#                   unit tests (threads included) under TSan
#   ./dev.sh bench  install what is needed (also nginx and feedparser), build, run the benchmarks
#   ./dev.sh sanitize  only the sanitizer part of `test`
#   ./dev.sh fuzz [SECONDS]  build the libFuzzer targets with clang, run each (default 600 s)
set -eu
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
PACKAGES="cmake make g++ pkg-config python3 libpugixml-dev libxml2-dev libcurl4-openssl-dev \
catch2 nlohmann-json3-dev libcli11-dev libutf8proc-dev libsqlite3-dev libxxhash-dev zlib1g-dev libssl-dev sqlite3 libbenchmark-dev \
libmicrohttpd-dev libpq-dev libmd4c-dev libmd4c-html0-dev emacs-common"
# What the tests run besides the build: pytest, a PostgreSQL server (the poll state's tests and
# TT-RSS's), and the readers clipfeed is tested inside: newsboat, Liferea (headless: xvfb,
# dbus-x11), Tiny Tiny RSS (PHP) and elfeed (Emacs; curl is what elfeed fetches with).
# dbconfig-no-thanks, installed before tt-rss, keeps tt-rss from configuring a database of its own.
TEST_PACKAGES="python3-pytest postgresql-15 postgresql newsboat liferea xvfb dbus-x11 \
dbconfig-no-thanks tt-rss php-cli php-pgsql php8.2-curl emacs-nox elpa-elfeed curl"
# Only for the benchmarks' baselines: nginx serves the feeds, feedparser is the reference parser.
BENCH_PACKAGES="nginx-light python3-feedparser"
# Whole-process peers (bench/bench_process.py): gofeed, built offline from Debian's Go sources.
BENCH_PACKAGES="$BENCH_PACKAGES golang-go golang-github-mmcdole-gofeed-dev time"
# Only for fuzzing: Debian's clang and its libFuzzer runtime.
FUZZ_PACKAGES="clang libclang-rt-14-dev"

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
    case " $missing " in
        *" dbconfig-no-thanks "*)
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dbconfig-no-thanks ;;
    esac
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# configure DIR FLAGS [cmake options...]: a build tree whose C and C++ compile with FLAGS
configure() {
    dir=$1; flags=$2; shift 2
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$flags" -DCMAKE_C_FLAGS_RELWITHDEBINFO="$flags" "$@"
}

# build DIR [cmake options...]: configure and build everything (tests and benchmarks too)
# -g1 (functions and line tables, no local variables) rather than -g: the same
# code, enough for perf and backtraces, and the build takes 2.5 minutes on
# 2 cores instead of 3.6.
RELEASE_BUILD_FLAGS="-O2 -g1 -DNDEBUG"
build() {
    dir=$1; shift
    configure "$dir" "$RELEASE_BUILD_FLAGS" "$@"
    cmake --build "$dir" -j "$(nproc)"
}

# Every test under ASan+UBSan; then, under TSan, the unit tests that start
# threads (the poller's, the fetcher's, the concurrent parses', ...: the
# program clipfeed_thread_tests, which TSan builds alone make).
# Without NDEBUG, so the library's assertions are checked too. ASan+UBSan at
# -O0: on 2 cores its build takes 3 minutes instead of 5 at -O1 (UBSan's checks
# are costly to optimize) and its tests 3.3 minutes instead of 2.3. TSan at
# -O1: unoptimized, its tests of threads run several times slower.
ASAN_BUILD_FLAGS="-O0 -g1"
TSAN_BUILD_FLAGS="-O1 -g1"
run_sanitizers() {
    configure "$BUILD_DIR-asan" "$ASAN_BUILD_FLAGS" -DCLIPFEED_SANITIZE=ON -DCLIPFEED_BUILD_BENCH=OFF
    cmake --build "$BUILD_DIR-asan" -j "$(nproc)"
    ctest --test-dir "$BUILD_DIR-asan" --output-on-failure -j "$(nproc)"
    configure "$BUILD_DIR-tsan" "$TSAN_BUILD_FLAGS" -DCLIPFEED_SANITIZE_THREAD=ON -DCLIPFEED_BUILD_BENCH=OFF
    cmake --build "$BUILD_DIR-tsan" -j "$(nproc)" --target clipfeed_thread_tests
    # The [store] tests run on PostgreSQL too: a server of their own, as ctest's fixture starts one.
    pg_dir="$PWD/$BUILD_DIR-tsan/pg-fixture"
    python3 tests/support/pg_cluster.py start "$pg_dir" >/dev/null
    status=0
    CLIPFEED_TEST_PG_URI_FILE="$pg_dir/uri" \
    TSAN_OPTIONS="suppressions=$PWD/tests/tsan.supp halt_on_error=1 second_deadlock_stack=1" \
        "$BUILD_DIR-tsan/tests/clipfeed_thread_tests" || status=$?
    python3 tests/support/pg_cluster.py stop "$pg_dir" >/dev/null
    return $status
}

case "${1:-}" in
    run)
        install_packages
        # Only what it runs: the library and the command.
        configure "$BUILD_DIR" "$RELEASE_BUILD_FLAGS"
        cmake --build "$BUILD_DIR" -j "$(nproc)" --target clipfeed_cli
        "$BUILD_DIR/clipfeed" parse --json examples/clippings.xml
        ;;
    test)
        EXTRA_PACKAGES=$TEST_PACKAGES install_packages
        build "$BUILD_DIR"
        # Every reader test must run here (and so in CI): one that would skip fails instead.
        export CLIPFEED_REQUIRE_READERS=1
        ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)"
        run_sanitizers
        ;;
    bench)
        EXTRA_PACKAGES="$TEST_PACKAGES $BENCH_PACKAGES" install_packages
        # An nginx started by the package would hold port 80; the benchmark runs its own.
        command -v service >/dev/null && service nginx stop >/dev/null 2>&1 || true
        build "$BUILD_DIR"
        python3 bench/run_benchmarks.py "$BUILD_DIR"
        python3 bench/bench_process.py "$BUILD_DIR"
        ;;
    sanitize)
        EXTRA_PACKAGES=$TEST_PACKAGES install_packages
        run_sanitizers
        ;;
    fuzz)
        EXTRA_PACKAGES=$FUZZ_PACKAGES install_packages
        # Only the fuzz targets: with clang the sanitizer runtimes link into
        # programs, not into the shared library.
        CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCLIPFEED_FUZZ=ON -DCLIPFEED_BUILD_BENCH=OFF
        cmake --build "$BUILD_DIR-fuzz" -j "$(nproc)" \
            --target fuzz_parse fuzz_clipping fuzz_dates fuzz_urls fuzz_jsonfeed fuzz_html_rewrite
        python3 fuzz/run_fuzzers.py "$BUILD_DIR-fuzz" "${2:-600}"
        ;;
    *)
        echo "usage: ./dev.sh run|test|bench|sanitize|fuzz [SECONDS]" >&2
        exit 2
        ;;
esac
