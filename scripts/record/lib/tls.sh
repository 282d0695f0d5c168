# Self-signed certificate for STARTTLS/STLS (sourced by record-all.sh).

# make_certificate DIR: writes DIR/key.pem and DIR/cert.pem for $RECORD_SERVER_NAME, valid ten
# years. The key is readable by root only; both daemons read it as root before dropping privileges.
make_certificate() {
  local dir=$1
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
    -subj "/CN=${RECORD_SERVER_NAME}" -addext "subjectAltName=DNS:${RECORD_SERVER_NAME}" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
  chmod 600 "$dir/key.pem"
  chmod 644 "$dir/cert.pem"
}
