/** The library API: what `import … from 'mailwire'` gives. */
export { analyzeCapture, type AnalyzeOptions, type AnalyzeResult } from './pipeline.js';
export { createSessionFactory, SessionBuilder, type SessionSink } from './protocols/session-builder.js';
export { DECODERS } from './protocols/registry.js';
export type { ProtocolDecoder, DecoderContext, DecoderFactory, DecoderOptions } from './protocols/decoder.js';
export { CATALOGUE, violationSpec } from './model/catalogue.js';
export type * from './model/events.js';
export type * from './model/session.js';
export type * from './model/violation.js';
export type * from './capture/types.js';
export type * from './net/types.js';
export type * from './flow/types.js';
export { UserError } from './errors.js';
