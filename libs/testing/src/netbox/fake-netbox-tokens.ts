/** A v1 token (40 hex characters) the fake NetBox accepts by default: send it as `Token <token>`. */
export const FAKE_NETBOX_V1_TOKEN = '0123456789abcdef0123456789abcdef01234567';

/** A v2 token (`nbt_<key>.<plaintext>`, NetBox 4.5+) the fake NetBox accepts by default: `Bearer <token>`. */
export const FAKE_NETBOX_V2_TOKEN = 'nbt_4fkeyfake01.Zx9Qm2Lr8Vt5Wn3Hb7Kc1Pd6Jf4Gs0Ye2Ua8Ro5Ti';
