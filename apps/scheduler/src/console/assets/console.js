// The operator console: plain JavaScript, no build step. Everything it shows comes from the scheduler's
// management API (/api/…) with the bearer token entered above, kept in this tab's sessionStorage. Text from
// the API is always set as text (never as HTML), and the page's Content-Security-Policy refuses inline code.

const TOKEN_KEY = 'nbzb-console-token';
const PAGE_SIZE = 50;
const POLL_MS = 1000;

/**
 * Endpoints of the management API the console uses beyond /api/jobs, /api/system-jobs and /api/console.
 * Where a scheduler lacks one (404), the page says so.
 */
const ENDPOINTS = {
  hostConfigs: '/api/host-configs',
  hostConfig: (id) => `/api/host-configs/${id}`,
  hostAction: (id, action) => `/api/host-configs/${id}/${action}`,
  deadLetters: '/api/dead-letters',
  replayDeadLetter: (id) => `/api/dead-letters/${id}/replay`,
};

class ApiError extends Error {
  constructor(status, body, path) {
    super(describeFailure(status, body, path));
    this.status = status;
    this.body = body;
  }
}

function describeFailure(status, body, path) {
  const message = body && typeof body === 'object' ? body.message : null;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : '';
  switch (status) {
    case 401:
      return 'The API refused the request (401): enter a valid token above.';
    case 403:
      return `This token may not do that (403)${detail ? `: ${detail}` : ''}.`;
    case 404:
      return detail || `Not found (404): ${path}`;
    default:
      return `${status}${detail ? `: ${detail}` : ` from ${path}`}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// API and token

function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

async function api(method, path, body) {
  const headers = { accept: 'application/json' };
  if (token()) headers.authorization = `Bearer ${token()}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message: text.slice(0, 200) };
    }
  }
  if (!response.ok) throw new ApiError(response.status, data, path);
  return data;
}

function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function setupToken() {
  const form = document.getElementById('token-form');
  const input = document.getElementById('token');
  const state = document.getElementById('token-state');
  const show = () => {
    state.textContent = token() ? 'token set' : 'no token';
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    input.value = '';
    show();
    void route();
  });
  document.getElementById('token-forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    show();
    void route();
  });
  show();
}

// ---------------------------------------------------------------------------------------------------------
// DOM helpers: elements are built with text only.

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'className') {
      element.className = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function table(headers, rows, attributes = {}) {
  return h(
    'table',
    attributes,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((header) =>
          typeof header === 'string'
            ? h('th', {}, header)
            : h('th', { className: header.className }, header.label),
        ),
      ),
    ),
    h('tbody', {}, rows),
  );
}

function badge(text, kind = text) {
  return h('span', { className: `badge ${kind}` }, text);
}

function yesNo(value) {
  if (value === null || value === undefined) return badge('unknown', 'unknown');
  return value ? badge('yes', 'yes') : badge('no', 'no');
}

function notice(message, kind = 'error') {
  const box = document.getElementById('notice');
  box.hidden = !message;
  box.className = kind;
  box.textContent = message ?? '';
}

function render(...children) {
  const main = document.getElementById('page');
  main.replaceChildren();
  append(main, children);
}

function formatTime(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const pad = (number) => String(number).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

function formatDuration(milliseconds) {
  if (milliseconds === null || milliseconds === undefined) return '';
  if (milliseconds < 1000) return `${milliseconds} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A result summary in one line: its plain fields, nested ones counted. */
function summarize(result) {
  if (!result || typeof result !== 'object') return '';
  const parts = [];
  for (const [name, value] of Object.entries(result)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      parts.push(`${name}: ${value}`);
    else if (Array.isArray(value)) parts.push(`${name}: [${value.length}]`);
    else {
      const inner = Object.entries(value)
        .filter(([, nested]) => typeof nested !== 'object' || nested === null)
        .map(([key, nested]) => `${key} ${nested}`);
      parts.push(`${name}: {${inner.join(', ')}}`);
    }
  }
  const text = parts.join(' · ');
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function pager(total, offset, go) {
  const last = Math.min(offset + PAGE_SIZE, total);
  return h(
    'div',
    { className: 'toolbar' },
    h('span', { className: 'muted' }, total ? `${offset + 1}–${last} of ${total}` : 'none'),
    h(
      'button',
      { type: 'button', disabled: offset === 0, onclick: () => go(Math.max(0, offset - PAGE_SIZE)) },
      'Newer',
    ),
    h('button', { type: 'button', disabled: last >= total, onclick: () => go(offset + PAGE_SIZE) }, 'Older'),
  );
}

/** A notice for the next page shown (an action's outcome, when the action moves to another page). */
let carried = null;

function carry(message) {
  carried = message;
}

/** Shows what to show on the page just opened: a carried notice, or the hint to enter a token. */
function pageNotice() {
  if (carried) notice(carried, 'info');
  else if (!token()) notice('Enter an API token above to use the console.', 'info');
  else notice(null);
  carried = null;
}

/** Runs an action of the page; its failure becomes the notice. */
async function guarded(action) {
  try {
    await action();
  } catch (error) {
    notice(error instanceof Error ? error.message : String(error));
  }
}

function sleep(milliseconds) {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Polls a job until it has ended (or the page changed), calling `update` with each reading. */
async function followJob(jobId, update) {
  const startedOn = location.hash;
  for (;;) {
    const job = await api('GET', `/api/jobs/${jobId}`);
    update(job);
    if (!['pending', 'running'].includes(job.status) || location.hash !== startedOn) return job;
    await sleep(POLL_MS);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Jobs

const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'dead_lettered'];

function retryButton(job) {
  if (!['failed', 'dead_lettered'].includes(job.status)) return null;
  return h(
    'button',
    {
      type: 'button',
      className: 'retry',
      onclick: (event) => {
        event.stopPropagation();
        void guarded(async () => {
          const { jobId } = await api('POST', `/api/jobs/${job.id}/retry`);
          carry(jobId ? `Retry started as job ${jobId}.` : 'Retry planned: the settle window holds it back.');
          await route();
        });
      },
    },
    'Retry',
  );
}

function jobRow(job) {
  return h(
    'tr',
    {
      className: 'clickable job-row',
      'data-job-id': job.id,
      onclick: () => (location.hash = `#jobs/${job.id}`),
    },
    h('td', {}, formatTime(job.createdAt)),
    h('td', {}, job.kind),
    h('td', {}, job.hostKey ?? ''),
    h('td', {}, badge(job.status)),
    h('td', {}, job.trigger ?? '', job.username ? ` (${job.username})` : ''),
    h('td', { className: 'number' }, formatDuration(job.durationMs)),
    h('td', {}, job.progress ? `${job.progress.done}/${job.progress.total}` : ''),
    h('td', { className: 'result' }, summarize(job.result)),
    h('td', { className: 'error' }, job.error ?? ''),
    h('td', {}, retryButton(job)),
  );
}

async function jobsPage(parameters) {
  const filter = {
    kind: parameters.get('kind') ?? '',
    status: parameters.get('status') ?? '',
    hostKey: parameters.get('hostKey') ?? '',
    offset: Number(parameters.get('offset') ?? 0),
  };
  const go = (changes) => {
    const next = { ...filter, ...changes };
    location.hash = `#jobs${query({ ...next, offset: next.offset || undefined })}`;
  };
  const page = await api('GET', `/api/jobs${query({ ...filter, limit: PAGE_SIZE })}`);
  const kind = h('input', { name: 'kind', value: filter.kind, placeholder: 'any' });
  const hostKey = h('input', { name: 'hostKey', value: filter.hostKey, placeholder: 'dcim.device:42' });
  const status = h(
    'select',
    { name: 'status' },
    h('option', { value: '' }, 'any'),
    JOB_STATUSES.map((value) => h('option', { value, selected: value === filter.status }, value)),
  );
  render(
    h('h2', {}, 'Jobs'),
    h(
      'form',
      {
        className: 'toolbar',
        onsubmit: (event) => {
          event.preventDefault();
          go({ kind: kind.value.trim(), status: status.value, hostKey: hostKey.value.trim(), offset: 0 });
        },
      },
      h('label', {}, 'Kind', kind),
      h('label', {}, 'Status', status),
      h('label', {}, 'Host key', hostKey),
      h('button', { type: 'submit' }, 'Filter'),
      h('button', { type: 'button', onclick: () => void route() }, 'Refresh'),
    ),
    table(
      [
        'Created',
        'Kind',
        'Host',
        'Status',
        'Trigger',
        { label: 'Duration', className: 'number' },
        'Progress',
        'Result',
        'Error',
        '',
      ],
      page.jobs.map(jobRow),
      { id: 'jobs' },
    ),
    pager(page.total, filter.offset, (offset) => go({ offset })),
  );
}

async function jobPage(id) {
  const job = await api('GET', `/api/jobs/${id}`);
  const fields = [
    ['Kind', job.kind],
    ['Name', job.name],
    ['Status', badge(job.status)],
    [
      'Host',
      job.hostKey ? h('a', { href: `#jobs?hostKey=${encodeURIComponent(job.hostKey)}` }, job.hostKey) : '',
    ],
    ['Trigger', job.trigger ?? ''],
    ['User', job.username ?? ''],
    ['Created', formatTime(job.createdAt)],
    ['Started', formatTime(job.startedAt)],
    ['Completed', formatTime(job.completedAt)],
    ['Duration', formatDuration(job.durationMs)],
    ['Progress', job.progress ? `${job.progress.done}/${job.progress.total}` : ''],
    ['Attempts', job.attempts],
    ['Worker', job.worker ?? ''],
    ['Correlation id', job.correlationId],
    ['Parameters', job.parameters ? JSON.stringify(job.parameters) : ''],
    ['Warning', job.warning ?? ''],
    ['Error', h('span', { className: 'error' }, job.error ?? '')],
    ['Retry of', job.retryOfJobId ? h('a', { href: `#jobs/${job.retryOfJobId}` }, job.retryOfJobId) : ''],
  ];
  render(
    h('h2', {}, `Job ${job.id}`),
    h('div', { className: 'toolbar' }, h('a', { href: '#jobs' }, '← all jobs'), retryButton(job)),
    h(
      'div',
      { className: 'panel' },
      h(
        'dl',
        { className: 'fields', id: 'job' },
        fields.map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]),
      ),
    ),
    h('h3', {}, 'Result'),
    h(
      'pre',
      { className: 'panel lines', id: 'job-result' },
      job.result ? JSON.stringify(job.result, null, 2) : 'none',
    ),
  );
  // A job in flight is followed until it ends, while its page stays open.
  if (['pending', 'running'].includes(job.status)) {
    const shown = location.hash;
    setTimeout(() => {
      if (location.hash === shown) void guarded(() => jobPage(id));
    }, POLL_MS);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Host configs

async function hostsPage(parameters) {
  const filter = {
    name: parameters.get('name') ?? '',
    inSync: parameters.get('inSync') ?? '',
    status: parameters.get('status') ?? '',
    offset: Number(parameters.get('offset') ?? 0),
  };
  const go = (changes) => {
    const next = { ...filter, ...changes };
    location.hash = `#hosts${query({ ...next, offset: next.offset || undefined })}`;
  };
  const name = h('input', { name: 'name', value: filter.name, placeholder: 'contains' });
  const inSync = h(
    'select',
    { name: 'inSync' },
    [
      ['', 'any'],
      ['true', 'in sync'],
      ['false', 'out of sync'],
    ].map(([value, label]) => h('option', { value, selected: value === filter.inSync }, label)),
  );
  const status = h(
    'select',
    { name: 'status' },
    [
      ['', 'any'],
      ['0', 'enabled'],
      ['1', 'disabled'],
    ].map(([value, label]) => h('option', { value, selected: value === filter.status }, label)),
  );
  const open = h('input', { name: 'id', type: 'number', min: 1, placeholder: 'id' });
  const toolbar = h(
    'div',
    { className: 'toolbar' },
    h(
      'form',
      {
        className: 'toolbar',
        onsubmit: (event) => {
          event.preventDefault();
          go({ name: name.value.trim(), inSync: inSync.value, status: status.value, offset: 0 });
        },
      },
      h('label', {}, 'Name', name),
      h('label', {}, 'Sync', inSync),
      h('label', {}, 'Status', status),
      h('button', { type: 'submit' }, 'Filter'),
    ),
    h(
      'form',
      {
        className: 'toolbar',
        onsubmit: (event) => {
          event.preventDefault();
          if (open.value) location.hash = `#hosts/${open.value}`;
        },
      },
      h('label', {}, 'Host config', open),
      h('button', { type: 'submit' }, 'Open'),
    ),
  );
  let page;
  try {
    page = await api('GET', `${ENDPOINTS.hostConfigs}${query({ ...filter, limit: PAGE_SIZE })}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    render(
      h('h2', {}, 'Host configs'),
      toolbar,
      h(
        'p',
        { className: 'muted' },
        'This scheduler has no host config list (GET /api/host-configs): open one by its id.',
      ),
    );
    return;
  }
  const items = page.items ?? page.hostConfigs ?? [];
  render(
    h('h2', {}, 'Host configs'),
    toolbar,
    table(
      [
        'Id',
        'Name',
        'Status',
        'Zabbix host id',
        'In sync',
        'Last checked',
        'Difference',
        'Last error',
        'Job in flight',
      ],
      items.map((host) =>
        h(
          'tr',
          {
            className: 'clickable host-row',
            'data-host-id': host.id,
            onclick: () => (location.hash = `#hosts/${host.id}`),
          },
          h('td', { className: 'number' }, host.id),
          h('td', {}, host.name),
          h('td', {}, host.status === 1 ? 'disabled' : 'enabled'),
          h('td', {}, host.hostid ?? ''),
          h('td', {}, yesNo(host.inSync)),
          h('td', {}, formatTime(host.lastSyncUpdate)),
          h('td', {}, (host.syncDifference ?? []).join(', ')),
          h('td', { className: 'error' }, host.lastError ?? ''),
          h('td', {}, host.activeJobId ? h('a', { href: `#jobs/${host.activeJobId}` }, 'job') : ''),
        ),
      ),
      { id: 'hosts' },
    ),
    pager(page.total ?? items.length, filter.offset, (offset) => go({ offset })),
  );
}

async function hostPage(id) {
  const comparison = await api('GET', `/api/console/host-configs/${id}/comparison`);
  const { hostConfig, zabbix, fields, differences } = comparison;
  const action = (name, label, danger) =>
    h(
      'button',
      {
        type: 'button',
        className: danger ? 'danger host-action' : 'host-action',
        'data-action': name,
        onclick: () =>
          void guarded(async () => {
            if (danger && !confirm(`${label} ${hostConfig.name}?`)) return;
            const answer = await api('POST', ENDPOINTS.hostAction(id, name));
            const jobId = answer?.jobId ?? answer?.job?.id ?? null;
            carry(jobId ? `${label}: job ${jobId} started.` : `${label}: requested.`);
            if (jobId) location.hash = `#jobs/${jobId}`;
            else await route();
          }),
      },
      label,
    );
  const zabbixState = !zabbix.reachable
    ? h('span', { className: 'error' }, `Zabbix could not be read: ${zabbix.error ?? 'unknown error'}`)
    : zabbix.hostid
      ? `host ${zabbix.hostid} (found by ${zabbix.foundBy === 'id' ? 'its id' : 'its identity tag'})`
      : 'no such host in Zabbix';
  render(
    h('h2', {}, `Host config ${hostConfig.id}: ${hostConfig.name}`),
    h(
      'div',
      { className: 'toolbar' },
      h('a', { href: '#hosts' }, '← all host configs'),
      h('a', { href: `#jobs?hostKey=${encodeURIComponent(hostConfig.hostKey)}` }, 'jobs of this host'),
      action('create', 'Create in Zabbix'),
      action('update', 'Update in Zabbix'),
      action('delete', 'Delete from Zabbix', true),
    ),
    h(
      'div',
      { className: 'panel' },
      h(
        'dl',
        { className: 'fields', id: 'host-config' },
        [
          ['NetBox object', hostConfig.hostKey],
          ['Zabbix', zabbixState],
          ['In sync', yesNo(hostConfig.inSync)],
          ['Last checked', formatTime(hostConfig.lastSyncUpdate)],
          [
            'Stored difference',
            hostConfig.syncDifference === null
              ? 'not checked yet'
              : hostConfig.syncDifference.join(', ') || 'none',
          ],
          ['Differs now', differences.length ? differences.join(', ') : zabbix.reachable ? 'nothing' : ''],
          ['Revision', `${hostConfig.appliedRevision} applied of ${hostConfig.desiredRevision}`],
          [
            'Job in flight',
            hostConfig.activeJobId
              ? h('a', { href: `#jobs/${hostConfig.activeJobId}` }, hostConfig.activeJobId)
              : 'none',
          ],
          ['Name collision', hostConfig.nameCollision ?? ''],
          ['Removal requested', hostConfig.removalRequested ? 'yes' : 'no'],
          ['Last error', h('span', { className: 'error' }, hostConfig.lastError ?? '')],
        ].map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]),
      ),
    ),
    h('h3', {}, 'Desired and in Zabbix'),
    fields.length
      ? table(
          ['Field', 'Desired (NetBox through the mappings)', 'Zabbix now', ''],
          fields.map((row) =>
            h(
              'tr',
              { className: row.same === false ? 'differs' : '', 'data-field': row.field },
              h('th', {}, row.field),
              h('td', { className: 'lines desired' }, row.desired.join('\n')),
              h(
                'td',
                { className: 'lines zabbix' },
                row.zabbix === null ? '(no host)' : row.zabbix.join('\n'),
              ),
              h(
                'td',
                {},
                row.same === null
                  ? badge('not compared', 'unknown')
                  : row.same
                    ? badge('same', 'same')
                    : badge('differs', 'differs'),
              ),
            ),
          ),
          { id: 'comparison' },
        )
      : h(
          'p',
          { className: 'muted' },
          zabbix.reachable ? 'No desired state yet.' : 'Nothing to compare while Zabbix cannot be read.',
        ),
  );
}

// ---------------------------------------------------------------------------------------------------------
// System jobs

async function systemPage() {
  const { systemJobs } = await api('GET', '/api/system-jobs');
  const run = (kind) =>
    h(
      'button',
      {
        type: 'button',
        className: 'run-now',
        'data-kind': kind,
        onclick: () =>
          void guarded(async () => {
            if (kind === 'SyncHostsNow') {
              location.hash = '#sync';
              return;
            }
            const { jobId } = await api('POST', `/api/system-jobs/${kind}/run`, {});
            location.hash = `#jobs/${jobId}`;
          }),
      },
      kind === 'SyncHostsNow' ? 'Plan…' : 'Run now',
    );
  render(
    h('h2', {}, 'System jobs'),
    table(
      [
        'Kind',
        'Every',
        'Next run',
        'Last run',
        'Last job',
        { label: 'Duration', className: 'number' },
        'Result',
        'Error',
        '',
      ],
      systemJobs.map((item) =>
        h(
          'tr',
          { className: 'system-job', 'data-kind': item.kind },
          h('th', {}, item.kind),
          h(
            'td',
            {},
            item.periodic ? (item.intervalMinutes ? `${item.intervalMinutes} min` : '') : 'on demand',
          ),
          h('td', {}, formatTime(item.nextRunAt)),
          h('td', {}, formatTime(item.lastRunAt)),
          h(
            'td',
            {},
            item.lastJob ? h('a', { href: `#jobs/${item.lastJob.id}` }, badge(item.lastJob.status)) : '',
          ),
          h('td', { className: 'number' }, item.lastJob ? formatDuration(item.lastJob.durationMs) : ''),
          h('td', {}, item.lastJob ? summarize(item.lastJob.result) : ''),
          h('td', { className: 'error' }, item.lastJob?.error ?? ''),
          h(
            'td',
            {},
            item.available ? run(item.kind) : h('span', { className: 'muted' }, 'not on this scheduler'),
          ),
        ),
      ),
      { id: 'system-jobs' },
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------
// SyncHostsNow: the dry run's plan first, then the run once confirmed.

function planView(result) {
  const order = ['create', 'update', 'disable', 'delete', 'unchanged', 'hold', 'absent'];
  const counts = Object.entries(result.planned ?? {}).sort(
    ([left], [right]) => (order.indexOf(left) + 1 || 99) - (order.indexOf(right) + 1 || 99),
  );
  const plan = result.plan ?? [];
  return h(
    'div',
    { id: 'sync-plan' },
    h(
      'div',
      { className: 'cards' },
      h(
        'div',
        { className: 'card' },
        h('div', { className: 'value' }, result.total ?? 0),
        h('div', { className: 'label' }, 'hosts read'),
      ),
      counts.map(([action, count]) =>
        h(
          'div',
          { className: 'card', 'data-action': action },
          h('div', { className: 'value' }, count),
          h('div', { className: 'label' }, action),
        ),
      ),
    ),
    plan.length
      ? table(
          ['Host', 'Action', 'Fields that change'],
          plan.map((item) =>
            h(
              'tr',
              { className: 'plan-row' },
              h('td', {}, item.host),
              h(
                'td',
                {},
                badge(
                  item.action,
                  item.action === 'delete' || item.action === 'disable' ? 'failed' : 'pending',
                ),
              ),
              h('td', {}, (item.differences ?? []).join(', ')),
            ),
          ),
        )
      : h('p', { className: 'muted' }, 'Nothing to create, update, disable or delete.'),
    plan.length && result.listedAtMost && plan.length >= result.listedAtMost
      ? h('p', { className: 'muted' }, `Only the first ${result.listedAtMost} hosts are listed.`)
      : null,
  );
}

async function syncPage() {
  const changesOnly = h('input', { type: 'checkbox', name: 'changesOnly' });
  const output = h('div', { id: 'sync-output' });
  const planButton = h('button', { type: 'button', id: 'sync-plan-button' }, 'Plan (dry run)');
  const runButton = h(
    'button',
    { type: 'button', id: 'sync-run-button', disabled: true },
    'Confirm and sync',
  );
  const status = h(
    'p',
    { id: 'sync-status', className: 'muted', role: 'status' },
    'Plan first: the dry run reads NetBox and changes nothing.',
  );

  const start = async (parameters, label) => {
    let jobId;
    try {
      ({ jobId } = await api('POST', '/api/system-jobs/SyncHostsNow/run', parameters));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.body?.jobId) {
        status.replaceChildren(
          'A SyncHostsNow is already running: ',
          h('a', { href: `#jobs/${error.body.jobId}` }, 'see its job'),
          '.',
        );
        return null;
      }
      throw error;
    }
    return followJob(jobId, (job) => {
      const progress = job.progress ? ` ${job.progress.done}/${job.progress.total}` : '';
      status.replaceChildren(
        `${label}: `,
        badge(job.status),
        progress,
        ' ',
        h('a', { href: `#jobs/${job.id}` }, 'job'),
      );
    });
  };

  planButton.addEventListener(
    'click',
    () =>
      void guarded(async () => {
        planButton.disabled = true;
        runButton.disabled = true;
        output.replaceChildren();
        try {
          const job = await start({ dryRun: true }, 'Dry run');
          if (!job) return;
          if (job.status !== 'completed') {
            output.replaceChildren(
              h('p', { className: 'error' }, job.error ?? `the dry run ended ${job.status}`),
            );
            return;
          }
          output.replaceChildren(h('h3', {}, 'Plan'), planView(job.result ?? {}));
          runButton.disabled = false;
        } finally {
          planButton.disabled = false;
        }
      }),
  );
  runButton.addEventListener(
    'click',
    () =>
      void guarded(async () => {
        runButton.disabled = true;
        planButton.disabled = true;
        try {
          const parameters = { confirm: true, ...(changesOnly.checked ? { changesOnly: true } : {}) };
          const job = await start(parameters, 'Sync');
          if (!job) return;
          output.replaceChildren(
            h('h3', {}, 'Sync'),
            job.status === 'completed'
              ? h('pre', { className: 'panel lines' }, JSON.stringify(job.result, null, 2))
              : h('p', { className: 'error' }, job.error ?? `the sync ended ${job.status}`),
          );
        } finally {
          planButton.disabled = false;
        }
      }),
  );
  render(
    h('h2', {}, 'Sync hosts now'),
    h(
      'p',
      {},
      'Re-reads every device and VM from NetBox and brings Zabbix to it. The plan shows what would change; ',
      'confirming runs it, even past max_deletions.',
    ),
    h(
      'div',
      { className: 'toolbar' },
      planButton,
      runButton,
      h('label', { className: 'inline' }, changesOnly, ' only hosts whose desired state changed'),
    ),
    status,
    output,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Dead letters

/** A dead letter as the page shows it, from /api/dead-letters or, without it, from a dead-lettered job. */
function letterFromApi(letter) {
  return {
    id: letter.id,
    when: letter.failedAt,
    errorType: letter.errorType,
    subject: letter.originalSubject,
    hostKey: letter.hostKey,
    reason: letter.reason,
    jobId: letter.jobId,
    replay: letter.replay,
  };
}

function letterFromJob(job) {
  return {
    id: null,
    when: job.completedAt ?? job.createdAt,
    errorType: job.kind,
    subject: job.subject,
    hostKey: job.hostKey,
    reason: job.error,
    jobId: job.id,
    replay: null,
  };
}

async function deadLettersPage(parameters) {
  const offset = Number(parameters.get('offset') ?? 0);
  const go = (next) => (location.hash = `#dead-letters${query({ offset: next || undefined })}`);
  let letters;
  let total;
  let fromJobs = false;
  try {
    const page = await api('GET', `${ENDPOINTS.deadLetters}${query({ limit: PAGE_SIZE, offset })}`);
    letters = page.items.map(letterFromApi);
    total = page.total;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    fromJobs = true;
    const jobs = await api('GET', `/api/jobs${query({ status: 'dead_lettered', limit: PAGE_SIZE, offset })}`);
    letters = jobs.jobs.map(letterFromJob);
    total = jobs.total;
  }
  const replay = (letter) =>
    letter.replay && letter.id !== null
      ? h(
          'button',
          {
            type: 'button',
            className: 'replay',
            title: letter.replay === 'retry' ? 'retry its job' : 'publish the original message again',
            onclick: () =>
              void guarded(async () => {
                const answer = await api('POST', ENDPOINTS.replayDeadLetter(letter.id));
                carry(
                  answer?.replay === 'retry'
                    ? `Dead letter ${letter.id}: its job is retried${answer.jobId ? ` as job ${answer.jobId}` : ''}.`
                    : `Dead letter ${letter.id}: its message was published again.`,
                );
                await route();
              }),
          },
          letter.replay === 'retry' ? 'Retry its job' : 'Replay',
        )
      : null;
  render(
    h('h2', {}, 'Dead letters'),
    h(
      'p',
      { className: 'muted' },
      'Messages that could not be processed, and why: the permanent failures. Each is also a failed job.',
      fromJobs
        ? ' (This scheduler has no /api/dead-letters: the dead-lettered jobs are listed, without replay.)'
        : '',
    ),
    table(
      ['When', 'Error', 'Subject', 'Host', 'Reason', ''],
      letters.map((letter) =>
        h(
          'tr',
          { className: 'dead-letter', 'data-id': letter.id ?? '' },
          h('td', {}, formatTime(letter.when)),
          h('td', {}, letter.errorType ?? ''),
          h('td', {}, letter.subject ?? ''),
          h('td', {}, letter.hostKey ?? ''),
          h('td', { className: 'error' }, letter.reason ?? ''),
          h(
            'td',
            {},
            replay(letter),
            letter.jobId ? [' ', h('a', { href: `#jobs/${letter.jobId}` }, 'job')] : null,
          ),
        ),
      ),
      { id: 'dead-letters' },
    ),
    pager(total ?? letters.length, offset, go),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Bus: NATS's monitoring endpoint, read by the scheduler.

function streamName(stream) {
  return [stream.name, stream.deadLetters ? [' ', badge('dead letters', 'failed')] : null];
}

async function busPage() {
  const bus = await api('GET', '/api/console/bus');
  const refresh = h('button', { type: 'button', onclick: () => void route() }, 'Refresh');
  if (!bus.available) {
    render(
      h('h2', {}, 'Bus'),
      h(
        'div',
        { className: 'panel', id: 'bus-unavailable' },
        h(
          'p',
          {},
          `The scheduler could not read NATS's monitoring endpoint at ${bus.monitorUrl}: `,
          h('span', { className: 'error' }, bus.reason),
        ),
        h('p', {}, bus.hint),
        h(
          'p',
          {},
          'For example: ',
          h('code', {}, 'nats-server -js -m 8222'),
          ', or in the server configuration: ',
          h('code', {}, 'http_port: 8222'),
          '.',
        ),
      ),
      refresh,
    );
    return;
  }
  const consumers = bus.streams.flatMap((stream) => stream.consumers);
  const sum = (field) => consumers.reduce((total, consumer) => total + consumer[field], 0);
  const card = (id, value, label, title) =>
    h(
      'div',
      { className: 'card', id, title },
      h('div', { className: 'value' }, value),
      h('div', { className: 'label' }, label),
    );
  render(
    h('h2', {}, 'Bus'),
    h(
      'p',
      { className: 'muted' },
      `NATS ${bus.monitorUrl}, server ${bus.serverId}, read ${formatTime(bus.readAt)}. `,
      refresh,
    ),
    h(
      'div',
      { className: 'cards' },
      card(
        'bus-pending',
        sum('pending'),
        'pending (backlog)',
        'messages not yet delivered to their consumer',
      ),
      card(
        'bus-ack-pending',
        sum('ackPending'),
        'ack pending (in flight)',
        'delivered, not yet acknowledged',
      ),
      card('bus-redelivered', sum('redelivered'), 'redelivered (retries)', 'delivered more than once'),
      card(
        'bus-dead-letters',
        bus.deadLetters ? bus.deadLetters.messages : 0,
        'dead letters (permanent failures)',
        bus.deadLetters?.stream ?? 'no dead-letter stream',
      ),
      card('bus-connections', bus.totalConnections, 'connections', 'clients connected to this server'),
    ),
    h('h3', {}, 'Streams and consumers'),
    table(
      [
        'Stream',
        'Consumer',
        { label: 'Messages', className: 'number' },
        { label: 'Bytes', className: 'number' },
        { label: 'Pending', className: 'number' },
        { label: 'Ack pending', className: 'number' },
        { label: 'Redelivered', className: 'number' },
        { label: 'Waiting pulls', className: 'number' },
      ],
      bus.streams.flatMap((stream) => {
        const streamCells = [
          h('td', { className: 'number' }, stream.messages),
          h('td', { className: 'number' }, formatBytes(stream.bytes)),
        ];
        if (stream.consumers.length === 0) {
          return [
            h(
              'tr',
              { 'data-stream': stream.name },
              h('th', {}, stream.name),
              h('td', { className: 'muted' }, 'no consumer'),
              streamCells,
              h('td', {}),
              h('td', {}),
              h('td', {}),
              h('td', {}),
            ),
          ];
        }
        return stream.consumers.map((consumer, index) =>
          h(
            'tr',
            { 'data-stream': stream.name, 'data-consumer': consumer.name },
            h('th', {}, index === 0 ? streamName(stream) : ''),
            h('td', {}, consumer.name),
            index === 0 ? streamCells : [h('td', {}), h('td', {})],
            h('td', { className: 'number pending' }, consumer.pending),
            h('td', { className: 'number ack-pending' }, consumer.ackPending),
            h('td', { className: 'number redelivered' }, consumer.redelivered),
            h('td', { className: 'number' }, consumer.waiting),
          ),
        );
      }),
      { id: 'bus-streams' },
    ),
    h('h3', {}, 'Connected clients'),
    table(
      [
        'Name',
        'Address',
        'Client',
        { label: 'Subscriptions', className: 'number' },
        { label: 'Messages in', className: 'number' },
        { label: 'Messages out', className: 'number' },
        'Up',
        'Idle',
      ],
      bus.connections.map((connection) =>
        h(
          'tr',
          { className: 'connection', 'data-name': connection.name ?? '' },
          h('td', {}, connection.name ?? h('span', { className: 'muted' }, '(no name)')),
          h('td', {}, connection.address),
          h('td', {}, `${connection.lang} ${connection.version}`),
          h('td', { className: 'number' }, connection.subscriptions),
          h('td', { className: 'number' }, connection.inMessages),
          h('td', { className: 'number' }, connection.outMessages),
          h('td', {}, connection.uptime),
          h('td', {}, connection.idle),
        ),
      ),
      { id: 'bus-connections-table' },
    ),
    bus.totalConnections > bus.connections.length
      ? h(
          'p',
          { className: 'muted' },
          `${bus.connections.length} of ${bus.totalConnections} connections listed.`,
        )
      : null,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Routing: #page/id?filters

async function route() {
  const [path, search = ''] = (location.hash.slice(1) || 'jobs').split('?');
  const [page, id] = path.split('/');
  const parameters = new URLSearchParams(search);
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('current', link.dataset.page === page);
  }
  document.body.dataset.page = page;
  document.body.dataset.loading = 'true';
  pageNotice();
  await guarded(async () => {
    switch (page) {
      case 'jobs':
        return id ? jobPage(id) : jobsPage(parameters);
      case 'hosts':
        return id ? hostPage(id) : hostsPage(parameters);
      case 'system':
        return systemPage();
      case 'sync':
        return syncPage();
      case 'dead-letters':
        return deadLettersPage(parameters);
      case 'bus':
        return busPage();
      default:
        render(h('p', {}, `No page ${page}.`));
    }
  });
  document.body.dataset.loading = 'false';
}

setupToken();
window.addEventListener('hashchange', () => void route());
void route();
