<?php
// SPDX-License-Identifier: MIT
// Copyright (c) clipfeed contributors
//
// clipfeed for Tiny Tiny RSS: reads the clipping (quoted passages, summary,
// hashtags, "Read at X", read time) in each article as TT-RSS stores it, with
// libclipfeed loaded in TT-RSS's own process through PHP FFI, and writes it
// into the article as the same HTML `clipfeed filter` renders; the
// clipping's tags become the article's tags. Articles without a clipping are
// stored exactly as they came. A feed that is not well-formed XML (which
// TT-RSS would reject whole) is read by the library's recovering parser and
// handed to TT-RSS as RSS 2.0, so its items are not lost.
//
// Install: plugins.local/clipfeed/ (cmake --install does it), then enable
// "clipfeed" in Preferences > Plugins. See docs/readers.md.
//
// The library: the CLIPFEED_LIBRARY define in config.php, else the
// CLIPFEED_LIBRARY environment variable, else the installed libclipfeed.so.1.
// PHP's command line (update.php, the update daemon) allows FFI::cdef by
// default (ffi.enable=preload); PHP-FPM and Apache need ffi.enable=1 for
// updates started from the web. When the library cannot be used, one line
// says why in TT-RSS's event log and articles are stored unchanged.

class Clipfeed extends Plugin {
	/** The oldest library this plugin works with (clipfeed_clipping_to_html). */
	const MIN_VERSION = "0.1.0";
	const SONAME = "libclipfeed.so.1";

	// Values of clipfeed.h's #defines (checked against the header by tests/plugin/check_ttrss_ffi.py).
	const CLIPFEED_OK = 0;
	const CLIPFEED_CONTENT_DETECT = 0;
	const CLIPFEED_RSS_PLAIN = 1;

	// The part of clipfeed.h this plugin calls, copied declaration by
	// declaration: tests/plugin/check_ttrss_ffi.py fails when one of them is no
	// longer in the header as written here.
	const DECLARATIONS = <<<'C'
typedef struct clipfeed_parse_options clipfeed_parse_options;
typedef struct clipfeed_feed clipfeed_feed;
typedef struct clipfeed_item clipfeed_item;
typedef struct clipfeed_clipping clipfeed_clipping;
typedef struct clipfeed_clipping_list clipfeed_clipping_list;
const char *clipfeed_version(void);
const char *clipfeed_last_error(void);
void clipfeed_string_free(char *string);
int clipfeed_parse_options_new(clipfeed_parse_options **out);
void clipfeed_parse_options_free(clipfeed_parse_options *options);
int clipfeed_parse_options_set_url(clipfeed_parse_options *options, const char *url);
int clipfeed_parse_options_set_clippings(clipfeed_parse_options *options, int enabled);
int clipfeed_parse_options_set_sanitize(clipfeed_parse_options *options, int enabled);
int clipfeed_feed_parse_with_options(clipfeed_feed **out, const void *data, size_t size, const clipfeed_parse_options *options);
void clipfeed_feed_free(clipfeed_feed *feed);
const char *clipfeed_feed_format(const clipfeed_feed *feed);
size_t clipfeed_feed_item_count(const clipfeed_feed *feed);
const clipfeed_item *clipfeed_feed_item(const clipfeed_feed *feed, size_t index);
int clipfeed_feed_to_rss(char **out, const clipfeed_feed *feed, const char *feed_url, int flags);
const char *clipfeed_item_id(const clipfeed_item *item);
int clipfeed_clip_all(clipfeed_clipping_list **out, const char *data, size_t size, int content_kind, const char *base_url);
size_t clipfeed_clipping_list_count(const clipfeed_clipping_list *list);
const clipfeed_clipping *clipfeed_clipping_list_at(const clipfeed_clipping_list *list, size_t index);
void clipfeed_clipping_list_free(clipfeed_clipping_list *list);
size_t clipfeed_clipping_tag_count(const clipfeed_clipping *clipping);
const char *clipfeed_clipping_tag(const clipfeed_clipping *clipping, size_t index);
int clipfeed_clipping_to_html(char **out, const clipfeed_clipping *clipping);
C;

	/** @var PluginHost */
	private $host;

	/** The loaded library (one per process: every PluginHost of an update child shares it), or null. */
	private static $ffi = null;
	/** Why the library could not be loaded, once tried; null when it was or has not been tried. */
	private static $load_failure = null;

	function about() {
		return array(1.0,
			"Clippings (quotes, summary, tags, source, read time) in articles, read by libclipfeed",
			"clipfeed contributors",
			false);
	}

	function api_version() {
		return 2;
	}

	function init($host) {
		$this->host = $host;
		// The library is loaded when an article first needs it, never here:
		// init() runs on every web request too, where FFI may be off.
		$host->add_hook($host::HOOK_FEED_FETCHED, $this);
		$host->add_hook($host::HOOK_ARTICLE_FILTER, $this);
		$host->add_hook($host::HOOK_PREFS_TAB, $this);
		$host->add_hook($host::HOOK_PREFS_EDIT_FEED, $this);
		$host->add_hook($host::HOOK_PREFS_SAVE_FEED, $this);
	}

	// ---- the library ---------------------------------------------------------------------

	/** Where the library is looked for: the define, the environment, the SONAME. */
	static function library_path() {
		if (defined("CLIPFEED_LIBRARY") && CLIPFEED_LIBRARY) return CLIPFEED_LIBRARY;
		$env = getenv("CLIPFEED_LIBRARY");
		return $env ? $env : self::SONAME;
	}

	/** The library, or null (the reason logged once) when it is missing, too old or FFI is off. */
	private function library() {
		if (self::$ffi || self::$load_failure) return self::$ffi;
		$path = self::library_path();
		try {
			if (!class_exists("FFI")) {
				throw new RuntimeException("PHP's FFI extension is not loaded (it comes with php-cli; extension=ffi)");
			}
			$ffi = FFI::cdef(self::DECLARATIONS, $path);
			$version = (string)$ffi->clipfeed_version();
			if (!preg_match('/^\d+\.\d+\.\d+/', $version) || version_compare($version, self::MIN_VERSION, "<")) {
				throw new RuntimeException("it is version '$version', this plugin needs " . self::MIN_VERSION . " or newer");
			}
			self::$ffi = $ffi;
		} catch (Throwable $e) {
			$why = $e->getMessage();
			// A library without one of the functions is an older one.
			if (preg_match("/Failed resolving C function '(\w+)'/", $why, $m)) {
				$why = "it has no $m[1](): it is older than " . self::MIN_VERSION;
			}
			self::$load_failure = "clipfeed: cannot use the library $path: $why. "
				. "Articles are stored without their clippings (set CLIPFEED_LIBRARY in config.php, or install libclipfeed.so.1).";
			$this->log_once(self::$load_failure);
		}
		return self::$ffi;
	}

	/** A line in TT-RSS's event log; the same line at most once an hour when the log is the database
	 * (each feed's update is a process of its own: without this, one line per feed). */
	private function log_once($message) {
		Debug::log($message);
		if (defined("LOG_DESTINATION") && LOG_DESTINATION == "sql") {
			try {
				// A connection of its own, as Logger_SQL's: the update's may be inside an article's
				// transaction, which a failed statement here would abort.
				$pdo = Db::instance()->pdo_connect();
				$recent = DB_TYPE == "pgsql" ? "NOW() - INTERVAL '1 hour'" : "DATE_SUB(NOW(), INTERVAL 1 HOUR)";
				$sth = $pdo->prepare("SELECT COUNT(*) AS n FROM ttrss_error_log WHERE errstr = ? AND created_at > $recent");
				$sth->execute([$message]);
				$row = $sth->fetch();
				if ($row && $row["n"] > 0) return;
			} catch (Throwable $e) {
				// Not readable: log it anyway.
			}
		}
		Logger::get()->log(E_USER_WARNING, $message);
	}

	// ---- preferences: per feed, off, and replace instead of adding --------------------------

	private function feed_list($name) {
		$list = $this->host->get($this, $name);
		return is_array($list) ? array_values($list) : [];
	}

	private function enabled_for($feed_id) {
		return !in_array((string)$feed_id, array_map("strval", $this->feed_list("disabled_feeds")), true);
	}

	private function replaces_for($feed_id) {
		return in_array((string)$feed_id, array_map("strval", $this->feed_list("replace_feeds")), true);
	}

	function hook_prefs_tab($args) {
		if ($args != "prefFeeds") return;
		print "<div dojoType='dijit.layout.AccordionPane'
			title=\"<i class='material-icons'>format_quote</i> " . __("Clippings (clipfeed)") . "\">";
		if ($this->library()) {
			print_notice(T_sprintf("Library %s (version %s) is loaded. Clippings are read in every feed; switch a feed off, or have the clipping replace its content, in the feed's editor (Plugins tab).",
				htmlspecialchars(self::library_path()), htmlspecialchars((string)self::$ffi->clipfeed_version())));
		} else {
			print_error(htmlspecialchars(self::$load_failure)
				. " " . __("An update started from the web (PHP-FPM, Apache) needs ffi.enable=1 in that PHP's php.ini."));
		}
		$off = $this->feed_list("disabled_feeds");
		$replace = $this->feed_list("replace_feeds");
		foreach ([[__("Switched off for:"), $off], [__("The clipping replaces the content in:"), $replace]] as [$title, $feeds]) {
			if (!$feeds) continue;
			print "<h3>" . $title . "</h3><ul class='panel panel-scrollable list list-unstyled'>";
			foreach ($feeds as $f) {
				print "<li><i class='material-icons'>rss_feed</i> <a href='#' onclick='CommonDialogs.editFeed("
					. (int)$f . ")'>" . htmlspecialchars(Feeds::getFeedTitle((int)$f)) . "</a></li>";
			}
			print "</ul>";
		}
		print "</div>";
	}

	function hook_prefs_edit_feed($feed_id) {
		$on = $this->enabled_for($feed_id) ? "checked" : "";
		$replace = $this->replaces_for($feed_id) ? "checked" : "";
		print "<header>" . __("Clippings (clipfeed)") . "</header><section><fieldset>";
		print "<label class='checkbox'><input dojoType='dijit.form.CheckBox' type='checkbox' name='clipfeed_enabled' $on>&nbsp;"
			. __("Show the clipping in this feed's articles: quotes, summary, tags, source, read time") . "</label>";
		print "</fieldset><fieldset>";
		print "<label class='checkbox'><input dojoType='dijit.form.CheckBox' type='checkbox' name='clipfeed_replace' $replace>&nbsp;"
			. __("Replace the article's content with the clipping (else the original follows it)") . "</label>";
		print "</fieldset></section>";
	}

	function hook_prefs_save_feed($feed_id) {
		$lists = ["disabled_feeds" => !checkbox_to_sql_bool($_POST["clipfeed_enabled"] ?? ""),
			"replace_feeds" => (bool)checkbox_to_sql_bool($_POST["clipfeed_replace"] ?? "")];
		foreach ($lists as $name => $member) {
			$feeds = array_values(array_diff(array_map("strval", $this->feed_list($name)), [(string)$feed_id]));
			if ($member) $feeds[] = (string)$feed_id;
			$this->host->set($this, $name, $feeds);
		}
	}

	// ---- a broken feed: read by the library instead of lost ----------------------------------

	/** Whether TT-RSS's own parser (FeedParser: DOMDocument::loadXML) reads $data without a fatal error. */
	private static function well_formed($data) {
		$previous = libxml_use_internal_errors(true);
		libxml_clear_errors();
		$doc = new DOMDocument();
		$doc->loadXML($data);
		$fatal = false;
		foreach (libxml_get_errors() as $error) {
			if ($error->level == LIBXML_ERR_FATAL) {
				$fatal = true;
				break;
			}
		}
		libxml_clear_errors();
		libxml_use_internal_errors($previous);
		return !$fatal;
	}

	/**
	 * TT-RSS drops a whole feed on one XML error (a bare "&" is enough). A body
	 * that is not well-formed is parsed by clipfeed, which reads it item by
	 * item, and handed on as the RSS 2.0 clipfeed_feed_to_rss() writes (always
	 * well-formed). HTML is kept as written (TT-RSS sanitizes when it shows an
	 * article) and each item keeps its own id as its guid, so an item has the
	 * same identity in TT-RSS whether its feed came broken or not. Clippings
	 * are not rendered here: HOOK_ARTICLE_FILTER does that for every feed alike.
	 * A well-formed body, one the library finds no items in, or any failure:
	 * the body goes on unchanged.
	 */
	function hook_feed_fetched($feed_data, $fetch_url, $owner_uid, $feed) {
		if (!$feed_data || !$this->enabled_for($feed) || self::well_formed($feed_data)) return $feed_data;
		$ffi = $this->library();
		if (!$ffi) return $feed_data;
		$options = $ffi->new("clipfeed_parse_options*");
		$parsed = $ffi->new("clipfeed_feed*");
		$rss = $ffi->new("char*");
		try {
			if ($ffi->clipfeed_parse_options_new(FFI::addr($options)) != self::CLIPFEED_OK) return $feed_data;
			$ffi->clipfeed_parse_options_set_url($options, $fetch_url);
			$ffi->clipfeed_parse_options_set_sanitize($options, 0);
			$ffi->clipfeed_parse_options_set_clippings($options, 0);
			if ($ffi->clipfeed_feed_parse_with_options(FFI::addr($parsed), $feed_data, strlen($feed_data), $options) != self::CLIPFEED_OK) {
				$this->log_once("clipfeed: feed $feed ($fetch_url) is not well-formed XML and the library could not read it either: "
					. $ffi->clipfeed_last_error());
				return $feed_data;
			}
			$count = $ffi->clipfeed_feed_item_count($parsed);
			if ($ffi->clipfeed_feed_format($parsed) === null || $count == 0) return $feed_data;
			if ($ffi->clipfeed_feed_to_rss(FFI::addr($rss), $parsed, $fetch_url, self::CLIPFEED_RSS_PLAIN) != self::CLIPFEED_OK) {
				return $feed_data;
			}
			$ids = [];
			for ($i = 0; $i < $count; $i++) {
				$ids[] = $ffi->clipfeed_item_id($ffi->clipfeed_feed_item($parsed, $i));
			}
			$repaired = self::with_own_guids(FFI::string($rss), $ids);
			if ($repaired === null) return $feed_data;
			Debug::log("clipfeed: feed $feed is not well-formed XML; the library read $count item(s) from it");
			return $repaired;
		} catch (Throwable $e) {
			$this->log_once("clipfeed: reading the broken feed $feed ($fetch_url) failed: " . $e->getMessage());
			return $feed_data;
		} finally {
			$ffi->clipfeed_string_free($rss);
			$ffi->clipfeed_feed_free($parsed);
			$ffi->clipfeed_parse_options_free($options);
		}
	}

	/** clipfeed_feed_to_rss() gives every item a guid unique across feeds; TT-RSS
	 * keys an item by its own id (else its link), so that is put back. */
	private static function with_own_guids($rss, $ids) {
		$doc = new DOMDocument();
		if (!$doc->loadXML($rss)) return null;
		$items = (new DOMXPath($doc))->query("/rss/channel/item");
		if ($items->length != count($ids)) return null;
		foreach ($items as $i => $item) {
			foreach ($item->getElementsByTagName("guid") as $guid) {
				if ($ids[$i] !== null && $ids[$i] !== "") {
					$guid->textContent = $ids[$i];
				} else {
					$guid->parentNode->removeChild($guid); // TT-RSS falls back to the link, as before
				}
				break;
			}
		}
		return $doc->saveXML();
	}

	// ---- each article ----------------------------------------------------------------------

	function hook_article_filter($article) {
		$content = $article["content"] ?? "";
		if ($content === "" || !$this->enabled_for($article["feed"]["id"])) return $article;
		$ffi = $this->library();
		if (!$ffi) return $article;
		$list = $ffi->new("clipfeed_clipping_list*");
		try {
			$link = $article["link"] ?? "";
			if ($ffi->clipfeed_clip_all(FFI::addr($list), $content, strlen($content),
					self::CLIPFEED_CONTENT_DETECT, $link !== "" ? $link : null) != self::CLIPFEED_OK) {
				$this->log_extraction_error($article, $ffi->clipfeed_last_error());
				return $article;
			}
			$count = $ffi->clipfeed_clipping_list_count($list);
			if ($count == 0) return $article; // no clipping: the article as it came
			// Every clipping of the article, as clipfeed filter lays them out: each
			// clipping and a rule, then the original.
			$rendered = [];
			$tags = [];
			for ($c = 0; $c < $count; $c++) {
				$clipping = $ffi->clipfeed_clipping_list_at($list, $c);
				$html = $ffi->new("char*");
				try {
					if ($ffi->clipfeed_clipping_to_html(FFI::addr($html), $clipping) != self::CLIPFEED_OK) {
						$this->log_extraction_error($article, $ffi->clipfeed_last_error());
						return $article;
					}
					$rendered[] = FFI::string($html);
				} finally {
					$ffi->clipfeed_string_free($html);
				}
				$n = $ffi->clipfeed_clipping_tag_count($clipping);
				for ($i = 0; $i < $n; $i++) $tags[] = $ffi->clipfeed_clipping_tag($clipping, $i);
			}
			$article["content"] = $this->replaces_for($article["feed"]["id"])
				? implode("<hr>\n", $rendered)
				: implode("", array_map(function ($html) { return $html . "<hr>\n"; }, $rendered)) . $content;
			$article["tags"] = array_values(array_unique(array_merge($article["tags"] ?? [], $tags)));
			return $article;
		} catch (Throwable $e) {
			$this->log_extraction_error($article, $e->getMessage());
			return $article;
		} finally {
			$ffi->clipfeed_clipping_list_free($list);
		}
	}

	private function log_extraction_error($article, $why) {
		Logger::get()->log(E_USER_WARNING, sprintf("clipfeed: reading the clipping of article '%s' (%s) in feed %d failed: %s; the article is stored as it came",
			$article["title"] ?? "", $article["link"] ?? "", $article["feed"]["id"] ?? 0, $why));
	}
}
