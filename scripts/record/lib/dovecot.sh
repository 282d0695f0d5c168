# A private Dovecot (IMAP on 143, POP3 on 110, SASL for Postfix) run in the foreground with its
# own configuration file (sourced by record-all.sh). Nothing under /etc/dovecot is read or changed.

# Mail is owned by this existing unprivileged account, so no system user has to be created.
DOVECOT_MAIL_UID=65534
DOVECOT_MAIL_GID=65534

# write_dovecot_config DIR TLSDIR SASL_SOCKET: writes DIR/dovecot.conf and DIR/users (passwd-file
# with alice and bob, homes under DIR/home). SASL_SOCKET is the auth socket Postfix will use.
write_dovecot_config() {
  local dir=$1 tls=$2 sasl_socket=$3
  mkdir -p "$dir/run" "$dir/state" "$dir/home"
  cat >"$dir/users" <<USERS
alice:{PLAIN}${RECORD_ALICE_PASSWORD}:${DOVECOT_MAIL_UID}:${DOVECOT_MAIL_GID}::$dir/home/alice::
bob:{PLAIN}${RECORD_BOB_PASSWORD}:${DOVECOT_MAIL_UID}:${DOVECOT_MAIL_GID}::$dir/home/bob::
USERS
  # Read by the auth process, which runs as the dovecot user.
  chgrp dovecot "$dir/users"
  chmod 640 "$dir/users"
  cat >"$dir/dovecot.conf" <<CONF
# Throw-away Dovecot for mailwire's recordings.
base_dir = $dir/run
state_dir = $dir/state
instance_name = mailwire-record
log_path = $dir/dovecot.log
protocols = imap pop3
listen = ${RECORD_SERVER}
hostname = ${RECORD_SERVER_NAME}
# The clients log in with cleartext passwords outside TLS too: that is what is being recorded.
disable_plaintext_auth = no
auth_mechanisms = plain login
ssl = yes
ssl_cert = <$tls/cert.pem
ssl_key = <$tls/key.pem
ssl_dh = </usr/share/dovecot/dh.pem
mail_location = maildir:~/Maildir
pop3_uidl_format = %08Xu%08Xv

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $dir/users
}
userdb {
  driver = passwd-file
  args = username_format=%n $dir/users
}
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    port = ${RECORD_IMAP_PORT}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = ${RECORD_POP3_PORT}
  }
  inet_listener pop3s {
    port = 0
  }
}
service auth {
  unix_listener $sasl_socket {
    mode = 0660
    user = postfix
    group = postfix
  }
}
CONF
}

# reset_mailboxes DIR MESSAGES: gives alice a fresh Maildir holding the .eml files of MESSAGES (in
# name order, so their UIDs are 1, 2, 3...) and bob an empty one. Run before every POP3/IMAP
# recording, so each starts from the same mailbox whatever the previous one deleted or stored.
reset_mailboxes() {
  local dir=$1 messages=$2 user n=0 eml
  for user in alice bob; do
    rm -rf "$dir/home/$user"
    mkdir -p "$dir/home/$user/Maildir/"{cur,new,tmp}
  done
  for eml in "$messages"/*.eml; do
    n=$((n + 1))
    # Maildir names start with a delivery time; Dovecot numbers new files in that order.
    cp "$eml" "$dir/home/alice/Maildir/cur/$((1700000000 + n)).M${n}P1.${RECORD_SERVER_NAME},S=$(wc -c <"$eml"):2,"
  done
  chown -R "$DOVECOT_MAIL_UID:$DOVECOT_MAIL_GID" "$dir/home"
}

# start_dovecot DIR: runs the Dovecot master in the foreground (in the background of this shell);
# sets DOVECOT_PID.
start_dovecot() {
  local dir=$1
  dovecot -F -c "$dir/dovecot.conf" >>"$dir/dovecot.log" 2>&1 &
  DOVECOT_PID=$!
}

# stop_dovecot: asks the Dovecot master to stop and waits for it (it stops its children first).
stop_dovecot() {
  if [ -n "${DOVECOT_PID:-}" ]; then
    kill -TERM "$DOVECOT_PID" 2>/dev/null || true
    wait "$DOVECOT_PID" 2>/dev/null || true
    DOVECOT_PID=
  fi
}
