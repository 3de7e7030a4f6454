import { Accounts1763910000000 } from './1763910000000-accounts';

export { Accounts1763910000000 };
export const accountsMigrations = [Accounts1763910000000];
