;;; clipfeed.el --- Clippings in elfeed entries, as tags and metadata  -*- lexical-binding: t; -*-

;; Copyright (c) 2026 clipfeed contributors
;; SPDX-License-Identifier: MIT

;; Author: clipfeed contributors
;; Version: 0.1.0
;; Package-Requires: ((emacs "25.1") (elfeed "3.4"))
;; Keywords: news, comm

;; This file is not part of GNU Emacs.  It is released under the MIT
;; license; see the LICENSE file of clipfeed.

;;; Commentary:

;; Feeds of clippings (saved news excerpts: quoted passages, a summary,
;; hashtags, "Read at Axios", a read time) read in elfeed.  With the global
;; minor mode `clipfeed-elfeed-mode' on, every new elfeed entry whose content
;; holds a clipping gets:
;;
;; - the clipping's hashtags as elfeed tags, plus `clipfeed-elfeed-tags'
;;   (`clipping' by default), so that a search filter such as "+clipping" or
;;   "+cider" finds them;
;; - its quotes, summary, source and read time in the entry's metadata
;;   (`elfeed-meta' keys :clipfeed-quotes, :clipfeed-summary,
;;   :clipfeed-source, :clipfeed-source-url, :clipfeed-read-time).
;;
;; Tags and metadata are what elfeed keeps: they survive the next fetch of
;; the feed, while a rewritten content would not.  `elfeed-show' shows the
;; quotes and the summary above the entry's content.
;;
;; The clippings are found by libclipfeed, through the dynamic module
;; clipfeed-module.so (built and installed with clipfeed beside this file).
;; When the module or the library is missing or too old, the mode says so
;; once and elfeed goes on exactly as without it.
;;
;;   (use-package clipfeed
;;     :after elfeed
;;     :config (clipfeed-elfeed-mode 1))

;;; Code:

(require 'cl-lib)
(require 'elfeed)
(require 'elfeed-show)

(defgroup clipfeed nil
  "Clippings (quotes, summary, tags, source) in elfeed entries."
  :group 'elfeed
  :prefix "clipfeed-")

(defcustom clipfeed-elfeed-tags '(clipping)
  "Tags added to every entry that holds a clipping, besides its hashtags."
  :type '(repeat symbol))

(defcustom clipfeed-elfeed-show-clipping t
  "Whether `elfeed-show' shows a clipping's quotes and summary above the content."
  :type 'boolean)

(defcustom clipfeed-module-file nil
  "The clipfeed dynamic module to load, or nil to look for it.
nil looks for clipfeed-module (with `module-file-suffix') in the folder
of clipfeed.el, then in `load-path'."
  :type '(choice (const :tag "Beside clipfeed.el, or in load-path" nil) file))

(defconst clipfeed--module-api-needed 1
  "The lowest `clipfeed-module-api' this file works with.")

(defvar clipfeed-module-api)            ; set by the module when it loads
(declare-function clipfeed-clip "clipfeed-module" (content &optional base-url type))
(declare-function clipfeed-version "clipfeed-module" ())

(defconst clipfeed--directory
  (file-name-directory (or load-file-name buffer-file-name default-directory))
  "The folder clipfeed.el was loaded from; the module is installed beside it.")

(defun clipfeed--module-path ()
  "The file of the module to load, or nil when none is found."
  (if clipfeed-module-file
      (expand-file-name clipfeed-module-file)
    (and module-file-suffix
         (locate-file "clipfeed-module" (cons clipfeed--directory load-path)
                      (list module-file-suffix)))))

(defun clipfeed--load-module ()
  "Load the module unless it is loaded.
Return t when `clipfeed-clip' can be used, else a string saying why not."
  (cond
   ((not (and (fboundp 'module-load) module-file-suffix))
    "this Emacs was built without dynamic module support")
   ((featurep 'clipfeed-module) (clipfeed--check-module))
   (t
    (let ((file (clipfeed--module-path)))
      (cond
       ((null file)
        (format "clipfeed-module%s is neither beside clipfeed.el (%s) nor in load-path; set `clipfeed-module-file'"
                module-file-suffix clipfeed--directory))
       ((not (file-exists-p file))
        (format "the module %s does not exist" file))
       (t
        (condition-case err
            (progn (module-load file)
                   (clipfeed--check-module))
          (module-init-failed
           (format "the module %s refused to start (%s)" file
                   (pcase (car (last err))
                     (1 "this Emacs is too old: Emacs 25 or later is needed")
                     (2 "libclipfeed.so.1 is older than the module")
                     (code (format "code %s" code)))))
          (error (format "the module %s cannot be loaded: %s" file
                         (error-message-string err))))))))))

(defun clipfeed--check-module ()
  "Return t when the loaded module is recent enough, else a string saying why not."
  (let ((api (and (boundp 'clipfeed-module-api) clipfeed-module-api)))
    (if (and (integerp api) (>= api clipfeed--module-api-needed) (fboundp 'clipfeed-clip))
        t
      (format "the loaded clipfeed-module is too old (API %s, clipfeed.el needs %d); restart Emacs after updating clipfeed"
              api clipfeed--module-api-needed))))

;;; Entries

(defvar clipfeed-elfeed--parsed-content (make-hash-table :test #'eq :weakness 'key)
  "Parsed entries' content strings, kept from the parse to `elfeed-new-entry-hook'.
By the time that hook runs, elfeed has written the content to its content
store and left a reference in the entry; reading it back with
`elfeed-deref' costs a file read per entry, several times the extraction
itself.  Emptied after each feed (and weak: entries that were not new go
away with it).")

(defun clipfeed-elfeed--remember-content (_type _xml entry)
  "Keep ENTRY's content string for `clipfeed-elfeed-process-entry'.
On `elfeed-new-entry-parse-hook', before elfeed stores the content."
  (let ((content (elfeed-entry-content entry)))
    (when (stringp content)
      (puthash entry content clipfeed-elfeed--parsed-content))))

(defun clipfeed-elfeed--forget-content (&rest _)
  "Drop the kept contents once a feed's entries are in the database."
  (clrhash clipfeed-elfeed--parsed-content))

(defun clipfeed-elfeed--content (entry)
  "ENTRY's content: kept from the parse, else from elfeed's content store."
  (let ((content (gethash entry clipfeed-elfeed--parsed-content)))
    (if content
        (progn (remhash entry clipfeed-elfeed--parsed-content) content)
      (elfeed-deref (elfeed-entry-content entry)))))

(defun clipfeed-elfeed--clip (entry)
  "The clipping plist in ENTRY's content, or nil."
  (let ((content (clipfeed-elfeed--content entry))
        (link (elfeed-entry-link entry)))
    (when (and (stringp content) (> (length content) 0))
      ;; elfeed calls every RSS description HTML: let the library look
      ;; (element tags or not); an Atom text construct is text.
      (clipfeed-clip content (and (stringp link) link)
                     (if (eq (elfeed-entry-content-type entry) 'html) nil 'text)))))

(defun clipfeed-elfeed--record (entry clip)
  "Record the clipping plist CLIP on ENTRY as tags and metadata."
  (let ((tags (mapcar #'intern (plist-get clip :tags))))
    (apply #'elfeed-tag entry (append clipfeed-elfeed-tags tags)))
  ;; Straight into the meta plist rather than through (setf (elfeed-meta
  ;; ...)), which prints and reads back every value to check that it is
  ;; readable: the module only makes strings, integers and lists of them.
  ;; Absent values are left out, as `elfeed-meta' leaves out nil.
  (let ((meta (elfeed-entry-meta entry)))
    (cl-loop for (key from) in '((:clipfeed-quotes :quotes) (:clipfeed-summary :summary)
                                 (:clipfeed-source :source) (:clipfeed-source-url :source-url)
                                 (:clipfeed-read-time :read-time))
             for value = (plist-get clip from)
             when value do (setq meta (plist-put meta key value)))
    (setf (elfeed-entry-meta entry) meta)))

(defun clipfeed-elfeed-process-entry (entry)
  "Tag ENTRY and record its clipping, if it has one.
On `elfeed-new-entry-hook'.  Never signals: an error here would make
elfeed drop the rest of the feed's new entries, so a failure is one
message and the entry stays as elfeed made it."
  (condition-case err
      (let ((clip (clipfeed-elfeed--clip entry)))
        (when clip
          (clipfeed-elfeed--record entry clip)))
    (error
     (message "clipfeed: no clipping read from the entry %S (%s): %s"
              (elfeed-entry-title entry) (elfeed-entry-link entry)
              (error-message-string err)))))

;;; elfeed-show

(defvar clipfeed-elfeed--wrapped-refresh nil
  "The `elfeed-show-refresh-function' the mode wraps.")

(defface clipfeed-elfeed-label '((t :inherit bold))
  "Face of a quote's label (\"Why it matters:\") in `elfeed-show'."
  :group 'clipfeed)

(defun clipfeed-elfeed--insert-clipping (entry)
  "Insert ENTRY's recorded clipping at point: quotes, summary, source, read time."
  (let ((quotes (elfeed-meta entry :clipfeed-quotes))
        (summary (elfeed-meta entry :clipfeed-summary))
        (source (elfeed-meta entry :clipfeed-source))
        (source-url (elfeed-meta entry :clipfeed-source-url))
        (read-time (elfeed-meta entry :clipfeed-read-time))
        (fill-column (min 78 (max 40 (1- (window-width))))))
    (dolist (quote quotes)
      (unless (eq quote (car quotes)) (insert "\n"))
      (let ((start (point))
            (text (plist-get quote :text))
            (label (plist-get quote :label)))
        (insert "> " text "\n")
        (when (and label (string-prefix-p label text))
          (add-face-text-property (+ start 2) (+ start 2 (length label)) 'clipfeed-elfeed-label))
        (let ((fill-prefix "> "))
          (fill-region start (point)))))
    (when summary
      (let ((start (point)))
        (insert "\n" summary "\n")
        (fill-region start (point))))
    (when (or source read-time)
      (insert "\n")
      (when source
        (insert "Read at ")
        (if source-url
            (insert-text-button source 'action (lambda (_) (browse-url source-url))
                                'help-echo source-url 'follow-link t)
          (insert source))
        (when read-time (insert " · ")))
      (when read-time
        (insert (format "%d min read" read-time)))
      (insert "\n"))
    (insert "\n" (make-string 20 ?─) "\n\n")))

(defun clipfeed-elfeed-show-refresh ()
  "Refresh the entry buffer as before, with the clipping above the content.
Becomes `elfeed-show-refresh-function' while `clipfeed-elfeed-mode' is on."
  (interactive)
  (call-interactively (or clipfeed-elfeed--wrapped-refresh #'elfeed-show-refresh--mail-style))
  (when (and clipfeed-elfeed-show-clipping
             (elfeed-meta elfeed-show-entry :clipfeed-quotes))
    (let ((inhibit-read-only t))
      (save-excursion
        (goto-char (point-min))
        ;; The content starts after the headers' blank line.
        (when (re-search-forward "^$" nil t)
          (forward-line 1))
        (clipfeed-elfeed--insert-clipping elfeed-show-entry)))))

;;; The mode

;;;###autoload
(define-minor-mode clipfeed-elfeed-mode
  "Record the clipping of each new elfeed entry as tags and metadata.
For each entry elfeed adds, the clipping in its content (found by
libclipfeed through clipfeed-module) becomes elfeed tags (its hashtags and
`clipfeed-elfeed-tags') and metadata (quotes, summary, source, read time),
which `elfeed-show' shows above the content.  When the module cannot be
loaded, the mode says why once and stays off; elfeed is unchanged."
  :global t
  :group 'clipfeed
  (if clipfeed-elfeed-mode
      (let ((ready (clipfeed--load-module)))
        (if (not (eq ready t))
            (progn
              (setq clipfeed-elfeed-mode nil)
              (message "clipfeed-elfeed-mode: %s; elfeed goes on without clippings" ready))
          (add-hook 'elfeed-new-entry-parse-hook #'clipfeed-elfeed--remember-content)
          (add-hook 'elfeed-new-entry-hook #'clipfeed-elfeed-process-entry)
          (add-hook 'elfeed-update-hooks #'clipfeed-elfeed--forget-content)
          (unless (eq elfeed-show-refresh-function #'clipfeed-elfeed-show-refresh)
            (setq clipfeed-elfeed--wrapped-refresh elfeed-show-refresh-function
                  elfeed-show-refresh-function #'clipfeed-elfeed-show-refresh))))
    (remove-hook 'elfeed-new-entry-parse-hook #'clipfeed-elfeed--remember-content)
    (remove-hook 'elfeed-new-entry-hook #'clipfeed-elfeed-process-entry)
    (remove-hook 'elfeed-update-hooks #'clipfeed-elfeed--forget-content)
    (clipfeed-elfeed--forget-content)
    (when (eq elfeed-show-refresh-function #'clipfeed-elfeed-show-refresh)
      (setq elfeed-show-refresh-function
            (or clipfeed-elfeed--wrapped-refresh #'elfeed-show-refresh--mail-style)
            clipfeed-elfeed--wrapped-refresh nil))))

(provide 'clipfeed)

;;; clipfeed.el ends here
