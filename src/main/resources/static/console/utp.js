// The under-trial prisoners' page: detention report with charts, alerts, and the review queue of candidate links.
'use strict';

function sum(map) {
  return Object.values(map || {}).reduce((a, b) => a + b, 0);
}

/** A horizontal bar chart of label -> count, drawn with plain elements so it prints and needs no library. */
function bars(container, entries) {
  container.replaceChildren();
  const max = Math.max(1, ...entries.map(e => e[1]));
  for (const [label, value] of entries) {
    const row = document.createElement('div');
    row.className = 'bar-row';
    row.dataset.label = label;
    const name = document.createElement('span');
    name.className = 'bar-label';
    name.textContent = label;
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = (100 * value / max) + '%';
    const count = document.createElement('span');
    count.className = 'bar-value';
    count.textContent = String(value);
    row.append(name, bar, count);
    container.appendChild(row);
  }
  if (entries.length === 0) {
    container.textContent = 'none';
  }
}

let report = null;

async function showReport() {
  report = await api('GET', '/api/ops/reports/detention');
  $('as-of').textContent = report.asOf;
  const t = report.total;
  const cards = [['Under trial', t.underTrial], ['Women', t.women], ['Juveniles', t.juveniles],
    ['Mothers with children', t.mothersWithChildren], ['Children with their mothers', t.childrenWithMothers],
    ['Open alerts', sum(t.openAlerts)], ['Not produced', sum(t.notProduced)]];
  $('cards').replaceChildren(...cards.map(([label, value]) => {
    const card = document.createElement('div');
    card.className = 'card';
    card.dataset.label = label;
    card.innerHTML = '<span class="card-value"></span><span class="card-label"></span>';
    card.querySelector('.card-value').textContent = value;
    card.querySelector('.card-label').textContent = label;
    return card;
  }));
  bars($('chart-bands'), Object.entries(t.byDetention));
  bars($('chart-alerts'), Object.entries(t.openAlerts));
  bars($('chart-not-produced'), Object.entries(t.notProduced));
  showGroups();
}

function showGroups() {
  const rows = $('group-rows');
  rows.replaceChildren();
  for (const g of report[$('group-by').value]) {
    const tr = document.createElement('tr');
    [g.code, g.name, g.underTrial, ...Object.values(g.byDetention), g.women, g.juveniles, g.mothersWithChildren,
      sum(g.openAlerts), sum(g.notProduced)].forEach(v => cell(tr, v));
    rows.appendChild(tr);
  }
}

async function showAlerts() {
  const form = new FormData($('alert-filter'));
  const query = new URLSearchParams();
  for (const [k, v] of form.entries()) { if (v) { query.set(k, v); } }
  const alerts = await api('GET', '/api/ops/alerts?' + query);
  const rows = $('alert-rows');
  rows.replaceChildren();
  for (const a of alerts) {
    const tr = document.createElement('tr');
    tr.dataset.rule = a.rule;
    [a.title, a.state, a.dueOn, a.subject.jailCode, a.subject.prisonerNumber, a.subject.firKey, a.summary, a.legalBasis, a.status]
      .forEach(v => cell(tr, v));
    rows.appendChild(tr);
  }
  notice(alerts.length + ' alert(s)');
}

function describe(side) {
  if (!side) { return ''; }
  return [side.prisonerNumber, side.name, side.relation, side.relativeName, side.gender, side.age, side.cnic].filter(v => v).join(' · ');
}

async function showReview() {
  const links = await api('GET', '/api/ops/links?state=PENDING');
  const rows = $('review-rows');
  rows.replaceChildren();
  for (const l of links) {
    const tr = document.createElement('tr');
    tr.dataset.link = l.id;
    cell(tr, l.firKey);
    cell(tr, describe(l.prisoner));
    cell(tr, describe(l.accused));
    cell(tr, Object.entries(l.evidence).map(([k, v]) => k + ': ' + v).join(', '));
    const reasonCell = document.createElement('td');
    const reason = document.createElement('input');
    reason.placeholder = 'reason (required)';
    reasonCell.appendChild(reason);
    tr.appendChild(reasonCell);
    for (const [label, verb] of [['Confirm', 'confirm'], ['Reject', 'reject']]) {
      const td = document.createElement('td');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.dataset.test = verb;
      b.addEventListener('click', async () => {
        try {
          await api('POST', '/api/ops/links/' + encodeURIComponent(l.id) + '/' + verb, { reason: reason.value });
          await showReview();
          notice(label + 'ed: ' + l.firKey);
        } catch (e) { notice(e.message, true); }
      });
      td.appendChild(b);
      tr.appendChild(td);
    }
    rows.appendChild(tr);
  }
  if (links.length === 0) {
    notice('No candidate waits for review');
  }
}

async function open(view) {
  document.querySelectorAll('.view').forEach(v => v.classList.toggle('active', v.id === view));
  document.querySelectorAll('nav button.tab').forEach(b => b.classList.toggle('active', b.dataset.view === view));
  try {
    await { report: showReport, alerts: showAlerts, review: showReview }[view]();
  } catch (e) { notice(e.message, true); }
}

async function start() {
  me = await api('GET', '/api/ops/me');
  $('me').textContent = me.user + ' (' + me.roles.join(', ') + ')';
  const rules = await api('GET', '/api/ops/alerts/rules');
  for (const r of rules) {
    const option = document.createElement('option');
    option.value = r.rule;
    option.textContent = r.title;
    $('rule-filter').appendChild(option);
  }
  document.querySelectorAll('nav button.tab').forEach(b => b.addEventListener('click', () => open(b.dataset.view)));
  $('group-by').addEventListener('change', showGroups);
  $('alert-filter').addEventListener('submit', e => { e.preventDefault(); showAlerts(); });
  await open('report');
}

start().catch(e => notice(e.message, true));
