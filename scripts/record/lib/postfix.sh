# A private Postfix SMTP server on port 25, its master daemon run in the foreground with its own
# configuration directory, queue and data directories (sourced by record-all.sh). Nothing under
# /etc/postfix or /var/spool/postfix is read or changed. Accepted mail is discarded.

# write_postfix_config DIR TLSDIR: writes DIR/etc/main.cf and DIR/etc/master.cf and creates the
# queue DIR/spool ("postfix check"). AUTH is Dovecot SASL through DIR/spool/private/auth (see
# postfix_sasl_socket), so Dovecot can be started once this has made that directory.
write_postfix_config() {
  local dir=$1 tls=$2
  mkdir -p "$dir/etc" "$dir/spool" "$dir/data"
  chown postfix "$dir/data"
  cat >"$dir/etc/main.cf" <<CONF
# Throw-away Postfix for mailwire's recordings.
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
mail_owner = postfix
setgid_group = postdrop
myhostname = ${RECORD_SERVER_NAME}
mydomain = ${RECORD_DOMAIN}
myorigin = \$mydomain
mydestination =
inet_interfaces = ${RECORD_SERVER}
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP
biff = no
# alice and bob exist; any other recipient in the domain is refused with 550 at RCPT time.
virtual_mailbox_domains = \$mydomain
virtual_mailbox_maps = inline:{ alice@${RECORD_DOMAIN}=ok, bob@${RECORD_DOMAIN}=ok }
virtual_transport = discard:
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_tls_security_level = may
smtpd_tls_cert_file = $tls/cert.pem
smtpd_tls_key_file = $tls/key.pem
smtpd_tls_session_cache_database =
CONF
  # Every service runs unchrooted, so the configuration can live anywhere.
  cat >"$dir/etc/master.cf" <<'CONF'
smtp      inet  n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CONF
  # Postfix reports fatal errors to syslog only (none here) unless stderr is a terminal; the exit
  # status still tells whether the configuration is usable.
  postfix -c "$dir/etc" check
}

# postfix_sasl_socket DIR: where Dovecot must put the SASL socket Postfix talks to.
postfix_sasl_socket() {
  printf '%s/spool/private/auth\n' "$1"
}

# start_postfix DIR: runs the master daemon in the foreground (in the background of this shell);
# sets POSTFIX_PID. setsid makes it a process group leader, as it would be when detached: on TERM
# it stops its children by signalling its process group.
start_postfix() {
  local dir=$1
  setsid "$(postconf -c "$dir/etc" -h daemon_directory)/master" -c "$dir/etc" -d >>"$dir/postfix.log" 2>&1 &
  POSTFIX_PID=$!
}

# stop_postfix: stops the master daemon, which stops its children, and waits for it.
stop_postfix() {
  if [ -n "${POSTFIX_PID:-}" ]; then
    kill -TERM "$POSTFIX_PID" 2>/dev/null || true
    wait "$POSTFIX_PID" 2>/dev/null || true
    POSTFIX_PID=
  fi
}
