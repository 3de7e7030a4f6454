export type {
  AuthenticatedClient as OAuthClient,
  AuthenticatedUser as OAuthUser,
} from '../../accounts/accounts.types';
