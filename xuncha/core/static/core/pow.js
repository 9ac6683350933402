/* Proof of work for the public's forms (xuncha/core/anonymity/pow.py): find a counter such that
   SHA-256("<challenge>:<counter>") starts with the challenge's number of zero bits, then submit.
   SHA-256 is written out here because crypto.subtle exists only on HTTPS pages, and a county office may serve
   plain HTTP on its own network. Nothing is sent anywhere but the form itself. */
(function () {
  "use strict";
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  var W = new Int32Array(64);

  function bytesOf(text) {
    // The challenge and the counter are ASCII: one byte per character.
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
    return out;
  }

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  // The first 32-bit word of SHA-256(message), enough to count up to 32 leading zero bits.
  function firstWord(msg) {
    var bitLen = msg.length * 8;
    var padded = new Uint8Array(((msg.length + 9 + 63) >> 6) << 6);
    padded.set(msg);
    padded[msg.length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 4, bitLen >>> 0);
    view.setUint32(padded.length - 8, Math.floor(bitLen / 0x100000000));
    var h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a,
        h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    for (var off = 0; off < padded.length; off += 64) {
      for (var t = 0; t < 16; t++) W[t] = view.getInt32(off + t * 4);
      for (t = 16; t < 64; t++) {
        var w15 = W[t - 15], w2 = W[t - 2];
        var s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
        var s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
      for (t = 0; t < 64; t++) {
        var S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        var ch = (e & f) ^ (~e & g);
        var t1 = (h + S1 + ch + K[t] + W[t]) | 0;
        var S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
    }
    return h0 >>> 0;
  }

  function zeroBits(word) { return word === 0 ? 32 : Math.clz32(word); }

  function solve(challenge, bits, done) {
    var counter = 0;
    function batch() {
      var until = counter + 20000;
      for (; counter < until; counter++) {
        if (zeroBits(firstWord(bytesOf(challenge + ":" + counter))) >= bits) { done(String(counter)); return; }
      }
      setTimeout(batch, 0);  // let the page breathe between batches
    }
    batch();
  }

  function arm(form) {
    var challenge = form.querySelector("input[name=pow_challenge]");
    var solution = form.querySelector("input[name=pow_solution]");
    var status = form.querySelector("[data-pow-status]");
    if (!challenge || !solution) return;
    var bits = parseInt(challenge.value.split(".")[3], 10) || 0;
    var ready = false, waiting = false;
    solve(challenge.value, bits, function (answer) {
      solution.value = answer;
      ready = true;
      if (status) status.textContent = "防滥用验证已完成。";
      if (waiting) form.submit();
    });
    form.addEventListener("submit", function (event) {
      if (ready) return;
      event.preventDefault();
      waiting = true;
      if (status) status.textContent = "正在完成防滥用验证，请稍候…";
    });
  }

  window.xunchaPow = { firstWord: function (t) { return firstWord(bytesOf(t)); }, zeroBits: zeroBits };
  document.querySelectorAll("form[data-pow]").forEach(arm);
})();
