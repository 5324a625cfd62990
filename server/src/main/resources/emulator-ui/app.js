// The emulator's live page. Plain JavaScript, no build step, nothing loaded from elsewhere: it
// polls the control routes under /__emulator and draws what they answer. Everything a client
// sent (URIs, bodies) is put on the page as text, never as HTML.
'use strict';

(() => {
  const API = '/__emulator';
  const POLL_MS = 750;
  const TOKEN_KEY = 'obshell-emulator.control-token';
  const OPERATOR_HELP = {
    RETRY: 'Run the failed stage again',
    ROLLBACK: 'Undo the stages run so far, newest first',
    CANCEL: 'Stop the DAG at its current stage',
    PASS: 'Mark the failed stage and the rest succeeded without running them',
  };
  const SYMBOL = { SUCCEED: '✓', FAILED: '✗', RUNNING: '▶', READY: '◔', PENDING: '○' };

  const state = {
    selectedDag: null,
    openRequests: new Set(),
    openNodes: new Map(),
    rendered: {},
    catalog: [],
    timer: null,
    stopped: false,
    busy: false,
    pacing: null,
    focusDetail: false,
    sequence: 0,
    drawn: 0,
  };

  const $ = (id) => document.getElementById(id);

  // ---- DOM helpers: elements and text nodes, never markup parsed from strings ---------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Replaces a region's content, keeping keyboard focus on the element with the same data-key. */
  function replace(container, ...children) {
    const active = document.activeElement;
    const key = active && container.contains(active) ? active.getAttribute('data-key') : null;
    container.replaceChildren(...children.flat(Infinity).filter(Boolean));
    if (key) {
      const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
      if (again) again.focus();
    }
  }

  /** Draws a region only when its data changed, so polling neither flickers nor steals focus. */
  function renderIf(region, data, draw) {
    const text = JSON.stringify(data);
    if (state.rendered[region] === text) return;
    state.rendered[region] = text;
    draw(data);
  }

  function stateBadge(value) {
    return el('span', { class: `state ${value}` }, `${SYMBOL[value] || ''} ${value}`);
  }

  function clock(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour12: false });
  }

  function timeEl(iso) {
    return el('time', { datetime: iso, title: iso }, clock(iso));
  }

  function duration(ms) {
    if (ms < 1000) return `${ms} ms`;
    if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
    const minutes = Math.floor(ms / 60000);
    const seconds = Math.floor((ms % 60000) / 1000);
    return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  }

  /** ISO-8601 durations as the pacing route answers them (PT0.15S) in a person's units. */
  function isoDuration(text) {
    const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(text || '');
    if (!match) return text;
    const ms = Math.round(((+match[1] || 0) * 3600 + (+match[2] || 0) * 60 + (+match[3] || 0)) * 1000);
    return ms % 1000 === 0 && ms > 0 ? `${ms / 1000}s` : `${ms}ms`;
  }

  // ---- The control API ---------------------------------------------------------------
  class Problem extends Error {
    constructor(status, body) {
      const detail = body && (body.detail || body.title);
      super(detail || `HTTP ${status}`);
      this.status = status;
      this.errCode = body && body.errCode;
      this.errors = (body && Array.isArray(body.errors)) ? body.errors : [];
    }

    describe() {
      return this.errCode ? `${this.errCode}: ${this.message}` : this.message;
    }
  }

  class NeedsToken extends Error {}

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
    if (response.status === 401) {
      askForToken(token ? 'That token was refused.' : '');
      throw new NeedsToken('token needed');
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!response.ok) throw new Problem(response.status, json);
    return json;
  }

  // ---- The token ---------------------------------------------------------------------
  function askForToken(message) {
    stopPolling();
    $('token-form').hidden = false;
    $('token-error').textContent = message || '';
    setLive('Waiting for the control token', true);
    $('token-input').focus();
  }

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token-input').value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token-input').value = '';
    $('token-form').hidden = true;
    state.rendered = {};
    start();
  });

  // ---- Live updates ------------------------------------------------------------------
  /**
   * The connection's state, a live region: its text changes only when the state does, so a
   * screen reader is not told every poll. The time of the last update is beside it, not announced.
   */
  function setLive(text, down) {
    const live = $('live');
    if (live.textContent !== text) live.textContent = text;
    live.classList.toggle('down', !!down);
    $('updated').textContent = '';
  }

  /** What an action did (or why it failed), announced once and left in view. */
  function notify(text, bad) {
    const notice = $('notice');
    notice.textContent = text;
    notice.classList.toggle('bad', !!bad);
  }

  function journalQuery() {
    const params = new URLSearchParams({ limit: '100' });
    const path = $('filter-path').value.trim();
    const status = $('filter-status').value;
    if (path) params.set('path', path);
    if (status) params.set('status', status);
    return params.toString();
  }

  async function refresh() {
    const selected = state.selectedDag;
    const sequence = ++state.sequence;
    const [agent, odp, dags, faults, pacing, requests, detail] = await Promise.all([
      api('GET', '/agent'),
      api('GET', '/obproxy'),
      api('GET', '/dags?limit=50'),
      api('GET', '/faults'),
      api('GET', '/pacing'),
      api('GET', `/requests?${journalQuery()}`).catch((e) => e),
      selected ? api('GET', `/dags/${encodeURIComponent(selected)}`).catch((e) => e) : null,
    ]);
    // An action's refresh may overtake a poll's: never draw older answers over newer ones.
    if (sequence < state.drawn) return;
    state.drawn = sequence;
    renderIf('agent', agent, renderAgent);
    renderIf('odp', odp, renderOdp);
    // The open DAG is drawn in the list from the same answer as its details, so the two agree.
    if (detail && !(detail instanceof Error)) {
      dags.dags = dags.dags.map((dag) => (dag.id === detail.dag.id ? detail.dag : dag));
    }
    renderIf('dags', [dags, state.selectedDag], () => renderDags(dags));
    renderIf('faults', faults, renderFaults);
    renderIf('pacing', pacing, renderPacing);
    if (requests instanceof Error) {
      if (requests instanceof NeedsToken) throw requests;
      renderIf('requests', requests.message, () => replace($('request-list'),
        el('li', { class: 'error', role: 'alert' }, requests.message)));
    } else {
      renderIf('requests', [requests, [...state.openRequests]], () => renderRequests(requests));
    }
    if (selected && selected === state.selectedDag) {
      if (detail instanceof Problem && detail.status === 404) {
        closeDetail(`DAG ${selected} is gone (the emulator was reset).`);
      } else if (detail instanceof Error) {
        throw detail;
      } else {
        renderIf('detail', detail, renderDetail);
      }
    }
  }

  async function tick() {
    state.timer = null;
    if (state.stopped) return;
    if (!document.hidden) {
      try {
        await refresh();
        setLive('Live', false);
        $('updated').textContent = `· updated ${new Date().toLocaleTimeString([], { hour12: false })}`;
      } catch (e) {
        if (e instanceof NeedsToken) return;
        setLive(`Cannot reach the emulator: ${e.message}. Retrying…`, true);
      }
    }
    if (!state.stopped && state.timer === null) state.timer = setTimeout(tick, POLL_MS);
  }

  function stopPolling() {
    state.stopped = true;
    if (state.timer !== null) clearTimeout(state.timer);
    state.timer = null;
  }

  /** An immediate refresh after an action, then the usual pace. */
  function refreshNow() {
    if (state.stopped) return;
    if (state.timer !== null) clearTimeout(state.timer);
    state.timer = null;
    tick();
  }

  async function start() {
    state.stopped = false;
    try {
      state.catalog = await api('GET', '/catalog');
      fillFaultForm();
    } catch (e) {
      if (e instanceof NeedsToken) return;
      setLive(`Cannot reach the emulator: ${e.message}`, true);
    }
    refreshNow();
  }

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refreshNow();
  });

  // ---- Agent and ODP -----------------------------------------------------------------
  function facts(container, rows) {
    replace(container, rows.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
  }

  function yesNo(value) {
    return value ? 'yes' : 'no';
  }

  function renderAgent(agent) {
    $('agent-line').textContent = `${agent.identity} agent ${agent.ip}:${agent.port} · obshell ${agent.version}`;
    facts($('agent'), [
      ['Identity', agent.identity],
      ['Version', agent.version],
      ['Address', `${agent.ip}:${agent.port}`],
      ['Architecture', agent.architecture],
      ['Security', agent.security ? 'on (agent password set)' : 'off (no agent password)'],
    ]);
    const lock = agent.maintenance;
    if (!lock.held) {
      replace($('lock'), 'Free');
    } else if (lock.holder) {
      replace($('lock'), 'Held by ', el('button', {
        type: 'button',
        class: 'link',
        'data-key': 'lock-holder',
        onclick: () => openDag(lock.holder.id),
      }, `${lock.holder.name} ${lock.holder.id}`), ' ', stateBadge(lock.holder.state));
    } else {
      replace($('lock'), 'Held, by no unfinished maintenance DAG');
    }
  }

  function renderOdp(odp) {
    facts($('odp'), [
      ['Managed', yesNo(odp.managed)],
      ['Running', yesNo(odp.running)],
      ['Version', odp.version],
      ['Home', odp.homePath],
      ['PID', odp.running ? String(odp.pid) : '—'],
      ['SQL port', odp.sqlPort ? String(odp.sqlPort) : 'not initialized'],
    ]);
  }

  // ---- DAGs --------------------------------------------------------------------------
  function stageBar(dag) {
    const marked = dag.state !== 'SUCCEED';
    return el('ol', { class: 'stages', 'aria-label': `Stages of ${dag.name} ${dag.id}` },
      dag.stages.map((stage) => {
        const current = marked && stage.stage === dag.stage;
        const label = `Stage ${stage.stage}, ${stage.name}: ${stage.state}${current ? ' (current stage)' : ''}`;
        return el('li', {
          class: `${stage.state}${current ? ' current' : ''}`,
          title: label,
          'aria-current': current ? 'step' : null,
          'data-stage': stage.stage,
          'data-state': stage.state,
        }, el('span', { 'aria-hidden': 'true' }, `${SYMBOL[stage.state] || ''}${stage.stage}`),
        el('span', { class: 'sr' }, label));
      }));
  }

  function stageCaption(dag) {
    const current = dag.stages.find((stage) => stage.stage === dag.stage);
    const name = current ? current.name : '';
    return el('p', { class: 'stage-caption' }, `Stage ${dag.stage} of ${dag.maxStage}: ${name} `,
      current ? stateBadge(current.state) : null);
  }

  function times(dag) {
    const finished = dag.state === 'SUCCEED' || dag.state === 'FAILED';
    return [
      'started ', timeEl(dag.startTime),
      finished ? [' · ended ', timeEl(dag.endTime)] : null,
      ` · ${duration(dag.durationMs)}${finished ? '' : ' so far'}`,
    ];
  }

  function renderDags(list) {
    $('dags-count').textContent = list.total > list.dags.length
      ? `(newest ${list.dags.length} of ${list.total})` : `(${list.total})`;
    if (list.dags.length === 0) {
      replace($('dag-list'), el('li', { class: 'hint' }, 'No DAG yet: start an upgrade through the obshell API.'));
      return;
    }
    replace($('dag-list'), list.dags.map((dag) => {
      const selected = dag.id === state.selectedDag;
      return el('li', { class: `dag${selected ? ' selected' : ''}`, 'data-id': dag.id, 'data-state': dag.state },
        el('div', { class: 'dag-head' },
          el('button', {
            type: 'button',
            class: 'dag-open',
            'data-key': `open-${dag.id}`,
            'aria-expanded': selected ? 'true' : 'false',
            'aria-controls': 'dag-detail',
            onclick: () => (selected ? closeDetail() : openDag(dag.id)),
          }, dag.name),
          el('span', { class: 'mono' }, dag.id),
          stateBadge(dag.state),
          el('span', { class: 'dag-meta' }, `operator ${dag.operator} · `, times(dag))),
        stageBar(dag),
        stageCaption(dag));
    }));
  }

  function openDag(id) {
    state.selectedDag = id;
    state.focusDetail = true;
    state.openNodes.clear();
    delete state.rendered.detail;
    delete state.rendered.dags;
    $('operator-result').textContent = '';
    $('dag-detail').hidden = false;
    refreshNow();
  }

  function closeDetail(message) {
    const id = state.selectedDag;
    state.selectedDag = null;
    delete state.rendered.detail;
    delete state.rendered.dags;
    $('dag-detail').hidden = true;
    if (message) notify(message, false);
    const opener = id && document.querySelector(`[data-key="open-${CSS.escape(id)}"]`);
    if (opener) opener.focus();
    refreshNow();
  }

  $('detail-close').addEventListener('click', () => closeDetail());
  $('dag-detail').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeDetail();
  });

  function renderDetail(detail) {
    const dag = detail.dag;
    $('detail-title').textContent = `${dag.name} ${dag.id}`;
    replace($('detail-summary'), el('p', {},
      stateBadge(dag.state), ` operator ${dag.operator} · stage ${dag.stage} of ${dag.maxStage} · `,
      dag.maintenance ? 'maintenance DAG · ' : '', times(dag)), stageBar(dag));
    const buttons = detail.operators.map((operator) => el('button', {
      type: 'button',
      class: 'primary',
      'data-op': operator,
      'data-key': `op-${operator}`,
      title: OPERATOR_HELP[operator],
      onclick: () => operate(dag.id, operator),
    }, operator));
    replace($('operator-buttons'), buttons.length ? buttons
      : el('span', { class: 'hint' }, `none while the DAG is ${dag.state}`));
    replace($('node-list'), detail.nodes.map((node) => {
      const current = dag.state !== 'SUCCEED' && node.stage === dag.stage;
      // The current stage and failed ones are open; others as the person left them.
      const open = state.openNodes.has(node.id) ? state.openNodes.get(node.id) : current || node.state === 'FAILED';
      const lines = node.subTasks.reduce((count, task) => count + task.logs.length, 0);
      return el('li', { class: `node${current ? ' current' : ''}`, 'data-stage': node.stage, 'data-state': node.state },
        el('details', { open },
        el('summary', {
          class: 'node-head',
          'data-key': `node-${node.id}`,
          // A click (or Enter/Space) is the person's choice; the toggle event also fires for ours.
          onclick: (event) => state.openNodes.set(node.id, !event.currentTarget.parentElement.open),
        },
          el('span', { class: 'node-stage' }, `${node.stage}.`),
          el('strong', {}, node.name),
          stateBadge(node.state),
          el('span', { class: 'dag-meta' }, `operator ${node.operator} · ${lines} log line${lines === 1 ? '' : 's'}`),
          current ? el('span', { class: 'dag-meta' }, '◀ current stage') : null),
        node.subTasks.map((task) => [
          el('div', { class: 'sub-task' }, `sub_task ${task.id} · `, stateBadge(task.state),
            ` · executed ${task.executeTimes} time${task.executeTimes === 1 ? '' : 's'}`),
          task.logs.length ? el('ol', { class: 'logs', 'aria-label': `Logs of ${node.name}` },
            task.logs.map((line) => el('li', { class: line.content.startsWith('ERROR') ? 'error-line' : null },
              el('span', { class: 'attempt' }, `#${line.executeTimes} ${clock(line.time)} `), line.content)))
            : null,
        ])));
    }));
    if (state.focusDetail) {
      // Opened by the person: take them to it; later refreshes leave focus where it is.
      state.focusDetail = false;
      $('detail-title').focus();
    }
  }

  async function operate(id, operator) {
    const result = $('operator-result');
    result.className = '';
    result.textContent = `Sending ${operator}…`;
    try {
      const detail = await api('POST', `/dags/${encodeURIComponent(id)}/operator`, { operator });
      result.textContent = `${operator} accepted: the DAG is ${detail.dag.state}.`;
      state.rendered.detail = JSON.stringify(detail);
      renderDetail(detail);
      // The pressed button is gone when the operator is no longer allowed: keep the focus in the DAG.
      if (!document.activeElement || document.activeElement === document.body) $('detail-title').focus();
    } catch (e) {
      if (e instanceof NeedsToken) return;
      result.className = 'error';
      result.textContent = `${operator} refused: ${e instanceof Problem ? e.describe() : e.message}`;
    }
    refreshNow();
  }

  // ---- Requests ----------------------------------------------------------------------
  function renderRequests(entries) {
    $('requests-count').textContent = `(${entries.length}${entries.length === 100 ? ', newest shown' : ''})`;
    if (entries.length === 0) {
      replace($('request-list'), el('li', { class: 'hint' }, 'No request matches.'));
      return;
    }
    replace($('request-list'), entries.map((entry) => {
      const details = el('details', {
        'data-id': entry.id,
        'data-path': entry.path,
        open: state.openRequests.has(entry.id),
        ontoggle: (event) => {
          if (event.target.open) state.openRequests.add(entry.id);
          else state.openRequests.delete(entry.id);
        },
      },
      el('summary', { 'data-key': `request-${entry.id}` },
        el('span', { class: 'dag-meta' }, clock(entry.time)),
        el('strong', {}, entry.method),
        el('span', { class: 'uri mono' }, entry.uri),
        el('span', { class: 'dag-meta' }, `${entry.authHeader} header`),
        el('span', { class: `status ${entry.status >= 400 ? 'bad' : 'good'}` },
          `${entry.status >= 400 ? '✗' : '✓'} ${entry.status}`),
        entry.errCode ? el('span', { class: 'mono' }, entry.errCode) : null,
        el('span', { class: 'dag-meta' }, `${entry.durationMs} ms`)),
      entry.message ? el('p', { class: 'error' }, entry.message) : null,
      el('h3', {}, 'Header (decrypted)'),
      el('pre', { class: 'journal-header' }, entry.header ? JSON.stringify(entry.header, null, 2)
        : `none decrypted (${entry.authHeader} header)`),
      el('h3', {}, 'Body (decrypted)'),
      el('pre', { class: 'journal-body' }, entry.body !== null && entry.body !== undefined
        ? JSON.stringify(entry.body, null, 2)
        : entry.bodySummary
          ? `${entry.bodySummary.size} bytes of ${entry.bodySummary.contentType || 'unknown type'}: ${entry.bodySummary.note}`
          : '(empty)'),
      el('p', { class: 'dag-meta' }, `traceId ${entry.traceId || '(none)'} · journal #${entry.id}`));
      return el('li', { class: 'request' }, details);
    }));
  }

  $('request-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    refreshNow();
  });
  $('filter-path').addEventListener('input', () => refreshNow());
  $('filter-status').addEventListener('change', () => refreshNow());
  $('requests-clear').addEventListener('click', async () => {
    try {
      await api('DELETE', '/requests');
      state.openRequests.clear();
    } catch (e) {
      if (!(e instanceof NeedsToken)) notify(`Could not empty the journal: ${e.message}`, true);
    }
    refreshNow();
  });

  // ---- Faults ------------------------------------------------------------------------
  function renderFaults(faults) {
    if (faults.length === 0) {
      replace($('fault-list'), el('li', { class: 'hint' }, 'No fault armed.'));
      return;
    }
    replace($('fault-list'), faults.map((fault) => el('li', { class: 'fault', 'data-id': fault.id },
      el('div', { class: 'row' },
        el('strong', {}, `${fault.id} · ${fault.task}`),
        el('button', {
          type: 'button',
          'data-key': `delete-${fault.id}`,
          'aria-label': `Delete fault ${fault.id} on ${fault.task}`,
          onclick: () => deleteFault(fault.id),
        }, 'Delete')),
      el('div', {}, `${fault.dag} · ${fault.phase}${fault.version ? ` · version ${fault.version}` : ''}`),
      el('div', {}, fault.times === null
        ? `every time · fired ${fault.fired}`
        : `${fault.remaining} of ${fault.times} left · fired ${fault.fired}${fault.remaining === 0 ? ' (spent)' : ''}`),
      fault.fail ? el('div', { class: 'mono' }, `${fault.errCode}: ${fault.message}`)
        : el('div', {}, 'latency only'),
      fault.delay && fault.delay !== 'PT0S' ? el('div', {}, `delay ${isoDuration(fault.delay)}`) : null)));
  }

  async function deleteFault(id) {
    try {
      await api('DELETE', `/faults/${encodeURIComponent(id)}`);
    } catch (e) {
      if (!(e instanceof NeedsToken)) $('fault-error').textContent = e.message;
    }
    refreshNow();
  }

  function fillFaultForm() {
    const dagSelect = $('fault-dag');
    const chosen = dagSelect.value;
    dagSelect.replaceChildren(...state.catalog.map((dag) => el('option', { value: dag.name }, dag.name)));
    if (chosen && state.catalog.some((dag) => dag.name === chosen)) dagSelect.value = chosen;
    fillTasks();
  }

  function fillTasks() {
    const dag = state.catalog.find((d) => d.name === $('fault-dag').value);
    const taskSelect = $('fault-task');
    const chosen = taskSelect.value;
    taskSelect.replaceChildren(...(dag ? dag.tasks : []).map((task) => el('option', { value: task.name },
      `${task.stage} · ${task.name}`)));
    if (chosen && dag && dag.tasks.some((task) => task.name === chosen)) taskSelect.value = chosen;
  }

  $('fault-dag').addEventListener('change', fillTasks);

  $('fault-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = $('fault-error');
    error.replaceChildren();
    const rule = { dag: $('fault-dag').value, task: $('fault-task').value, phase: $('fault-phase').value };
    const text = (id) => $(id).value.trim();
    if (text('fault-times')) rule.times = Number(text('fault-times'));
    if (text('fault-errcode')) rule.errCode = text('fault-errcode');
    if (text('fault-message')) rule.message = text('fault-message');
    if (text('fault-version')) rule.version = text('fault-version');
    if (text('fault-delay')) rule.delay = text('fault-delay');
    if (!$('fault-fail').checked) rule.fail = false;
    try {
      const armed = await api('POST', '/faults', rule);
      notify(`Fault ${armed.id} armed on ${armed.task}`, false);
    } catch (e) {
      if (e instanceof NeedsToken) return;
      const problems = e instanceof Problem && e.errors.length > 1 ? e.errors : [e.message];
      error.replaceChildren(el('p', {}, 'The fault was not armed:'),
        el('ul', {}, problems.map((problem) => el('li', {}, problem))));
    }
    refreshNow();
  });

  // ---- Pacing ------------------------------------------------------------------------
  function renderPacing(pacing) {
    state.pacing = pacing;
    const overrides = Object.entries(pacing.taskDelays || {})
      .map(([task, delay]) => `${task} ${isoDuration(delay)}`).join(', ');
    replace($('pacing-state'), el('strong', {}, pacing.paused ? '⏸ Paused' : '▶ Running'),
      ` · stage delay ${isoDuration(pacing.stageDelay)}`, overrides ? ` · task delays: ${overrides}` : '');
    const input = $('stage-delay');
    if (document.activeElement !== input) input.value = isoDuration(pacing.stageDelay);
    const pause = $('pause');
    pause.textContent = pacing.paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', pacing.paused ? 'true' : 'false');
    $('step').disabled = !pacing.paused;
  }

  async function putPacing(change) {
    $('pacing-error').textContent = '';
    try {
      const pacing = await api('PUT', '/pacing', change);
      state.rendered.pacing = JSON.stringify(pacing);
      renderPacing(pacing);
    } catch (e) {
      if (!(e instanceof NeedsToken)) $('pacing-error').textContent = e.message;
    }
    refreshNow();
  }

  $('pacing-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('stage-delay').value.trim();
    if (value) putPacing({ stageDelay: value });
  });
  $('pause').addEventListener('click', () => putPacing({ paused: !(state.pacing && state.pacing.paused) }));
  $('step').addEventListener('click', async () => {
    $('pacing-error').textContent = '';
    try {
      await api('POST', '/pacing/step');
    } catch (e) {
      if (!(e instanceof NeedsToken)) $('pacing-error').textContent = e.message;
    }
    refreshNow();
  });

  // ---- Reset -------------------------------------------------------------------------
  const dialog = $('reset-dialog');
  $('reset-open').addEventListener('click', () => {
    $('reset-keys').checked = false;
    dialog.showModal();
  });
  $('reset-cancel').addEventListener('click', () => dialog.close('cancel'));
  $('reset-confirm').addEventListener('click', () => dialog.close('reset'));
  $('reset-form').addEventListener('submit', (event) => event.preventDefault());
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'reset') {
      $('reset-open').focus();
      return;
    }
    dialog.returnValue = '';
    try {
      const result = await api('POST', `/reset${$('reset-keys').checked ? '?keys=true' : ''}`);
      state.selectedDag = null;
      $('dag-detail').hidden = true;
      state.openRequests.clear();
      state.rendered = {};
      notify(`Reset done${result.keysRegenerated ? ', with a new key pair' : ''}`, false);
    } catch (e) {
      if (!(e instanceof NeedsToken)) notify(`Reset failed: ${e.message}`, true);
    }
    $('reset-open').focus();
    refreshNow();
  });

  start();
})();
