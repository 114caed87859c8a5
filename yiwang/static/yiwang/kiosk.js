/* Kiosk mode (自助终端): after data-idle seconds without a touch, log out (or go back to the start page). */
(function () {
  var body = document.body;
  var limit = parseInt(body.getAttribute("data-kiosk-idle"), 10) * 1000;
  if (!limit) { return; }
  var timer;
  function leave() {
    var form = document.getElementById("kiosk-logout");
    if (form) {
      var idle = document.createElement("input");
      idle.type = "hidden"; idle.name = "idle"; idle.value = "1";
      form.appendChild(idle);
      form.submit();
      return;
    }
    var home = body.getAttribute("data-kiosk-home");
    if (location.pathname !== home) { location.href = home; }
  }
  function reset() { clearTimeout(timer); timer = setTimeout(leave, limit); }
  ["pointerdown", "touchstart", "keydown", "wheel", "input"].forEach(function (name) {
    document.addEventListener(name, reset, { passive: true });
  });
  reset();
})();
