/** The bridge's release (package.json's version), as its NATS services report it. */
export const BRIDGE_VERSION = '0.1.0';
