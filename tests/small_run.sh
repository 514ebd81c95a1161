# reoffsim tests — a small two-scenario results file for the data-access tests
# (export, R, Python docs): sourced after `bin`, `src` and `work` are set.
# small_run OUT.h5 [extra run options]: baseline and less_offending (the
# baseline's hazard scale halved), 500 agents, 3 replicates, 3 years.
small_run() {
  local out=$1; shift
  local scale
  scale=$(grep -E '^  hazard_scale:' "$src/configs/baseline.yaml" | awk '{print $2}')
  printf 'base: %s\nscenarios:\n  - name: baseline\n  - name: less_offending\n    set:\n      offending.hazard_scale: %s\n' \
    "$src/configs/baseline.yaml" "$(awk -v s="$scale" 'BEGIN{print s*0.5}')" > "$work/small.yaml"
  "$bin" run "$work/small.yaml" --out "$out" --agents 500 --replicates 3 --years 3 --quiet "$@" > /dev/null
}
