#!/bin/sh
# Crash harness: runs the panier CLI writing in a loop and kills it with SIGKILL at random
# moments — PANIER_CRASH_TRIALS times on a plain file (default 600), then
# PANIER_CRASH_ENCRYPTED_TRIALS times on an encrypted one (default 100). After each trial the
# file must open, `panier check` must pass, every change reported as committed must be there
# and no change may be half there. Prints `trials=N kills=N losses=0` for each.
#   scripts/crash-harness.sh
#   PANIER_CRASH_TRIALS=2000 PANIER_CRASH_ENCRYPTED_TRIALS=0 scripts/crash-harness.sh
#   PANIER_CRASH_SEED=1234 scripts/crash-harness.sh   # replay a run
set -eu
cd "$(dirname "$0")/.."
PANIER_CRASH_TRIALS="${PANIER_CRASH_TRIALS:-600}" \
PANIER_CRASH_ENCRYPTED_TRIALS="${PANIER_CRASH_ENCRYPTED_TRIALS:-100}" \
    exec cargo test --test crash -- --nocapture --test-threads=1
