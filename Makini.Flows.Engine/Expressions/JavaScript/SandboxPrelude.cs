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
        ((MAX, MAXARR, MAXRX) => {
          'use strict';
          const SP = String.prototype, AP = Array.prototype, RP = RegExp.prototype, G = globalThis;
          const { freeze, getPrototypeOf, getOwnPropertyDescriptor, getOwnPropertyDescriptors } = Object, { ownKeys } = Reflect;
          const lock = (o, k, v) => Object.defineProperty(o, k, { value: v, writable: false, configurable: false, enumerable: false });
          const tooBig = (what) => { throw new RangeError('Invalid string length: ' + what + ' result too large'); };
          const str = (t, m) => { if (t == null) throw new TypeError('String.prototype.' + m + ' called on null or undefined'); return String(t); };
          const { repeat, padStart, padEnd, concat, replace, replaceAll } = SP;
          const { join, toLocaleString } = AP;
          const symReplace = RP[Symbol.replace], stringify = JSON.stringify, exec = RP.exec, split = SP.split, symbolFor = Symbol.for;
          const tooMany = (what) => { throw new RangeError('Invalid array length: ' + what + ' result longer than ' + MAXARR + ' elements'); };
          const { slice } = AP, { isSealed } = Object;

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
          lock(RP, Symbol.replace, function symReplace_(string, r) { const s = rxInput(string); return symReplace.call(this, s, safeReplacement(s, r)); });
          // Jint's slice drops elements of a frozen (or sealed) array when it starts past 0 (freeze([1,2,3,4]).slice(2) gave two
          // undefineds), and every array a script reads is frozen: the specification's steps for those.
          const position = (v, len, otherwise) => {
            if (v === undefined) return otherwise;
            const n = Number(v), i = n !== n ? 0 : Math.trunc(n);
            return i < 0 ? Math.max(len + i, 0) : Math.min(i, len);
          };
          lock(AP, 'slice', function slice_(start, end) {
            if (!isSealed(this)) return slice.call(this, start, end);
            const o = Object(this), len = Math.min(Math.max(Math.trunc(Number(o.length)) || 0, 0), 2 ** 53 - 1);
            const from = position(start, len, 0), to = position(end, len, len), out = [];
            for (let k = from; k < to; k++) if (k in o) out[k - from] = o[k];
            out.length = Math.max(to - from, 0);
            return out;
          });
          // Each element is turned into a string here, once, so the result's length is known before it is built.
          lock(AP, 'join', function join_(separator) {
            const o = Object(this), len = Math.min(Number(o.length) || 0, 2 ** 53 - 1);
            const sep = separator === undefined ? ',' : String(separator);
            if (len > MAXARR) tooMany('join');
            const parts = [];
            let total = Math.max(len - 1, 0) * sep.length;
            for (let i = 0; i < len; i++) {
              const v = o[i], part = v == null ? '' : String(v);
              total += part.length;
              if (total > MAX) tooBig('join');
              parts.push(part);
            }
            return join.call(parts, sep);
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
          // Native global regular-expression scans are single calls the limits never see, however many matches
          // they step through: global match and split loop in JavaScript, matchAll's iterator steps in JavaScript,
          // and replace calls a JavaScript replacer per match (above), so each match is a checked step. Every
          // regular-expression entry point refuses a text longer than MAXRX.
          // Below this length even a scan whose every step searches the rest of the text ends quickly, and the
          // native scans are far cheaper in memory (a JavaScript step makes a match array for every match).
          const NATIVE_SCAN = 1 << 14;
          const rxInput = (string) => {
            const s = String(string);
            if (s.length > MAXRX) throw new RangeError('Invalid string length: a regular expression may search at most ' + MAXRX + ' characters');
            return s;
          };
          const nativeSymMatch = RP[Symbol.match], nativeSymMatchAll = RP[Symbol.matchAll], nativeSymSearch = RP[Symbol.search], nativeTest = RP.test;
          lock(RP, 'test', { test(string) { return nativeTest.call(this, rxInput(string)); } }.test);
          lock(RP, Symbol.search, { [Symbol.search](string) { return nativeSymSearch.call(this, rxInput(string)); } }[Symbol.search]);
          lock(RP, Symbol.match, { [Symbol.match](string) {
            const s = rxInput(string);
            if (getPrototypeOf(this) !== RP || !this.global || s.length <= NATIVE_SCAN) return nativeSymMatch.call(this, s);
            const flags = String(this.flags), unicode = flags.includes('u') || flags.includes('v'), out = [];
            this.lastIndex = 0;
            for (let m; (m = exec.call(this, s)) !== null;) {
              const t = String(m[0]);
              out.push(t);
              if (t === '') this.lastIndex = advance(s, this.lastIndex, unicode);
            }
            return out.length === 0 ? null : out;
          } }[Symbol.match]);
          // Jint steps its own iterators natively when spread: matchAll hands out one whose next is JavaScript.
          const RSIP = getPrototypeOf(RP[Symbol.matchAll].call(/x/g, '')), rsiNext = RSIP.next;
          const matchSteps = Object.create(getPrototypeOf(RSIP), { [Symbol.toStringTag]: { value: 'RegExp String Iterator' } });
          lock(RP, Symbol.matchAll, { [Symbol.matchAll](string) {
            const native = nativeSymMatchAll.call(this, rxInput(string));
            return Object.create(matchSteps, { next: { value: function next() { return rsiNext.call(native); } } });
          } }[Symbol.matchAll]);
          // Split scans from match to match (the native algorithm tries a match at every position).
          const advance = (s, i, unicode) => {
            if (!unicode || i + 1 >= s.length) return i + 1;
            const c = s.charCodeAt(i);
            return c >= 0xD800 && c <= 0xDBFF && (s.charCodeAt(i + 1) & 0xFC00) === 0xDC00 ? i + 2 : i + 1;
          };
          const nativeSymSplit = RP[Symbol.split];
          lock(RP, Symbol.split, { [Symbol.split](string, limit) {
            const s = rxInput(string);
            if (getPrototypeOf(this) !== RP || this.constructor !== RegExp || s.length <= NATIVE_SCAN) return nativeSymSplit.call(this, s, limit);
            const lim = limit === undefined ? 2 ** 32 - 1 : limit >>> 0, out = [];
            if (lim === 0) return out;
            const flags = String(this.flags), unicode = flags.includes('u') || flags.includes('v');
            const rx = new RegExp(this, flags.replace('y', '').replace('g', '') + 'g');
            if (s.length === 0) return exec.call(rx, s) === null ? [s] : out;
            let p = 0, m;
            while ((m = exec.call(rx, s)) !== null && m.index < s.length) {
              const q = m.index, e = Math.min(q + m[0].length, s.length);
              if (e === p) { rx.lastIndex = advance(s, q, unicode); continue; }
              out.push(s.slice(p, q));
              if (out.length === lim) return out;
              for (let i = 1; i < m.length; i++) { out.push(m[i]); if (out.length === lim) return out; }
              if (out.length > MAXARR) tooMany('split');
              p = e;
              rx.lastIndex = e;
            }
            out.push(s.slice(p));
            return out;
          } }[Symbol.split]);
          // Splitting by a string builds every piece in one native call: asked for at most one piece more than an
          // array may hold, Jint refuses that array before building the rest.
          lock(SP, 'split', { split(separator, limit) {
            if (separator != null && (typeof separator === 'object' || typeof separator === 'function')) return split.call(this, separator, limit);
            const lim = limit === undefined ? 2 ** 32 - 1 : limit >>> 0;
            return split.call(str(this, 'split'), separator, Math.min(lim, MAXARR + 1));
          } }.split);
          // Jint throws a host exception, not a TypeError, when this one is called on a primitive.
          const IP = Iterator.prototype, iteratorDispose = IP[Symbol.dispose];
          if (typeof iteratorDispose === 'function')
            lock(IP, Symbol.dispose, { [Symbol.dispose]() {
              if ((typeof this !== 'object' || this === null) && typeof this !== 'function') throw new TypeError('Iterator.prototype[Symbol.dispose] called on a non-object');
              return iteratorDispose.call(this);
            } }[Symbol.dispose]);
          // The legacy RegExp.$1, lastMatch... would show one run the last match of the previous run.
          for (const k of Object.getOwnPropertyNames(RegExp)) if (!['length', 'name', 'prototype', 'escape'].includes(k)) delete RegExp[k];
          // Symbol.for keys stay in the engine for good: an engine whose registry was used is not reused.
          let symbolRegistryUsed = false;
          lock(Symbol, 'for', { for(key) { symbolRegistryUsed = true; return symbolFor.call(Symbol, key); } }.for);
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
                           'BigInt64Array', 'BigUint64Array', 'WeakRef', 'FinalizationRegistry', 'ShadowRealm'])
            delete G[k];

          // Shared objects that no property of the global object leads to: the well-known intrinsics of the
          // ECMAScript specification (table "Well-Known Intrinsic Objects") that have no global name, reached
          // through values that syntax or a built-in makes. %AsyncFromSyncIteratorPrototype% and
          // %ForInIteratorPrototype% never reach a script; %TypedArray% went with the typed arrays.
          const hidden = [
            [][Symbol.iterator](),                  // %ArrayIteratorPrototype% (then %IteratorPrototype%)
            ''[Symbol.iterator](),                  // %StringIteratorPrototype%
            new Map()[Symbol.iterator](),           // %MapIteratorPrototype%
            new Set()[Symbol.iterator](),           // %SetIteratorPrototype%
            RP[Symbol.matchAll].call(/x/g, ''),     // what stands for %RegExpStringIteratorPrototype%
            [].values().map((x) => x),              // %IteratorHelperPrototype%
            Iterator.from({ next() {} }),           // %WrapForValidIteratorPrototype%
            function* () {},                        // %GeneratorFunction.prototype%, %GeneratorPrototype%, %GeneratorFunction%
            async function () {},                   // %AsyncFunction.prototype%, %AsyncFunction%
            async function* () {},                  // %AsyncGeneratorFunction%..., %AsyncGeneratorPrototype%, %AsyncIteratorPrototype%
          ];
          const throwTypeError = (function () { return getOwnPropertyDescriptor(arguments, 'callee').get; })();
          if (typeof Intl === 'object' && typeof Intl.Segmenter === 'function') {
            const segments = new Intl.Segmenter().segment('');
            hidden.push(segments, segments[Symbol.iterator]()); // %IntlSegmentsPrototype%, %IntlSegmentIteratorPrototype%
          }

          // Lock down: freeze the global object, the hidden intrinsics and everything reachable from them.
          const seen = new Set(), pending = [G, throwTypeError, ...hidden.map(getPrototypeOf)];
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
          return () => symbolRegistryUsed;
        })
        """;
}
