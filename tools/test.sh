#!/bin/sh
# Builds nxtrace in build/ and runs every test (unit and tshark) with ctest.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
cd "$(dirname "$0")/.."
sh tools/deps.sh
cmake -S . -B build -DNXT_WERROR=ON >/dev/null
cmake --build build -j "$(nproc)"
ctest --test-dir build --output-on-failure -j 2
