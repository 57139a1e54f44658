/**
 * The renderer's Content-Security-Policy, for both ways the UI is served: app:// in Electron
 * (electron/main/security.ts) and the loopback bridge in browser mode (electron/host/bridge.ts).
 * No 'unsafe-inline' or 'unsafe-eval': the built UI needs neither, and they are what an injected
 * script would need.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
