#!/usr/bin/env bash
# Records real SMTP, POP3 and IMAP traffic between real programs into pcap files: Postfix (SMTP,
# with Dovecot SASL for AUTH) and Dovecot (POP3, IMAP) as servers; swaks, curl and Python's
# smtplib, poplib and imaplib as clients; tcpdump on the loopback interface.
#
#   sudo scripts/record/record-all.sh [OUTDIR]        (default OUTDIR: captures/real)
#
# Needs root and these Debian 12 packages (apt-get install --no-install-recommends ...):
#   postfix dovecot-imapd dovecot-pop3d swaks libnet-ssleay-perl curl python3 tcpdump openssl
#   iproute2 util-linux
#
# Everything runs in private network, PID and mount namespaces (unshare), so the servers listen on
# the standard ports (SMTP 25, POP3 110, IMAP 143) at 127.0.0.2 without meeting any system mail
# server, and when the script ends, however it ends, every process it started ends with it. The
# servers use a throw-away configuration in a temporary directory: nothing under /etc/postfix,
# /etc/dovecot or /var is read or changed, and no system service is touched. Re-runnable: each run
# starts from scratch and overwrites the files in OUTDIR. Set RECORD_KEEP_WORK=1 to keep the
# temporary directory (configuration, server logs, client output) for inspection.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REQUIRED_COMMANDS=(postfix postconf dovecot swaks curl tcpdump openssl ip ss unshare /usr/bin/python3)

die() {
  echo "record-all: $*" >&2
  exit 1
}

# Outside the namespaces: check the machine, then run this script again inside new namespaces.
if [ "${1:-}" != "--in-namespace" ]; then
  [ "$(id -u)" = 0 ] || die "must run as root (it runs mail servers on ports 25/110/143 and tcpdump)"
  for command in "${REQUIRED_COMMANDS[@]}"; do
    command -v "$command" >/dev/null || die "$command not found; install the packages listed at the top of $0"
  done
  perl -MNet::SSLeay -e 1 2>/dev/null || die "swaks needs Net::SSLeay for STARTTLS: apt-get install libnet-ssleay-perl"
  outdir=$(realpath -m "${1:-$HERE/../../captures/real}")
  mkdir -p "$outdir"
  unshare --net --pid --mount-proc --kill-child -- true ||
    die "cannot create network, PID and mount namespaces (unshare); in a container this needs CAP_SYS_ADMIN (docker run --privileged)"
  exec unshare --net --pid --mount-proc --kill-child -- "$BASH" "$HERE/record-all.sh" --in-namespace "$outdir"
fi
OUTDIR=$2

# shellcheck source=lib/identities.sh
. "$HERE/lib/identities.sh"
# shellcheck source=lib/tls.sh
. "$HERE/lib/tls.sh"
# shellcheck source=lib/dovecot.sh
. "$HERE/lib/dovecot.sh"
# shellcheck source=lib/postfix.sh
. "$HERE/lib/postfix.sh"
# shellcheck source=lib/capture.sh
. "$HERE/lib/capture.sh"

WORK=$(mktemp -d /tmp/mailwire-record.XXXXXX)
cleanup() {
  stop_capture
  stop_postfix
  stop_dovecot
  if [ "${RECORD_KEEP_WORK:-}" = 1 ]; then
    echo "record-all: work directory kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# The daemons' unprivileged users (postfix, dovecot, nobody) must reach their files in here.
chmod 755 "$WORK"
mkdir -p "$WORK/pcap" "$WORK/logs"
ip link set lo up
ip addr add "$RECORD_SERVER/8" dev lo

make_certificate "$WORK/tls"
export RECORD_CA_FILE="$WORK/tls/cert.pem"
write_postfix_config "$WORK/postfix" "$WORK/tls"
write_dovecot_config "$WORK/dovecot" "$WORK/tls" "$(postfix_sasl_socket "$WORK/postfix")"
reset_mailboxes "$WORK/dovecot" "$HERE/mailbox"
start_dovecot "$WORK/dovecot"
start_postfix "$WORK/postfix"
for port in "$RECORD_SMTP_PORT" "$RECORD_POP3_PORT" "$RECORD_IMAP_PORT"; do
  wait_for_listener "$port"
done

# record NAME PORT COMMAND...: runs COMMAND (which must succeed) while tcpdump records the traffic
# with the server's PORT into OUTDIR/NAME.pcap.
record() {
  local name=$1 port=$2
  shift 2
  local pcap="$WORK/pcap/$name.pcap" log="$WORK/logs/$name.log"
  start_capture "$pcap" "host $RECORD_SERVER and tcp port $port"
  if ! "$@" >"$log" 2>&1; then
    stop_capture
    echo "record-all: $name: the client failed; its output:" >&2
    cat "$log" >&2
    return 1
  fi
  wait_until_closed "$port"
  stop_capture
  install -m 644 "$pcap" "$OUTDIR/$name.pcap"
  printf '%-28s %9d bytes\n' "$name.pcap" "$(stat -c %s "$OUTDIR/$name.pcap")"
}

# expect_status CODE COMMAND...: runs COMMAND, which must exit with status CODE.
expect_status() {
  local expected=$1 status=0
  shift
  "$@" || status=$?
  [ "$status" = "$expected" ] && return 0
  echo "$1 exited with $status, expected $expected" >&2
  return 1
}

# A fresh mailbox for the POP3 or IMAP client that follows.
fresh_mailboxes() {
  reset_mailboxes "$WORK/dovecot" "$HERE/mailbox"
}

# run_client SCRIPT ARGS...: runs one of the Python clients in clients/ with Debian's Python (which
# is what the python3 package installs; -B: no __pycache__ in the source tree).
run_client() {
  /usr/bin/python3 -B "$HERE/clients/$1" "${@:2}"
}

smtp_server="$RECORD_SERVER:$RECORD_SMTP_PORT"
alice="alice@$RECORD_DOMAIN"
bob="bob@$RECORD_DOMAIN"
# swaks's defaults would put this machine's name in EHLO and in the Message-Id header.
swaks_common=(--server "$smtp_server" --helo "$RECORD_CLIENT_NAME" --from "$alice" --to "$bob")
message_id() {
  printf 'Message-Id: <%s@%s>' "$1" "$RECORD_DOMAIN"
}

# SMTP: Postfix.
record smtp-plain "$RECORD_SMTP_PORT" \
  swaks "${swaks_common[@]}" --header "$(message_id plain.1)"
record smtp-pipelining "$RECORD_SMTP_PORT" \
  swaks "${swaks_common[@]}" --header "$(message_id pipelining.1)" --pipeline
record smtp-auth-plain "$RECORD_SMTP_PORT" \
  swaks "${swaks_common[@]}" --header "$(message_id auth-plain.1)" \
  --auth PLAIN --auth-user alice --auth-password "$RECORD_ALICE_PASSWORD"
record smtp-auth-login "$RECORD_SMTP_PORT" \
  swaks "${swaks_common[@]}" --header "$(message_id auth-login.1)" \
  --auth LOGIN --auth-user bob --auth-password "$RECORD_BOB_PASSWORD"
record smtp-starttls "$RECORD_SMTP_PORT" \
  swaks "${swaks_common[@]}" --header "$(message_id starttls.1)" --tls
# swaks exits with 24 when every recipient is refused.
record smtp-rejected-rcpt "$RECORD_SMTP_PORT" \
  expect_status 24 swaks --server "$smtp_server" --helo "$RECORD_CLIENT_NAME" --from "$alice" \
  --to "$RECORD_UNKNOWN_RCPT"
record smtp-multi "$RECORD_SMTP_PORT" run_client smtp_multi.py
run_client make_big_message.py "$WORK/big.eml"
# curl names the client in EHLO after the URL's path.
record smtp-1mb-dotstuffed "$RECORD_SMTP_PORT" \
  curl --silent --show-error "smtp://$smtp_server/$RECORD_CLIENT_NAME" \
  --mail-from "$alice" --mail-rcpt "$bob" --upload-file "$WORK/big.eml"

# POP3: Dovecot.
pop3_url="pop3://$RECORD_SERVER:$RECORD_POP3_PORT"
fresh_mailboxes
# One curl run, one connection: LIST, then RETR 2 and RETR 3.
record pop3-curl "$RECORD_POP3_PORT" \
  curl --silent --show-error --user "alice:$RECORD_ALICE_PASSWORD" \
  "$pop3_url/" "$pop3_url/2" "$pop3_url/3"
fresh_mailboxes
record pop3-poplib "$RECORD_POP3_PORT" run_client pop3_session.py
fresh_mailboxes
# curl checks the certificate against the server's name, so connect by that name.
record pop3-stls "$RECORD_POP3_PORT" \
  curl --silent --show-error --ssl-reqd --cacert "$RECORD_CA_FILE" --resolve "$RECORD_SERVER_NAME:$RECORD_POP3_PORT:$RECORD_SERVER" \
  --user "alice:$RECORD_ALICE_PASSWORD" "pop3://$RECORD_SERVER_NAME:$RECORD_POP3_PORT/1"

# IMAP: Dovecot.
imap_url="imap://$RECORD_SERVER:$RECORD_IMAP_PORT"
fresh_mailboxes
# One curl run, one connection: LIST, SELECT and FETCH of two messages, SEARCH.
record imap-curl "$RECORD_IMAP_PORT" \
  curl --silent --show-error --user "alice:$RECORD_ALICE_PASSWORD" \
  "$imap_url/" "$imap_url/INBOX/;UID=1" "$imap_url/INBOX/;UID=2" \
  --next --silent --show-error --user "alice:$RECORD_ALICE_PASSWORD" --request 'SEARCH SUBJECT dots' "$imap_url/INBOX"
fresh_mailboxes
record imap-imaplib "$RECORD_IMAP_PORT" run_client imap_session.py
fresh_mailboxes
record imap-idle "$RECORD_IMAP_PORT" run_client imap_idle.py "$WORK/dovecot/home/alice/Maildir"
fresh_mailboxes
record imap-starttls "$RECORD_IMAP_PORT" run_client imap_starttls.py

# Last: after a failed login Dovecot delays further logins from the same address for a while.
record pop3-bad-login "$RECORD_POP3_PORT" run_client pop3_bad_login.py

echo "record-all: captures written to $OUTDIR"
