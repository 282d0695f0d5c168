# tcpdump on the loopback interface around one client run (sourced by record-all.sh).

# start_capture PCAP FILTER: starts tcpdump writing PCAP packet by packet and returns once it is
# listening; sets TCPDUMP_PID. --immediate-mode hands each packet to tcpdump as it arrives (by
# default packets wait in the kernel's ring buffer, and those still there at SIGINT are lost);
# -U writes each to the file at once; -Z root keeps tcpdump from switching to its own user before
# it opens PCAP (that user may not be able to write there).
start_capture() {
  local pcap=$1 filter=$2 i
  : >"$pcap.log"
  tcpdump -i lo -s 0 -B 32768 --immediate-mode -U -Z root -w "$pcap" "$filter" 2>"$pcap.log" &
  TCPDUMP_PID=$!
  CAPTURE_FILE=$pcap
  for i in $(seq 100); do
    grep -q '^tcpdump: listening on' "$pcap.log" && return 0
    kill -0 "$TCPDUMP_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "tcpdump did not start:" >&2
  cat "$pcap.log" >&2
  return 1
}

# stop_capture: stops tcpdump with SIGINT and waits until it has flushed and closed its file.
stop_capture() {
  if [ -n "${TCPDUMP_PID:-}" ]; then
    # On a loaded machine tcpdump can lag behind the traffic; packets still in the kernel's ring
    # when it gets SIGINT are lost. Wait (up to 3 s) until the file has stopped growing.
    local pcap=${CAPTURE_FILE:-} last=-1 size stable=0 i
    if [ -n "$pcap" ]; then
      for i in $(seq 30); do
        size=$(stat -c %s "$pcap" 2>/dev/null || echo 0)
        if [ "$size" = "$last" ]; then stable=$((stable + 1)); else stable=0; fi
        [ "$stable" -ge 3 ] && break
        last=$size
        sleep 0.1
      done
    fi
    kill -INT "$TCPDUMP_PID" 2>/dev/null || true
    wait "$TCPDUMP_PID" 2>/dev/null || true
    TCPDUMP_PID=
  fi
}

# wait_until_closed PORT: waits (up to 5 s) until no TCP connection to PORT is open any more, apart
# from those in TIME-WAIT, so that the closing FIN/ACK exchange is in the capture.
wait_until_closed() {
  local port=$1 i
  for i in $(seq 100); do
    [ -z "$(ss -Htn state connected exclude time-wait "( sport = :$port or dport = :$port )")" ] && return 0
    sleep 0.05
  done
  echo "connections to port $port still open after 5 s" >&2
  return 1
}

# wait_for_listener PORT: waits (up to 10 s) until something listens on TCP PORT.
wait_for_listener() {
  local port=$1 i
  for i in $(seq 200); do
    [ -n "$(ss -Hltn "( sport = :$port )")" ] && return 0
    sleep 0.05
  done
  echo "nothing listens on port $port after 10 s" >&2
  return 1
}
