#!/bin/sh
# Installs the build into a scratch prefix, builds tests/install/ against it
# with find_package and with pkg-config, and runs both programs.
#   check_install.sh BUILD_DIR SOURCE_DIR SCRATCH_DIR
set -eu
build=$1 source=$2 scratch=$3
rm -rf "$scratch"
cmake --install "$build" --prefix "$scratch/prefix" > /dev/null
prefix=$(cd "$scratch/prefix" && pwd)
libdir=$(dirname "$(find "$prefix" -name 'libclipfeed.so.1' | head -n 1)")
[ -n "$libdir" ] || { echo "libclipfeed.so.1 was not installed"; exit 1; }
[ -f "$prefix/include/clipfeed.h" ] || { echo "clipfeed.h was not installed"; exit 1; }
[ -x "$prefix/bin/clipfeed" ] || { echo "the clipfeed command was not installed"; exit 1; }
[ -f "$prefix/share/tt-rss/plugins.local/clipfeed/init.php" ] || { echo "the Tiny Tiny RSS plugin was not installed"; exit 1; }
cmp -s "$source/LICENSE" "$prefix/share/doc/clipfeed/LICENSE" || { echo "LICENSE was not installed in share/doc/clipfeed"; exit 1; }
PKG_CONFIG_PATH="$libdir/pkgconfig" cmake -S "$source/tests/install" -B "$scratch/consumer" \
    -DCMAKE_PREFIX_PATH="$prefix" > /dev/null
cmake --build "$scratch/consumer" > /dev/null
for program in with_cmake_package with_pkg_config; do
    out=$(LD_LIBRARY_PATH="$libdir" "$scratch/consumer/$program")
    echo "$program: $out"
    case "$out" in *" Installed") ;; *) echo "unexpected output from $program"; exit 1 ;; esac
done
# The installed command finds the installed library by itself ($ORIGIN in its RUNPATH).
"$prefix/bin/clipfeed" --version
# No RUNPATH, built or installed, has an empty entry: the loader reads one as the
# current directory, where a planted library would be loaded.
for binary in "$build/clipfeed" "$prefix/bin/clipfeed" "$build/plugin/readers/elfeed/clipfeed-module.so" \
        "$prefix/share/emacs/site-lisp/clipfeed/clipfeed-module.so"; do
    [ -f "$binary" ] || continue
    runpath=$(readelf -d "$binary" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]$/\1/p')
    [ -n "$runpath" ] || continue
    case ":$runpath:" in
        *::*) echo "$binary: RUNPATH '$runpath' has an empty entry (the current directory)"; exit 1 ;;
    esac
    echo "$binary: RUNPATH $runpath"
done
# The elfeed module, when it was built: beside clipfeed.el, and it finds the
# installed library by itself (its rpath), without LD_LIBRARY_PATH.
site_lisp="$prefix/share/emacs/site-lisp/clipfeed"
if [ -f "$build/plugin/readers/elfeed/clipfeed-module.so" ]; then
    [ -f "$site_lisp/clipfeed.el" ] && [ -f "$site_lisp/clipfeed-module.so" ] \
        || { echo "clipfeed.el and clipfeed-module.so were not installed in $site_lisp"; exit 1; }
    if command -v emacs > /dev/null; then
        emacs -Q --batch --eval "(progn (module-load \"$site_lisp/clipfeed-module.so\")
            (princ (format \"clipfeed-module: library %s\\n\" (clipfeed-version))))"
    fi
fi
