/** The octets the IMAP grammar is built from (RFC 9051 §9), named once for every parser module. */
export const SP = 0x20;
export const DQUOTE = 0x22;
export const PLUS = 0x2b;
export const LPAREN = 0x28;
export const RPAREN = 0x29;
export const LBRACKET = 0x5b;
export const BACKSLASH = 0x5c;
export const RBRACKET = 0x5d;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const TILDE = 0x7e;
