// The discovery explorer: plain browser JavaScript, no build step. It reads the provider's admin
// routes with the operator's access token (kept in this page's memory only) and redraws every
// REFRESH_MS. Every value from the server goes into the page as text (textContent, SVG attributes),
// never as HTML, and the page's Content-Security-Policy allows no inline script.
'use strict';

const REFRESH_MS = 2000;
const SVG = 'http://www.w3.org/2000/svg';
const state = { token: null, timer: null };
const $ = (selector) => document.querySelector(selector);

async function getJson(path) {
  const response = await fetch(path, {
    headers: { authorization: `Bearer ${state.token}` },
    cache: 'no-store',
  });
  if (response.status === 401 || response.status === 403)
    throw Object.assign(new Error('refused'), { refused: response.status });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

async function load() {
  const [services, instances, graph, tokens] = await Promise.all([
    getJson('/explorer/services'),
    getJson('/explorer/instances'),
    getJson('/explorer/graph'),
    getJson('/admin/configuration-tokens'),
  ]);
  return { services, instances, graph, tokens };
}

async function refresh() {
  try {
    render(await load());
    $('#status').textContent =
      `Updated ${new Date().toLocaleTimeString()}, refreshing every ${REFRESH_MS / 1000} s`;
  } catch (error) {
    if (error.refused)
      return signOut(
        `The provider refused the token (${error.refused}): it expired or lacks the admin role.`,
      );
    $('#status').textContent = `Refresh failed (${error.message}); retrying`;
  } finally {
    if (state.token) state.timer = setTimeout(refresh, REFRESH_MS);
  }
}

function render({ services, instances, graph, tokens }) {
  fillTable('#services', services, (s) => [s.name, String(s.instances), s.permissions.join(', ') || '—']);
  fillTable('#instances', instances, (i) => [
    i.service,
    { text: i.id.slice(0, 8), title: i.id, mono: true },
    i.host,
    i.ip,
    { text: i.health, badge: i.health },
    { text: ago(i.lastSeenAt), title: i.lastSeenAt },
    String(i.pingFailures),
    i.pushPending ? 'yes' : 'no',
  ]);
  fillTable('#tokens', tokens, (t) => [
    { text: t.jti, mono: true },
    t.name,
    t.permissions.join(', ') || '—',
    t.issuedAt,
    t.expiresAt ?? 'never',
    t.revokedAt ? { text: t.revokedAt, badge: 'revoked' } : '—',
    String(t.instances),
  ]);
  drawGraph(graph);
}

function fillTable(selector, rows, cells) {
  const body = document.querySelector(`${selector} tbody`);
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      for (const cell of cells(row)) {
        const td = document.createElement('td');
        const spec = typeof cell === 'string' ? { text: cell } : cell;
        if (spec.badge) {
          const span = document.createElement('span');
          span.className = `badge ${spec.badge}`;
          span.textContent = spec.text;
          td.append(span);
        } else {
          td.textContent = spec.text;
        }
        if (spec.mono) td.className = 'mono';
        if (spec.title) td.title = spec.title;
        tr.append(td);
      }
      return tr;
    }),
  );
}

function ago(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return seconds < 120 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
}

/** Services on a circle, an arrow for each permission; a callee without instances is drawn dashed. */
function drawGraph(graph) {
  const svg = $('#graph');
  const counts = new Map(graph.nodes.map((n) => [n.service, n.instances]));
  const names = [...new Set([...graph.nodes.map((n) => n.service), ...graph.edges.map((e) => e.to)])].sort();
  const [width, height, r] = [640, 420, 34];
  const radius = names.length > 1 ? Math.min(width, height) / 2 - r - 16 : 0;
  const at = new Map(
    names.map((name, i) => {
      const angle = (2 * Math.PI * i) / names.length - Math.PI / 2;
      return [name, { x: width / 2 + radius * Math.cos(angle), y: height / 2 + radius * Math.sin(angle) }];
    }),
  );
  const children = [markers()];
  for (const edge of graph.edges) {
    const from = at.get(edge.from);
    const to = at.get(edge.to);
    if (!from || !to || edge.from === edge.to) continue;
    // Bent to its left, so that a -> b and b -> a stay two visible arrows.
    const [dx, dy] = [to.x - from.x, to.y - from.y];
    const length = Math.hypot(dx, dy);
    const [ux, uy] = [dx / length, dy / length];
    const bend = { x: (from.x + to.x) / 2 + uy * 28, y: (from.y + to.y) / 2 - ux * 28 };
    const start = toward(from, bend, r);
    const end = toward(to, bend, r + 4);
    children.push(
      element('path', {
        class: `edge${edge.live ? '' : ' absent'}`,
        d: `M ${start.x} ${start.y} Q ${bend.x} ${bend.y} ${end.x} ${end.y}`,
        'marker-end': `url(#${edge.live ? 'arrow' : 'arrow-absent'})`,
        'data-from': edge.from,
        'data-to': edge.to,
      }),
    );
  }
  for (const name of names) {
    const { x, y } = at.get(name);
    const instances = counts.get(name) ?? 0;
    const node = element('g', { class: `node${instances ? '' : ' absent'}`, 'data-service': name });
    node.append(
      element('circle', { cx: x, cy: y, r }),
      element('text', { x, y: y - 2 }, name),
      element(
        'text',
        { x, y: y + 13, class: 'count' },
        instances === 1 ? '1 instance' : `${instances} instances`,
      ),
    );
    children.push(node);
  }
  svg.replaceChildren(...children);
}

function toward(point, target, distance) {
  const [dx, dy] = [target.x - point.x, target.y - point.y];
  const length = Math.hypot(dx, dy) || 1;
  return { x: point.x + (dx / length) * distance, y: point.y + (dy / length) * distance };
}

function markers() {
  const defs = element('defs', {});
  for (const id of ['arrow', 'arrow-absent']) {
    const marker = element('marker', {
      id,
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto',
    });
    marker.append(element('path', { d: 'M 0 0 L 10 5 L 0 10 z' }));
    defs.append(marker);
  }
  return defs;
}

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function signOut(message) {
  clearTimeout(state.timer);
  state.token = null;
  $('#dashboard').hidden = true;
  $('#sign-out').hidden = true;
  $('#sign-in').hidden = false;
  $('#sign-in-error').textContent = message ?? '';
  $('#status').textContent = '';
}

async function signIn(event) {
  event.preventDefault();
  const token = $('#token').value.trim();
  if (!token) return;
  state.token = token;
  try {
    render(await load());
  } catch (error) {
    state.token = null;
    $('#sign-in-error').textContent = error.refused
      ? `The provider refused this token (${error.refused}): it needs the admin role and this provider's audience.`
      : `Could not reach the provider: ${error.message}`;
    return;
  }
  $('#token').value = '';
  $('#sign-in').hidden = true;
  $('#dashboard').hidden = false;
  $('#sign-out').hidden = false;
  $('#sign-in-error').textContent = '';
  clearTimeout(state.timer);
  state.timer = setTimeout(refresh, REFRESH_MS);
  $('#status').textContent = `Signed in, refreshing every ${REFRESH_MS / 1000} s`;
}

$('#sign-in').addEventListener('submit', signIn);
$('#sign-out').addEventListener('click', () => signOut());
