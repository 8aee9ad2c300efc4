#!/usr/bin/env bash
# A local Flink session cluster for c4pipe: one JobManager and two TaskManagers, each
# its own JVM process, with Beam's Python workers started by the TaskManagers as
# separate processes (`c4pipe-sdk-worker`, Beam's PROCESS environment).
#
#   scripts/flink/cluster.sh install          Flink's home from PyPI, in a venv of its own
#   scripts/flink/cluster.sh start            start and wait for the REST API and 2 TaskManagers
#   scripts/flink/cluster.sh stop             stop every process it started
#   scripts/flink/cluster.sh status           the REST API's overview
#   scripts/flink/cluster.sh add-taskmanager  one more TaskManager (after one was killed)
#
# Environment: C4PIPE_FLINK_DIR (state: conf, logs, pids, temp and spill directories;
# default <repo>/.flink-cluster), C4PIPE_FLINK_HOME_VENV (default
# ${C4PIPE_CACHE:-~/.cache/c4pipe}/flink/flink-$FLINK_VERSION), C4PIPE_FLINK_TASKMANAGERS
# (default 2), C4PIPE_FLINK_REST_PORT (default 8081), C4PIPE_FLINK_TASKMANAGER_MEMORY
# (each TaskManager JVM's process size, default 4096m), MALLOC_ARENA_MAX (default 2, see
# below), C4PIPE_WORKER_SEND_QUEUE_MB (the Python workers' outgoing messages kept in
# memory before they spill to the state's tmp/, beside Flink's own spill; default 64,
# beam_jobs/sdk_worker_main.py). The settings are in
# scripts/flink/config.yaml; the submitting command is `c4pipe run --runner flink
# --flink-master localhost:8081`.
set -euo pipefail

FLINK_VERSION=1.19.3   # the Flink minor of Beam's job server (c4pipe/io/flink_job_server.py)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATE="${C4PIPE_FLINK_DIR:-$REPO/.flink-cluster}"
VENV="${C4PIPE_FLINK_HOME_VENV:-${C4PIPE_CACHE:-$HOME/.cache/c4pipe}/flink/flink-$FLINK_VERSION}"
TASKMANAGERS="${C4PIPE_FLINK_TASKMANAGERS:-2}"
REST_PORT="${C4PIPE_FLINK_REST_PORT:-8081}"
TASKMANAGER_MEMORY="${C4PIPE_FLINK_TASKMANAGER_MEMORY:-4096m}"
PYTHON="${PYTHON:-python3}"

flink_home() {
  local home
  home="$(ls -d "$VENV"/lib/python3*/site-packages/pyflink 2>/dev/null | head -1)"
  if [[ -z "$home" || ! -x "$home/bin/jobmanager.sh" ]]; then
    echo "cluster.sh: no Flink home in $VENV; run: scripts/flink/cluster.sh install" >&2
    exit 2
  fi
  echo "$home"
}

install() {
  if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
  fi
  # --no-deps: the wheels pin an old apache-beam; only their Flink distribution is used.
  "$VENV/bin/python" -m pip install --quiet --no-deps \
    "apache-flink==$FLINK_VERSION" "apache-flink-libraries==$FLINK_VERSION"
  echo "Flink $FLINK_VERSION home: $(flink_home)"
}

write_conf() {
  local home="$1"
  mkdir -p "$STATE/conf" "$STATE/log" "$STATE/tmp" "$STATE/pid"
  cp "$home"/conf/log4j*.properties "$STATE/conf/"
  # Flink's own JVM flags for Java 17, then c4pipe's settings with the paths filled in.
  {
    grep -m1 -o -- '--add-exports.*' "$home/conf/config.yaml" | sed 's/^/env.java.opts.all: /'
    sed -e "s|@STATE@|$STATE|g" -e "s|@REST_PORT@|$REST_PORT|g" \
        -e "s|@TASKMANAGER_MEMORY@|$TASKMANAGER_MEMORY|g" "$HERE/config.yaml"
  } > "$STATE/conf/config.yaml"
}

wait_ready() {
  local want="$1" overview=""
  for _ in $(seq 1 120); do
    overview="$(curl -s -m 2 "http://localhost:$REST_PORT/overview" || true)"
    if [[ "$overview" == *"\"taskmanagers\":$want,"* ]]; then
      echo "Flink cluster ready at localhost:$REST_PORT: $overview"
      return 0
    fi
    sleep 1
  done
  echo "cluster.sh: Flink did not come up with $want TaskManagers within 120 s ($overview); logs in $STATE/log" >&2
  return 1
}

taskmanagers_running() {
  local n=0 pid
  if [[ -f "$STATE/pid/flink-$USER-taskexecutor.pid" ]]; then
    while read -r pid; do
      if kill -0 "$pid" 2>/dev/null; then n=$((n + 1)); fi
    done < "$STATE/pid/flink-$USER-taskexecutor.pid"
  fi
  echo "$n"
}

export USER="${USER:-$(id -un)}"
# glibc gives threads that allocate at once arenas of their own (up to 8 per core), and
# what is freed in one arena stays resident for that arena's reuse. A TaskManager runs a
# thread per task and per gRPC stream, and a run at a higher parallelism has more of
# them, so its resident memory grows with the task count, not with what is in use.
# Two arenas bound that; the Python workers inherit the setting. (Flink's own Docker
# images preload jemalloc for the same reason.)
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export FLINK_CONF_DIR="$STATE/conf" FLINK_LOG_DIR="$STATE/log" FLINK_PID_DIR="$STATE/pid"
case "${1:-}" in
  install)
    install ;;
  start)
    home="$(flink_home)"
    write_conf "$home"
    export TMPDIR="$STATE/tmp"  # the Python workers' spill files, beside Flink's (io.tmp.dirs)
    "$home/bin/jobmanager.sh" start
    for _ in $(seq 1 "$TASKMANAGERS"); do "$home/bin/taskmanager.sh" start; done
    wait_ready "$TASKMANAGERS" ;;
  add-taskmanager)
    home="$(flink_home)"
    export TMPDIR="$STATE/tmp"
    "$home/bin/taskmanager.sh" start
    wait_ready "$(taskmanagers_running)" ;;
  stop)
    home="$(flink_home)"
    "$home/bin/taskmanager.sh" stop-all || true
    "$home/bin/jobmanager.sh" stop-all || true
    # Python workers the TaskManagers started and did not outlive them.
    pkill -f "c4pipe-sdk-worker|sdk_worker_main" 2>/dev/null || true ;;
  status)
    curl -s -m 2 "http://localhost:$REST_PORT/overview" && echo ;;
  *)
    awk 'NR > 1 && !/^#/ {exit} NR > 1 {print}' "$0" >&2  # the header above
    exit 2 ;;
esac
