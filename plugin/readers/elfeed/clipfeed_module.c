/*
 * clipfeed-module: the Emacs dynamic module behind clipfeed.el.
 *
 * Emacs loads it with `module-load' (or `require', as the feature
 * `clipfeed-module') into its own process and calls it through the stable
 * module ABI of emacs-module.h. It links libclipfeed.so.1 and uses only the
 * public C API (clipfeed.h). It defines:
 *
 *   (clipfeed-clip CONTENT &optional BASE-URL TYPE)  -> nil or a plist
 *   (clipfeed-version)                               -> "MAJOR.MINOR.PATCH"
 *   clipfeed-module-api                              -> an integer, see below
 *   the error symbol `clipfeed-error'
 *
 * Rules kept throughout: every Lisp value is made with the module API; after
 * each env call that can fail (signal or throw) the pending exit is checked
 * and the function returns at once, freeing every C handle and buffer it
 * holds first (one `done:' exit per function); a library failure becomes a
 * `clipfeed-error' signal carrying clipfeed_last_error().
 */
#include <emacs-module.h>

#include <clipfeed.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The two symbols Emacs looks up; everything else stays hidden
 * (-fvisibility=hidden). */
#define MODULE_EXPORT __attribute__((visibility("default")))

/* Emacs refuses a module without this symbol. clipfeed is MIT licensed,
 * which is GPL-compatible (see LICENSE). */
MODULE_EXPORT int plugin_is_GPL_compatible;

/* What clipfeed.el can rely on; raised when a function or a plist key is
 * added, so that clipfeed.el can tell a module that is too old. */
#define CLIPFEED_MODULE_API 1

/* emacs_module_init's return codes (`module-init-failed' carries them). */
#define INIT_EMACS_TOO_OLD 1   /* the runtime or environment is older than Emacs 25 */
#define INIT_LIBRARY_TOO_OLD 2 /* libclipfeed.so.1 is older than the header built against */
#define INIT_FAILED 3          /* an env call failed while defining the functions */

/* Symbols used on every call, interned once at load and kept as global
 * references (valid in every environment). */
static emacs_value q_nil, q_list, q_clipfeed_error, q_wrong_type_argument, q_html, q_text;
static emacs_value k_quotes, k_text, k_label, k_summary, k_tags, k_source, k_source_url, k_read_time;

/* True when no signal or throw is pending in `env'. */
static bool ok(emacs_env *env) { return env->non_local_exit_check(env) == emacs_funcall_exit_return; }

/* Signals (clipfeed-error MESSAGE). */
static void signal_error(emacs_env *env, const char *message) {
    emacs_value text = env->make_string(env, message, (ptrdiff_t)strlen(message));
    if (!ok(env)) return;
    emacs_value data = env->funcall(env, q_list, 1, &text);
    if (!ok(env)) return;
    env->non_local_exit_signal(env, q_clipfeed_error, data);
}

/* Signals a library failure: `what' failed, with clipfeed_last_error(). */
static void signal_library_error(emacs_env *env, const char *what, int code) {
    const char *detail = clipfeed_last_error();
    if (!detail || !*detail) detail = clipfeed_strerror(code);
    size_t size = strlen(what) + strlen(detail) + 3;
    char *message = malloc(size);
    if (!message) {
        signal_error(env, "clipfeed: out of memory while reporting an error");
        return;
    }
    snprintf(message, size, "%s: %s", what, detail);
    signal_error(env, message);
    free(message);
}

/* A Lisp string from a library string, or nil for NULL. Returns NULL when
 * an exit is pending. */
static emacs_value string_or_nil(emacs_env *env, const char *text) {
    if (!text) return q_nil;
    emacs_value value = env->make_string(env, text, (ptrdiff_t)strlen(text));
    return ok(env) ? value : NULL;
}

/* Copies a Lisp string's UTF-8 bytes into a new buffer (*out, to be freed
 * by the caller; *length excludes the terminating NUL). A non-string
 * signals wrong-type-argument (stringp VALUE) from Emacs itself. */
static bool copy_string(emacs_env *env, emacs_value value, char **out, size_t *length) {
    ptrdiff_t size = 0;
    *out = NULL;
    if (!env->copy_string_contents(env, value, NULL, &size) || !ok(env)) return false;
    char *buffer = malloc((size_t)size);
    if (!buffer) {
        signal_error(env, "clipfeed-clip: out of memory copying the content");
        return false;
    }
    if (!env->copy_string_contents(env, value, buffer, &size) || !ok(env)) {
        free(buffer);
        return false;
    }
    *out = buffer;
    if (length) *length = (size_t)size - 1;
    return true;
}

/* (list ARGS...) */
static emacs_value make_list(emacs_env *env, ptrdiff_t count, emacs_value *items) {
    emacs_value list = env->funcall(env, q_list, count, items);
    return ok(env) ? list : NULL;
}

/* The plist of a clipping:
 * (:quotes ((:text T :label L) ...) :summary S :tags (T ...) :source S
 *  :source-url U :read-time N), absent values nil. Returns NULL when an
 * exit is pending; the clipping stays the caller's. */
static emacs_value clipping_plist(emacs_env *env, const clipfeed_clipping *clip) {
    emacs_value result = NULL;
    size_t quote_count = clipfeed_clipping_quote_count(clip);
    size_t tag_count = clipfeed_clipping_tag_count(clip);
    size_t most = quote_count > tag_count ? quote_count : tag_count;
    emacs_value *items = calloc(most ? most : 1, sizeof *items);
    if (!items) {
        signal_error(env, "clipfeed-clip: out of memory building the result");
        return NULL;
    }

    for (size_t i = 0; i < quote_count; i++) {
        emacs_value quote[4] = {k_text, NULL, k_label, NULL};
        if (!(quote[1] = string_or_nil(env, clipfeed_clipping_quote_text(clip, i)))) goto done;
        if (!(quote[3] = string_or_nil(env, clipfeed_clipping_quote_label(clip, i)))) goto done;
        if (!(items[i] = make_list(env, 4, quote))) goto done;
    }
    emacs_value quotes = make_list(env, (ptrdiff_t)quote_count, items);
    if (!quotes) goto done;

    for (size_t i = 0; i < tag_count; i++)
        if (!(items[i] = string_or_nil(env, clipfeed_clipping_tag(clip, i)))) goto done;
    emacs_value tags = make_list(env, (ptrdiff_t)tag_count, items);
    if (!tags) goto done;

    emacs_value read_time = q_nil;
    int minutes = 0;
    if (clipfeed_clipping_read_time(&minutes, clip) == CLIPFEED_OK) {
        read_time = env->make_integer(env, minutes);
        if (!ok(env)) goto done;
    }

    emacs_value plist[12] = {k_quotes, quotes, k_summary, NULL, k_tags, tags,
                             k_source, NULL, k_source_url, NULL, k_read_time, read_time};
    if (!(plist[3] = string_or_nil(env, clipfeed_clipping_summary(clip)))) goto done;
    if (!(plist[7] = string_or_nil(env, clipfeed_clipping_source(clip)))) goto done;
    if (!(plist[9] = string_or_nil(env, clipfeed_clipping_source_url(clip)))) goto done;
    result = make_list(env, 12, plist);

done:
    free(items);
    return result;
}

#define CLIP_DOC \
    "Return the clipping in CONTENT, a string of text or HTML, as a plist, or nil.\n\n" \
    "The plist is (:quotes QUOTES :summary S :tags TAGS :source S :source-url U\n" \
    ":read-time MINUTES); QUOTES is a list of (:text TEXT :label LABEL), TAGS a\n" \
    "list of strings; an absent value is nil. BASE-URL, when non-nil, makes the\n" \
    "read-at link absolute. TYPE is `html', `text', nil to tell from CONTENT\n" \
    "(HTML when it holds an element tag), or an integer CLIPFEED_CONTENT_* code\n" \
    "handed to the library as is. A failure of the library signals `clipfeed-error'.\n\n" \
    "(fn CONTENT &optional BASE-URL TYPE)"

static emacs_value clipfeed_clip(emacs_env *env, ptrdiff_t nargs, emacs_value *args, void *data) {
    (void)data;
    char *content = NULL;
    char *base_url = NULL;
    size_t content_length = 0;
    clipfeed_clipping *clip = NULL;
    emacs_value result = q_nil;

    if (!copy_string(env, args[0], &content, &content_length)) goto done;
    if (nargs > 1 && env->is_not_nil(env, args[1]) && !copy_string(env, args[1], &base_url, NULL)) goto done;

    int kind = CLIPFEED_CONTENT_DETECT;
    if (nargs > 2 && env->is_not_nil(env, args[2])) {
        if (env->eq(env, args[2], q_html)) {
            kind = CLIPFEED_CONTENT_HTML;
        } else if (env->eq(env, args[2], q_text)) {
            kind = CLIPFEED_CONTENT_TEXT;
        } else {
            intmax_t code = env->extract_integer(env, args[2]); /* signals for a non-integer */
            if (!ok(env)) {
                /* Say what TYPE may be rather than "integerp". */
                env->non_local_exit_clear(env);
                emacs_value what[2] = {NULL, args[2]};
                emacs_value choices[3] = {q_html, q_text, q_nil};
                if (!(what[0] = make_list(env, 3, choices))) goto done;
                emacs_value signal_data = make_list(env, 2, what);
                if (signal_data) env->non_local_exit_signal(env, q_wrong_type_argument, signal_data);
                goto done;
            }
            kind = code < -1 ? -1 : code > 1000 ? 1000 : (int)code; /* out of range stays out of range */
        }
    }

    int rc = clipfeed_clipping_extract(&clip, content, content_length, kind, base_url);
    if (rc != CLIPFEED_OK) {
        signal_library_error(env, "clipfeed-clip", rc);
        goto done;
    }
    if (clip) {
        emacs_value plist = clipping_plist(env, clip);
        if (plist) result = plist;
    }

done:
    clipfeed_clipping_free(clip);
    free(content);
    free(base_url);
    return result; /* ignored by Emacs when an exit is pending */
}

static emacs_value clipfeed_version_fn(emacs_env *env, ptrdiff_t nargs, emacs_value *args, void *data) {
    (void)nargs, (void)args, (void)data;
    emacs_value version = string_or_nil(env, clipfeed_version());
    return version ? version : q_nil;
}

/* A global reference to the symbol NAME; NULL when an exit is pending. */
static emacs_value global_symbol(emacs_env *env, const char *name) {
    emacs_value symbol = env->intern(env, name);
    if (!ok(env)) return NULL;
    emacs_value global = env->make_global_ref(env, symbol);
    return ok(env) ? global : NULL;
}

/* (defalias 'NAME (make-function ...)) */
static bool define_function(emacs_env *env, const char *name, ptrdiff_t min_args, ptrdiff_t max_args,
                            emacs_value (*function)(emacs_env *, ptrdiff_t, emacs_value *, void *),
                            const char *doc) {
    emacs_value fn = env->make_function(env, min_args, max_args, function, doc, NULL);
    if (!ok(env)) return false;
    emacs_value args[2] = {env->intern(env, name), fn};
    if (!ok(env)) return false;
    env->funcall(env, env->intern(env, "defalias"), 2, args);
    return ok(env);
}

/* (FUNCTION ARGS...) for its effect. */
static bool call(emacs_env *env, const char *function, ptrdiff_t count, emacs_value *args) {
    emacs_value symbol = env->intern(env, function);
    if (!ok(env)) return false;
    env->funcall(env, symbol, count, args);
    return ok(env);
}

/* Whether the loaded libclipfeed.so.1 is at least the version this module
 * was compiled against: an older one would miss functions the module calls
 * (the module is linked with -z now, so those fail at load already; this
 * also catches a changed behaviour within a version). */
static bool library_recent_enough(void) {
    int major = 0, minor = 0, patch = 0;
    if (sscanf(clipfeed_version(), "%d.%d.%d", &major, &minor, &patch) != 3) return false;
    if (major != CLIPFEED_VERSION_MAJOR) return false;
    if (minor != CLIPFEED_VERSION_MINOR) return minor > CLIPFEED_VERSION_MINOR;
    return patch >= CLIPFEED_VERSION_PATCH;
}

MODULE_EXPORT int emacs_module_init(struct emacs_runtime *runtime) {
    if (runtime->size < (ptrdiff_t)sizeof *runtime) return INIT_EMACS_TOO_OLD;
    emacs_env *env = runtime->get_environment(runtime);
    if (env->size < (ptrdiff_t)sizeof(struct emacs_env_25)) return INIT_EMACS_TOO_OLD;
    if (!library_recent_enough()) return INIT_LIBRARY_TOO_OLD;

    if (!(q_nil = global_symbol(env, "nil")) || !(q_list = global_symbol(env, "list")) ||
        !(q_clipfeed_error = global_symbol(env, "clipfeed-error")) ||
        !(q_wrong_type_argument = global_symbol(env, "wrong-type-argument")) ||
        !(q_html = global_symbol(env, "html")) || !(q_text = global_symbol(env, "text")) ||
        !(k_quotes = global_symbol(env, ":quotes")) || !(k_text = global_symbol(env, ":text")) ||
        !(k_label = global_symbol(env, ":label")) || !(k_summary = global_symbol(env, ":summary")) ||
        !(k_tags = global_symbol(env, ":tags")) || !(k_source = global_symbol(env, ":source")) ||
        !(k_source_url = global_symbol(env, ":source-url")) || !(k_read_time = global_symbol(env, ":read-time")))
        return INIT_FAILED;

    /* (define-error 'clipfeed-error "clipfeed") */
    emacs_value error_args[2] = {q_clipfeed_error, env->make_string(env, "clipfeed", 8)};
    if (!ok(env) || !call(env, "define-error", 2, error_args)) return INIT_FAILED;

    if (!define_function(env, "clipfeed-clip", 1, 3, clipfeed_clip, CLIP_DOC) ||
        !define_function(env, "clipfeed-version", 0, 0, clipfeed_version_fn,
                         "Return the version of the loaded libclipfeed, \"MAJOR.MINOR.PATCH\"."))
        return INIT_FAILED;

    /* (defconst clipfeed-module-api N): set the value, mark it special. */
    emacs_value api_args[2] = {env->intern(env, "clipfeed-module-api"), env->make_integer(env, CLIPFEED_MODULE_API)};
    if (!ok(env) || !call(env, "set", 2, api_args)) return INIT_FAILED;

    /* (provide 'clipfeed-module) */
    emacs_value feature = env->intern(env, "clipfeed-module");
    if (!ok(env) || !call(env, "provide", 1, &feature)) return INIT_FAILED;
    return 0;
}
