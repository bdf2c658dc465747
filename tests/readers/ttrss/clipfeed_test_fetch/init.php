<?php
// SPDX-License-Identifier: MIT
// Copyright (c) clipfeed contributors
//
// A test-only TT-RSS plugin: hands TT-RSS the body of each feed from a local
// file instead of fetching it, so the TT-RSS test needs no network at all.
// The map of feed URL to file is a JSON object in the file named by the
// CLIPFEED_TEST_FEEDS define of config.php. A URL not in the map is left to
// TT-RSS (which then fails to fetch it: the test runs without a network).

class Clipfeed_Test_Fetch extends Plugin {
	function about() {
		return array(1.0, "Test only: feeds from local files (clipfeed's TT-RSS test)", "clipfeed contributors", true);
	}

	function api_version() {
		return 2;
	}

	function init($host) {
		$host->add_hook($host::HOOK_FETCH_FEED, $this);
	}

	function hook_fetch_feed($feed_data, $fetch_url, $owner_uid, $feed, $last_article_timestamp, $auth_login, $auth_pass) {
		$map = json_decode(file_get_contents(CLIPFEED_TEST_FEEDS), true);
		if (!isset($map[$fetch_url])) return $feed_data;
		$body = file_get_contents($map[$fetch_url]);
		if ($body === false) {
			user_error("clipfeed_test_fetch: cannot read " . $map[$fetch_url], E_USER_WARNING);
			return $feed_data;
		}
		return $body;
	}
}
