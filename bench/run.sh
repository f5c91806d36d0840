#!/usr/bin/env bash
# Load benchmark of the service (issue 9). Builds the jar, starts it with security off and a fixed
# heap, measures start to first answer and the first order-select call, warms up, then in one run
# measures GET /cds-services (the trivial baseline) and POST /cds-services/hematology-order-select
# with the benchmark patient's fully prefetched requests, with wrk at 16 connections. Prints
# throughput, the order-select/discovery ratio, p50/p99 latency and the JVM's resident memory.
#
#   bench/run.sh [--long [REQUESTS]] [--fhir] [--jfr] [--duration SECONDS] [--no-build] [--port PORT]
#
#   --long        also send 100,000 (or REQUESTS) order-select requests and check that neither
#                 resident memory nor the heap left after a full GC grows (about 2 minutes at the
#                 ~1,000 req/s of the 2-core machine)
#   --fhir        also measure order-select without prefetch: the service reads the same patient
#                 from a local FHIR server (bench/FhirStub.java, on the same cores) at every call
#   --jfr         record the measured part with JFR and print its hottest frames (bench/jfr-top.py)
#   --duration    seconds of each measured wrk run (default 20; warm-up is 15 s per endpoint)
#   --no-build    use the existing target/hematology-cds.jar
#
# Environment: BENCH_MVN_FLAGS (e.g. -o), BENCH_HEAP_OPTS (default -Xmx256m), BENCH_JVM_OPTS.
#
# Everything goes to 127.0.0.1 only. Results and logs are left in target/bench/. Needs wrk
# (Debian package 'wrk': installed with apt-get when missing and running as root), curl, python3.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/target/bench"
JAR="$ROOT/target/hematology-cds.jar"
DURATION=20
WARMUP=15
LONG=0
JFR=0
FHIR=0
BUILD=1
PORT=""
CONNECTIONS=16
THREADS=2
LONG_REQUESTS=100000
HEAP_OPTS=${BENCH_HEAP_OPTS:--Xmx256m}
JVM_OPTS=${BENCH_JVM_OPTS:-}

while [ $# -gt 0 ]; do
  case "$1" in
    --long)
      LONG=1
      if [ $# -gt 1 ] && [[ "$2" =~ ^[0-9]+$ ]]; then LONG_REQUESTS=$2; shift; fi ;;
    --fhir) FHIR=1 ;;
    --jfr) JFR=1 ;;
    --duration) DURATION=$2; shift ;;
    --no-build) BUILD=0 ;;
    --port) PORT=$2; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "wrk is missing: installing the Debian package"
    (apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; })
  else
    echo "wrk is missing: install the Debian package 'wrk' (apt-get install wrk) and rerun" >&2
    exit 1
  fi
fi
for tool in curl python3 java; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done

mkdir -p "$OUT"
if [ "$BUILD" = 1 ]; then
  echo "== building the jar (./mvnw -B -q ${BENCH_MVN_FLAGS:-} -Dmaven.test.skip=true package)"
  # shellcheck disable=SC2086
  ./mvnw -B -q ${BENCH_MVN_FLAGS:-} -Dmaven.test.skip=true package
fi
[ -f "$JAR" ] || { echo "no $JAR: build first" >&2; exit 1; }

# The benchmark patient (src/jmh/java/org/hemacds/bench/BenchmarkRequests.java, plain JDK).
java "$ROOT/src/jmh/java/org/hemacds/bench/BenchmarkRequests.java" "$OUT"
OS200="$OUT/order-select-200.json"
OS300="$OUT/order-select.json"

if [ -z "$PORT" ]; then
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
fi
BASE="http://127.0.0.1:$PORT"

cat > "$OUT/post.lua" <<'LUA'
-- POSTs the file named by the BODY environment variable. With LIMIT, each thread stops after
-- LIMIT responses and leaves a file done-<thread> in DONE_DIR (wrk itself runs until its -d, so
-- the script interrupts it once every thread is done).
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
local limit = tonumber(os.getenv("LIMIT") or "0")
local seen = 0
if limit > 0 then
  function response(status, headers, body)
    seen = seen + 1
    if seen == limit then
      local done = io.open(os.getenv("DONE_DIR") .. "/done-" .. tostring(id), "w")
      if done then done:close() end
      wrk.thread:stop()
    end
  end
end
LUA

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$PID/status"; }
# Heap in use after a full GC (MB): what the service keeps, unlike RSS which the JVM grows lazily.
live_heap_mb() {
  jcmd "$PID" GC.run >/dev/null 2>&1 || true
  jcmd "$PID" GC.heap_info 2>/dev/null |
    python3 -c 'import re,sys
# the heap line(s) of G1, Serial or Parallel GC; not Metaspace
m = re.findall(r"(?:garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen)\s+total \d+K, used (\d+)K", sys.stdin.read())
print(round(sum(int(x) for x in m)/1024) if m else "?")'
}
stop_server() {
  if [ -n "${STUB_PID:-}" ]; then kill "$STUB_PID" 2>/dev/null || true; fi
  if [ -n "${PID:-}" ] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
}
trap stop_server EXIT

JFR_OPTS=""
if [ "$JFR" = 1 ]; then
  JFR_OPTS="-XX:StartFlightRecording=name=bench,settings=profile,filename=$OUT/bench.jfr,dumponexit=true"
fi

echo "== starting the service on port $PORT ($HEAP_OPTS $JVM_OPTS, security off)"
START_NS=$(date +%s%N)
# shellcheck disable=SC2086
java $HEAP_OPTS $JVM_OPTS $JFR_OPTS -jar "$JAR" --server.port="$PORT" --cds.security.enabled=false \
  >"$OUT/server.log" 2>&1 &
PID=$!
until curl -fs -o /dev/null "$BASE/cds-services"; do
  kill -0 "$PID" 2>/dev/null || { echo "the service died; see $OUT/server.log" >&2; tail -20 "$OUT/server.log" >&2; exit 1; }
  sleep 0.05
done
FIRST_ANSWER_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))
FIRST_OS_MS=$(curl -fs -o "$OUT/first-response.json" -w '%{time_total}' -H 'Content-Type: application/json' \
  --data-binary @"$OS300" "$BASE/cds-services/hematology-order-select" | python3 -c 'import sys; print(round(float(sys.stdin.read())*1000))')
CARDS=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cards"]))' "$OUT/first-response.json")
SECOND_OS_MS=$(curl -fs -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' \
  --data-binary @"$OS300" "$BASE/cds-services/hematology-order-select" | python3 -c 'import sys; print(round(float(sys.stdin.read())*1000))')
RSS_START=$(rss_mb)
echo "start to first answer: ${FIRST_ANSWER_MS} ms; first order-select: ${FIRST_OS_MS} ms ($CARDS cards), second: ${SECOND_OS_MS} ms; RSS ${RSS_START} MB"
[ "$CARDS" -ge 2 ] || { echo "expected the benchmark request to fire cards, got $CARDS" >&2; exit 1; }

# run NAME URL [BODY] [extra wrk args...]: one wrk run, its report saved as $OUT/NAME.txt
run() {
  local name=$1 url=$2 body=${3:-}
  shift 3
  if [ -n "$body" ]; then
    BODY="$body" wrk -t"$THREADS" -c"$CONNECTIONS" --latency -s "$OUT/post.lua" "$@" "$url" >"$OUT/$name.txt"
  else
    wrk -t"$THREADS" -c"$CONNECTIONS" --latency "$@" "$url" >"$OUT/$name.txt"
  fi
  if grep -q "Non-2xx" "$OUT/$name.txt"; then
    echo "$name: some answers were not 2xx:" >&2; cat "$OUT/$name.txt" >&2; exit 1
  fi
}
# field NAME rps|p50|p99|requests: from a saved wrk report (latencies in ms)
field() {
  python3 - "$OUT/$1.txt" "$2" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
what = sys.argv[2]
def ms(v):
    n, u = re.match(r"([\d.]+)(us|ms|s|m)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[u]
if what == "rps":
    print(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
elif what == "requests":
    print(re.search(r"(\d+) requests in", text).group(1))
else:
    q = {"p50": "50%", "p99": "99%"}[what]
    found = re.search(r"^\s*" + re.escape(q) + r"\s+(\S+)", text, re.M).group(1)
    print("%.2f" % ms(found))
PY
}

echo "== warming up (${WARMUP} s each)"
run warmup-discovery "$BASE/cds-services" "" -d"${WARMUP}s"
run warmup-order-select "$BASE/cds-services/hematology-order-select" "$OS300" -d"${WARMUP}s"
RSS_WARM=$(rss_mb)
LIVE_WARM=$(live_heap_mb)

echo "== measuring (${DURATION} s each, $CONNECTIONS connections, $THREADS wrk threads)"
run discovery "$BASE/cds-services" "" -d"${DURATION}s"
run order-select-200 "$BASE/cds-services/hematology-order-select" "$OS200" -d"${DURATION}s"
run order-select-300 "$BASE/cds-services/hematology-order-select" "$OS300" -d"${DURATION}s"
if [ "$FHIR" = 1 ]; then
  # The same request without prefetch, naming a local FHIR server that answers each query with
  # what the prefetch carried (the service asks it for every kind its rules read, at every call).
  STUB_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  OSF="$OUT/order-select-fhir.json"
  python3 - "$OS300" "$OUT/fhir" "$OSF" "http://127.0.0.1:$STUB_PORT/fhir" <<'PY'
import json, os, sys
request = json.load(open(sys.argv[1]))
os.makedirs(sys.argv[2], exist_ok=True)
types = {"patient": "Patient", "conditions": "Condition", "observations": "Observation",
         "medicationRequests": "MedicationRequest", "medicationStatements": "MedicationStatement",
         "medicationAdministrations": "MedicationAdministration", "procedures": "Procedure",
         "serviceRequests": "ServiceRequest", "researchSubjects": "ResearchSubject"}
for key, value in request.pop("prefetch").items():
    json.dump(value, open(os.path.join(sys.argv[2], types[key] + ".json"), "w"), separators=(",", ":"))
request["fhirServer"] = sys.argv[4]
json.dump(request, open(sys.argv[3], "w"), separators=(",", ":"))
PY
  java "$ROOT/bench/FhirStub.java" "$STUB_PORT" "$OUT/fhir" >"$OUT/fhir-stub.log" 2>&1 &
  STUB_PID=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$STUB_PORT/fhir/Patient/b1"; do
    kill -0 "$STUB_PID" 2>/dev/null || { echo "the FHIR stub died; see $OUT/fhir-stub.log" >&2; exit 1; }
    sleep 0.1
  done
  FHIR_CARDS=$(curl -fs -H 'Content-Type: application/json' --data-binary @"$OSF" \
    "$BASE/cds-services/hematology-order-select" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["cards"]))')
  [ "$FHIR_CARDS" = "$CARDS" ] || { echo "without prefetch: $FHIR_CARDS cards, with prefetch: $CARDS" >&2; exit 1; }
  run warmup-order-select-fhir "$BASE/cds-services/hematology-order-select" "$OSF" -d"${WARMUP}s"
  run order-select-fhir "$BASE/cds-services/hematology-order-select" "$OSF" -d"${DURATION}s"
fi
RSS_AFTER=$(rss_mb)

D_RPS=$(field discovery rps)
A_RPS=$(field order-select-200 rps)
B_RPS=$(field order-select-300 rps)
ratio() { python3 -c "print(f'{$1/$2:.3f}')"; }

{
  echo
  echo "== results ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  printf '%-40s %10s %9s %9s %7s\n' "endpoint" "req/s" "p50 ms" "p99 ms" "ratio"
  printf '%-40s %10s %9s %9s %7s\n' "GET /cds-services" "$D_RPS" "$(field discovery p50)" "$(field discovery p99)" "1"
  printf '%-40s %10s %9s %9s %7s\n' "POST order-select $(( $(stat -c %s "$OS200") / 1024 )) KB, 200 obs" \
    "$A_RPS" "$(field order-select-200 p50)" "$(field order-select-200 p99)" "$(ratio "$A_RPS" "$D_RPS")"
  printf '%-40s %10s %9s %9s %7s\n' "POST order-select $(( $(stat -c %s "$OS300") / 1024 )) KB, 300 obs" \
    "$B_RPS" "$(field order-select-300 p50)" "$(field order-select-300 p99)" "$(ratio "$B_RPS" "$D_RPS")"
  if [ "$FHIR" = 1 ]; then
    F_RPS=$(field order-select-fhir rps)
    printf '%-40s %10s %9s %9s %7s\n' "POST order-select, no prefetch (FHIR)" \
      "$F_RPS" "$(field order-select-fhir p50)" "$(field order-select-fhir p99)" "$(ratio "$F_RPS" "$D_RPS")"
  fi
  echo "start to first answer: ${FIRST_ANSWER_MS} ms (target < 8000)"
  echo "first order-select after start: ${FIRST_OS_MS} ms, second: ${SECOND_OS_MS} ms"
  echo "RSS: ${RSS_START} MB after start, ${RSS_WARM} MB after warm-up, ${RSS_AFTER} MB after measuring (target < 400)"
  echo "heap live after full GC after warm-up: ${LIVE_WARM} MB"
} | tee "$OUT/results.txt"

if [ "$LONG" = 1 ]; then
  echo "== long run: $LONG_REQUESTS order-select requests (300 obs)"
  LIVE_BEFORE=$(live_heap_mb)
  RSS_BEFORE=$(rss_mb)
  ( while kill -0 "$PID" 2>/dev/null; do rss_mb; echo; sleep 5; done ) >"$OUT/long-rss.txt" 2>/dev/null &
  SAMPLER=$!
  rm -f "$OUT"/done-*
  BODY="$OS300" LIMIT=$(( LONG_REQUESTS / THREADS )) DONE_DIR="$OUT" \
    wrk -t"$THREADS" -c"$CONNECTIONS" --latency -s "$OUT/post.lua" -d7200s \
    "$BASE/cds-services/hematology-order-select" >"$OUT/long.txt" &
  WRK=$!
  while kill -0 "$WRK" 2>/dev/null; do
    if [ "$(find "$OUT" -maxdepth 1 -name 'done-*' | wc -l)" -ge "$THREADS" ]; then
      kill -INT "$WRK" 2>/dev/null || true # wrk prints its report on SIGINT
      break
    fi
    sleep 1
  done
  wait "$WRK" 2>/dev/null || true
  if grep -q "Non-2xx" "$OUT/long.txt"; then
    echo "long: some answers were not 2xx:" >&2; cat "$OUT/long.txt" >&2; exit 1
  fi
  kill "$SAMPLER" 2>/dev/null || true
  RSS_END=$(rss_mb)
  LIVE_END=$(live_heap_mb)
  RSS_MAX=$(sort -n "$OUT/long-rss.txt" | tail -1)
  {
    echo "long run: $(field long requests) requests at $(field long rps) req/s, p99 $(field long p99) ms"
    echo "  RSS ${RSS_BEFORE} MB before, ${RSS_END} MB after (max seen ${RSS_MAX} MB, every 5 s in long-rss.txt)"
    echo "  heap live after full GC: ${LIVE_BEFORE} MB before, ${LIVE_END} MB after"
  } | tee -a "$OUT/results.txt"
fi

if [ "$JFR" = 1 ]; then
  jcmd "$PID" JFR.dump name=bench filename="$OUT/bench.jfr" >/dev/null
  echo "== JFR: $OUT/bench.jfr, hottest frames on request threads"
  python3 "$ROOT/bench/jfr-top.py" "$OUT/bench.jfr" 25 http-nio | tee "$OUT/jfr-top.txt"
fi
