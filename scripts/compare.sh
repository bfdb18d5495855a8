#!/usr/bin/env bash
# compare.sh: atelier against the peer bots and the transport floors, from
# outside, behind the harness's fake Slack and fake Discord (see
# docs/benchmarks.md).
#
#   scripts/compare.sh HARNESS [ROUNDS]
#
# HARNESS is the harness's directory (cmd/slackburst, cmd/discordburst,
# cmd/slackfloor, cmd/discordfloor, peers/bolt, peers/discordjs). For each
# round (3 by default), each platform and each workload (500 commands at
# once; 5,000 with 200 in flight) it runs atelier, the peer (Bolt JS,
# discord.js) and the floor one after the other, so the three share the
# machine's state of the moment; then it prints, per row, the min–max over
# the rounds, and the ratios of the issue's targets taken within each
# round. The command is /problem post with a numbered title, from 50
# members. With BURSTSTOP=1 it then runs scripts/compare/burststop.go:
# RSS after a 5,000 burst and after 60 idle seconds, and a stop right
# after a burst.
#
# Needs go, node and npm, jq. Everything is built and installed under
# $WORK (default: $TMPDIR/atelier-compare); the peers are copied there, as
# the harness may be read-only. Raw results: $WORK/results.jsonl.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -d "$1/cmd/slackburst" ]; then
	echo "usage: $0 HARNESS [ROUNDS]   (HARNESS: the harness directory, with cmd/slackburst)" >&2
	exit 2
fi
HARNESS=$(cd "$1" && pwd)
ROUNDS=${2:-3}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-${TMPDIR:-/tmp}/atelier-compare}
BIN=$WORK/bin
mkdir -p "$BIN" "$WORK/peers"

echo "building atelier and the harness tools in $BIN" >&2
(cd "$REPO" && go build -o "$BIN/atelier" .)
(cd "$HARNESS" && go build -o "$BIN/" ./cmd/slackburst ./cmd/discordburst ./cmd/slackfloor ./cmd/discordfloor)
for p in bolt discordjs; do
	if [ ! -d "$WORK/peers/$p/node_modules/better-sqlite3/build/Release" ]; then
		echo "installing the $p peer in $WORK/peers/$p" >&2
		rm -rf "$WORK/peers/$p"
		cp -R "$HARNESS/peers/$p" "$WORK/peers/$p"
		chmod -R u+w "$WORK/peers/$p"
		(cd "$WORK/peers/$p" && npm install --no-audit --no-fund >/dev/null && npm rebuild better-sqlite3 >/dev/null)
	fi
done

RESULTS=$WORK/results.jsonl
: >"$RESULTS"
load() { if [ -r /proc/loadavg ]; then cut -d' ' -f1-3 /proc/loadavg; else uptime; fi; }
LOAD_BEFORE=$(load)
TEXT='post Bias in credit scoring data %d'

# one PLATFORM WORKLOAD BOT ROUND: one burst, its JSON line tagged.
one() {
	local platform=$1 workload=$2 bot=$3 round=$4 n c
	case $workload in
	500) n=500 c=500 ;;
	5000) n=5000 c=200 ;;
	esac
	local out
	if [ "$platform" = slack ]; then
		case $bot in
		atelier) out=$("$BIN/slackburst" -n $n -c $c -effect "" -text "$TEXT" -name atelier \
			-config-template "$REPO/scripts/compare/slack.yaml" -- sh -c "exec '$BIN/atelier' -config \"\$CONFIG\"") ;;
		peer) out=$("$BIN/slackburst" -n $n -c $c -effect "" -text "$TEXT" -name bolt -- node "$WORK/peers/bolt/app.js") ;;
		floor) out=$("$BIN/slackburst" -n $n -c $c -effect "" -text "$TEXT" -name floor -- "$BIN/slackfloor") ;;
		esac
	else
		case $bot in
		atelier) out=$("$BIN/discordburst" -n $n -c $c -name atelier \
			-config-template "$REPO/scripts/compare/discord.yaml" -- sh -c "exec '$BIN/atelier' -config \"\$CONFIG\"") ;;
		peer) out=$("$BIN/discordburst" -n $n -c $c -name discord.js -- node "$WORK/peers/discordjs/app.js") ;;
		floor) out=$("$BIN/discordburst" -n $n -c $c -name floor -- "$BIN/discordfloor") ;;
		esac
	fi
	echo "$out" | jq -c --arg p "$platform" --arg w "$workload" --arg b "$bot" --argjson r "$round" \
		'{platform: $p, workload: $w, bot: $b, round: $r, name: .bot, n: .n, errors: .errors,
		  rate: (.commands_per_second // .interactions_per_second),
		  p50: (.ack_p50_ms // .callback_p50_ms), p99: (.ack_p99_ms // .callback_p99_ms)}' | tee -a "$RESULTS" >&2
}

for round in $(seq 1 "$ROUNDS"); do
	for platform in slack discord; do
		for workload in 500 5000; do
			for bot in atelier peer floor; do
				one $platform $workload $bot "$round"
			done
		done
	done
done

# The table: min–max over the rounds; ratios within each round, then
# min–max. Targets (issue 16): Slack ≥ 2x Bolt's rate, ≤ 0.5x its p99;
# Discord ≥ 1.5x discord.js's rate, ≤ 0.6x its p99; both ≥ 70% of the
# floor's rate.
jq -rs '
  def r0: . * 10 | round / 10;
  def span(f): (map(f) | min | r0 | tostring) + "–" + (map(f) | max | r0 | tostring);
  def k: if . >= 1000 then ((. / 100 | round) / 10 | tostring) + "k" else (round | tostring) end;
  def rates: (map(.rate) | min | k) + "–" + (map(.rate) | max | k) + "/s";
  def cell: rates + ", p99 " + span(.p99) + " ms";
  def wl: if . == "500" then "500 at once" else "5,000 with 200 in flight" end;
  group_by([.platform, .workload]) | sort_by(.[0].platform != "slack", .[0].workload != "500") | .[] |
  . as $rows |
  ($rows | map(select(.bot == "atelier"))) as $a |
  ($rows | map(select(.bot == "peer"))) as $p |
  ($rows | map(select(.bot == "floor"))) as $f |
  ([$a[] | . as $x | ($p[] | select(.round == $x.round)) as $y | ($f[] | select(.round == $x.round)) as $z |
    {rate: ($x.rate / $y.rate), p99: ($x.p99 / $y.p99), floor: ($x.rate / $z.rate)}]) as $ratio |
  "| \($rows[0].platform | ascii_upcase[0:1] + .[1:]), \($rows[0].workload | wl) | \($a | cell) | \($p[0].name) \($p | cell) | \($f | cell) | " +
  "\($ratio | map(.rate) | min * 100 | round / 100)–\($ratio | map(.rate) | max * 100 | round / 100)x | " +
  "\($ratio | map(.p99) | min * 100 | round / 100)–\($ratio | map(.p99) | max * 100 | round / 100)x | " +
  "\($ratio | map(.floor) | min * 100 | round)–\($ratio | map(.floor) | max * 100 | round)% | \([$rows[] | .errors] | add) |"
' "$RESULTS" | {
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $ROUNDS rounds, $(nproc 2>/dev/null || echo '?') CPUs, load average before $LOAD_BEFORE, after $(load)"
	echo
	echo "| workload | atelier | peer | floor | atelier/peer rate | atelier/peer p99 | atelier/floor rate | errors |"
	echo "|---|---|---|---|---|---|---|---|"
	cat
}

if [ "${BURSTSTOP:-}" = 1 ]; then
	"$REPO/scripts/compare/burststop.sh" "$HARNESS"
fi
