#!/bin/sh
# `make lint-spec`: Redocly CLI (pinned in package.json, installed by the Makefile into node_modules/) lints
# each API's built spec, specs/<api>/openapi.json, with its recommended rules. An API's redocly.yaml, if
# it has one, is the config, and the .redocly.lint-ignore.yaml beside it waives warnings, each with its
# reason. Usage: tools/redocly/lint-spec.sh API...; exits non-zero when any spec has an error or an
# unwaived warning.
#
# A shell script rather than Python: it needs only node, so it runs before (and without) .venv.
set -u
redocly="$(dirname "$0")/node_modules/.bin/redocly"
# No telemetry, no update notice (CI=true is what Redocly reads for the latter).
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true CI=true NO_COLOR=1
failed=""
for api in "$@"; do
    spec="specs/$api/openapi.json"
    if [ ! -f "$spec" ]; then
        echo "$api: no built spec at $spec: run \`make spec API=$api\`" >&2
        failed="$failed $api"
        continue
    fi
    # --max-problems: every finding is listed. Redocly's box about the Node.js version (printed on every
    # run under Node 20, whatever the spec) is dropped below: it says nothing about the spec.
    if [ -f "specs/$api/redocly.yaml" ]; then
        output=$("$redocly" lint --config "specs/$api/redocly.yaml" --format stylish --max-problems 1000 "$spec" 2>&1)
    else
        output=$("$redocly" lint --extends recommended-strict --format stylish --max-problems 1000 "$spec" 2>&1)
    fi
    status=$?
    printf '%s\n' "$output" | sed -e '/[╔║╚]/d' -e '/^[[:space:]]*$/d' -e '/^validating /d' -e '/validated in /d' \
        -e '/--generate-ignore-file/d' -e "s|^|$api: |"
    # Warnings do not change Redocly's exit code; an unwaived one fails here all the same.
    if [ "$status" -ne 0 ] || printf '%s\n' "$output" | grep -q ' warning '; then
        failed="$failed $api"
    fi
done
if [ -n "$failed" ]; then
    echo "redocly lint failed for:$failed (fix the finding in an overlay, or waive a warning the vendor's documents cannot fix in specs/<api>/.redocly.lint-ignore.yaml, with its reason)" >&2
    exit 1
fi
