;;; elfeed_driver.el --- drives the real elfeed in batch for test_elfeed.py  -*- lexical-binding: t; -*-

;; Run as: emacs -Q --batch -L ELFEED-DIR -L CLIPFEED-EL-DIR -l elfeed_driver.el -- ACTION
;; with the settings in environment variables (test_elfeed.py sets them):
;;
;;   update   CLIPFEED_TEST_DB (elfeed-db-directory), CLIPFEED_TEST_FEEDS (URLs,
;;            space-separated), CLIPFEED_TEST_MODE (on/off), CLIPFEED_TEST_MODULE
;;            (the module file), CLIPFEED_TEST_FETCHER (curl/url),
;;            CLIPFEED_TEST_TIMEOUT (seconds), CLIPFEED_TEST_FAIL_MARK (optional:
;;            clipfeed-clip fails on content holding this text), CLIPFEED_TEST_OUT,
;;            CLIPFEED_TEST_DUMP (0: write only the time and counts),
;;            CLIPFEED_TEST_GC_CONS_THRESHOLD (optional: gc-cons-threshold).
;;            Updates every feed once, waits for elfeed-update-hooks to have run
;;            once per feed, saves the database, unloads it, loads it again from
;;            disk and writes it as JSON (feeds, entries with their content,
;;            tags and meta, the elfeed-show text of each entry, elfeed's log).
;;   module   CLIPFEED_TEST_MODULE, CLIPFEED_TEST_OUT: calls clipfeed-clip and
;;            clipfeed-version directly and writes what each call returned or
;;            signalled as JSON.
;;   timing   CLIPFEED_TEST_MODULE, CLIPFEED_TEST_OUT: the module's load time.
;;
;; Exit status: 0 done, 3 the feeds did not all finish before the timeout.

;;; Code:

(require 'cl-lib)
(require 'json)

(defun driver-env (name &optional default)
  (let ((value (getenv name)))
    (if (and value (not (string= value ""))) value default)))

(defun driver-json (value)
  "VALUE made JSON-encodable: plists become objects, lists arrays."
  (cond ((null value) nil)
        ((eq value t) t)
        ((or (stringp value) (numberp value)) value)
        ((symbolp value) (symbol-name value))
        ((vectorp value) (vconcat (mapcar #'driver-json value)))
        ((and (consp value) (keywordp (car value)) (cl-evenp (length value)))
         (let ((table (make-hash-table :test #'equal)))
           (cl-loop for (k v) on value by #'cddr
                    do (puthash (substring (symbol-name k) 1) (driver-json v) table))
           table))
        ((and (consp value) (not (listp (cdr value))))  ; a dotted pair, as entry ids are
         (vector (driver-json (car value)) (driver-json (cdr value))))
        ((consp value) (vconcat (mapcar #'driver-json value)))
        (t (format "%S" value))))

(defun driver-write (object)
  (let ((json-encoding-pretty-print nil))
    (with-temp-file (driver-env "CLIPFEED_TEST_OUT")
      (insert (json-encode object)))))

(defun driver-load-module ()
  (setq clipfeed-module-file (driver-env "CLIPFEED_TEST_MODULE")))

;;; update

(defvar driver-hook-seconds 0.0 "CPU time spent in clipfeed-elfeed-process-entry (benchmark).")
(defvar driver-hook-gc-seconds 0.0 "Of which garbage collection.")

(defun driver-entry-json (entry)
  (let ((table (make-hash-table :test #'equal)))
    (puthash "id" (driver-json (elfeed-entry-id entry)) table)
    (puthash "title" (elfeed-entry-title entry) table)
    (puthash "link" (elfeed-entry-link entry) table)
    (puthash "date" (elfeed-entry-date entry) table)
    (puthash "content" (elfeed-deref (elfeed-entry-content entry)) table)
    (puthash "content_type" (driver-json (elfeed-entry-content-type entry)) table)
    (puthash "enclosures" (driver-json (elfeed-entry-enclosures entry)) table)
    (puthash "tags" (vconcat (mapcar #'symbol-name (elfeed-entry-tags entry))) table)
    (puthash "feed_id" (elfeed-entry-feed-id entry) table)
    (let ((meta (make-hash-table :test #'equal)))
      (cl-loop for (k v) on (elfeed-entry-meta entry) by #'cddr
               do (puthash (substring (symbol-name k) 1) (driver-json v) meta))
      (puthash "meta" meta table))
    (puthash "show" (driver-show-text entry) table)
    table))

(defun driver-show-text (entry)
  "The text elfeed-show displays for ENTRY."
  (let ((elfeed-show-entry-switch #'ignore))
    (elfeed-show-entry entry)
    (with-current-buffer (elfeed-show--buffer-name entry)
      (buffer-substring-no-properties (point-min) (point-max)))))

(defun driver-update ()
  (let* ((feeds (split-string (driver-env "CLIPFEED_TEST_FEEDS") " " t))
         (timeout (string-to-number (driver-env "CLIPFEED_TEST_TIMEOUT" "60")))
         (finished ())
         (fail-mark (driver-env "CLIPFEED_TEST_FAIL_MARK")))
    (setq elfeed-db-directory (driver-env "CLIPFEED_TEST_DB")
          elfeed-feeds feeds
          elfeed-use-curl (string= (driver-env "CLIPFEED_TEST_FETCHER" "curl") "curl")
          ;; The server is on 127.0.0.1: no proxy, whatever the environment says.
          elfeed-curl-extra-arguments '("--noproxy" "*")
          url-proxy-services nil
          elfeed-log-level 'debug)
    (when (string= (driver-env "CLIPFEED_TEST_MODE" "off") "on")
      (driver-load-module)
      (clipfeed-elfeed-mode 1)
      (when fail-mark
        ;; Stands for a library failure on one entry's content.
        (advice-add 'clipfeed-clip :before
                    (lambda (content &rest _)
                      (when (string-match-p (regexp-quote fail-mark) content)
                        (signal 'clipfeed-error (list "clipfeed-clip: injected failure")))))))
    (when (and clipfeed-elfeed-mode (equal (driver-env "CLIPFEED_TEST_DUMP") "0"))
      ;; The benchmark: the CPU time spent in the mode's hook, summed.
      (advice-add 'clipfeed-elfeed-process-entry :around
                  (lambda (process entry)
                    (let ((start (float-time (get-internal-run-time)))
                          (gc-start gc-elapsed))
                      (prog1 (funcall process entry)
                        (cl-incf driver-hook-seconds
                                 (- (float-time (get-internal-run-time)) start))
                        (cl-incf driver-hook-gc-seconds (- gc-elapsed gc-start)))))))
    (when (driver-env "CLIPFEED_TEST_GC_CONS_THRESHOLD")   ; the benchmark, as a user might set it
      (setq gc-cons-threshold (string-to-number (driver-env "CLIPFEED_TEST_GC_CONS_THRESHOLD"))))
    (add-hook 'elfeed-update-hooks (lambda (url) (push url finished)))
    (let ((start (float-time))
          (cpu-start (float-time (get-internal-run-time))))   ; Emacs's own CPU time
      (elfeed-update)                     ; one elfeed-update-feed per feed
      (while (and (< (length finished) (length feeds))
                  (< (- (float-time) start) timeout))
        ;; url.el queues fetches on an idle timer, which never fires in batch.
        (unless elfeed-use-curl (url-queue-run-queue))
        (accept-process-output nil 0.01))
      (elfeed-db-save)
      (let ((seconds (- (float-time) start))
            (cpu-seconds (- (float-time (get-internal-run-time)) cpu-start)))
        (if (equal (driver-env "CLIPFEED_TEST_DUMP") "0")
            (driver-write-summary seconds cpu-seconds finished) ; for the benchmark: counts only
        (elfeed-db-unload)                  ; read back what was saved
        (let ((entries ()) (feed-table (make-hash-table :test #'equal)))
          (with-elfeed-db-visit (entry _feed)
            (push (driver-entry-json entry) entries))
          (maphash (lambda (id feed)
                     (puthash id (driver-json (list :title (elfeed-feed-title feed)
                                                    :meta (elfeed-feed-meta feed)))
                              feed-table))
                   elfeed-db-feeds)
          (driver-write
           (list (cons "seconds" seconds)
                 (cons "finished" (vconcat finished))
                 (cons "mode" (and (boundp 'clipfeed-elfeed-mode) clipfeed-elfeed-mode))
                 (cons "feeds" feed-table)
                 (cons "entries" (vconcat (nreverse entries)))
                 (cons "log" (with-current-buffer (get-buffer-create "*elfeed-log*")
                               (buffer-substring-no-properties (point-min) (point-max))))))))))
    (unless (>= (length finished) (length feeds))
      (message "elfeed_driver: only %d of %d feeds finished within %s s" (length finished) (length feeds) timeout)
      (kill-emacs 3))))

(defun driver-write-summary (seconds cpu-seconds finished)
  (let ((entries 0) (clippings 0))
    (with-elfeed-db-visit (entry _feed)
      (cl-incf entries)
      (when (elfeed-meta entry :clipfeed-quotes) (cl-incf clippings)))
    (driver-write (list (cons "seconds" seconds) (cons "cpu_seconds" cpu-seconds)
                        (cons "hook_seconds" driver-hook-seconds)
                        (cons "hook_gc_seconds" driver-hook-gc-seconds)
                        (cons "gc_seconds" gc-elapsed)
                        (cons "finished" (vconcat finished))
                        (cons "entries" entries) (cons "clippings" clippings)))))

;;; module

(defun driver-call (function &rest args)
  "What calling FUNCTION with ARGS gave: (\"value\" . V) or (\"signal\" . DATA)."
  (condition-case err
      (list (cons "value" (driver-json (apply function args))))
    (error (list (cons "signal" (driver-json (car err)))
                 (cons "data" (driver-json (cdr err)))
                 (cons "message" (error-message-string err))))))

(defun driver-module ()
  (driver-load-module)
  (let ((ready (clipfeed--load-module)))
    (unless (eq ready t) (error "module not loaded: %s" ready)))
  (let* ((clipping (concat "\"The pier was rebuilt in oak, and it opens on Friday.\"\n"
                           "\"Why it matters: It is the only landing for the island boats.\"\n"
                           "#piers #island-boats\nRead at The Pier News\n4 min read\n"))
         (html (concat "<p>“The pier was rebuilt in oak.”</p><p>#piers</p>"
                       "<p><a href=\"/story\">Read at The Pier News</a></p>"))
         (results
          (list
           (cons "text" (driver-call #'clipfeed-clip clipping))
           (cons "html_with_base" (driver-call #'clipfeed-clip html "http://clips.example.org/a/b"))
           (cons "html_as_text" (driver-call #'clipfeed-clip html nil 'text))
           (cons "no_clipping" (driver-call #'clipfeed-clip "Just a note about the weather."))
           (cons "empty" (driver-call #'clipfeed-clip ""))
           (cons "not_a_string" (driver-call #'clipfeed-clip 42))
           (cons "base_not_a_string" (driver-call #'clipfeed-clip clipping 7))
           (cons "bad_type_symbol" (driver-call #'clipfeed-clip clipping nil 'pdf))
           (cons "bad_type_code" (driver-call #'clipfeed-clip clipping nil 99))
           (cons "no_arguments" (driver-call #'clipfeed-clip))
           (cons "version" (driver-call #'clipfeed-version))
           (cons "error_conditions" (driver-json (get 'clipfeed-error 'error-conditions)))
           (cons "module_api" clipfeed-module-api)
           ;; The mode on and off: its hooks and elfeed-show's refresh function.
           (cons "toggle"
                 (let ((before elfeed-show-refresh-function) on)
                   (clipfeed-elfeed-mode 1)
                   (setq on (list (and (memq #'clipfeed-elfeed-process-entry elfeed-new-entry-hook) t)
                                  (eq elfeed-show-refresh-function #'clipfeed-elfeed-show-refresh)))
                   (clipfeed-elfeed-mode -1)
                   (vconcat on (list (not (memq #'clipfeed-elfeed-process-entry elfeed-new-entry-hook))
                                     (eq elfeed-show-refresh-function before)))))
           ;; Many calls, half of them signalling: every handle freed on every
           ;; path (ASan builds check), and the results stay right.
           (cons "repeated"
                 (let ((same 0) (signalled 0))
                   (dotimes (i 2000)
                     (if (cl-evenp i)
                         (when (equal (clipfeed-clip clipping) (clipfeed-clip clipping)) (cl-incf same))
                       (condition-case nil (clipfeed-clip clipping nil 99)
                         (clipfeed-error (cl-incf signalled)))))
                   (garbage-collect)
                   (list (cons "same" same) (cons "signalled" signalled)))))))
    (driver-write results)))

;;; timing

(defun driver-timing ()
  (driver-load-module)
  (let ((start (float-time)))
    (let ((ready (clipfeed--load-module)))
      (unless (eq ready t) (error "module not loaded: %s" ready)))
    (driver-write (list (cons "load_seconds" (- (float-time) start))))))

;;; main

;; A sanitizer build preloads the sanitizer runtimes into this Emacs
;; (test_elfeed.py); curl and other children must not get them.
(setenv "LD_PRELOAD" nil)

(require 'elfeed)
(require 'elfeed-show)
(require 'clipfeed)
(let ((action (car (last command-line-args-left))))
  (setq command-line-args-left nil)
  (pcase action
    ("update" (driver-update))
    ("module" (driver-module))
    ("timing" (driver-timing))
    (_ (error "elfeed_driver: unknown action %S" action))))

;;; elfeed_driver.el ends here
