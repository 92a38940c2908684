#!/bin/sh
# Crash harness: runs the panier CLI writing in a loop and kills it with SIGKILL at random
# moments, PANIER_CRASH_TRIALS times (default 300); after each kill the file must open,
# `panier check` must pass, every change reported as committed must be there and no change
# may be half there. Prints `trials=N kills=N losses=0`.
#   scripts/crash-harness.sh            # 300 trials
#   PANIER_CRASH_TRIALS=1000 scripts/crash-harness.sh
#   PANIER_CRASH_SEED=1234 scripts/crash-harness.sh   # replay a run
set -eu
cd "$(dirname "$0")/.."
PANIER_CRASH_TRIALS="${PANIER_CRASH_TRIALS:-300}" \
    exec cargo test --test crash -- --nocapture --test-threads=1
