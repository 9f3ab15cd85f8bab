#!/usr/bin/env bash
# `make demo`: the main jobs of an ONLYOFFICE Docs integration, each shown as a command that runs
# when pasted into a shell (after the first two lines), then run exactly as printed.
# Usage: bash examples/demo.sh ROOT   (ROOT: the repository, with target/release built)
set -euo pipefail
ROOT=$(cd "${1:-.}" && pwd)

# Prints a command with "$ " in front, then runs that same text.
step() {
    printf '$ %s\n' "$1"
    eval "$1"
    echo
}
say() { printf '# %s\n' "$*"; }

say "Two secrets, as Docs has them: inbox (requests to Docs, editor configs) and outbox (callbacks and downloads from Docs)."
step "export PATH=\"$ROOT/target/release:\$PATH\" OO_INBOX=demo-inbox-secret-0123456789abcdef OO_OUTBOX=demo-outbox-secret-0123456789abcde"

say "An editor config for new DocsAPI.DocEditor(...), signed whole with the inbox secret:"
step "oo-jwt sign-config --secret-env OO_INBOX '{\"document\":{\"fileType\":\"docx\",\"key\":\"Khirz6zTPdfd7\",\"title\":\"Example.docx\",\"url\":\"https://storage.example/Example.docx\"},\"editorConfig\":{\"callbackUrl\":\"https://storage.example/callback\"}}'"

say "A command-service request to Docs, the token in the body (inbox secret):"
step "oo-jwt request sign --secret-env OO_INBOX '{\"c\":\"info\",\"key\":\"Khirz6zTPdfd7\"}'"

say "A status-2 callback as Docs sends it (header token, outbox secret), verified as the storage service does:"
step "TOKEN=\$(oo-jwt request sign --placement header --secret-env OO_OUTBOX '{\"key\":\"Khirz6zTPdfd7\",\"status\":2,\"url\":\"https://docs.example/cache/files/output.docx\"}')"
step "oo-jwt request verify '' --authorization \"Bearer \$TOKEN\" --secret-env OO_OUTBOX"
say "payload is the object Docs signed, kept as signed; its members also appear at the top level because"
say "Docs merges a header token's payload into the request's parameters, and verify_request returns those."
echo

say "The same callback checked with the wrong direction's secret: inspect says which secret matches."
step "printf '{\"services\":{\"CoAuthoring\":{\"secret\":{\"inbox\":{\"string\":\"%s\"},\"outbox\":{\"string\":\"%s\"}}}}}' \"\$OO_INBOX\" \"\$OO_OUTBOX\" > /tmp/oo-jwt-demo-local.json"
step "oo-jwt inspect \"Bearer \$TOKEN\" --config /tmp/oo-jwt-demo-local.json --for inbox | grep -E '^(UNVERIFIED|VERIFIED|verdict|hint)'"

say "One wrapper (Python, ctypes over the same library): the editor config again."
step "PYTHONPATH=\"$ROOT/bindings/python\" OO_JWT_LIB=\"$ROOT/target/release/liboo_jwt.so\" python3 -c 'import os, oo_jwt; print(oo_jwt.sign_config({\"document\": {\"fileType\": \"docx\", \"key\": \"Khirz6zTPdfd7\", \"title\": \"Example.docx\", \"url\": \"https://storage.example/Example.docx\"}}, os.environ[\"OO_INBOX\"]))'"

say "The ONLYOFFICE documentation's own callback sample, signed with an empty secret: inspect shows it unverified."
step "oo-jwt inspect eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7ImtleSI6IktoaXJ6NnpUUGRmZDciLCJzdGF0dXMiOjR9fQ.MfVoGT-aYuPJfjQAaxwBv7-CqBylDae2AF9K5TpLf-E | grep -E '^(UNVERIFIED|claims|verdict)'"

say "Where to go next:"
say "  - test your callback handler without a Document Server:"
say "      oo-jwt docs-sim session --callback-url http://127.0.0.1:8080/callback --file-url http://127.0.0.1:8080/files/Example.docx --config /etc/onlyoffice/documentserver/local.json"
say "    and your requests to Docs against oo-jwt docs-sim serve --listen 127.0.0.1:8000 (docs/docs-sim.md);"
say "  - your language's wrapper: bindings/<language>/README.md (python php go csharp java node ruby);"
say "  - what Docs checks and where each token goes: docs/semantics.md and docs/protocol.md;"
say "  - every command: oo-jwt --help."
