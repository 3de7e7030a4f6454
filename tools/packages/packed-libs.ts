/** The libraries other teams install, in dependency order (a package's internal deps come first). */
export interface PackedLib {
  /** Folder under libs/. */
  dir: string;
  name: string;
  description: string;
}

export const PACKED_LIBS: readonly PackedLib[] = [
  {
    dir: 'protocol',
    name: '@gatehouse/protocol',
    description:
      'The Gatehouse wire contract: JSON-RPC 2.0 types and codes, message and token schemas, JWT verification, NestJS guards.',
  },
  {
    dir: 'discovery-client',
    name: '@gatehouse/discovery-client',
    description:
      'Joins a NestJS service to Gatehouse discovery: registration, permissions, pair-token calls and the allows guard.',
  },
  {
    dir: 'gate-client',
    name: '@gatehouse/gate-client',
    description:
      'A client of the Gatehouse gate for browsers and Node: JSON-RPC over WebSocket, login, reconnection. No dependencies.',
  },
  {
    dir: 'facade-kit',
    name: '@gatehouse/facade-kit',
    description:
      'Write a facade behind the Gatehouse gate in a few lines: JSON-RPC dispatcher, envelope, gate-only guard, offline notices, pushes.',
  },
];
