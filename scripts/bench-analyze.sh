#!/usr/bin/env bash
# Benchmarks `firstpass analyze` on the whole development set (three experiments, 1,000 bootstrap
# resamples) against the floor of only parsing its CSV files, in the same run. Run on purpose:
#   scripts/bench-analyze.sh [path/to/paper-transfer]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
devset="${1:-../shared/data/paper-transfer}"
[[ -d "$devset" ]] || { echo "bench-analyze.sh: development set not found at $devset" >&2; exit 2; }

mvn -q -B -DskipTests package
echo "== In-process (JMH, single shot, 2 warm-up + 5 measured iterations)"
java -jar benchmarks/target/benchmarks.jar DevelopmentSetAnalysisBenchmark -p devset="$devset" -rf text -rff target/bench-analyze.txt >/dev/null
cat target/bench-analyze.txt

echo "== End to end: three firstpass analyze commands (JVM start included), 3 repetitions"
experiment() {  # folder metric arm-prefix targets
  ./firstpass analyze --quiet --baseline "$devset/$1/reg_training" --probe "$devset/$1/${3}20" \
    --arm "$devset/$1/$3"* --metric "$2" --target "$4" --bootstrap-resamples 1000 >/dev/null
}
for repetition in 1 2 3; do
  start=$(date +%s.%N)
  experiment cifar100/ResNet18Momentum test_ACC testacc_list_s_and_p_reset 55,56,57
  experiment cifar100/ResNet18_No_Momentum test_ACC testacc_list_s_and_p_reset 41,42,43
  experiment fc_with_adam test_ssim s_and_p_reset 0.37,0.38,0.39
  end=$(date +%s.%N)
  printf 'repetition %d: %.2f s\n' "$repetition" "$(echo "$end - $start" | bc)"
done
