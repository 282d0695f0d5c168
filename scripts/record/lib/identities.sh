# Fixed, fake identities and addresses used by every recording (sourced by record-all.sh).
# Nothing here comes from the host: the Python clients read the same values from the environment.

# Server address inside the private network namespace; the clients connect from 127.0.0.1.
export RECORD_SERVER=127.0.0.2
export RECORD_SERVER_NAME=mail.example.test
export RECORD_CLIENT_NAME=client.example.test
export RECORD_DOMAIN=example.test
export RECORD_SMTP_PORT=25
export RECORD_POP3_PORT=110
export RECORD_IMAP_PORT=143
export RECORD_ALICE_PASSWORD=alice-password
export RECORD_BOB_PASSWORD=bob-password
# A recipient the SMTP server does not know, so RCPT TO gets a 550.
export RECORD_UNKNOWN_RCPT=nobody@example.test
