#!/usr/bin/env bash
# One cold run of a published `brook`: start a local cluster, run WordCount.jar through REST, wait for FINISHED,
# shut the cluster down. Timed as a whole by farm-bench (see run.sh); prints the job's own duration in ms.
set -euo pipefail
brook_dir=$1
jar=$2
port=$3
log=$(mktemp -d)
"$brook_dir/brook" cluster -Drest.port="$port" -Denv.log.dir="$log" >"$log/out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$log"' EXIT
base="http://localhost:$port"
until curl -sf "$base/v1/overview" >/dev/null; do
  kill -0 $pid 2>/dev/null || { cat "$log/out" >&2; exit 1; }
  sleep 0.02
done
jar_id=$(curl -sf -H "Expect:" -F "jarfile=@$jar" "$base/jars/upload" | jq -r '.filename' | xargs basename)
job=$(curl -sf -X POST -H "Content-Type: application/json" -d '{"parallelism":2}' "$base/jars/$jar_id/run" | jq -r '.jobid')
until [ "$(curl -sf "$base/jobs/$job" | jq -r '.state')" = FINISHED ]; do
  state=$(curl -sf "$base/jobs/$job" | jq -r '.state')
  case $state in FAILED|CANCELED) echo "job $state" >&2; exit 1;; esac
  sleep 0.02
done
curl -sf "$base/jobs/$job" | jq -r '.duration'
curl -sf -X DELETE "$base/cluster" >/dev/null
wait $pid
