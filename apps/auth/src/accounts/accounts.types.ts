import type { PublicKeyAlgorithm } from '../database/entities';

/** What the token endpoint learns about a client that authenticated. */
export interface AuthenticatedClient {
  clientId: string;
  grants: string[];
  scopes: string[];
  roles: string[];
}

/** What the token endpoint learns about a user whose password verified. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  roles: string[];
}

export interface UserView extends AuthenticatedUser {
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PublicKeyView {
  id: string;
  algorithm: PublicKeyAlgorithm;
  publicKey: string;
  createdAt: string;
}

export interface ClientView extends AuthenticatedClient {
  disabled: boolean;
  /** False for a public client; the secret itself is never shown after creation. */
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
}
