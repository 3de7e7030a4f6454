/**
 * The WebSocket subprotocol of the gate's persistent link to a facade (PROTOCOL.md 3.1): each frame
 * is one JSON-RPC message or an array of them, answers come back by id in any order and any frame.
 * A facade offers the link by accepting an upgrade with this subprotocol on its JSON-RPC path.
 */
export const GATE_LINK_SUBPROTOCOL = 'gatehouse.jsonrpc-link.v1';
