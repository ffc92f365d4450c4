#!/usr/bin/env bash
# Smoke test of a deployed claude-code-api: every endpoint once, in order; the first failure
# exits 1 naming its step. Needs bash and curl; python3 (or jq) reads JSON when present.
#   scripts/smoke.sh [URL] [API_KEY]     (or CLAUDE_CODE_API_URL / CLAUDE_CODE_API_KEY)
# A URL without a path gets /api/v1; one with a path (an embedder's mount point) is used as is.
# It runs three short turns ("Reply with one word"), so a real deployment spends a few cents.
set -uo pipefail

URL="${1:-${CLAUDE_CODE_API_URL:-http://127.0.0.1:3050}}"
KEY="${2:-${CLAUDE_CODE_API_KEY:-}}"
URL="${URL%/}"
if [[ "$URL" =~ ^https?://[^/]+$ ]]; then API="$URL/api/v1"; else API="$URL"; fi

TMP="$(mktemp -d)"
SESSION=""
STEP=0
AUTH=()
[[ -n "$KEY" ]] && AUTH=(-H "x-api-key: $KEY")

cleanup() {
  # A failed run leaves no session behind.
  [[ -n "$SESSION" ]] && curl -s -o /dev/null --max-time 10 "${AUTH[@]}" -X DELETE "$API/sessions/$SESSION" || true
  rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
  echo "FAIL step $STEP ($1): $2" >&2
  [[ -s "$TMP/body" ]] && echo "  body: $(head -c 500 "$TMP/body")" >&2
  exit 1
}

# call NAME EXPECTED_STATUS(ES) METHOD PATH [curl args...]: the body lands in $TMP/body.
call() {
  local name="$1" expect="$2" method="$3" path="$4"
  shift 4
  STEP=$((STEP + 1))
  local status
  status="$(curl -sS -o "$TMP/body" -w '%{http_code}' --max-time "${MAX_TIME:-30}" "${AUTH[@]}" -X "$method" "$@" "$API$path" 2>"$TMP/err")"
  local rc=$?
  # curl 28 is the --max-time of a stream that never ends by itself (events): what it read counts.
  if [[ $rc -ne 0 && !($rc -eq 28 && "$name" == events) ]]; then fail "$name" "curl exit $rc: $(cat "$TMP/err")"; fi
  [[ ",$expect," == *",$status,"* ]] || fail "$name" "$method $path answered $status, expected $expect"
  echo "ok   $STEP $name ($status)"
}

# Asserts the last body contains a fixed string.
has() { grep -qF -- "$2" "$TMP/body" || fail "$1" "the reply lacks $2"; }

# json FIELD.PATH: a value of the last JSON body (python3, else jq, else a sed fallback for "id").
json() {
  if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v=v[k]
print(v)' "$TMP/body" "$1"
  elif command -v jq >/dev/null; then
    jq -r ".$1" "$TMP/body"
  else
    sed -n 's/^[^{]*{"[a-z]*":{"id":"\([^"]*\)".*/\1/p' "$TMP/body"
  fi
}

JSON=(-H 'content-type: application/json')

call health 200 GET /health
has health '"status":"ok"'
call models 200 GET /models
has models '"models"'

call sessions-create 201 POST /sessions "${JSON[@]}" -d '{"name":"smoke"}'
SESSION="$(json session.id)"
[[ "$SESSION" =~ ^[A-Za-z0-9_-]+$ ]] || fail sessions-create "no session id in the reply"
S="/sessions/$SESSION"
call sessions-list 200 GET "/sessions?limit=200"
has sessions-list "$SESSION"
call sessions-get 200 GET "$S"

MAX_TIME=300 call message-json 200 POST "$S/messages" "${JSON[@]}" -d '{"prompt":"Reply with the word pong and nothing else."}'
has message-json '"status":"completed"'
MAX_TIME=300 call message-sse 200 POST "$S/messages" "${JSON[@]}" -d '{"prompt":"Reply with the word ping and nothing else.","stream":true,"partial":true}'
has message-sse 'event: turn_finished'
has message-sse 'event: done'
MAX_TIME=300 call stream-get 200 GET "$S/stream?prompt=Reply%20with%20the%20word%20ok."
has stream-get 'event: turn_finished'
call interrupt 200,409 POST "$S/interrupt"
call history 200 GET "$S/messages?limit=10"
has history '"turns"'
MAX_TIME=3 call events 200 GET "$S/events?after=0"
has events 'event: turn_started'

call files-put 201 PUT "$S/files/content?path=smoke/hello.txt" --data-binary 'hello smoke'
call files-list 200 GET "$S/files?recursive=true"
has files-list 'smoke/hello.txt'
call files-get 200 GET "$S/files/content?path=smoke/hello.txt"
[[ "$(cat "$TMP/body")" == 'hello smoke' ]] || fail files-get "the content differs from what was uploaded"
call archive-get 200 GET "$S/archive"
[[ "$(head -c 2 "$TMP/body" | od -An -tx1 | tr -d ' \n')" == 1f8b ]] || fail archive-get "the archive is not gzip"
call files-delete 200 DELETE "$S/files?path=smoke/hello.txt"

call sessions-delete 200 DELETE "$S"
SESSION=""
call sessions-gone 404 GET "$S"

echo "smoke: all $STEP steps passed against $API"
