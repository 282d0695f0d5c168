/**
 * Display names for the numbers a TLS observer sees: protocol versions, alert levels and alert
 * descriptions (IANA "TLS Alerts" registry spelling). Unknown values are shown in hex.
 */

/** `0xC02F`-style hex of a 16-bit value (upper-case digits, four of them). */
export function hex16(value: number): string {
  return '0x' + value.toString(16).toUpperCase().padStart(4, '0');
}

/** `0x7B`-style hex of an 8-bit value. */
export function hex8(value: number): string {
  return '0x' + value.toString(16).toUpperCase().padStart(2, '0');
}

/** True for the RFC 8701 GREASE values (0x0A0A, 0x1A1A, ... 0xFAFA) used in version and suite lists. */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}

/** True when `version` selects TLS 1.3 (final or one of the drafts, 0x7Fxx). */
export function isTls13(version: number): boolean {
  return version === 0x0304 || version >> 8 === 0x7f;
}

/** `SSL 3.0`, `TLS 1.0` ... `TLS 1.3`, `TLS 1.3 (draft 23)`; other values in hex. */
export function versionName(version: number): string {
  switch (version) {
    case 0x0002:
      return 'SSL 2.0';
    case 0x0300:
      return 'SSL 3.0';
    case 0x0301:
      return 'TLS 1.0';
    case 0x0302:
      return 'TLS 1.1';
    case 0x0303:
      return 'TLS 1.2';
    case 0x0304:
      return 'TLS 1.3';
  }
  if (version >> 8 === 0x7f) return `TLS 1.3 (draft ${version & 0xff})`;
  return hex16(version);
}

/** `warning` (1) or `fatal` (2); other values in hex. */
export function alertLevelName(level: number): string {
  if (level === 1) return 'warning';
  if (level === 2) return 'fatal';
  return hex8(level);
}

const ALERT_DESCRIPTIONS: ReadonlyMap<number, string> = new Map([
  [0, 'close_notify'],
  [10, 'unexpected_message'],
  [20, 'bad_record_mac'],
  [21, 'decryption_failed'],
  [22, 'record_overflow'],
  [30, 'decompression_failure'],
  [40, 'handshake_failure'],
  [41, 'no_certificate'],
  [42, 'bad_certificate'],
  [43, 'unsupported_certificate'],
  [44, 'certificate_revoked'],
  [45, 'certificate_expired'],
  [46, 'certificate_unknown'],
  [47, 'illegal_parameter'],
  [48, 'unknown_ca'],
  [49, 'access_denied'],
  [50, 'decode_error'],
  [51, 'decrypt_error'],
  [60, 'export_restriction'],
  [70, 'protocol_version'],
  [71, 'insufficient_security'],
  [80, 'internal_error'],
  [86, 'inappropriate_fallback'],
  [90, 'user_canceled'],
  [100, 'no_renegotiation'],
  [109, 'missing_extension'],
  [110, 'unsupported_extension'],
  [111, 'certificate_unobtainable'],
  [112, 'unrecognized_name'],
  [113, 'bad_certificate_status_response'],
  [114, 'bad_certificate_hash_value'],
  [115, 'unknown_psk_identity'],
  [116, 'certificate_required'],
  [120, 'no_application_protocol'],
  [121, 'ech_required'],
]);

/** IANA name of an alert description, e.g. `handshake_failure`; unknown values in hex. */
export function alertDescriptionName(description: number): string {
  return ALERT_DESCRIPTIONS.get(description) ?? hex8(description);
}
