/*
 * A minimal CDS Hooks 2.0 client, as an EHR implements one:
 *  - discovery (GET /cds-services) gives each service's hook and prefetch templates;
 *  - each call carries a fresh JWT minted for the exact URL called (POST /demo/token, the demo
 *    issuer of this process) and a prefetch answered from the chart with those templates;
 *  - feedback (POST /cds-services/{id}/feedback) reports accepted suggestions and overrides.
 * Nothing here is specific to the demo page except where the token comes from.
 */
(function (global) {
  'use strict';

  var BASE = global.location.origin;

  function uuid() {
    var bytes = new Uint8Array(16);
    global.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' +
      hex.slice(16, 20) + '-' + hex.slice(20);
  }

  function HttpError(status, message) {
    this.status = status;
    this.message = message;
  }
  HttpError.prototype = Object.create(Error.prototype);

  function readJson(response) {
    return response.text().then(function (text) {
      var body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch (e) {
        body = null;
      }
      if (!response.ok) {
        var detail = body && body.issue && body.issue[0] && body.issue[0].diagnostics;
        throw new HttpError(response.status, detail || response.statusText || 'HTTP error');
      }
      return body;
    });
  }

  function getJson(path) {
    return fetch(BASE + path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(readJson);
  }

  /** A token of the demo issuer for exactly this URL (60 s, one use). */
  function token(url) {
    return fetch(BASE + '/demo/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ aud: url }),
      credentials: 'same-origin'
    }).then(readJson).then(function (body) {
      return body.token;
    });
  }

  function postSigned(path, body) {
    var url = BASE + path;
    return token(url).then(function (jwt) {
      return fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Authorization: 'Bearer ' + jwt
        },
        body: JSON.stringify(body)
      });
    }).then(readJson);
  }

  // ------------------------------------------------------------------ prefetch

  function dateOf(resource) {
    return resource.effectiveDateTime || resource.performedDateTime || resource.authoredOn ||
      resource.onsetDateTime || resource.recordedDate || resource.issued ||
      (resource.effectivePeriod && resource.effectivePeriod.start) ||
      (resource.performedPeriod && resource.performedPeriod.start) ||
      (resource.period && resource.period.start) || '';
  }

  function refersTo(resource, patientRef) {
    var refs = [resource.subject, resource.patient, resource.individual];
    return refs.some(function (ref) {
      return ref && ref.reference === patientRef;
    });
  }

  function codings(resource) {
    var code = resource.code || resource.medicationCodeableConcept;
    return (code && code.coding) || [];
  }

  /**
   * Answers one prefetch template from the chart, the way a FHIR server answers the query:
   * the Patient for "Patient/{{context.patientId}}", else a searchset Bundle filtered on the
   * patient, code (system|code tokens), _sort=-date and _count. A template this client cannot
   * answer (another token, an unknown parameter) is left out, as CDS Hooks clients do.
   */
  function answer(template, context, chart) {
    if (/\{\{(?!context\.patientId\}\})/.test(template)) {
      return undefined;
    }
    var query = template.split('{{context.patientId}}').join(context.patientId);
    var question = query.indexOf('?');
    var path = question === -1 ? query : query.slice(0, question);
    var type = path.split('/')[0];
    if (question === -1) {
      var id = path.split('/')[1];
      return chart.filter(function (r) {
        return r.resourceType === type && r.id === id;
      })[0];
    }
    var params = new URLSearchParams(query.slice(question + 1));
    var patientRef = 'Patient/' + context.patientId;
    var matches = chart.filter(function (r) {
      return r.resourceType === type && refersTo(r, patientRef);
    });
    var count = null;
    var sortByDate = false;
    var unknown = false;
    params.forEach(function (value, name) {
      if (name === 'patient' || name === 'subject' || name === 'individual') {
        if (value !== context.patientId && value !== patientRef) {
          matches = [];
        }
      } else if (name === 'code') {
        var wanted = value.split(',');
        matches = matches.filter(function (r) {
          return codings(r).some(function (c) {
            return wanted.indexOf(c.system + '|' + c.code) !== -1 || wanted.indexOf(c.code) !== -1;
          });
        });
      } else if (name === '_sort' && value === '-date') {
        sortByDate = true;
      } else if (name === '_count') {
        count = parseInt(value, 10);
      } else {
        unknown = true;
      }
    });
    if (unknown) {
      return undefined;
    }
    if (sortByDate) {
      matches.sort(function (a, b) {
        return dateOf(b).localeCompare(dateOf(a));
      });
    }
    if (count !== null && !isNaN(count)) {
      matches = matches.slice(0, count);
    }
    var bundle = { resourceType: 'Bundle', type: 'searchset', total: matches.length };
    if (matches.length) {
      bundle.entry = matches.map(function (r) {
        return { fullUrl: BASE + '/demo/fhir/' + r.resourceType + '/' + r.id, resource: r,
          search: { mode: 'match' } };
      });
    }
    return bundle;
  }

  function prefetch(service, context, chart) {
    var out = {};
    Object.keys(service.prefetch || {}).forEach(function (key) {
      var value = answer(service.prefetch[key], context, chart);
      if (value !== undefined) {
        out[key] = value;
      }
    });
    return out;
  }

  // ------------------------------------------------------------------ the client

  function Client() {
    this.services = null;
  }

  Client.prototype.discover = function () {
    var self = this;
    return getJson('/cds-services').then(function (body) {
      self.services = body.services || [];
      return self.services;
    });
  };

  Client.prototype.serviceFor = function (hook) {
    var matches = (this.services || []).filter(function (s) {
      return s.hook === hook;
    });
    return matches[0] || null;
  };

  /** Calls the service for `hook`; resolves to {service, cards, request}. */
  Client.prototype.call = function (hook, context, chart) {
    var service = this.serviceFor(hook);
    if (!service) {
      return Promise.reject(new HttpError(0, 'No service for ' + hook + ' in discovery'));
    }
    var request = {
      hookInstance: uuid(),
      hook: hook,
      context: context,
      prefetch: prefetch(service, context, chart)
    };
    return postSigned('/cds-services/' + encodeURIComponent(service.id), request)
      .then(function (body) {
        return { service: service, cards: (body && body.cards) || [], request: request };
      });
  };

  /** Sends one feedback item to the service that returned the card. */
  Client.prototype.feedback = function (serviceId, item) {
    item.outcomeTimestamp = new Date().toISOString();
    return postSigned('/cds-services/' + encodeURIComponent(serviceId) + '/feedback',
      { feedback: [item] });
  };

  global.CdsClient = {
    Client: Client,
    HttpError: HttpError,
    uuid: uuid,
    getJson: getJson,
    prefetch: prefetch
  };
})(window);
