/**
 * The TLS observation layer's public API: what the session layer uses to recognise TLS and to
 * follow a TLS connection without decrypting it.
 */
export { sniffTls } from './sniff.js';
export { TlsDirectionObserver, type TlsInfoKind, type TlsRecordInfo } from './direction-observer.js';
export { TlsConnectionObserver } from './connection-observer.js';
