// Teach pages: due dates typed in the browser's time zone, and a Copy button for invite links.
(() => {
  for (const field of document.querySelectorAll("input[data-tz-offset]")) {
    field.value = String(new Date().getTimezoneOffset());
  }
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const source = document.querySelector(button.dataset.copy);
      if (!source) return;
      source.select();
      try {
        await navigator.clipboard.writeText(source.value);
        button.textContent = "Copied";
      } catch {
        button.textContent = "Press Ctrl+C";
      }
    });
  }
})();
