import { InitialSchema1796000000000 } from './1796000000000-initial-schema';

/** Every migration, in order. A new one is appended here. */
export const MIGRATIONS = [InitialSchema1796000000000];
