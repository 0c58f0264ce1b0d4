namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>
/// JavaScript run once in every sandboxed engine, before any user script. Jint checks its limits between
/// statements, so a single native call (repeat, replace, join, JSON.stringify of a shared-reference graph,
/// key enumeration of a huge string) could allocate gigabytes unchecked: those built-ins are wrapped with
/// length checks or re-implemented so every step is counted. Binary buffers, which reserve memory before
/// any check, are removed. Finally every reachable object is frozen, so one run's scripts cannot change what
/// another run's scripts see on a reused engine.
/// </summary>
internal static class SandboxPrelude
{
    public const string SourceName = "sandbox-prelude.js";

    public const string Source = """
        ((MAX) => {
          'use strict';
          const SP = String.prototype, AP = Array.prototype, RP = RegExp.prototype, G = globalThis;
          const { freeze, getPrototypeOf, getOwnPropertyDescriptor, getOwnPropertyDescriptors } = Object, { ownKeys } = Reflect;
          const lock = (o, k, v) => Object.defineProperty(o, k, { value: v, writable: false, configurable: false, enumerable: false });
          const tooBig = (what) => { throw new RangeError('Invalid string length: ' + what + ' result too large'); };
          const str = (t, m) => { if (t == null) throw new TypeError('String.prototype.' + m + ' called on null or undefined'); return String(t); };
          const { repeat, padStart, padEnd, concat, replace, replaceAll } = SP;
          const { join, toLocaleString } = AP;
          const symReplace = RP[Symbol.replace], stringify = JSON.stringify;

          lock(SP, 'repeat', function repeat_(n) { const s = str(this, 'repeat'); if (s.length * Number(n) > MAX) tooBig('repeat'); return repeat.call(s, n); });
          lock(SP, 'padStart', function padStart_(n, f) { if (Number(n) > MAX) tooBig('padStart'); return padStart.call(str(this, 'padStart'), n, f); });
          lock(SP, 'padEnd', function padEnd_(n, f) { if (Number(n) > MAX) tooBig('padEnd'); return padEnd.call(str(this, 'padEnd'), n, f); });
          lock(SP, 'concat', function concat_(...xs) {
            const s = str(this, 'concat'); let n = s.length;
            for (let i = 0; i < xs.length; i++) { xs[i] = String(xs[i]); n += xs[i].length; if (n > MAX) tooBig('concat'); }
            return concat.apply(s, xs);
          });
          // Native replace builds its result at the end, unseen by the limits: count the length produced per match.
          const safeReplacement = (s, r) => {
            let total = s.length;
            const count = (v) => { total += v.length; if (total > MAX) tooBig('replace'); return v; };
            if (typeof r === 'function') return function (...a) { return count(String(r(...a))); };
            r = String(r);
            if (!r.includes('$')) return function () { return count(r); };
            const n = s.length, k = r.split('$').length - 1;
            const bound = (r.includes('$`') || r.includes("$'")) ? n + (n + 1) * (r.length + k * n) : n + (n + 1) * r.length + k * n;
            if (bound > MAX) tooBig('replace');
            return r;
          };
          lock(SP, 'replace', function replace_(p, r) { const s = str(this, 'replace'); return replace.call(s, p, safeReplacement(s, r)); });
          lock(SP, 'replaceAll', function replaceAll_(p, r) { const s = str(this, 'replaceAll'); return replaceAll.call(s, p, safeReplacement(s, r)); });
          lock(RP, Symbol.replace, function symReplace_(string, r) { const s = String(string); return symReplace.call(this, s, safeReplacement(s, r)); });
          lock(AP, 'join', function join_(sep) {
            const len = this.length >>> 0;
            if (len > MAX || (sep !== undefined && String(sep).length * len > MAX)) tooBig('join');
            return join.call(this, sep);
          });
          lock(AP, 'toLocaleString', function toLocaleString_(...a) { if ((this.length >>> 0) > MAX) tooBig('toLocaleString'); return toLocaleString.apply(this, a); });
          // A JavaScript replacer makes every visited value cost a statement, so a shared-reference graph is caught.
          lock(JSON, 'stringify', function stringify_(value, replacer, space) {
            let fn;
            if (typeof replacer === 'function') fn = replacer;
            else if (Array.isArray(replacer)) {
              const allow = new Set(replacer.map(String));
              fn = function (k, v) { return k === '' || Array.isArray(this) || allow.has(k) ? v : undefined; };
            } else fn = function (k, v) { return v; };
            return stringify(value, fn, space);
          });
          lock(AP, 'flat', function flat_(depth) {
            const d = depth === undefined ? 1 : (Math.trunc(Number(depth)) || 0), out = [];
            const walk = (src, d) => {
              const len = Math.min(Number(src.length) || 0, 2 ** 53 - 1);
              for (let i = 0; i < len; i++) {
                if (!(i in src)) continue;
                const v = src[i];
                if (d > 0 && Array.isArray(v)) walk(v, d - 1); else out.push(v);
              }
            };
            walk(Object(this), d);
            return out;
          });
          // A string is array-like with one key per character: enumerating a long one's keys natively is unbounded.
          const thisStr = SP.valueOf, MAXKEYS = 1 << 16;
          // Only a String object has its own non-writable, non-configurable numeric length besides a frozen array:
          // checking that first keeps the (slow) exception path for the rare object that might be one.
          const strLen = (a) => {
            if (typeof a === 'string') return a.length;
            if (typeof a !== 'object' || a === null || Array.isArray(a)) return 0;
            const d = getOwnPropertyDescriptor(a, 'length');
            if (d === undefined || typeof d.value !== 'number' || d.writable || d.configurable) return 0;
            try { return thisStr.call(a).length; } catch { return 0; }
          };
          const keysGuard = (o, name) => { const f = o[name]; lock(o, name, function (...a) { for (const x of a) if (strLen(x) > MAXKEYS) tooBig(name); return f.apply(this, a); }); };
          for (const n of ['keys', 'values', 'entries', 'getOwnPropertyNames', 'getOwnPropertyDescriptors', 'assign', 'freeze', 'seal', 'isFrozen', 'isSealed']) keysGuard(Object, n);
          keysGuard(Reflect, 'ownKeys');
          for (const k of ['ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Atomics', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
                           'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array',
                           'BigInt64Array', 'BigUint64Array', 'WeakRef', 'FinalizationRegistry'])
            delete G[k];

          // Lock down: freeze the global object and everything reachable from it.
          const seen = new Set(), pending = [G];
          while (pending.length > 0) {
            const o = pending.pop();
            if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
            seen.add(o);
            freeze(o);
            const descriptors = getOwnPropertyDescriptors(o);
            for (const key of ownKeys(descriptors)) {
              const d = descriptors[key];
              pending.push(d.value, d.get, d.set);
            }
            pending.push(getPrototypeOf(o));
          }
        })
        """;
}
