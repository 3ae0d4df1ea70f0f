#!/usr/bin/env bash
# Submits a magbone run as a Slurm job array of N shards plus a merge job that starts when every
# shard has succeeded (afterok). Prints the two job ids.
#
#   deploy/slurm/submit.sh N RUN_DIR OUT_FILE -- <magbone command and arguments, without --shard/--out>
#   deploy/slurm/submit.sh 64 /scratch/pop pop.csv -- population mgb-half-mg-intake-5y --vary Mg_diet=30% --n 100000
#
# RUN_DIR (on a file system every node sees) receives the arguments, the partial results
# part-<k>.json and the logs; OUT_FILE (relative to RUN_DIR unless absolute) the merged result.
# MAGBONE (default: magbone) is the command that runs magbone on the nodes, e.g. "node /opt/magbone/bin/magbone.js".
# Extra sbatch options (partition, account, time) go in SBATCH_OPTS, e.g. SBATCH_OPTS="--partition=short --time=01:00:00".
set -euo pipefail
if [ $# -lt 5 ] || [ "$4" != "--" ]; then
  echo "usage: $0 N RUN_DIR OUT_FILE -- <magbone command and arguments>" >&2
  exit 2
fi
n=$1; dir=$2; out=$3; shift 4
case "$n" in ''|*[!0-9]*) echo "N must be a positive integer, got '$n'" >&2; exit 2;; esac
[ "$n" -ge 1 ] || { echo "N must be at least 1" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
case "$out" in /*) ;; *) out="$dir/$out";; esac
# the arguments, NUL-separated: any character survives (commas, spaces, quotes)
printf '%s\0' "$@" > "$dir/args"
printf '%s' "$out" > "$dir/out"
printf '%s' "$n" > "$dir/shards"
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_OPTS:-} --array=0-$((n - 1)) --output="$dir/shard-%a.log" \
  --export=ALL,MAGBONE_DIR="$dir" "$here/magbone-array.sbatch")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_OPTS:-} --dependency=afterok:"$array" --kill-on-invalid-dep=yes --output="$dir/merge.log" \
  --export=ALL,MAGBONE_DIR="$dir" "$here/magbone-merge.sbatch")
echo "$array ${merge%%;*}"
