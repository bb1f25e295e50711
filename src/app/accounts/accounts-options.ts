// What the accounts use cases are tuned with. Production uses the defaults; tests may pass
// cheaper scrypt parameters or shorter lifetimes.

import {
  DEFAULT_SESSION_POLICY,
  type SessionPolicy,
} from '../../domain/accounts/session-lifetime.js';
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from './password-hash.js';

export interface AccountsTuning {
  scrypt: ScryptParams;
  session: SessionPolicy;
}

export const DEFAULT_ACCOUNTS_TUNING: AccountsTuning = {
  scrypt: DEFAULT_SCRYPT_PARAMS,
  session: DEFAULT_SESSION_POLICY,
};
