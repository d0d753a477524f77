import pkg from '../../package.json' with { type: 'json' };

/** Headroom's version, printed in reports. */
export const HEADROOM_VERSION: string = pkg.version;
