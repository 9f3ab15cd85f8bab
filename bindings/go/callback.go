package oojwt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
)

// CallbackStatus is the "status" of a callback from Docs. A number without a constant here (one a
// later Docs adds) is kept as it is, not refused.
//
//	if cb.Status == oojwt.StatusReadyForSaving { save(*cb.URL) }
type CallbackStatus int

// Docs' callback statuses.
const (
	StatusEditing         CallbackStatus = 1 // the document is being edited
	StatusReadyForSaving  CallbackStatus = 2 // closed with changes: URL holds the document to save
	StatusSaveError       CallbackStatus = 3 // saving failed
	StatusClosedNoChanges CallbackStatus = 4 // closed with no changes
	StatusForceSave       CallbackStatus = 6 // force save: URL holds the document's current state
	StatusForceSaveError  CallbackStatus = 7 // force saving failed
)

var statusNames = map[CallbackStatus]string{1: "Editing", 2: "ReadyForSaving", 3: "SaveError",
	4: "ClosedNoChanges", 6: "ForceSave", 7: "ForceSaveError"}

// String gives the constant's name without "Status" (e.g. "ReadyForSaving"), or "CallbackStatus(N)".
func (s CallbackStatus) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return "CallbackStatus(" + strconv.Itoa(int(s)) + ")"
}

// ForceSaveType says what started a force save ("forcesavetype", with statuses 6 and 7).
type ForceSaveType int

// Docs' force save types.
const (
	ForceSaveCommand ForceSaveType = 0 // the forcesave command sent to the command service
	ForceSaveButton  ForceSaveType = 1 // a user pressed Save
	ForceSaveTimer   ForceSaveType = 2 // the timer (autoAssembly)
	ForceSaveForm    ForceSaveType = 3 // a form was submitted
)

// Action is one entry of a callback's "actions": Type 0 a user left, 1 joined, 2 pressed force save.
type Action struct {
	Type   int    `json:"type"`
	UserID string `json:"userid"`
}

// Callback is a callback from Docs, read from the verified token only (HandleCallback). A member Docs
// did not send is nil.
//
//	if cb.Status == oojwt.StatusForceSave && *cb.ForceSaveType == oojwt.ForceSaveButton { ... }
type Callback struct {
	Key           string          `json:"key"`
	Status        CallbackStatus  `json:"status"`
	URL           *string         `json:"url"`        // the document to save (statuses 2, 3, 6, 7)
	ChangesURL    *string         `json:"changesurl"` // the changes archive, for the version history
	History       json.RawMessage `json:"history"`    // {"serverVersion", "changes"}, as Docs sent it
	Users         []string        `json:"users"`
	Actions       []Action        `json:"actions"`
	ForceSaveType *ForceSaveType  `json:"forcesavetype"`
	FileType      *string         `json:"filetype"`
	UserData      *string         `json:"userdata"`
	// Params is every verified parameter (lastsave, notmodified, ...) as JSON, to decode with
	// encoding/json when a member above is not enough (left undecoded: a callback's history can
	// hold thousands of entries).
	Params json.RawMessage `json:"-"`
}

// HandleCallback verifies a callback from Docs with settings (LoadConfig's JSON: the outbox secret,
// prefix, clock tolerance and algorithms) and reads it from the verified parameters; unsigned body
// members never reach it. Its errors are *Error: the token's, or ErrInvalidJSON for a body that is
// not JSON or a callback without a string "key" or a number "status". Answer Docs with
// CallbackResponse. Options: WithNow, WithMaxTokenLen, WithMaxJSONLen.
//
//	cb, err := oojwt.HandleCallback(body, oojwt.HeaderFrom(r.Header, "Authorization"), settings)
func HandleCallback(body []byte, authorization HeaderValue, settings json.RawMessage, opts ...Option) (Callback, error) {
	var cb Callback
	params, err := VerifyRequestWithConfig(body, authorization, settings, DirectionOutbox, opts...)
	if err != nil {
		return cb, err
	}
	// One decode: the outer Key and Status take precedence over Callback's and tell a missing
	// member from a zero one.
	var read struct {
		Callback
		Key    *string         `json:"key"`
		Status *CallbackStatus `json:"status"`
	}
	if json.Unmarshal(params, &read) != nil {
		return Callback{}, newError(CodeInvalidJSON, "a callback member is not of the type Docs sends")
	}
	if read.Key == nil || *read.Key == "" || read.Status == nil {
		return Callback{}, newError(CodeInvalidJSON, `the callback has no string "key" or no number "status"`)
	}
	cb = read.Callback
	cb.Key, cb.Status, cb.Params = *read.Key, *read.Status, params
	return cb, nil
}

// CallbackResponse gives the answer Docs expects: for err nil, 200 {"error":0}; for an *Error of
// HandleCallback, 403 {"error":1} when the token is missing or does not verify (size limits
// included), 400 for ErrInvalidJSON, 500 otherwise (settings, secret); any other error (your own
// save code's; wrap an *Error of your own oojwt calls with %w) is 500 {"error":1}.
//
//	status, body := oojwt.CallbackResponse(err)
func CallbackResponse(err error) (status int, body []byte) {
	e, _ := err.(*Error)
	switch {
	case err == nil:
		return http.StatusOK, []byte(`{"error":0}`)
	case e == nil:
		return http.StatusInternalServerError, []byte(`{"error":1}`)
	}
	switch e.Code {
	case CodeMalformed, CodeUnsupportedAlg, CodeBadSignature, CodeExpired, CodeNotYetValid, CodeTooLarge, CodeMissingToken:
		return http.StatusForbidden, []byte(`{"error":1}`)
	case CodeInvalidJSON:
		return http.StatusBadRequest, []byte(`{"error":1}`)
	}
	return http.StatusInternalServerError, []byte(`{"error":1}`)
}

// CheckDownload checks Docs' request for a file the storage serves: nil when Docs sends no token
// for url (DownloadTokenExpected: outbox tokens off, or urlExclusionRegex), else
// VerifyDownloadWithConfig's error. url is the request's absolute URL. Options: WithURLPathAndQuery,
// WithNow, WithMaxTokenLen.
//
//	err := oojwt.CheckDownload(oojwt.HeaderFrom(r.Header, "Authorization"), "http://storage/doc.docx", settings)
func CheckDownload(authorization HeaderValue, url string, settings json.RawMessage, opts ...Option) error {
	expected, err := DownloadTokenExpected(url, settings)
	if err == nil && expected {
		_, err = VerifyDownloadWithConfig(authorization, url, settings, opts...)
	}
	return err
}

var errOnCallback = errors.New("oojwt: the callback function failed")

// CallbackHandler is a net/http handler for Docs' callbacks: HandleCallback with settings on each
// request (the token header named by the settings), then onCallback with the request's context,
// answered by CallbackResponse; an error of onCallback is 500. It logs nothing. The body is read up
// to WithMaxJSONLen's limit (64 MiB, the core's, when not given).
//
//	http.Handle("/callback", oojwt.CallbackHandler(settings, save))
func CallbackHandler(settings json.RawMessage, onCallback func(context.Context, Callback) error, opts ...Option) http.Handler {
	header, limit := outboxHeader(settings), int64(64<<20)
	if g, _ := collect(opts); g.c.max_json_len != 0 && g.c.max_json_len < 1<<63 {
		limit = int64(g.c.max_json_len)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Read in one allocation when the length is announced (a long history is hundreds of KB).
		var buf bytes.Buffer
		if n := r.ContentLength; n > 0 && n <= limit {
			buf.Grow(int(n) + bytes.MinRead)
		}
		_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
		body := buf.Bytes()
		var cb Callback
		if err != nil {
			err = newError(CodeTooLarge, "the body is over the limit or could not be read")
		} else if cb, err = HandleCallback(body, HeaderFrom(r.Header, header), settings, opts...); err == nil {
			if onCallback != nil && onCallback(r.Context(), cb) != nil {
				err = errOnCallback
			}
		}
		status, answer := CallbackResponse(err)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(answer) // a cut answer is a failure Docs logs
	})
}

// DownloadHandler serves next only to requests that pass CheckDownload with settings, for the URL
// the request came to (scheme, Host and path with query: behind a reverse proxy, give
// WithURLPathAndQuery); others get 403 and next is not called.
//
//	http.Handle("/files/", oojwt.DownloadHandler(settings, http.FileServer(http.Dir("/srv/docs"))))
func DownloadHandler(settings json.RawMessage, next http.Handler, opts ...Option) http.Handler {
	header := outboxHeader(settings)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme := "http://"
		if r.TLS != nil {
			scheme = "https://"
		}
		if CheckDownload(HeaderFrom(r.Header, header), scheme+r.Host+r.URL.RequestURI(), settings, opts...) != nil {
			http.Error(w, "403 forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// outboxHeader is the header Docs' token comes in; settings the core cannot read fail in it anyway.
func outboxHeader(settings json.RawMessage) string {
	var s Settings
	if json.Unmarshal(settings, &s) != nil || s.Outbox.Header == "" {
		return "Authorization"
	}
	return s.Outbox.Header
}
