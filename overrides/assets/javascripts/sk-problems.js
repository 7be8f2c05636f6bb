// The preview shows the content's problems on every page until they are fixed; then the
// page it stands on is loaded again (MkDocs' live reload does not reach its 404 page).
(function () {
  function check() {
    fetch(location.href, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        if (text.indexOf("data-sk-problems") < 0) { location.reload(); } else { setTimeout(check, 1000); }
      })
      .catch(function () { setTimeout(check, 2000); });
  }
  setTimeout(check, 1000);
})();
