// The booking page works without script. This adds two things: times in the visitor's own time
// zone on the first visit (the server can't know it), by submitting the time-zone form once; and
// one booking per click on Book (a second submit would only be told the time is taken).
const form = document.querySelector('form[data-pick-time-zone]');
const select = form?.querySelector('select[name="tz"]');
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (form && select && zone && [...select.options].some((option) => option.value === zone)) {
  if (select.value !== zone) {
    select.value = zone;
    form.requestSubmit();
  }
}
const booking = document.querySelector('form[data-booking]');
booking?.addEventListener('submit', (event) => {
  if (booking.dataset.sent) event.preventDefault();
  booking.dataset.sent = 'true';
  booking.querySelector('button[type="submit"]')?.setAttribute('aria-disabled', 'true');
});
