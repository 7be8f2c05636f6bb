// "Sao chép địa chỉ" on an innovation's page: copies the page's address (its data-sk-copy,
// absolute from site_url) and says so. The button stays hidden without this script.
(() => {
  "use strict";

  function fallbackCopy(text) {
    // Without the asynchronous clipboard (an http:// address, an older browser).
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    let done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    field.remove();
    return done;
  }

  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch (error) {
        // Refused (no permission): try the other way.
      }
    }
    return fallbackCopy(text);
  }

  for (const button of document.querySelectorAll("button[data-sk-copy]")) {
    const status = button.closest(".sk-share")?.querySelector(".sk-share__status");
    button.hidden = false;
    button.addEventListener("click", async () => {
      const address = button.dataset.skCopy;
      const done = await copy(address);
      if (status) {
        status.textContent = done
          ? "Đã sao chép địa chỉ: " + address
          : "Không sao chép được, hãy chọn và sao chép địa chỉ: " + address;
      }
    });
  }
})();
