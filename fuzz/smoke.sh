#!/bin/sh
# fuzz.smoke: build the libFuzzer targets with clang (ASan/UBSan) and run the
# regression inputs, then each target for NXT_FUZZ_SECONDS (default 25) on the
# seed corpus.  Exits 77 (ctest: skipped) when clang or libFuzzer is missing.
#   sh fuzz/smoke.sh SOURCE_DIR BUILD_DIR
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
src=$(cd "$1" && pwd)
build=$2
seconds=${NXT_FUZZ_SECONDS:-25}
cc=${NXT_FUZZ_CC:-clang}

if ! command -v "$cc" >/dev/null 2>&1; then
    echo "fuzz.smoke: SKIPPED: no $cc (apt-get install clang libclang-rt-14-dev, or run tools/deps.sh)"
    exit 77
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' > "$probe/p.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >"$probe/log" 2>&1; then
    echo "fuzz.smoke: SKIPPED: $cc cannot link libFuzzer with ASan/UBSan (libclang-rt-14-dev missing?):"
    cat "$probe/log"
    exit 77
fi

cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER="$cc" -DNXT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$probe/cmake.log" 2>&1 ||
    { cat "$probe/cmake.log"; exit 1; }
cmake --build "$build" --target fuzz_nxtrace_datagram fuzz_nxtrace_frames -j "$(nproc)" >"$probe/build.log" 2>&1 ||
    { cat "$probe/build.log"; exit 1; }

export NXT_FUZZ_KEYLOG="$src/fuzz/corpus/keylog.txt"
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=64}"
status=0
for target in datagram frames; do
    bin="$build/fuzz/fuzz_nxtrace_$target"
    # Every finding so far, each in a capture of its own: they must pass.
    if ls "$src/fuzz/regressions/$target"/* >/dev/null 2>&1; then
        echo "== $target: regression inputs"
        NXT_FUZZ_RESET_EVERY=1 "$bin" "$src/fuzz/regressions/$target"/* >"$probe/reg.log" 2>&1 ||
            { cat "$probe/reg.log"; status=1; continue; }
        grep -c '^Executed' "$probe/reg.log" | sed 's/^/   inputs passed: /'
    fi
    echo "== $target: ${seconds}s of fuzzing from the seed corpus"
    mkdir -p "$probe/corpus-$target" "$probe/findings-$target"
    if ! "$bin" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3000 -detect_leaks=0 \
            -dict="$src/fuzz/nxtrace.dict" -artifact_prefix="$probe/findings-$target/" -print_final_stats=1 \
            "$probe/corpus-$target" "$src/fuzz/corpus/$target" >"$probe/fuzz.log" 2>&1; then
        tail -n 60 "$probe/fuzz.log"
        for f in "$probe/findings-$target"/*; do
            [ -f "$f" ] && { echo "finding $(basename "$f") (base64):"; base64 -w0 "$f"; echo; }
        done
        status=1
        continue
    fi
    grep -E '^#[0-9]+ +DONE|stat::number_of_executed_units' "$probe/fuzz.log" | sed 's/^/   /'
done
[ $status -eq 0 ] && echo "fuzz.smoke: no finding"
exit $status
