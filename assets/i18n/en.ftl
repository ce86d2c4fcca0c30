# Incident Desk — English. One source for the UI, the CLI, PDFs and e-mails.
# Every message must exist in kk.ftl, ru.ftl and en.ftl (a test checks it).

## app
app-title = Incident Desk — technical failures journal
loading = Loading…
field-language = Language

## journal (002, Appendix: the official Journal form)
journal-heading = Journal of user appeals about technical failures
journal-empty = No appeals yet
journal-count = Total: { $count }
col-number = Incident №
col-organisation = Organisation that appealed
col-bin-iin = BIN / IIN
col-received-at = Date and time of the appeal
col-contact = Contact data used by the user
col-decision = Decision taken
col-failure-type = Type of technical failure
col-recommendations = Recommendations to prevent it
col-channel = Channel

## new appeal form
new-appeal = New appeal
form-title = Register an appeal
field-organisation = Organisation
field-bin-iin = BIN / IIN
field-received-at = Received (Astana time)
field-channel = Channel
field-contact = Contact data
field-description = Description
field-workstation = Workstation code
hint-received-at = DD.MM.YYYY HH:MM
form-save = Register
form-cancel = Cancel
form-saved = Appeal { $number } registered
channel-phone = Phone
channel-email = E-mail
channel-letter = Official letter
channel-forum = Internet forum
channel-monitoring = Monitoring

## first start
setup-title = First start
setup-text = Enter this workstation's code: it starts every incident number (e.g. AST1-2026-000042).
setup-save = Save

## errors
err-required = { $field }: required
err-too-long = { $field }: too long (at most { $max } characters)
err-bin-length = { $field }: must be 12 digits, { $len } entered
err-bin-digits = { $field }: digits only
err-bin-checksum = { $field }: the control digit does not match — check the number
err-datetime-format = { $field }: enter date and time as DD.MM.YYYY HH:MM
err-datetime-future = { $field }: cannot be in the future
err-channel-unknown = { $field }: unknown channel “{ $value }”
err-workstation-format = { $field }: 2 to 8 Latin letters or digits, e.g. AST1
err-workstation-missing = The workstation code is not set: run `desk setup --workstation CODE`
err-workstation-fixed = The workstation code is already set ({ $code }) and cannot change: incident numbers rest on it
err-store-newer = The database { $path } was written by a newer version of Incident Desk (schema { $found }; this version knows up to { $supported }). Update the application.
err-store = Database error: { $detail }
err-internal = Internal error: { $detail }
