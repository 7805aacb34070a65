/**
 * The id Chrome derives from the dev public key in non-store builds (manifest `key`). The
 * service allows it by default as a chromiumapp.org redirect target; store ids are configured.
 */
export const DEV_EXTENSION_ID = 'oacpaialeagcbfeomjhghbeadnghhhpd';
