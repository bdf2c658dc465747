<?php
// SPDX-License-Identifier: MIT
// Copyright (c) clipfeed contributors
//
// The clipfeed plugin's per-feed preferences through its own hooks, as the
// feed editor of TT-RSS's web UI calls them (without the HTTP around it).
// Run with the private web root as the working folder:
//   php feed_prefs.php save UID FEED_ID '{"clipfeed_enabled": "on"}'   the editor's form, posted
//   php feed_prefs.php show UID FEED_ID                                 the editor's section (HTML)
set_include_path(getcwd() . "/include" . PATH_SEPARATOR . get_include_path());
define('DISABLE_SESSIONS', true);
require_once "autoload.php";
require_once "functions.php";
require_once "config.php";
require_once "db.php";
require_once "db-prefs.php";

[$command, $uid, $feed] = [$argv[1], (int)$argv[2], $argv[3]];
$host = new PluginHost();
$host->load("clipfeed", PluginHost::KIND_USER, $uid);
$plugin = $host->get_plugin("clipfeed");
if (!$plugin) {
	fwrite(STDERR, "feed_prefs.php: the clipfeed plugin did not load\n");
	exit(1);
}
if ($command == "save") {
	$_POST = json_decode($argv[4], true);
	$plugin->hook_prefs_save_feed($feed);
} else {
	$plugin->hook_prefs_edit_feed($feed);
}
