// The booking page works without script; this only shows times in the visitor's own time zone
// on the first visit (the server can't know it), by submitting the time-zone form once.
const form = document.querySelector('form[data-pick-time-zone]');
const select = form?.querySelector('select[name="tz"]');
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (form && select && zone && [...select.options].some((option) => option.value === zone)) {
  if (select.value !== zone) {
    select.value = zone;
    form.requestSubmit();
  }
}
