#!/bin/sh
# A long fuzzing run on one core, at the lowest priority, in chunks of
# CHUNK inputs (each a fresh libFuzzer process, so memory stays bounded),
# until TOTAL inputs have run.  The corpus grows in WORK/corpus-TARGET,
# findings land in WORK/findings-TARGET, and WORK/long_run.log counts.
#   sh fuzz/long_run.sh BUILD_DIR TARGET TOTAL [WORK]     e.g.
#   sh fuzz/long_run.sh build-fuzz datagram 10000000 /tmp/nxt-fuzz
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
bin="$1/fuzz/fuzz_nxtrace_$2"
target=$2
total=$3
work=${4:-/tmp/nxt-fuzz}
chunk=${CHUNK:-500000}
mkdir -p "$work/corpus-$target" "$work/findings-$target"
log="$work/long_run.log"
export NXT_FUZZ_KEYLOG="$src/fuzz/corpus/keylog.txt"
# Throughput: wmem's block allocators (WIRESHARK_DEBUG_WMEM_OVERRIDE=simple,
# the harness default, gives ASan every allocation but runs 3x slower).
export WIRESHARK_DEBUG_WMEM_OVERRIDE="${WIRESHARK_DEBUG_WMEM_OVERRIDE:-block}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=64}"
done_inputs=0
findings=0
echo "$(date -u +%FT%TZ) start $target total=$total chunk=$chunk wmem=$WIRESHARK_DEBUG_WMEM_OVERRIDE" >>"$log"
while [ "$done_inputs" -lt "$total" ]; do
    n=$((total - done_inputs < chunk ? total - done_inputs : chunk))
    out="$work/chunk-$target.log"
    rc=0
    nice -n 19 "$bin" -runs="$n" -timeout=20 -rss_limit_mb=4000 -detect_leaks=0 \
        -dict="$src/fuzz/nxtrace.dict" -artifact_prefix="$work/findings-$target/" -print_final_stats=1 \
        "$work/corpus-$target" "$src/fuzz/corpus/$target" >"$out" 2>&1 || rc=$?
    ran=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -n 1)
    if [ -z "$ran" ]; then # a finding ends the process before the stats
        ran=$(grep -oE '^#[0-9]+' "$out" | tail -n 1 | tr -d '#')
        ran=${ran:-0}
    fi
    done_inputs=$((done_inputs + ran))
    if [ "$rc" -ne 0 ]; then
        findings=$((findings + 1))
        cp "$out" "$work/findings-$target/finding-$findings.log"
    fi
    echo "$(date -u +%FT%TZ) $target chunk rc=$rc ran=$ran total=$done_inputs findings=$findings" \
         "corpus=$(ls "$work/corpus-$target" | wc -l)" >>"$log"
done
echo "$(date -u +%FT%TZ) done $target inputs=$done_inputs findings=$findings" >>"$log"
