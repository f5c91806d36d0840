/*
 * The demo EHR page: patient list, chart, order entry, and CDS cards shown inline.
 * All text is put into the page with textContent (or the safe markdown renderer); no HTML string
 * from the service or the chart is ever parsed.
 */
(function () {
  'use strict';

  var RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
  var SNOMED = 'http://snomed.info/sct';
  var HCPCS = 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
  var USER = 'Practitioner/hem-1';

  /** The formulary: each item becomes a draft MedicationRequest or ServiceRequest. */
  var FORMULARY = [
    { key: 'ato', name: 'Arsenic trioxide', dose: '0.15 mg/kg IV once daily',
      coding: [{ system: RXNORM, code: '18330', display: 'arsenic trioxide' }] },
    { key: 'tretinoin', name: 'Tretinoin (ATRA)', dose: '45 mg/m²/day by mouth in two divided doses',
      coding: [{ system: RXNORM, code: '10753', display: 'tretinoin' }] },
    { key: 'idarubicin', name: 'Idarubicin', dose: '12 mg/m² IV on days 2, 4, 6, 8',
      coding: [{ system: RXNORM, code: '5650', display: 'idarubicin' }] },
    { key: 'epoetin', name: 'Epoetin alfa', dose: '40,000 units SC once weekly',
      coding: [{ system: RXNORM, code: '105694', display: 'epoetin alfa' }] },
    { key: 'darbepoetin', name: 'Darbepoetin alfa', dose: '500 mcg SC every 3 weeks',
      coding: [{ system: RXNORM, code: '283838', display: 'darbepoetin alfa' }] },
    { key: 'deferasirox', name: 'Deferasirox', dose: '14 mg/kg by mouth once daily',
      coding: [{ system: RXNORM, code: '614373', display: 'deferasirox' }] },
    { key: 'eltrombopag', name: 'Eltrombopag', dose: '50 mg by mouth once daily',
      coding: [{ system: RXNORM, code: '711942', display: 'eltrombopag' }] },
    { key: 'romiplostim', name: 'Romiplostim', dose: '3 mcg/kg SC once weekly',
      coding: [{ system: RXNORM, code: '805452', display: 'romiplostim' }] },
    { key: 'rbc', name: 'RBC transfusion, leukocyte-reduced', dose: '2 units', service: true, quantity: 2,
      coding: [{ system: HCPCS, code: 'P9016', display: 'Red blood cells, leukocytes reduced, each unit' },
        { system: SNOMED, code: '116863004', display: 'Transfusion of red blood cells' }] },
    { key: 'hsct', name: 'Allogeneic HSCT referral', dose: 'Transplant evaluation', service: true,
      coding: [{ system: SNOMED, code: '234341003', display: 'Allogeneic hematopoietic stem cell transplant' }] }
  ];

  /** Short names for the results table, by LOINC code. */
  var LAB_NAMES = {
    '718-7': 'Haemoglobin', '59260-0': 'Haemoglobin', '777-3': 'Platelets', '26515-7': 'Platelets',
    '778-1': 'Platelets (manual)', '751-8': 'Neutrophils (ANC)', '26499-4': 'Neutrophils (ANC)',
    '60474-4': 'Reticulocytes, absolute', '14196-0': 'Reticulocytes, absolute',
    '2276-4': 'Ferritin', '2502-3': 'Transferrin saturation', '15061-5': 'Erythropoietin (EPO)',
    '2823-3': 'Potassium', '19123-9': 'Magnesium', '17861-6': 'Calcium', '2160-0': 'Creatinine',
    '98979-8': 'eGFR (CKD-EPI 2021)', '62238-1': 'eGFR (CKD-EPI)', '33914-3': 'eGFR (MDRD)',
    '1742-6': 'ALT', '1920-8': 'AST', '8636-3': 'QTc', '8302-2': 'Height', '29463-7': 'Weight',
    '3140-1': 'Body surface area', '82810-3': 'Pregnancy status'
  };

  var INDICATOR_LABEL = { critical: 'Critical', warning: 'Warning', info: 'Info' };

  var client = new window.CdsClient.Client();
  var state = {
    patients: [],
    patient: null, // {info, resources: [...], patientResource}
    drafts: [], // draft resources
    selectCards: [], // [{card, serviceId, orders: [ref]}]
    signCards: [],
    signArmed: false,
    counter: 0,
    loadToken: 0
  };

  // ------------------------------------------------------------------ DOM helpers

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function safeHref(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
  }

  // ------------------------------------------------------------------ FHIR helpers

  function ref(resource) {
    return resource.resourceType + '/' + resource.id;
  }

  function datePart(value) {
    return typeof value === 'string' ? value.slice(0, 10) : '';
  }

  function daysAgo(value) {
    var d = datePart(value);
    if (!d) {
      return '';
    }
    var then = Date.parse(d + 'T00:00:00Z');
    var now = new Date();
    var today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    var days = Math.round((today - then) / 86400000);
    if (days === 0) {
      return 'today';
    }
    if (days === 1) {
      return 'yesterday';
    }
    if (days < 0) {
      return 'in ' + (-days) + ' d';
    }
    if (days < 60) {
      return days + ' d ago';
    }
    if (days < 730) {
      return Math.round(days / 30.4) + ' mo ago';
    }
    return Math.round(days / 365.25) + ' y ago';
  }

  function age(birthDate) {
    if (!birthDate) {
      return '';
    }
    var b = new Date(birthDate + 'T00:00:00Z');
    var now = new Date();
    var years = now.getUTCFullYear() - b.getUTCFullYear();
    var beforeBirthday = now.getUTCMonth() < b.getUTCMonth() ||
      (now.getUTCMonth() === b.getUTCMonth() && now.getUTCDate() < b.getUTCDate());
    return String(beforeBirthday ? years - 1 : years);
  }

  function concept(cc) {
    if (!cc) {
      return '';
    }
    if (cc.text) {
      return cc.text;
    }
    var coding = (cc.coding || [])[0];
    return coding ? (coding.display || coding.code) : '';
  }

  function codeLabel(cc) {
    var coding = ((cc && cc.coding) || [])[0];
    if (!coding) {
      return '';
    }
    var system = coding.system || '';
    var name = system.indexOf('icd-10') !== -1 ? 'ICD-10-CM' : system.indexOf('snomed') !== -1
      ? 'SNOMED CT' : system.indexOf('loinc') !== -1 ? 'LOINC' : system.indexOf('rxnorm') !== -1
        ? 'RxNorm' : system.indexOf('atc') !== -1 ? 'ATC' : system.indexOf('ICD10') !== -1
          ? 'ICD-10-PCS' : '';
    return (name ? name + ' ' : '') + coding.code;
  }

  function statusOf(cc) {
    var coding = ((cc && cc.coding) || [])[0];
    return coding ? coding.code : '';
  }

  function byType(type) {
    return state.patient.resources.filter(function (r) {
      return r.resourceType === type;
    });
  }

  function effective(resource) {
    return resource.effectiveDateTime || resource.performedDateTime || resource.authoredOn ||
      (resource.effectivePeriod && resource.effectivePeriod.start) || resource.onsetDateTime ||
      resource.recordedDate || (resource.period && resource.period.start) || '';
  }

  function orderLabel(resource) {
    var name = concept(resource.medicationCodeableConcept || resource.code) || ref(resource);
    return name;
  }

  function orderDetail(resource) {
    var dosage = (resource.dosageInstruction || [])[0];
    if (dosage && dosage.text) {
      return dosage.text;
    }
    var parts = [];
    if (resource.quantityQuantity) {
      parts.push(resource.quantityQuantity.value + ' ' + (resource.quantityQuantity.unit || ''));
    }
    if (resource.note && resource.note[0] && resource.note[0].text) {
      parts.push(resource.note[0].text);
    }
    return parts.length ? parts.join(' · ') : resource.resourceType;
  }

  // ------------------------------------------------------------------ tables

  function table(node, headers, rows, empty) {
    clear(node);
    if (!rows.length) {
      var tr0 = el('tr');
      var td0 = el('td', 'muted', empty);
      td0.colSpan = headers.length;
      tr0.appendChild(td0);
      node.appendChild(tr0);
      return;
    }
    var thead = el('thead');
    var head = el('tr');
    headers.forEach(function (h) {
      head.appendChild(el('th', null, h));
    });
    thead.appendChild(head);
    node.appendChild(thead);
    var tbody = el('tbody');
    rows.forEach(function (cells) {
      var tr = el('tr');
      cells.forEach(function (cell) {
        var td = el('td');
        if (cell && cell.nodeType) {
          td.appendChild(cell);
        } else {
          td.textContent = cell === undefined || cell === null ? '' : String(cell);
        }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    node.appendChild(tbody);
  }

  function withSub(main, sub) {
    var span = el('span');
    span.appendChild(el('span', null, main));
    if (sub) {
      span.appendChild(el('span', 'sub', sub));
    }
    return span;
  }

  function dated(value) {
    return withSub(datePart(value), daysAgo(value));
  }

  function pill(text, kind) {
    return el('span', 'pill pill--' + kind, text);
  }

  function renderChart() {
    var p = state.patient.patientResource;
    var info = state.patient.info;
    $('banner-name').textContent = info.name;
    var facts = $('banner-facts');
    clear(facts);
    [['Sex', p.gender || 'unknown'], ['Born', (p.birthDate || '?') + ' (' + age(p.birthDate) + ' y)'],
      ['MRN', ((p.identifier || [])[0] || {}).value || '—'], ['Patient id', p.id]]
      .forEach(function (pair) {
        var wrap = el('div', 'banner__fact');
        wrap.appendChild(el('dt', null, pair[0]));
        wrap.appendChild(el('dd', null, pair[1]));
        facts.appendChild(wrap);
      });
    $('banner-scenario').textContent = info.scenario;

    table($('problems'), ['Problem', 'Code', 'Status', 'Onset'],
      byType('Condition').sort(function (a, b) {
        return effective(b).localeCompare(effective(a));
      }).map(function (c) {
        var status = statusOf(c.clinicalStatus);
        return [concept(c.code), codeLabel(c.code),
          pill(status || 'unknown', status === 'active' ? 'active' : 'inactive'), dated(effective(c))];
      }), 'No problems recorded');

    var meds = byType('MedicationRequest').concat(byType('MedicationStatement'),
      byType('MedicationAdministration'));
    table($('medications'), ['Medication', 'Record', 'Status', 'Date', 'Dose'],
      meds.sort(function (a, b) {
        return effective(b).localeCompare(effective(a));
      }).map(function (m) {
        var kind = { MedicationRequest: 'order', MedicationStatement: 'statement',
          MedicationAdministration: 'given' }[m.resourceType];
        var dose = ((m.dosageInstruction || m.dosage || [])[0] || {}).text ||
          (m.dosage && m.dosage.text) || '';
        var period = m.effectivePeriod;
        var when = period && period.end ? withSub(datePart(period.start) + ' → ' + datePart(period.end), daysAgo(period.end))
          : dated(effective(m));
        return [concept(m.medicationCodeableConcept), kind,
          pill(m.status, m.status === 'active' ? 'active' : 'inactive'), when, dose];
      }), 'No medications recorded');

    var rows = byType('Procedure').sort(function (a, b) {
      return effective(b).localeCompare(effective(a));
    }).map(function (pr) {
      return [concept(pr.code), codeLabel(pr.code), pill(pr.status, 'inactive'), dated(effective(pr))];
    });
    byType('ServiceRequest').forEach(function (sr) {
      rows.push([concept(sr.code), 'order', pill(sr.status, 'active'), dated(effective(sr))]);
    });
    byType('ResearchSubject').forEach(function (rs) {
      rows.push([(rs.study && (rs.study.display || rs.study.reference)) || 'Research study',
        'trial enrolment', pill(rs.status, 'active'), dated(rs.period && rs.period.start)]);
    });
    table($('procedures'), ['Procedure / study', 'Code', 'Status', 'Date'], rows,
      'No procedures or studies recorded');

    var latest = {};
    byType('Observation').forEach(function (o) {
      var coding = ((o.code && o.code.coding) || [])[0] || {};
      var key = LAB_NAMES[coding.code] || concept(o.code);
      if (!latest[key] || effective(o) > effective(latest[key])) {
        latest[key] = o;
      }
    });
    var order = Object.keys(LAB_NAMES).map(function (k) {
      return LAB_NAMES[k];
    });
    table($('labs'), ['Test', 'Result', 'Date'], Object.keys(latest).sort(function (a, b) {
      return order.indexOf(a) - order.indexOf(b);
    }).map(function (name) {
      var o = latest[name];
      var value;
      if (o.valueQuantity) {
        value = withSub(String(o.valueQuantity.value), o.valueQuantity.unit || o.valueQuantity.code || '');
      } else {
        value = el('span', null, concept(o.valueCodeableConcept) || o.valueString || '—');
      }
      value.classList.add('result');
      return [name, value, dated(effective(o))];
    }), 'No results');
  }

  // ------------------------------------------------------------------ activity log

  function activity(text, kind, details) {
    var li = el('li', 'activity__item activity__item--' + (kind || 'info'));
    var time = new Date().toTimeString().slice(0, 8);
    li.appendChild(el('span', 'activity__time', time));
    li.appendChild(el('span', 'activity__text', text));
    if (details) {
      Object.keys(details).forEach(function (label) {
        var d = el('details', 'activity__json');
        d.appendChild(el('summary', null, label));
        d.appendChild(el('pre', null, JSON.stringify(details[label], null, 2)));
        li.appendChild(d);
      });
    }
    var list = $('activity');
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 40) {
      list.removeChild(list.lastChild);
    }
    return li;
  }

  function errorText(error) {
    if (error && error.status) {
      return 'HTTP ' + error.status + (error.message ? ': ' + error.message : '');
    }
    return (error && error.message) || String(error);
  }

  // ------------------------------------------------------------------ cards

  function ruleOf(card) {
    var m = /Rule (R\d+) v(\d+)/.exec(card.detail || '');
    return m ? { id: m[1], version: m[2] } : null;
  }

  function sendFeedback(serviceId, item, cardNode, what) {
    return client.feedback(serviceId, item).then(function () {
      if (cardNode) {
        cardNode.setAttribute('data-feedback', 'recorded');
        cardNode.querySelector('.cds-card__feedback').textContent = 'Feedback recorded';
      }
      activity('Feedback sent: ' + what, 'ok').setAttribute('data-feedback', 'recorded');
    }, function (error) {
      var status = (error && error.status) || 0;
      if (cardNode) {
        cardNode.setAttribute('data-feedback', 'failed:' + status);
        cardNode.querySelector('.cds-card__feedback').textContent =
          'Feedback not recorded (' + (status ? 'HTTP ' + status : 'network error') + ')';
      }
      activity('Feedback not recorded (' + errorText(error) + '): ' + what, 'muted')
        .setAttribute('data-feedback', 'failed:' + status);
    });
  }

  function renderCard(card, serviceId, hook) {
    var rule = ruleOf(card);
    var indicator = INDICATOR_LABEL[card.indicator] ? card.indicator : 'info';
    var node = el('article', 'cds-card cds-card--' + indicator);
    node.setAttribute('data-indicator', indicator);
    node.setAttribute('data-uuid', card.uuid || '');
    node.setAttribute('data-service', serviceId);
    node.setAttribute('data-hook', hook);
    node.setAttribute('data-state', 'open');
    if (rule) {
      node.setAttribute('data-rule', rule.id);
    }

    var head = el('header', 'cds-card__head');
    head.appendChild(el('span', 'cds-card__badge', INDICATOR_LABEL[indicator]));
    head.appendChild(el('h3', 'cds-card__summary', card.summary));
    if (rule) {
      head.appendChild(el('span', 'cds-card__rule', rule.id + ' v' + rule.version));
    }
    node.appendChild(head);

    var meta = el('div', 'cds-card__meta');
    if (card.source) {
      var source = el('span', 'cds-card__source');
      source.appendChild(document.createTextNode('Source: '));
      var href = safeHref(card.source.url);
      if (href) {
        var a = el('a', null, card.source.label || href);
        a.href = href;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        source.appendChild(a);
      } else {
        source.appendChild(document.createTextNode(card.source.label || ''));
      }
      meta.appendChild(source);
    }
    var toggle = el('button', 'link-button cds-card__toggle', 'Show details');
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', 'false');
    meta.appendChild(toggle);
    node.appendChild(meta);

    var detail = el('div', 'cds-card__detail markdown');
    detail.hidden = true;
    if (card.detail) {
      detail.appendChild(window.HemaMarkdown.render(card.detail));
    }
    node.appendChild(detail);
    toggle.addEventListener('click', function () {
      detail.hidden = !detail.hidden;
      toggle.textContent = detail.hidden ? 'Show details' : 'Hide details';
      toggle.setAttribute('aria-expanded', String(!detail.hidden));
    });

    var actions = el('div', 'cds-card__actions');
    var suggestionButtons = [];
    (card.suggestions || []).forEach(function (suggestion) {
      var button = el('button', 'button cds-suggestion' +
        (suggestion.isRecommended ? ' button--primary' : ''), suggestion.label);
      button.type = 'button';
      button.setAttribute('data-uuid', suggestion.uuid || '');
      if (suggestion.isRecommended) {
        button.setAttribute('title', 'Recommended');
      }
      button.addEventListener('click', function () {
        acceptSuggestion(card, suggestion, serviceId, node, suggestionButtons);
      });
      suggestionButtons.push(button);
      actions.appendChild(button);
    });

    var reasons = card.overrideReasons || [];
    var overrideButton = el('button', 'button button--quiet cds-card__override',
      reasons.length ? 'Override…' : 'Dismiss');
    overrideButton.type = 'button';
    actions.appendChild(overrideButton);
    node.appendChild(actions);

    var form = el('div', 'cds-override');
    form.hidden = true;
    var select = el('select', 'cds-override__reason');
    select.setAttribute('aria-label', 'Override reason');
    select.appendChild(el('option', null, 'Choose a reason…')).value = '';
    reasons.forEach(function (reason, index) {
      var option = el('option', null, reason.display || reason.code);
      option.value = String(index);
      select.appendChild(option);
    });
    var comment = el('input', 'cds-override__comment');
    comment.type = 'text';
    comment.maxLength = 200;
    comment.placeholder = 'Comment (optional)';
    var confirm = el('button', 'button button--primary cds-override__confirm', 'Confirm override');
    confirm.type = 'button';
    confirm.disabled = true;
    var cancel = el('button', 'button button--quiet cds-override__cancel', 'Cancel');
    cancel.type = 'button';
    form.appendChild(select);
    form.appendChild(comment);
    form.appendChild(confirm);
    form.appendChild(cancel);
    node.appendChild(form);

    var stateLine = el('div', 'cds-card__state');
    stateLine.appendChild(el('span', 'cds-card__outcome'));
    stateLine.appendChild(el('span', 'cds-card__feedback'));
    node.appendChild(stateLine);

    select.addEventListener('change', function () {
      confirm.disabled = select.value === '';
    });
    cancel.addEventListener('click', function () {
      form.hidden = true;
      actions.hidden = false;
    });
    overrideButton.addEventListener('click', function () {
      if (!reasons.length) {
        override(card, serviceId, node, null, '');
        return;
      }
      form.hidden = false;
      actions.hidden = true;
      select.focus();
    });
    confirm.addEventListener('click', function () {
      var reason = reasons[parseInt(select.value, 10)];
      if (reason) {
        override(card, serviceId, node, reason, comment.value.trim());
      }
    });
    return node;
  }

  function settle(node, outcome, text) {
    node.setAttribute('data-state', outcome);
    node.classList.add('cds-card--settled');
    node.querySelector('.cds-card__outcome').textContent = text;
    var actions = node.querySelector('.cds-card__actions');
    var form = node.querySelector('.cds-override');
    actions.hidden = true;
    form.hidden = true;
  }

  function override(card, serviceId, node, reason, comment) {
    var rule = ruleOf(card);
    var label = reason ? 'Overridden: ' + (reason.display || reason.code) : 'Dismissed';
    settle(node, 'overridden', label);
    var item = { card: card.uuid, outcome: 'overridden' };
    if (reason) {
      item.overrideReason = { reason: { system: reason.system, code: reason.code, display: reason.display } };
      if (comment) {
        item.overrideReason.userComment = comment;
      }
    }
    activity(label + ' — ' + (rule ? rule.id + ': ' : '') + card.summary, 'override');
    sendFeedback(serviceId, item, node, (rule ? rule.id + ' ' : '') + 'overridden');
  }

  function acceptSuggestion(card, suggestion, serviceId, node, buttons) {
    var rule = ruleOf(card);
    buttons.forEach(function (b) {
      b.disabled = true;
    });
    var created = [];
    var removed = [];
    (suggestion.actions || []).forEach(function (action) {
      if (action.type === 'delete') {
        var ids = Array.isArray(action.resourceId) ? action.resourceId : [action.resourceId];
        ids.forEach(function (id) {
          if (removeDraft(id)) {
            removed.push(id);
          }
        });
      } else if ((action.type === 'create' || action.type === 'update') && action.resource) {
        var resource = JSON.parse(JSON.stringify(action.resource));
        if (!resource.id) {
          state.counter += 1;
          resource.id = 'proposal-' + state.counter;
        }
        if (action.type === 'update') {
          removeDraft(ref(resource));
        }
        state.drafts.push(resource);
        created.push(resource);
      }
    });
    settle(node, 'accepted', 'Accepted: ' + suggestion.label);
    activity('Accepted "' + suggestion.label + '"' + (rule ? ' (' + rule.id + ')' : '') +
      (removed.length ? ' — removed ' + removed.join(', ') : '') +
      (created.length ? ' — added ' + created.map(orderLabel).join(', ') : ''), 'accept');
    sendFeedback(serviceId, { card: card.uuid, outcome: 'accepted',
      acceptedSuggestions: [{ id: suggestion.uuid }] }, node.isConnected ? node : null,
    (rule ? rule.id + ' ' : '') + 'suggestion accepted');
    renderOrders();
    created.forEach(function (resource) {
      selectOrder(resource);
    });
  }

  function renderCardList(container, entries, hook, emptyText) {
    clear(container);
    if (!entries.length) {
      if (emptyText) {
        container.appendChild(el('p', 'cards__empty', emptyText));
      }
      return;
    }
    entries.forEach(function (entry) {
      if (!entry.node) {
        entry.node = renderCard(entry.card, entry.serviceId, hook);
      }
      container.appendChild(entry.node);
    });
  }

  // ------------------------------------------------------------------ orders

  function context(extra) {
    var ctx = { userId: USER, patientId: state.patient.info.id };
    Object.keys(extra || {}).forEach(function (k) {
      ctx[k] = extra[k];
    });
    return ctx;
  }

  function draftBundle() {
    var bundle = { resourceType: 'Bundle', type: 'collection' };
    if (state.drafts.length) {
      bundle.entry = state.drafts.map(function (r) {
        return { resource: r };
      });
    }
    return bundle;
  }

  function newDraft(item) {
    state.counter += 1;
    var id = 'draft-' + item.key + '-' + state.counter;
    var subject = { reference: 'Patient/' + state.patient.info.id };
    if (item.service) {
      var request = { resourceType: 'ServiceRequest', id: id, status: 'draft', intent: 'order', subject: subject,
        code: { coding: item.coding, text: item.name }, authoredOn: new Date().toISOString().slice(0, 10),
        requester: { reference: USER } };
      if (item.quantity) {
        request.quantityQuantity = { value: item.quantity, unit: 'units' };
      } else {
        request.note = [{ text: item.dose }];
      }
      return request;
    }
    return { resourceType: 'MedicationRequest', id: id, status: 'draft', intent: 'order', subject: subject,
      medicationCodeableConcept: { coding: item.coding, text: item.name },
      authoredOn: new Date().toISOString().slice(0, 10), requester: { reference: USER },
      dosageInstruction: [{ text: item.dose }] };
  }

  function removeDraft(id) {
    var before = state.drafts.length;
    state.drafts = state.drafts.filter(function (r) {
      return ref(r) !== id && r.id !== id;
    });
    if (state.drafts.length === before) {
      return false;
    }
    state.selectCards = state.selectCards.filter(function (entry) {
      return entry.orders.indexOf(id) === -1;
    });
    resetSigning();
    $('orders-status').textContent = '';
    return true;
  }

  function resetSigning() {
    state.signCards = [];
    state.signArmed = false;
  }

  function renderOrders() {
    var list = $('drafts');
    clear(list);
    state.drafts.forEach(function (r) {
      var li = el('li', 'draft');
      li.setAttribute('data-resource-id', ref(r));
      var text = el('div', 'draft__text');
      text.appendChild(el('span', 'draft__name', orderLabel(r)));
      text.appendChild(el('span', 'draft__detail', orderDetail(r)));
      li.appendChild(text);
      li.appendChild(pill(r.intent === 'proposal' ? 'proposed by CDS' : 'draft', 'draft'));
      var remove = el('button', 'icon-button draft__remove', '×');
      remove.type = 'button';
      remove.setAttribute('aria-label', 'Remove ' + orderLabel(r));
      remove.addEventListener('click', function () {
        removeDraft(ref(r));
        activity('Removed draft order ' + orderLabel(r));
        renderOrders();
      });
      li.appendChild(remove);
      list.appendChild(li);
    });
    $('drafts-empty').hidden = state.drafts.length > 0;
    var sign = $('sign');
    sign.disabled = state.drafts.length === 0;
    sign.textContent = state.signArmed ? 'Sign anyway' : 'Sign orders';
    $('sign-note').textContent = state.signArmed
      ? 'Review the cards below; sign again to confirm.' : '';
    renderCardList($('select-cards'), state.selectCards, 'order-select');
    renderCardList($('sign-cards'), state.signCards, 'order-sign');
  }

  function selectOrder(resource) {
    var patientId = state.patient.info.id;
    var selection = ref(resource);
    $('orders-status').textContent = 'order-select…';
    var ctx = context({ selections: [selection], draftOrders: draftBundle() });
    return client.call('order-select', ctx, state.patient.resources).then(function (result) {
      if (!state.patient || state.patient.info.id !== patientId) {
        return;
      }
      var stillDraft = state.drafts.some(function (r) {
        return ref(r) === selection;
      });
      state.selectCards = state.selectCards.filter(function (entry) {
        return entry.orders.indexOf(selection) === -1;
      });
      if (stillDraft) {
        result.cards.forEach(function (card) {
          state.selectCards.push({ card: card, serviceId: result.service.id, orders: [selection] });
        });
      }
      $('orders-status').textContent = 'order-select: ' + result.cards.length + ' card(s)';
      activity('order-select (' + orderLabel(resource) + ') → ' + result.cards.length + ' card(s)', 'hook',
        { 'request sent': result.request, 'cards returned': result.cards });
      renderOrders();
    }, function (error) {
      $('orders-status').textContent = 'order-select failed';
      activity('order-select failed: ' + errorText(error), 'error');
    });
  }

  function addOrder(item) {
    var resource = newDraft(item);
    state.drafts.push(resource);
    resetSigning();
    activity('Added draft order ' + item.name);
    renderOrders();
    selectOrder(resource);
  }

  function signOrders() {
    if (!state.drafts.length) {
      return;
    }
    if (state.signArmed) {
      completeSigning();
      return;
    }
    var patientId = state.patient.info.id;
    $('orders-status').textContent = 'order-sign…';
    $('sign').disabled = true;
    client.call('order-sign', context({ draftOrders: draftBundle() }), state.patient.resources)
      .then(function (result) {
        if (!state.patient || state.patient.info.id !== patientId) {
          return;
        }
        activity('order-sign (' + state.drafts.length + ' order(s)) → ' + result.cards.length + ' card(s)',
          'hook', { 'request sent': result.request, 'cards returned': result.cards });
        $('orders-status').textContent = 'order-sign: ' + result.cards.length + ' card(s)';
        if (!result.cards.length) {
          completeSigning();
          return;
        }
        // The sign-time cards cover every draft order: they replace the selection-time ones.
        state.selectCards = [];
        state.signCards = result.cards.map(function (card) {
          return { card: card, serviceId: result.service.id, orders: [] };
        });
        state.signArmed = true;
        renderOrders();
      }, function (error) {
        $('orders-status').textContent = 'order-sign failed';
        activity('order-sign failed: ' + errorText(error), 'error');
        renderOrders();
      });
  }

  function completeSigning() {
    var signed = state.drafts;
    state.drafts = [];
    state.selectCards = [];
    resetSigning();
    var list = $('signed');
    signed.forEach(function (r) {
      var active = JSON.parse(JSON.stringify(r));
      active.status = 'active';
      active.intent = 'order';
      active.authoredOn = new Date().toISOString().slice(0, 10);
      state.patient.resources.push(active);
      var li = el('li', 'draft draft--signed');
      var text = el('div', 'draft__text');
      text.appendChild(el('span', 'draft__name', orderLabel(r)));
      text.appendChild(el('span', 'draft__detail', orderDetail(r)));
      li.appendChild(text);
      li.appendChild(pill('signed', 'active'));
      list.appendChild(li);
    });
    $('signed-block').hidden = false;
    activity('Signed ' + signed.length + ' order(s): ' + signed.map(orderLabel).join(', '), 'ok');
    renderChart();
    renderOrders();
  }

  // ------------------------------------------------------------------ patients

  function renderPatientList() {
    var list = $('patient-list');
    clear(list);
    state.patients.forEach(function (p) {
      var li = el('li');
      var button = el('button', 'patient');
      button.type = 'button';
      button.setAttribute('data-patient-id', p.id);
      var top = el('span', 'patient__top');
      top.appendChild(el('span', 'patient__name', p.name));
      top.appendChild(el('span', 'patient__demo',
        (p.gender === 'female' ? 'F' : p.gender === 'male' ? 'M' : '?') + ' · ' + age(p.birthDate) + ' y'));
      button.appendChild(top);
      button.appendChild(el('span', 'patient__scenario', p.scenario));
      button.addEventListener('click', function () {
        openPatient(p);
      });
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  function openPatient(info) {
    var load = ++state.loadToken;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, '', '#patient=' + info.id);
    }
    Array.prototype.forEach.call(document.querySelectorAll('.patient'), function (b) {
      b.classList.toggle('patient--active', b.getAttribute('data-patient-id') === info.id);
      b.setAttribute('aria-current', b.getAttribute('data-patient-id') === info.id ? 'true' : 'false');
    });
    window.CdsClient.getJson('/demo/patients/' + encodeURIComponent(info.id)).then(function (bundle) {
      if (load !== state.loadToken) {
        return;
      }
      var resources = (bundle.entry || []).map(function (e) {
        return e.resource;
      });
      state.patient = {
        info: info,
        resources: resources,
        patientResource: resources.filter(function (r) {
          return r.resourceType === 'Patient';
        })[0]
      };
      state.drafts = [];
      state.selectCards = [];
      resetSigning();
      clear($('signed'));
      $('signed-block').hidden = true;
      $('welcome').hidden = true;
      $('chart').hidden = false;
      $('orders-status').textContent = '';
      renderChart();
      renderOrders();
      activity('Opened chart of ' + info.name + ' (' + info.id + ')');
      firePatientView(load);
    }, function (error) {
      activity('Could not load the chart: ' + errorText(error), 'error');
    });
  }

  function firePatientView(load) {
    var container = $('pv-cards');
    clear(container);
    container.appendChild(el('p', 'cards__empty', 'Asking the hematology service…'));
    $('pv-status').textContent = 'patient-view…';
    client.call('patient-view', context({ encounterId: 'enc-' + state.patient.info.id }),
      state.patient.resources).then(function (result) {
      if (load !== state.loadToken) {
        return;
      }
      var entries = result.cards.map(function (card) {
        return { card: card, serviceId: result.service.id, orders: [] };
      });
      renderCardList(container, entries, 'patient-view', 'No decision support for this chart.');
      container.setAttribute('data-loaded', 'true');
      $('pv-status').textContent = result.cards.length + ' card(s)';
      activity('patient-view → ' + result.cards.length + ' card(s)', 'hook',
        { 'request sent': result.request, 'cards returned': result.cards });
    }, function (error) {
      if (load !== state.loadToken) {
        return;
      }
      clear(container);
      container.appendChild(el('p', 'cards__empty cards__empty--error',
        'The hematology service could not be reached (' + errorText(error) + ').'));
      container.setAttribute('data-loaded', 'error');
      $('pv-status').textContent = 'failed';
      activity('patient-view failed: ' + errorText(error), 'error');
    });
  }

  function renderFormulary() {
    var list = $('formulary');
    clear(list);
    FORMULARY.forEach(function (item) {
      var li = el('li', 'formulary__item');
      var add = el('button', 'button formulary__add');
      add.type = 'button';
      add.setAttribute('data-drug', item.key);
      add.setAttribute('aria-label', 'Add ' + item.name + ' to the draft orders');
      add.appendChild(el('span', 'formulary__name', item.name));
      add.appendChild(el('span', 'formulary__dose', item.dose));
      add.addEventListener('click', function () {
        addOrder(item);
      });
      li.appendChild(add);
      list.appendChild(li);
    });
  }

  function start() {
    renderFormulary();
    $('sign').addEventListener('click', signOrders);
    Promise.all([client.discover(), window.CdsClient.getJson('/demo/patients')]).then(function (r) {
      state.patients = r[1].patients || [];
      renderPatientList();
      document.body.setAttribute('data-ready', 'true');
      var wanted = /^#patient=([A-Za-z0-9.-]{1,64})$/.exec(window.location.hash);
      var first = wanted && state.patients.filter(function (p) {
        return p.id === wanted[1];
      })[0];
      if (first) {
        openPatient(first);
      }
      activity('Discovery: ' + r[0].map(function (s) {
        return s.id + ' (' + s.hook + ')';
      }).join(', '), 'hook');
    }, function (error) {
      document.body.setAttribute('data-ready', 'error');
      var list = $('patient-list');
      clear(list);
      list.appendChild(el('li', 'muted', 'Could not load the demo (' + errorText(error) +
        '). Is cds.demo.enabled set?'));
    });
  }

  start();
})();
