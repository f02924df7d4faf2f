// Progressive: without JavaScript the link is a read-only field to select and copy by hand.
// The button's words after copying come from the page, in its language (data-words).
document.querySelectorAll("[data-copy-from]").forEach(function (button) {
  var field = document.getElementById(button.getAttribute("data-copy-from"));
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      var words = button.getAttribute("data-words");
      if (words) button.textContent = words;
    });
  });
});
