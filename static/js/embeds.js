// Cards of embedded posts: the provider's player is loaded only when the reader clicks
// "Show the original post", so until then the page asks nothing of the provider.
// The player's address comes from the server (a host the CSP frame-src allows).
// Without this script the link opens the original post instead.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.embed-card-show[data-embed-src]");
  if (!link || !link.dataset.embedSrc.startsWith("https://")) {
    return;
  }
  event.preventDefault();
  const frame = document.createElement("iframe");
  frame.className = "embed-card-frame";
  frame.title = link.dataset.embedTitle || link.textContent;
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
  frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
  frame.setAttribute("allow", "fullscreen; picture-in-picture; encrypted-media");
  frame.src = link.dataset.embedSrc;
  link.replaceWith(frame);
});
