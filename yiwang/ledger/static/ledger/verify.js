/* Yiwang ledger receipts, checked in the browser: SM3 (GB/T 32905) and RFC 9162 §2.1.3.2 inclusion
 * proofs. Written for Yiwang (Apache-2.0); no dependencies. The tree head's SM2 signature is checked
 * by `yiwang ledger verify-receipt`, not here. Also loads in Node (module.exports) for the tests. */
(function (root) {
  "use strict";

  var IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

  function rotl(x, n) { n %= 32; return ((x << n) | (x >>> (32 - n))) >>> 0; }
  function p0(x) { return (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0; }
  function p1(x) { return (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0; }

  /** SM3 digest of a Uint8Array, as a Uint8Array of 32 bytes. */
  function sm3(message) {
    var length = message.length;
    var blocks = Math.ceil((length + 9) / 64);
    var padded = new Uint8Array(blocks * 64);
    padded.set(message);
    padded[length] = 0x80;
    var bits = length * 8;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
    view.setUint32(padded.length - 4, bits >>> 0);
    var v = IV.slice();
    var w = new Array(68), w1 = new Array(64);
    for (var b = 0; b < blocks; b++) {
      for (var i = 0; i < 16; i++) w[i] = view.getUint32(b * 64 + i * 4);
      for (i = 16; i < 68; i++) {
        w[i] = (p1(w[i - 16] ^ w[i - 9] ^ rotl(w[i - 3], 15)) ^ rotl(w[i - 13], 7) ^ w[i - 6]) >>> 0;
      }
      for (i = 0; i < 64; i++) w1[i] = (w[i] ^ w[i + 4]) >>> 0;
      var a = v[0], bb = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];
      for (var j = 0; j < 64; j++) {
        var t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
        var ss1 = rotl((rotl(a, 12) + e + rotl(t, j)) >>> 0, 7);
        var ss2 = (ss1 ^ rotl(a, 12)) >>> 0;
        var ff = j < 16 ? (a ^ bb ^ c) : ((a & bb) | (a & c) | (bb & c));
        var gg = j < 16 ? (e ^ f ^ g) : ((e & f) | (~e & g));
        var tt1 = ((ff >>> 0) + d + ss2 + w1[j]) >>> 0;
        var tt2 = ((gg >>> 0) + h + ss1 + w[j]) >>> 0;
        d = c; c = rotl(bb, 9); bb = a; a = tt1;
        h = g; g = rotl(f, 19); f = e; e = p0(tt2);
      }
      v = [v[0] ^ a, v[1] ^ bb, v[2] ^ c, v[3] ^ d, v[4] ^ e, v[5] ^ f, v[6] ^ g, v[7] ^ h].map(function (x) { return x >>> 0; });
    }
    var out = new Uint8Array(32);
    var outView = new DataView(out.buffer);
    for (i = 0; i < 8; i++) outView.setUint32(i * 4, v[i]);
    return out;
  }

  function concat(parts) {
    var total = 0, offset = 0;
    parts.forEach(function (p) { total += p.length; });
    var out = new Uint8Array(total);
    parts.forEach(function (p) { out.set(p, offset); offset += p.length; });
    return out;
  }

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
  }

  function fromHex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
    return out;
  }

  function fromBase64(text) {
    var binary = typeof atob === "function" ? atob(text) : Buffer.from(text, "base64").toString("binary");
    var out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }

  function utf8(text) { return new TextEncoder().encode(text); }

  function equal(x, y) {
    if (x.length !== y.length) return false;
    for (var i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }

  function hashLeaf(data) { return sm3(concat([new Uint8Array([0]), data])); }
  function hashChildren(l, r) { return sm3(concat([new Uint8Array([1]), l, r])); }

  /** RFC 9162 §2.1.3.2, with BigInt positions so that trees past 2^32 leaves work. */
  function verifyInclusion(index, size, leafHash, path, rootHash) {
    var fn = BigInt(index), sn = BigInt(size) - 1n, r = leafHash;
    if (fn > sn) return false;
    for (var i = 0; i < path.length; i++) {
      if (sn === 0n) return false;
      if ((fn & 1n) === 1n || fn === sn) {
        r = hashChildren(path[i], r);
        if ((fn & 1n) === 0n) { while (fn !== 0n && (fn & 1n) === 0n) { fn >>= 1n; sn >>= 1n; } }
      } else {
        r = hashChildren(r, path[i]);
      }
      fn >>= 1n; sn >>= 1n;
    }
    return sn === 0n && equal(r, rootHash);
  }

  function commit(salt, value) { return value ? hex(sm3(concat([fromHex(salt), utf8(value)]))) : ""; }

  /** The problems of a receipt (an empty list when its inclusion proof and openings hold). */
  function checkReceipt(receipt) {
    var problems = [];
    try {
      var data = fromBase64(receipt.entry.leaf_input);
      var fields = JSON.parse(new TextDecoder().decode(data));
      var leafHash = hashLeaf(data);
      if (receipt.entry.leaf_hash && !equal(fromBase64(receipt.entry.leaf_hash), leafHash)) problems.push("leaf hash");
      var openings = receipt.entry.openings || {};
      ["subject", "object", "payload"].forEach(function (name) {
        if (name in openings && commit(openings.salt, openings[name]) !== fields[name]) problems.push(name);
      });
      var proof = receipt.inclusion_proof, sth = receipt.sth;
      if (proof.tree_size !== sth.tree_size || proof.leaf_index !== receipt.entry.leaf_index) problems.push("sizes");
      else if (!verifyInclusion(proof.leaf_index, proof.tree_size, leafHash, proof.audit_path.map(fromBase64),
                                fromBase64(sth.sm3_root_hash))) problems.push("inclusion proof");
    } catch (error) {
      problems.push("malformed");
    }
    return problems;
  }

  var api = { sm3: sm3, hex: hex, hashLeaf: hashLeaf, verifyInclusion: verifyInclusion, checkReceipt: checkReceipt };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  root.YiwangLedger = api;

  function checkAll() {
    var table = document.getElementById("data-uses");
    if (!table) return;
    var words = table.dataset;
    document.querySelectorAll(".ledger-proof").forEach(function (cell) {
      fetch(cell.dataset.receipt, { credentials: "same-origin" })
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(function (receipt) {
          var problems = checkReceipt(receipt);
          var when = new Date(receipt.sth.timestamp).toLocaleString();
          cell.textContent = (problems.length ? "✗ " + words.bad : "✓ " + words.ok) + " (" + words.detail
            .replace("{index}", receipt.entry.leaf_index + 1).replace("{size}", receipt.sth.tree_size)
            .replace("{time}", when) + ")";
          cell.className = "ledger-proof " + (problems.length ? "text-danger fw-bold" : "text-success");
          cell.dataset.verified = problems.length ? "no" : "yes";
        })
        .catch(function () { cell.textContent = words.error; cell.className = "ledger-proof text-warning"; });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", checkAll);
  else checkAll();
})(this);
