#!/usr/bin/env bash
# burststop.sh HARNESS: RSS after a 5,000 burst and after 60 idle seconds,
# and a stop right after a burst, on both platforms (see burststop.go).
# Builds burststop against the harness in $WORK (default
# $TMPDIR/atelier-compare) and atelier from this repository.
set -euo pipefail
HARNESS=$(cd "$1" && pwd)
REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-${TMPDIR:-/tmp}/atelier-compare}
SRC=$WORK/burststop
mkdir -p "$SRC" "$WORK/bin"
(cd "$REPO" && go build -o "$WORK/bin/atelier" .)
grep -v '^//go:build ignore' "$REPO/scripts/compare/burststop.go" >"$SRC/main.go"
cp "$HARNESS/go.sum" "$SRC/go.sum"
cat >"$SRC/go.mod" <<MOD
module burststop

go 1.26

require harness v0.0.0

replace harness => $HARNESS
MOD
(cd "$SRC" && go mod tidy >/dev/null 2>&1 && go build -o "$WORK/bin/burststop" .)
for p in slack discord; do
	echo "== $p"
	"$WORK/bin/burststop" -platform $p -n "${N:-5000}" -c "${C:-200}" -idle "${IDLE:-60s}" \
		-config-template "$REPO/scripts/compare/$p.yaml" -- sh -c "exec '$WORK/bin/atelier' -config \"\$CONFIG\""
done
