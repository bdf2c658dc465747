/*
 * clipfeed: parse RSS, Atom and JSON feeds into one model and find the
 * clippings (quoted passages, summary, tags, source, read time) in their items.
 *
 * Conventions, for every function below:
 * - Fallible calls return an int: CLIPFEED_OK (0) or a positive CLIPFEED_E*
 *   code. clipfeed_last_error() then describes the failure on this thread.
 * - Constructors write the new handle to their first argument `out`; each
 *   handle type has a _free function that accepts NULL.
 * - Strings are UTF-8 and NUL-terminated. Returned `const char *` values are
 *   borrowed: they live as long as the handle they came from, and the comment
 *   on each getter names that handle. Absent values are NULL.
 * - Inputs are copied during the call; the caller may free them afterwards.
 * - A getter given a NULL handle or an out-of-range index returns NULL or 0.
 */
#ifndef CLIPFEED_H
#define CLIPFEED_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(CLIPFEED_BUILDING)
#define CLIPFEED_API __declspec(dllexport)
#elif defined(_WIN32)
#define CLIPFEED_API __declspec(dllimport)
#elif defined(__GNUC__)
#define CLIPFEED_API __attribute__((visibility("default")))
#else
#define CLIPFEED_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ----------------------------------------------------------- */

#define CLIPFEED_VERSION_MAJOR 0
#define CLIPFEED_VERSION_MINOR 1
#define CLIPFEED_VERSION_PATCH 0

/* The library's version as "MAJOR.MINOR.PATCH"; a static string. */
CLIPFEED_API const char *clipfeed_version(void);

/* ---- Errors: codes never change their number --------------------------- */

#define CLIPFEED_OK 0
#define CLIPFEED_ERROR 1     /* an unexpected internal failure */
#define CLIPFEED_EINVAL 2    /* a required argument was NULL or out of range */
#define CLIPFEED_ENOMEM 3    /* out of memory */
#define CLIPFEED_EIO 4       /* a file could not be read */
#define CLIPFEED_ENOTFOUND 5 /* the requested value is absent */
/* Fetching (the response's error names the URL): */
#define CLIPFEED_EDNS 6        /* the host name could not be resolved */
#define CLIPFEED_ECONNECT 7    /* no connection to the server */
#define CLIPFEED_ETLS 8        /* TLS failed: certificate, handshake */
#define CLIPFEED_ETIMEOUT 9    /* too slow: connect, total or stalled transfer */
#define CLIPFEED_EHTTP 10      /* the server answered with an HTTP error status */
#define CLIPFEED_ETOOLARGE 11  /* the body passed the size limit */
#define CLIPFEED_EREDIRECT 12  /* too many redirects, or a redirect loop */
#define CLIPFEED_ENOTFEED 13   /* the response is not a feed (and no feed was discovered) */
#define CLIPFEED_ETRUNCATED 14 /* the body was cut off before its end */
#define CLIPFEED_ESCHEME 15    /* not an http or https URL (also after a redirect) */
#define CLIPFEED_ENETWORK 16   /* any other transfer failure */
#define CLIPFEED_ECANCELED 17  /* canceled by the caller */
#define CLIPFEED_ESTATE 18     /* the poller's state file is corrupt, locked, newer or unusable */
#define CLIPFEED_EBLOCKED 19   /* the host resolves to an address the fetcher refuses (see block_private) */
#define CLIPFEED_EUNAVAILABLE 20 /* the poller's state server cannot be reached now; trying later may work */

/* A static, human-readable name for an error code ("invalid argument"). */
CLIPFEED_API const char *clipfeed_strerror(int code);

/* What the last failing call on this thread went wrong with, naming the
 * input; never NULL ("" before any failure). Valid until the next clipfeed
 * call on this thread. */
CLIPFEED_API const char *clipfeed_last_error(void);

/* ---- Memory: what the library keeps for reuse -------------------------- */

/* Gives back to the system the memory clipfeed keeps for the next feed once
 * feeds are freed: up to 256 MiB of a big feed's (4 MiB or more) pages, kept
 * for 10 s and reclaimable by the kernel meanwhile, and up to 4 MiB of small
 * feeds' blocks. Returns how many bytes it gave back. Feeds still alive keep
 * their memory. Any thread, at any time; a host may call it after a refresh
 * or when the system is short of memory (as with sqlite3_release_memory). */
CLIPFEED_API size_t clipfeed_memory_release(void);

/* Frees a string the library allocated for the caller (clipfeed_*_to_json,
 * clipfeed_feed_to_rss, clipfeed_clipping_to_html); NULL is ignored. */
CLIPFEED_API void clipfeed_string_free(char *string);

/* Flags for the clipfeed_*_to_json functions. */
#define CLIPFEED_JSON_COMPACT 0 /* one line, no spaces */
#define CLIPFEED_JSON_PRETTY 1  /* indented, for people */

/* ---- Parse options: how to read a document; one thread at a time -------- */

typedef struct clipfeed_parse_options clipfeed_parse_options;

CLIPFEED_API int clipfeed_parse_options_new(clipfeed_parse_options **out);
CLIPFEED_API void clipfeed_parse_options_free(clipfeed_parse_options *options);

/* The document's URL: the base for relative links. NULL clears it. */
CLIPFEED_API int clipfeed_parse_options_set_url(clipfeed_parse_options *options, const char *url);
/* The HTTP Content-Type the document came with ("application/rss+xml; charset=utf-8").
 * Setting it also marks the document as fetched over HTTP (RFC 3023 rules). */
CLIPFEED_API int clipfeed_parse_options_set_content_type(clipfeed_parse_options *options,
                                                         const char *content_type);
/* The HTTP Content-Location: when set, the base for relative links. */
CLIPFEED_API int clipfeed_parse_options_set_content_location(clipfeed_parse_options *options,
                                                             const char *content_location);
/* The HTTP Content-Language: the feed's language when the document names none. */
CLIPFEED_API int clipfeed_parse_options_set_content_language(clipfeed_parse_options *options,
                                                             const char *content_language);
/* Whether to extract clippings from items (default 1). */
CLIPFEED_API int clipfeed_parse_options_set_clippings(clipfeed_parse_options *options, int enabled);
/* Limits that protect the host from hostile documents; going past one is a
 * warning and sets recovered, never a failure. Documents larger than
 * max_document_bytes (default 256 MiB) are not parsed; items past max_items
 * (default 100000) are dropped; elements nested deeper than max_depth
 * (default 256) are skipped; values longer than max_text_bytes (default
 * 16 MiB) are cut at a character boundary; attributes past max_attributes
 * (default 256) per element are ignored. CLIPFEED_EINVAL for values < 1. */
CLIPFEED_API int clipfeed_parse_options_set_max_document_bytes(clipfeed_parse_options *options, int64_t bytes);
CLIPFEED_API int clipfeed_parse_options_set_max_items(clipfeed_parse_options *options, int64_t items);
CLIPFEED_API int clipfeed_parse_options_set_max_depth(clipfeed_parse_options *options, int depth);
CLIPFEED_API int clipfeed_parse_options_set_max_text_bytes(clipfeed_parse_options *options, int64_t bytes);
CLIPFEED_API int clipfeed_parse_options_set_max_attributes(clipfeed_parse_options *options, int attributes);
/* Whether HTML in the feed is sanitized (default 1): elements, attributes, URL
 * schemes and CSS outside an allowlist are dropped (no script, no event
 * handlers, no javascript: links), as feedparser's sanitizer does. 0 keeps
 * the HTML as the feed wrote it (relative links are still made absolute). */
CLIPFEED_API int clipfeed_parse_options_set_sanitize(clipfeed_parse_options *options, int enabled);

/* ---- Feed: a parsed document; immutable, any number of threads may read -- */

typedef struct clipfeed_feed clipfeed_feed;
typedef struct clipfeed_item clipfeed_item;
typedef struct clipfeed_person clipfeed_person;
typedef struct clipfeed_enclosure clipfeed_enclosure;
typedef struct clipfeed_clipping clipfeed_clipping;
typedef struct clipfeed_clipping_list clipfeed_clipping_list;

/* Parses `size` bytes of RSS, Atom, RDF or JSON Feed in any encoding. `url`
 * and `content_type` may be NULL. Malformed input is not an error: what can
 * be read is returned, clipfeed_feed_recovered() is 1 and the warnings say
 * what was wrong; a document that is no feed at all has no format and no
 * items. Fails only on NULL arguments or lack of memory. */
CLIPFEED_API int clipfeed_feed_parse(clipfeed_feed **out, const void *data, size_t size,
                                     const char *url, const char *content_type);
/* The same with all options; `options` may be NULL. */
CLIPFEED_API int clipfeed_feed_parse_with_options(clipfeed_feed **out, const void *data, size_t size,
                                                  const clipfeed_parse_options *options);
/* Reads and parses a file; CLIPFEED_EIO when it cannot be read. */
CLIPFEED_API int clipfeed_feed_parse_file(clipfeed_feed **out, const char *path,
                                          const clipfeed_parse_options *options);
CLIPFEED_API void clipfeed_feed_free(clipfeed_feed *feed);

/* Feed fields; strings live as long as the feed. */
CLIPFEED_API const char *clipfeed_feed_format(const clipfeed_feed *feed);   /* "rss" "atom" "rdf" "json" or NULL */
CLIPFEED_API const char *clipfeed_feed_version(const clipfeed_feed *feed);  /* "rss20", "atom10", ... or NULL */
CLIPFEED_API const char *clipfeed_feed_encoding(const clipfeed_feed *feed); /* "utf-8", ... or NULL */
CLIPFEED_API const char *clipfeed_feed_title(const clipfeed_feed *feed);
CLIPFEED_API const char *clipfeed_feed_link(const clipfeed_feed *feed);
CLIPFEED_API const char *clipfeed_feed_feed_url(const clipfeed_feed *feed);
CLIPFEED_API const char *clipfeed_feed_description(const clipfeed_feed *feed);
CLIPFEED_API const char *clipfeed_feed_language(const clipfeed_feed *feed);
CLIPFEED_API const char *clipfeed_feed_image(const clipfeed_feed *feed);
CLIPFEED_API const char *clipfeed_feed_rights(const clipfeed_feed *feed);
/* How long the feed asks readers to wait between polls, in seconds: its RSS
 * <ttl>, else sy:updatePeriod / sy:updateFrequency; CLIPFEED_ENOTFOUND when
 * it names none. */
CLIPFEED_API int clipfeed_feed_update_interval(int64_t *out, const clipfeed_feed *feed);
/* Dates as seconds since 1970-01-01 UTC; CLIPFEED_ENOTFOUND when absent. */
CLIPFEED_API int clipfeed_feed_updated(int64_t *out, const clipfeed_feed *feed);
CLIPFEED_API int clipfeed_feed_published(int64_t *out, const clipfeed_feed *feed);
CLIPFEED_API size_t clipfeed_feed_author_count(const clipfeed_feed *feed);
CLIPFEED_API const clipfeed_person *clipfeed_feed_author(const clipfeed_feed *feed, size_t index);
CLIPFEED_API size_t clipfeed_feed_category_count(const clipfeed_feed *feed);
CLIPFEED_API const char *clipfeed_feed_category(const clipfeed_feed *feed, size_t index);
CLIPFEED_API size_t clipfeed_feed_item_count(const clipfeed_feed *feed);
/* The item lives as long as the feed. */
CLIPFEED_API const clipfeed_item *clipfeed_feed_item(const clipfeed_feed *feed, size_t index);
/* 1 when the document was not a well-formed, correctly declared feed and was
 * read by the recovering parser or decoder; 0 otherwise. */
CLIPFEED_API int clipfeed_feed_recovered(const clipfeed_feed *feed);
CLIPFEED_API size_t clipfeed_feed_warning_count(const clipfeed_feed *feed);
CLIPFEED_API const char *clipfeed_feed_warning(const clipfeed_feed *feed, size_t index);
/* The feed as the JSON of spec/feed-json.md, NUL-terminated; free it with
 * clipfeed_string_free(). `flags`: CLIPFEED_JSON_COMPACT or CLIPFEED_JSON_PRETTY. */
CLIPFEED_API int clipfeed_feed_to_json(char **out, const clipfeed_feed *feed, int flags);

/* Flags for clipfeed_feed_to_rss(), or'ed together. */
#define CLIPFEED_RSS_ENRICHED 0 /* the default: clippings rendered into content:encoded, tags as categories */
#define CLIPFEED_RSS_PLAIN 1    /* items as parsed: no clipping rendered, only their own categories */
#define CLIPFEED_RSS_COMPACT 2  /* no line breaks or indentation between elements */
/* Guids are the items' own (the id, else the link, else a hash of the text),
 * not prefixed with the feed URL; repeats within the feed still get "#2", ...
 * For a server that stands in for the original feed: a reader that switches
 * from the original URL to it sees the same guids, and no duplicates. */
#define CLIPFEED_RSS_ITEM_GUIDS 4

/* The feed as an RSS 2.0 document (UTF-8, NUL-terminated) for feed readers
 * that read a command's output, such as newsboat's exec:/filter: and
 * Liferea's command sources; free it with clipfeed_string_free(). Each
 * item's clipping is rendered at the top of its content:encoded (quotes as
 * blockquotes with their labels in bold, summary, a line of #tags, "Read at"
 * linking the source, read time), followed by the item's original content;
 * parsed again, the item has the same clipping. The clipping's tags are added
 * to the item's categories. Items without a clipping are written as they are.
 * `feed_url` (may be NULL: the feed's own self link, else its link) is where
 * the feed lives: guids are "<feed_url>#<item id, else link, else a hash of
 * its text>", made unique within the feed, so they stay stable from fetch to
 * fetch and never collide with another feed's. The output is always
 * well-formed XML. Any number of threads may write the same feed. */
CLIPFEED_API int clipfeed_feed_to_rss(char **out, const clipfeed_feed *feed, const char *feed_url, int flags);

/* ---- Streaming output: a document written as it is made ---------------- */

/* Receives the next `size` bytes of a document (not NUL-terminated; valid
 * only during the call). Return 0 to go on; any other value stops the writer,
 * which then returns CLIPFEED_ECANCELED without calling it again. */
typedef int (*clipfeed_write_callback)(const char *data, size_t size, void *user_data);

/* The bytes of clipfeed_feed_to_json() and clipfeed_feed_to_rss(), handed to
 * `write` in order, in pieces of about 64 KiB, as they are written: the whole
 * document is never held in memory (a command writing to a file descriptor,
 * a server to a socket). `write` runs on the calling thread, only during this
 * call; it must not free the feed. Any number of threads may write the same
 * feed at once, each with its own callback. When the callback stops the
 * writer, what it received is a prefix of the document, and
 * clipfeed_last_error() names the value it returned and the bytes taken. */
CLIPFEED_API int clipfeed_feed_write_json(const clipfeed_feed *feed, int flags, clipfeed_write_callback write,
                                          void *user_data);
CLIPFEED_API int clipfeed_feed_write_rss(const clipfeed_feed *feed, const char *feed_url, int flags,
                                         clipfeed_write_callback write, void *user_data);

/* ---- Item: one entry of a feed; lives as long as its feed -------------- */

CLIPFEED_API const char *clipfeed_item_id(const clipfeed_item *item);
CLIPFEED_API const char *clipfeed_item_title(const clipfeed_item *item);
CLIPFEED_API const char *clipfeed_item_link(const clipfeed_item *item);
CLIPFEED_API const char *clipfeed_item_summary(const clipfeed_item *item);
CLIPFEED_API const char *clipfeed_item_content(const clipfeed_item *item);
CLIPFEED_API const char *clipfeed_item_rights(const clipfeed_item *item);
/* "text", "html" or "xhtml": how to read the summary / content. */
CLIPFEED_API const char *clipfeed_item_summary_type(const clipfeed_item *item);
CLIPFEED_API const char *clipfeed_item_content_type(const clipfeed_item *item);
CLIPFEED_API int clipfeed_item_published(int64_t *out, const clipfeed_item *item);
CLIPFEED_API int clipfeed_item_updated(int64_t *out, const clipfeed_item *item);
CLIPFEED_API size_t clipfeed_item_author_count(const clipfeed_item *item);
CLIPFEED_API const clipfeed_person *clipfeed_item_author(const clipfeed_item *item, size_t index);
CLIPFEED_API size_t clipfeed_item_category_count(const clipfeed_item *item);
CLIPFEED_API const char *clipfeed_item_category(const clipfeed_item *item, size_t index);
CLIPFEED_API size_t clipfeed_item_enclosure_count(const clipfeed_item *item);
CLIPFEED_API const clipfeed_enclosure *clipfeed_item_enclosure(const clipfeed_item *item, size_t index);
/* The item's clipping, or NULL when its content holds none. Lives as long as
 * the feed; never pass it to clipfeed_clipping_free(). */
CLIPFEED_API const clipfeed_clipping *clipfeed_item_clipping(const clipfeed_item *item);
/* Every clipping of the item, in document order (spec/clipping.md version 2,
 * "Collections"): the clippings of the same content that gives
 * clipfeed_item_clipping(), which is the first of them. 0 when there is none. */
CLIPFEED_API size_t clipfeed_item_clipping_count(const clipfeed_item *item);
/* The index-th clipping, or NULL past the end. Lives as long as the feed;
 * never pass it to clipfeed_clipping_free(). */
CLIPFEED_API const clipfeed_clipping *clipfeed_item_clipping_at(const clipfeed_item *item, size_t index);
/* Minutes to read the item's content (else its summary), for every item,
 * clipping or not: 265 words a minute, or 500 characters a minute when at
 * least half of its letters are CJK; never below 1 (0 only for a NULL item).
 * Not the clipping's own read time (clipfeed_clipping_read_time). Counted
 * on the first call for the item and kept; safe from any number of threads. */
CLIPFEED_API int clipfeed_item_estimated_reading_minutes(const clipfeed_item *item);
/* The item as the JSON it has in a feed's "items"; free with clipfeed_string_free(). */
CLIPFEED_API int clipfeed_item_to_json(char **out, const clipfeed_item *item, int flags);

/* ---- Item columns: every item's title and clippings in flat arrays -------
 *
 * For hosts that read the same fields of every item (a language binding, an
 * indexer): one call instead of a dozen getter calls per item, then plain
 * array reads. Each value is exactly what the getter named beside it returns.
 * The columns are built on the first call for a feed and kept with it; they
 * are read-only, and any number of threads may read them and make the call.
 *
 * Lifetime: the struct, every array in it and every string the arrays point
 * to live as long as the feed (for a feed lent to a callback: until the
 * callback returns); never free any of them. Strings are the feed's own
 * NUL-terminated UTF-8, not copies. An array of no entries may be NULL.
 *
 * Versions: members are only ever appended. struct_size is
 * sizeof(clipfeed_item_columns) in the library that filled it: a host built
 * with a newer header reads a member only when struct_size reaches past it
 * (offsetof(clipfeed_item_columns, member) < struct_size). */
typedef struct clipfeed_item_columns {
    uint32_t struct_size; /* sizeof(clipfeed_item_columns) in this library */
    uint32_t reserved;    /* 0 */

    /* Per item, in document order: item_count entries. */
    size_t item_count;
    const char *const *titles; /* clipfeed_item_title(): NULL when absent */
    /* item_count + 1 entries: item i's clippings are clippings
     * clipping_starts[i] to clipping_starts[i + 1] - 1, in the order of
     * clipfeed_item_clipping_at(); the first is clipfeed_item_clipping(). */
    const size_t *clipping_starts;

    /* Per clipping, item after item: clipping_count entries. */
    size_t clipping_count;
    const char *const *summaries;   /* clipfeed_clipping_summary(): NULL when absent */
    const char *const *sources;     /* clipfeed_clipping_source(): NULL when absent */
    const char *const *source_urls; /* clipfeed_clipping_source_url(): NULL when absent */
    const int *read_times;          /* clipfeed_clipping_read_time(): minutes, -1 when absent */
    /* clipping_count + 1 entries each: clipping k's quotes are quotes
     * quote_starts[k] to quote_starts[k + 1] - 1, its tags likewise. */
    const size_t *quote_starts;
    const size_t *tag_starts;

    /* Per quote, clipping after clipping: quote_count entries. */
    size_t quote_count;
    const char *const *quote_texts;  /* clipfeed_clipping_quote_text(): never NULL */
    const char *const *quote_labels; /* clipfeed_clipping_quote_label(): NULL when absent */

    /* Per tag, clipping after clipping: tag_count entries (never NULL). */
    size_t tag_count;
    const char *const *tags;
} clipfeed_item_columns;

/* Sets *out to the feed's item columns (see above); they live as long as
 * the feed. CLIPFEED_EINVAL for a NULL argument, CLIPFEED_ENOMEM when they
 * cannot be built (*out is then NULL). */
CLIPFEED_API int clipfeed_feed_item_columns(const clipfeed_item_columns **out, const clipfeed_feed *feed);

/* ---- Person and enclosure: parts of a feed or item; live as long as it -- */

CLIPFEED_API const char *clipfeed_person_name(const clipfeed_person *person);
CLIPFEED_API const char *clipfeed_person_email(const clipfeed_person *person);
CLIPFEED_API const char *clipfeed_person_uri(const clipfeed_person *person);

CLIPFEED_API const char *clipfeed_enclosure_url(const clipfeed_enclosure *enclosure);
CLIPFEED_API const char *clipfeed_enclosure_type(const clipfeed_enclosure *enclosure);
/* The declared length in bytes; CLIPFEED_ENOTFOUND when absent. */
CLIPFEED_API int clipfeed_enclosure_length(int64_t *out, const clipfeed_enclosure *enclosure);

/* ---- Clipping: a saved news excerpt (spec/clipping.md); read-only, any thread */

#define CLIPFEED_CONTENT_DETECT 0 /* HTML when it holds an element tag, else text */
#define CLIPFEED_CONTENT_TEXT 1
#define CLIPFEED_CONTENT_HTML 2

/* Extracts the clipping from a standalone text, Markdown or HTML document
 * (text is read as Markdown when a line begins with '>' or it holds a
 * [text](url) link). When the
 * document holds no clipping, *out is set to NULL and CLIPFEED_OK returned.
 * `base_url` (may be NULL) makes the read-at link absolute. Free the result
 * with clipfeed_clipping_free(). */
CLIPFEED_API int clipfeed_clipping_extract(clipfeed_clipping **out, const char *data, size_t size,
                                           int content_kind, const char *base_url);
/* Frees a clipping from clipfeed_clipping_extract(); NULL is ignored. */
CLIPFEED_API void clipfeed_clipping_free(clipfeed_clipping *clipping);

/* Every clipping of a standalone document, in document order (spec/clipping.md
 * version 2, "Collections": a page or digest that holds several clippings,
 * split at <hr> or thematic breaks and where quotes begin again after a
 * footer). *out is a list, empty when the document holds none; the first
 * clipping is the one clipfeed_clipping_extract() gives. Free the list with
 * clipfeed_clipping_list_free(). */
CLIPFEED_API int clipfeed_clip_all(clipfeed_clipping_list **out, const char *data, size_t size,
                                   int content_kind, const char *base_url);
CLIPFEED_API size_t clipfeed_clipping_list_count(const clipfeed_clipping_list *list);
/* The index-th clipping, or NULL past the end. Borrowed: it lives as long as
 * the list; never pass it to clipfeed_clipping_free(). */
CLIPFEED_API const clipfeed_clipping *clipfeed_clipping_list_at(const clipfeed_clipping_list *list, size_t index);
/* The list as a JSON array of clippings; free with clipfeed_string_free(). */
CLIPFEED_API int clipfeed_clipping_list_to_json(char **out, const clipfeed_clipping_list *list, int flags);
/* Frees a list and every clipping in it; NULL is ignored. */
CLIPFEED_API void clipfeed_clipping_list_free(clipfeed_clipping_list *list);

/* Clipping fields; strings live as long as the clipping (for an item's
 * clipping: as long as the feed). */
CLIPFEED_API size_t clipfeed_clipping_quote_count(const clipfeed_clipping *clipping);
CLIPFEED_API const char *clipfeed_clipping_quote_text(const clipfeed_clipping *clipping, size_t index);
/* The quote's lead-in ("Between the lines"), or NULL. */
CLIPFEED_API const char *clipfeed_clipping_quote_label(const clipfeed_clipping *clipping, size_t index);
CLIPFEED_API const char *clipfeed_clipping_summary(const clipfeed_clipping *clipping);
CLIPFEED_API size_t clipfeed_clipping_tag_count(const clipfeed_clipping *clipping);
CLIPFEED_API const char *clipfeed_clipping_tag(const clipfeed_clipping *clipping, size_t index);
CLIPFEED_API const char *clipfeed_clipping_source(const clipfeed_clipping *clipping);
CLIPFEED_API const char *clipfeed_clipping_source_url(const clipfeed_clipping *clipping);
/* Minutes to read; CLIPFEED_ENOTFOUND when the clipping gives none. */
CLIPFEED_API int clipfeed_clipping_read_time(int *out, const clipfeed_clipping *clipping);
/* The clipping as JSON (spec/clipping.md); free with clipfeed_string_free(). */
CLIPFEED_API int clipfeed_clipping_to_json(char **out, const clipfeed_clipping *clipping, int flags);
/* The clipping as HTML (UTF-8, NUL-terminated), exactly as clipfeed_feed_to_rss()
 * and `clipfeed filter` render it at the top of an enriched item: each quote
 * a <blockquote> with its label in bold, the summary's paragraphs, a line of
 * #tags, "Read at" linking the source, the read time; every value escaped.
 * Read back by clipfeed_clipping_extract(), it gives the same clipping, and it
 * ends with a footer line, so the extractor stops there when original content
 * follows it. For hosts that enrich articles themselves. Free it with
 * clipfeed_string_free(). */
CLIPFEED_API int clipfeed_clipping_to_html(char **out, const clipfeed_clipping *clipping);

/* ---- Fetcher: an HTTP client for feeds; one thread at a time ------------
 *
 * Follows redirects itself (only to http/https URLs; loops and more than the
 * maximum are errors), sends If-None-Match / If-Modified-Since when given
 * validators, accepts gzip, deflate, brotli and zstd, uses HTTP/2 over TLS
 * where the server offers it, and stops any body larger than the limit (also
 * when compressed). Connections are reused across fetches. Bodies are parsed
 * on worker threads of the fetcher's own, one per core, named
 * "clipfeed-parse"; they start with its first fetch and end when it is freed. */

typedef struct clipfeed_fetcher clipfeed_fetcher;
typedef struct clipfeed_response clipfeed_response;

CLIPFEED_API int clipfeed_fetcher_new(clipfeed_fetcher **out);
CLIPFEED_API void clipfeed_fetcher_free(clipfeed_fetcher *fetcher);

/* Options; each returns CLIPFEED_EINVAL for a NULL fetcher or a value out of range. */
CLIPFEED_API int clipfeed_fetcher_set_user_agent(clipfeed_fetcher *fetcher, const char *user_agent);
CLIPFEED_API int clipfeed_fetcher_set_connect_timeout_ms(clipfeed_fetcher *fetcher, long milliseconds);
CLIPFEED_API int clipfeed_fetcher_set_timeout_ms(clipfeed_fetcher *fetcher, long milliseconds); /* whole transfer */
/* A transfer slower than `bytes_per_second` for `seconds` is abandoned (stalled). */
CLIPFEED_API int clipfeed_fetcher_set_low_speed(clipfeed_fetcher *fetcher, long bytes_per_second, long seconds);
/* Default 32 MiB, counted after decompression and on the wire. */
CLIPFEED_API int clipfeed_fetcher_set_max_body_bytes(clipfeed_fetcher *fetcher, int64_t bytes);
CLIPFEED_API int clipfeed_fetcher_set_max_redirects(clipfeed_fetcher *fetcher, int redirects);
/* NULL: the environment's proxy settings (the default); "": no proxy. */
CLIPFEED_API int clipfeed_fetcher_set_proxy(clipfeed_fetcher *fetcher, const char *proxy);
/* A PEM file of CA certificates to trust instead of the system's; NULL: the system's. */
CLIPFEED_API int clipfeed_fetcher_set_ca_file(clipfeed_fetcher *fetcher, const char *path);
/* Whether to verify TLS certificates and host names (default 1). */
CLIPFEED_API int clipfeed_fetcher_set_verify_tls(clipfeed_fetcher *fetcher, int verify);
/* Connections open at once in total (default 32) and per host (default 4). */
CLIPFEED_API int clipfeed_fetcher_set_max_connections(clipfeed_fetcher *fetcher, int connections);
CLIPFEED_API int clipfeed_fetcher_set_max_host_connections(clipfeed_fetcher *fetcher, int connections);
/* Whether items of fetched feeds get their clippings extracted (default 1). */
CLIPFEED_API int clipfeed_fetcher_set_clippings(clipfeed_fetcher *fetcher, int enabled);
/* What fetched feeds are parsed with: whether clippings are extracted, whether
 * HTML is sanitized, and the limits, all taken from `options` (its URL,
 * Content-Type and the like are ignored: each response supplies its own).
 * Copied: `options` may be freed afterwards. NULL restores the defaults. */
CLIPFEED_API int clipfeed_fetcher_set_parse_options(clipfeed_fetcher *fetcher,
                                                    const clipfeed_parse_options *options);
/* For hosts that fetch URLs other people give them (a server): 1 refuses to
 * connect to loopback, private (RFC 1918, fc00::/7), link-local and other
 * internal addresses, also after a redirect (CLIPFEED_EBLOCKED). Default 0. */
CLIPFEED_API int clipfeed_fetcher_set_block_private_addresses(clipfeed_fetcher *fetcher, int block);

/* Fetches one URL (`etag` and `last_modified` may be NULL) and parses the
 * body with the response's charset, Content-Location, Content-Language and URL
 * as context. An HTML page instead of a feed is searched for
 * <link rel="alternate"> feeds, and the first is fetched.
 * Returns CLIPFEED_OK, or the failure's code (CLIPFEED_EDNS ...
 * CLIPFEED_ENETWORK). Either way *out is set to a response, which carries
 * the status, headers and error detail; free it with clipfeed_response_free().
 * Only CLIPFEED_EINVAL (NULL arguments) and CLIPFEED_ENOMEM leave *out NULL. */
CLIPFEED_API int clipfeed_fetcher_fetch(clipfeed_response **out, clipfeed_fetcher *fetcher, const char *url,
                                        const char *etag, const char *last_modified);

/* Called once per URL as each fetch completes, on the thread that called
 * clipfeed_fetcher_fetch_many(). The callback owns `response` and must free
 * it with clipfeed_response_free(). A non-zero return cancels the fetches
 * still running: they are abandoned and the callback is not called again. */
typedef int (*clipfeed_fetch_callback)(clipfeed_response *response, void *user_data);

/* Fetches `count` URLs concurrently, within the connection limits. `etags`
 * and `last_modifieds` may be NULL, or arrays of `count` entries that may be
 * NULL. Returns when every fetch has completed or been canceled:
 * CLIPFEED_OK, or CLIPFEED_ECANCELED when the callback canceled. */
CLIPFEED_API int clipfeed_fetcher_fetch_many(clipfeed_fetcher *fetcher, const char *const *urls,
                                             const char *const *etags, const char *const *last_modifieds,
                                             size_t count, clipfeed_fetch_callback callback, void *user_data);

/* ---- Response: the outcome of one fetch; read-only, any thread ---------- */

CLIPFEED_API void clipfeed_response_free(clipfeed_response *response);
/* CLIPFEED_OK or the failure's code, and its message naming the URL ("" when OK).
 * The message lives as long as the response. */
CLIPFEED_API int clipfeed_response_error(const clipfeed_response *response);
CLIPFEED_API const char *clipfeed_response_error_message(const clipfeed_response *response);
/* Strings live as long as the response; NULL when absent. */
CLIPFEED_API const char *clipfeed_response_url(const clipfeed_response *response);       /* as requested */
CLIPFEED_API const char *clipfeed_response_final_url(const clipfeed_response *response); /* after redirects */
/* The feed URL an HTML page pointed to, when the requested URL was a page. */
CLIPFEED_API const char *clipfeed_response_discovered_url(const clipfeed_response *response);
/* The HTTP status of the last response, 0 when none came. */
CLIPFEED_API int clipfeed_response_status(const clipfeed_response *response);
/* 1 for 304 Not Modified: the copy the validators came from is current. */
CLIPFEED_API int clipfeed_response_not_modified(const clipfeed_response *response);
/* 1 when the first redirect(s) were permanent (301/308); the feed's new
 * address is then clipfeed_response_permanent_url(). */
CLIPFEED_API int clipfeed_response_permanent_redirect(const clipfeed_response *response);
CLIPFEED_API const char *clipfeed_response_permanent_url(const clipfeed_response *response);
CLIPFEED_API const char *clipfeed_response_etag(const clipfeed_response *response);
CLIPFEED_API const char *clipfeed_response_last_modified(const clipfeed_response *response);
CLIPFEED_API const char *clipfeed_response_content_type(const clipfeed_response *response);
/* Cache-Control max-age in seconds; CLIPFEED_ENOTFOUND when absent. */
CLIPFEED_API int clipfeed_response_max_age(int64_t *out, const clipfeed_response *response);
/* Expires as Unix time; CLIPFEED_ENOTFOUND when absent or unreadable. */
CLIPFEED_API int clipfeed_response_expires(int64_t *out, const clipfeed_response *response);
/* Retry-After in seconds from now (an HTTP date is made relative);
 * CLIPFEED_ENOTFOUND when absent. */
CLIPFEED_API int clipfeed_response_retry_after(int64_t *out, const clipfeed_response *response);
/* Milliseconds from the start of the fetch to its end, redirects included. */
CLIPFEED_API int64_t clipfeed_response_elapsed_ms(const clipfeed_response *response);
/* The body as received (decompressed), `*size` bytes; NULL and 0 when none.
 * Lives as long as the response. */
CLIPFEED_API const void *clipfeed_response_body(const clipfeed_response *response, size_t *size);
/* The parsed feed, or NULL when the fetch failed or was not modified. Lives
 * as long as the response; never pass it to clipfeed_feed_free(). */
CLIPFEED_API const clipfeed_feed *clipfeed_response_feed(const clipfeed_response *response);
/* The feed JSON with a "fetch" object added (url, final_url, status,
 * not_modified, permanent_redirect, etag, last_modified, retry_after,
 * elapsed_ms, error, ...); free with clipfeed_string_free(). */
CLIPFEED_API int clipfeed_response_to_json(char **out, const clipfeed_response *response, int flags);

/* ---- Poller: polls feeds on a polite schedule and delivers new items -----
 *
 * State (feeds, validators, schedule, the items already delivered) lives in
 * SQLite at the path the host gives, in memory, or in PostgreSQL, where any
 * number of pollers (processes, machines) share it: each claims due feeds,
 * and their hosts, under a lease (clipfeed_poller_set_lease). Every feed is fetched with
 * conditional GET, never earlier than its ttl, sy:updatePeriod, skipHours /
 * skipDays, Cache-Control max-age, Expires or Retry-After allow; failures back
 * off exponentially with jitter up to a cap (24 h by default). Delivery is at
 * least once: an item counts as delivered only when its callback returns 0; a
 * failing callback, a crash or a kill means it comes again on the next poll.
 *
 * Threads: one thread at a time calls the setters and run functions;
 * add/remove/subscriptions may be called from any thread, also while polling
 * runs. Callbacks run on the thread that polls: the poller's own (named
 * "clipfeed-poll") after clipfeed_poller_start(), the caller's in
 * clipfeed_poller_run_due(). */

typedef struct clipfeed_poller clipfeed_poller;
typedef struct clipfeed_subscriptions clipfeed_subscriptions;

/* Opens the state at `state_path` (created when missing), or keeps it in
 * memory for NULL. A path is an SQLite file; a URI starting postgresql:// or
 * postgres:// is a PostgreSQL database (anything libpq's connection strings
 * accept, with its environment: PGPASSFILE, PGSERVICE, sslmode, ...), whose
 * tables are created on first use; the database must be empty or hold a
 * clipfeed state. CLIPFEED_ESTATE when the file is corrupt, locked by another
 * process, written by a newer clipfeed or not a clipfeed state (nor an empty
 * database), or the server refuses the login; CLIPFEED_EUNAVAILABLE when the
 * server cannot be reached (try again later). The state is never reset;
 * clipfeed_last_error() says which and names the file, or the server and
 * database (never a password). */
CLIPFEED_API int clipfeed_poller_new(clipfeed_poller **out, const char *state_path);
/* Stops the poller's thread if it runs; NULL is ignored. */
CLIPFEED_API void clipfeed_poller_free(clipfeed_poller *poller);

/* Seconds between polls for feeds without their own (default 3600), the floor
 * no feed is polled more often than (default 300), the cap on failure backoff
 * (default 86400), and how long a delivered item is remembered after it has
 * left its feed (default 30 days). */
CLIPFEED_API int clipfeed_poller_set_default_interval(clipfeed_poller *poller, int64_t seconds);
CLIPFEED_API int clipfeed_poller_set_min_interval(clipfeed_poller *poller, int64_t seconds);
CLIPFEED_API int clipfeed_poller_set_max_backoff(clipfeed_poller *poller, int64_t seconds);
CLIPFEED_API int clipfeed_poller_set_retention(clipfeed_poller *poller, int64_t seconds);
/* Requests at once per host (default 2) and in total (default 16). */
CLIPFEED_API int clipfeed_poller_set_max_host_connections(clipfeed_poller *poller, int connections);
CLIPFEED_API int clipfeed_poller_set_max_connections(clipfeed_poller *poller, int connections);
CLIPFEED_API int clipfeed_poller_set_user_agent(clipfeed_poller *poller, const char *user_agent);
CLIPFEED_API int clipfeed_poller_set_timeout_ms(clipfeed_poller *poller, long milliseconds);
/* What polled feeds are parsed with, as clipfeed_fetcher_set_parse_options. */
CLIPFEED_API int clipfeed_poller_set_parse_options(clipfeed_poller *poller,
                                                   const clipfeed_parse_options *options);
/* Where "now" comes from (Unix seconds), for tests and simulations; NULL
 * restores the system clock. Called on the polling thread. */
CLIPFEED_API int clipfeed_poller_set_clock(clipfeed_poller *poller, int64_t (*now)(void *user_data),
                                           void *user_data);
/* A shared (PostgreSQL) state: how long a claimed feed, and its host, stay
 * this poller's (default 300 s; renewed every third of it while the poller
 * still works on them, so only a dead poller's feeds pass to another, once
 * its leases have run out). Lease times are the database server's clock.
 * Ignored for SQLite. */
CLIPFEED_API int clipfeed_poller_set_lease(clipfeed_poller *poller, int64_t seconds);

/* Copies every feed and item of the state at `from` into the new, empty
 * state at `to` (each a path or a PostgreSQL URI, as clipfeed_poller_new
 * takes), in one transaction: a poller on `to` delivers nothing that one on
 * `from` had delivered, and still delivers what was owed. `*feeds` and
 * `*items` (may be NULL) get how many rows were copied. CLIPFEED_ESTATE when
 * either cannot be opened or `to` already holds feeds; nothing is written then.
 * No poller may be running on `from` (SQLite refuses it; for PostgreSQL, stop
 * the workers first). */
CLIPFEED_API int clipfeed_state_copy(const char *from, const char *to, size_t *feeds, size_t *items);

/* A new item, or one whose content changed (the _updated callback). `feed` is
 * the feed it came in, or NULL when it is delivered again from storage after a
 * failure or restart; `feed`, `item` and the strings live until the callback
 * returns. Return 0 when the item is delivered; anything else keeps it for
 * the next poll. */
typedef int (*clipfeed_item_callback)(const char *feed_url, const char *feed_key, const clipfeed_feed *feed,
                                      const clipfeed_item *item, void *user_data);
/* A poll of `feed_url` failed with `code` (a CLIPFEED_E* fetch code) and
 * `message`; it is retried later. feed_url is NULL when the poller itself
 * failed (its state store). */
typedef void (*clipfeed_poll_error_callback)(const char *feed_url, const char *feed_key, int code,
                                             const char *message, void *user_data);
/* The feed moved permanently; the stored URL is now `new_url`. */
typedef void (*clipfeed_feed_moved_callback)(const char *old_url, const char *new_url, const char *feed_key,
                                             void *user_data);
/* The feed is gone (HTTP 410); it is no longer polled. */
typedef void (*clipfeed_feed_gone_callback)(const char *feed_url, const char *feed_key, void *user_data);

CLIPFEED_API int clipfeed_poller_on_new_item(clipfeed_poller *poller, clipfeed_item_callback callback,
                                             void *user_data);
CLIPFEED_API int clipfeed_poller_on_updated_item(clipfeed_poller *poller, clipfeed_item_callback callback,
                                                 void *user_data);
CLIPFEED_API int clipfeed_poller_on_error(clipfeed_poller *poller, clipfeed_poll_error_callback callback,
                                          void *user_data);
CLIPFEED_API int clipfeed_poller_on_moved(clipfeed_poller *poller, clipfeed_feed_moved_callback callback,
                                          void *user_data);
CLIPFEED_API int clipfeed_poller_on_gone(clipfeed_poller *poller, clipfeed_feed_gone_callback callback,
                                         void *user_data);

/* Subscribes to `url` (due at once when new). `interval_seconds` 0 means the
 * default; `key` (may be NULL) is the host's own name for the feed, handed
 * back in callbacks. Adding a URL already there updates its key and interval. */
CLIPFEED_API int clipfeed_poller_add_feed(clipfeed_poller *poller, const char *url, int64_t interval_seconds,
                                          const char *key);
/* CLIPFEED_ENOTFOUND when the URL is not subscribed. */
CLIPFEED_API int clipfeed_poller_remove_feed(clipfeed_poller *poller, const char *url);
/* Subscribes to every feed of an OPML file; `*added` (may be NULL) gets how many. */
CLIPFEED_API int clipfeed_poller_import_opml(clipfeed_poller *poller, const char *path, size_t *added);
/* The subscriptions as OPML; free with clipfeed_string_free(). */
CLIPFEED_API int clipfeed_poller_export_opml(char **out, clipfeed_poller *poller);

/* Polls every feed that is due, on this thread, and returns when done;
 * *next_due (may be NULL) gets the Unix time the next poll is due, or -1
 * when there are no feeds. CLIPFEED_ECANCELED after clipfeed_poller_cancel().
 * CLIPFEED_EUNAVAILABLE when the state's server went away (what the cycle had
 * not saved is fetched again later; call again after a pause), CLIPFEED_ESTATE
 * for other failures of the state. */
CLIPFEED_API int clipfeed_poller_run_due(clipfeed_poller *poller, int64_t *next_due);
/* Polls on a thread of the poller's own until clipfeed_poller_stop(), which
 * returns promptly (fetches in flight are abandoned; their feeds stay due). */
CLIPFEED_API int clipfeed_poller_start(clipfeed_poller *poller);
CLIPFEED_API int clipfeed_poller_stop(clipfeed_poller *poller);
/* From any thread: a running clipfeed_poller_run_due() returns promptly, and
 * later ones return at once until clipfeed_poller_resume(). */
CLIPFEED_API int clipfeed_poller_cancel(clipfeed_poller *poller);
CLIPFEED_API int clipfeed_poller_resume(clipfeed_poller *poller);

/* ---- Subscriptions: a snapshot of the poller's feeds; read-only, any thread */

CLIPFEED_API int clipfeed_poller_subscriptions(clipfeed_subscriptions **out, clipfeed_poller *poller);
CLIPFEED_API void clipfeed_subscriptions_free(clipfeed_subscriptions *subscriptions);
CLIPFEED_API size_t clipfeed_subscriptions_count(const clipfeed_subscriptions *subscriptions);
/* Strings live as long as the snapshot. */
CLIPFEED_API const char *clipfeed_subscriptions_url(const clipfeed_subscriptions *subscriptions, size_t index);
CLIPFEED_API const char *clipfeed_subscriptions_key(const clipfeed_subscriptions *subscriptions, size_t index);
CLIPFEED_API const char *clipfeed_subscriptions_title(const clipfeed_subscriptions *subscriptions, size_t index);
CLIPFEED_API const char *clipfeed_subscriptions_last_error(const clipfeed_subscriptions *subscriptions, size_t index);
/* Unix time of the next poll. */
CLIPFEED_API int64_t clipfeed_subscriptions_next_poll(const clipfeed_subscriptions *subscriptions, size_t index);
/* Failures in a row. */
CLIPFEED_API int clipfeed_subscriptions_error_count(const clipfeed_subscriptions *subscriptions, size_t index);
/* 1 when the feed is gone (410) and no longer polled. */
CLIPFEED_API int clipfeed_subscriptions_gone(const clipfeed_subscriptions *subscriptions, size_t index);

/* ---- Plugin entry point: one versioned table for hosts that dlopen ------
 *
 * A feed reader that loads libclipfeed.so at run time looks up one symbol,
 * clipfeed_plugin_entry, and gets a const descriptor. Its first two fields,
 * abi_version and struct_size, never move; members are only ever appended,
 * so a host checks abi_version against the range it accepts and struct_size
 * against the members it uses. The host lends the plugin its own functions
 * (logging) through clipfeed_host_api, so the library never links against
 * host symbols. */

#define CLIPFEED_PLUGIN_ABI_VERSION 1

#define CLIPFEED_LOG_ERROR 0
#define CLIPFEED_LOG_WARNING 1
#define CLIPFEED_LOG_INFO 2
#define CLIPFEED_LOG_DEBUG 3

/* The host's functions. The host keeps it alive while the plugin is open. */
typedef struct clipfeed_host_api {
    uint32_t abi_version; /* CLIPFEED_PLUGIN_ABI_VERSION as the host was built */
    uint32_t struct_size; /* sizeof(clipfeed_host_api) as the host was built */
    void *host_data;      /* handed back to every host function */
    /* A message for the host's log (level: CLIPFEED_LOG_*). May be NULL. */
    void (*log)(void *host_data, int level, const char *message);
} clipfeed_host_api;

/* An open plugin instance; one thread at a time. */
typedef struct clipfeed_plugin clipfeed_plugin;

/* Receives an item the plugin's poller delivers, as the JSON of an item in
 * "items" (its clipping included). Called on the thread that called poll().
 * Return 0 when the host took the item; anything else has it delivered
 * again on a later poll. The strings live until the function returns. */
typedef int (*clipfeed_plugin_deliver)(void *host_data, const char *feed_url, const char *item_json);

typedef struct clipfeed_plugin_descriptor {
    uint32_t abi_version; /* the plugin ABI this library speaks */
    uint32_t struct_size; /* sizeof(clipfeed_plugin_descriptor) in this library */
    const char *name;     /* "clipfeed" */
    const char *version;  /* the library's version, "MAJOR.MINOR.PATCH" */

    /* ABI 1. Every function returns a CLIPFEED_* code; on failure
     * last_error() says what went wrong. */
    int (*open)(clipfeed_plugin **out, const clipfeed_host_api *host);
    void (*close)(clipfeed_plugin *plugin); /* NULL is ignored */
    /* The clipping in one item's content (CLIPFEED_CONTENT_* kind; item_link
     * may be NULL) as JSON, "null" when there is none; free with free_string. */
    int (*enrich_item)(clipfeed_plugin *plugin, const char *content, size_t size, int content_kind,
                       const char *item_link, char **clipping_json);
    /* Subscribes to `count` feeds (kept in the state at state_path, NULL for
     * memory; the first call decides) and polls what is due once, handing new
     * items to `deliver`. *next_due (may be NULL) gets when to call again. */
    int (*poll)(clipfeed_plugin *plugin, const char *state_path, const char *const *urls, size_t count,
                clipfeed_plugin_deliver deliver, int64_t *next_due);
    void (*free_string)(char *string);
    const char *(*last_error)(void);
} clipfeed_plugin_descriptor;

/* The descriptor; static, valid as long as the library is loaded. */
CLIPFEED_API const clipfeed_plugin_descriptor *clipfeed_plugin_entry(void);

#ifdef __cplusplus
}
#endif

#endif /* CLIPFEED_H */
