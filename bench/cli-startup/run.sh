#!/usr/bin/env bash
# ReadyToRun vs JIT-only `brook`: publishes the CLI both ways and times a cold cluster start + a short job
# (WordCount.jar, p=2) + shutdown with farm-bench, pairing the two runs by run.
#   bash bench/cli-startup/run.sh [runs=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
out=$(mktemp -d)
dotnet build examples/WordCount -c Release >/dev/null
dotnet publish src/Brook.Cli -c Release -r linux-x64 --self-contained false -o "$out/r2r" >/dev/null
dotnet publish src/Brook.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=false -o "$out/jit" >/dev/null
jar=artifacts/packages/WordCount.jar
echo "job duration (ms, as /jobs/:jobid reports it): r2r $(bash bench/cli-startup/cold-job.sh "$out/r2r" $jar 18091), jit $(bash bench/cli-startup/cold-job.sh "$out/jit" $jar 18092)"
farm-bench -n "$runs" --timeout 900 --vs "bash bench/cli-startup/cold-job.sh $out/jit $jar 18092" -- bash bench/cli-startup/cold-job.sh "$out/r2r" $jar 18091
rm -rf "$out"
