// Light or dark before the page paints: the person's choice if they made one
// (the switch in the menu), else the system's. A file, not an inline script:
// the console's Content-Security-Policy runs no inline code.
(function () {
  const chosen = localStorage.getItem('zkpush.theme');
  const dark = chosen ? chosen === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
})();
